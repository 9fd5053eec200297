from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseState(models.TextChoices):
    """Where a case (事项) stands; the allowed moves are in ``workflow.TRANSITIONS``."""

    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CLOSED = "closed", _("Closed")


class Channel(models.TextChoices):
    """How the case reached the union (受理渠道)."""

    PORTAL = "portal", _("Online (worker portal)")
    HOTLINE = "hotline", _("Hotline (12351)")
    WALK_IN = "walk_in", _("Walk-in visit")
    LETTER = "letter", _("Letter")
    TRANSFER = "transfer", _("Referred by another body")
    DESK = "desk", _("Recorded by staff / other")


class EventType(models.TextChoices):
    """What one entry of a case's timeline records."""

    SUBMITTED = "submitted", _("Submitted")
    TRANSITION = "transition", _("State changed")
    ASSIGNED = "assigned", _("Assigned")
    REASSIGNED = "reassigned", _("Routed to another unit")
    NOTE = "note", _("Note")
    ATTACHMENT = "attachment", _("Attachment")
    REPLY = "reply", _("Reply to the applicant")


class SlaStatus(models.TextChoices):
    """The case's standing against its deadline (办理时限)."""

    ON_TIME = "on_time", _("On time")
    AT_RISK = "at_risk", _("At risk")
    OVERDUE = "overdue", _("Overdue")
    MET = "met", _("Finished in time")
    MISSED = "missed", _("Finished late")
    NONE = "none", _("No deadline")
