from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.choices import UnitKind

# Units that take members directly (发展会员): grassroots unions, joint unions covering small
# employers, and sector federations for platform workers without an employer's union.
MEMBER_UNIT_KINDS = frozenset({UnitKind.GRASSROOTS, UnitKind.JOINT, UnitKind.SECTOR_FEDERATION})


class MembershipStatus(models.TextChoices):
    """A membership's state (会籍状态); only an active one counts as a member."""

    ACTIVE = "active", _("Current member")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")
    ENDED = "ended", _("Ended")


class EndReason(models.TextChoices):
    """Why a membership ended (会籍终止原因); a transfer ends it as transferred out."""

    LEFT = "left", _("Left the union")
    RETIRED = "retired", _("Retired")
    DECEASED = "deceased", _("Deceased")
    TRANSFERRED = "transferred", _("Transferred to another union")


class JoinChannel(models.TextChoices):
    """How a member joined (入会渠道)."""

    QR = "qr", _("QR code")
    WEB = "web", _("Online")
    IMPORT = "import", _("Roster import")
    DESK = "desk", _("At the union's desk")


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")
    TRANSFER = "transfer", _("Handled as a transfer")


class AlertKind(models.TextChoices):
    """What a data-quality alert (会员信息预警) is about."""

    INVALID_ID_NUMBER = "invalid_id_number", _("Invalid ID number")
    ACTIVE_TWICE = "active_twice", _("Member of two unions at once")
    PAST_RETIREMENT = "past_retirement", _("Member past the retirement age")
    UNIT_DISSOLVED = "unit_dissolved", _("Members of a dissolved union")
    UNIT_STALE = "unit_stale", _("Union without changes for 12 months")
    PHONE_MISSING = "phone_missing", _("Member without a valid mobile number")
    NO_UNION = "no_union", _("Employer of 25 or more without a union")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")
    DISMISSED = "dismissed", _("Dismissed")
    FIXED = "fixed", _("Fixed (found no longer)")
