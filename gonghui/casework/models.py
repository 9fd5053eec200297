"""Cases (事项): everything a worker applies for or reports, with one state machine.

A case has a kind (see ``kinds.py``), an applicant, a handling unit, a state, a deadline, an
assignee and a timeline of events. Kinds add their own fields in a detail model linked one to
one. Only the services in ``services.py`` write these models.
"""

from __future__ import annotations

import datetime
import uuid
from pathlib import PurePosixPath
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Case as Conditional
from django.db.models import F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.casework.choices import CaseState, Channel, EventType, SlaStatus
from gonghui.casework.workflow import FINISHED_STATES, OPEN_STATES
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ScopedManager, ScopedQuerySet, ScopedRecord
from gonghui.registry.models import Person


def sla_condition(status: str, now: datetime.datetime) -> Q:
    """The rows whose deadline standing at ``now`` is ``status``; ``Case.sla_status_at`` in SQL.

    Open cases are read off ``due_at``/``at_risk_at``, both served by partial indexes.
    """
    is_open = Q(state__in=OPEN_STATES)
    finished = Q(state__in=FINISHED_STATES, due_at__isnull=False)
    conditions = {
        SlaStatus.OVERDUE: is_open & Q(due_at__lt=now),
        SlaStatus.AT_RISK: is_open & Q(at_risk_at__lte=now, due_at__gte=now),
        SlaStatus.ON_TIME: is_open & Q(due_at__gte=now, at_risk_at__gt=now),
        SlaStatus.MET: finished & Q(finished_at__lte=F("due_at")),
        SlaStatus.MISSED: finished & Q(finished_at__gt=F("due_at")),
        SlaStatus.NONE: Q(due_at__isnull=True),
    }
    return conditions[SlaStatus(status)]


class CaseQuerySet(ScopedQuerySet["Case"]):
    def open(self) -> CaseQuerySet:
        return self.filter(state__in=OPEN_STATES)

    def finished(self) -> CaseQuerySet:
        return self.filter(state__in=FINISHED_STATES)

    def sla(self, status: str, now: datetime.datetime | None = None) -> CaseQuerySet:
        return self.filter(sla_condition(status, now or timezone.now()))

    def overdue(self, now: datetime.datetime | None = None) -> CaseQuerySet:
        return self.sla(SlaStatus.OVERDUE, now)

    def at_risk(self, now: datetime.datetime | None = None) -> CaseQuerySet:
        return self.sla(SlaStatus.AT_RISK, now)

    def with_sla_status(self, now: datetime.datetime | None = None) -> CaseQuerySet:
        """Annotate ``sla_status_value`` (for exports and values lists)."""
        now = now or timezone.now()
        return self.annotate(
            sla_status_value=Conditional(
                *(When(sla_condition(status, now), then=Value(status)) for status in SlaStatus),
                default=Value(SlaStatus.NONE),
                output_field=models.CharField(),
            )
        )


class CaseManager(ScopedManager.from_queryset(CaseQuerySet)):  # type: ignore[misc]
    pass


class Case(ScopedRecord, models.Model):
    """A case (事项): a worker's request, complaint, application or sign-up, as the union
    handles it: submitted (提交), accepted (受理), in progress (办理中), resolved (办结) with a
    reply to the applicant, or rejected (不予受理) or withdrawn (撤回), then closed (归档).

    ``version`` grows with every change: a write names the version it read, and a stale one
    is refused (two officers acting at once: one wins, the other is told).
    """

    reference = models.CharField(_("reference number"), max_length=32, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    applicant = models.ForeignKey(
        Person, verbose_name=_("applicant"), on_delete=models.PROTECT, related_name="cases"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="cases"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.DESK
    )
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=CaseState.choices,
        default=CaseState.SUBMITTED,
        editable=False,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
        editable=False,
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, editable=False)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True, editable=False)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True, editable=False)
    # When the union's part ended: resolved, rejected or withdrawn (cleared on reopening).
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True, editable=False)
    at_risk_at = models.DateTimeField(_("at risk from"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_path_lookup: ClassVar[str] = "unit__path"
    objects = CaseManager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "state"], name="case_unit_state"),
            models.Index(fields=["assignee", "state"], name="case_assignee_state"),
            models.Index(fields=["kind", "state"], name="case_kind_state"),
            models.Index(fields=["submitted_at"], name="case_submitted"),
            # The overdue and at-risk queues read only open cases by their deadline.
            models.Index(
                fields=["due_at"], name="case_open_due", condition=Q(state__in=OPEN_STATES)
            ),
            models.Index(
                fields=["at_risk_at"],
                name="case_open_at_risk",
                condition=Q(state__in=OPEN_STATES),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def sla_status_at(self, now: datetime.datetime) -> str:
        """Where the case stands against its deadline at ``now`` (see ``sla_condition``)."""
        if self.due_at is None:
            return SlaStatus.NONE
        if self.state in OPEN_STATES:
            if now > self.due_at:
                return SlaStatus.OVERDUE
            if self.at_risk_at is not None and now >= self.at_risk_at:
                return SlaStatus.AT_RISK
            return SlaStatus.ON_TIME
        if self.finished_at is None:
            return SlaStatus.NONE
        return SlaStatus.MET if self.finished_at <= self.due_at else SlaStatus.MISSED

    @property
    def sla_status(self) -> str:
        return self.sla_status_at(timezone.now())

    def get_sla_status_display(self) -> str:
        return str(SlaStatus(self.sla_status).label)


class CaseEvent(ScopedRecord, models.Model):
    """One entry of a case's timeline (办理记录): submitted, a move, an assignment, a routing
    to another unit, a note or a reply to the applicant. Entries are never changed or deleted.
    """

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    event_type = models.CharField(_("event"), max_length=16, choices=EventType.choices)
    from_state = models.CharField(
        _("from state"), max_length=16, choices=CaseState.choices, blank=True
    )
    to_state = models.CharField(_("to state"), max_length=16, choices=CaseState.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    # Names and ids of what the event touched (the assignee, the units of a routing), kept as
    # they were when it happened.
    data = models.JSONField(_("details"), default=dict, blank=True)

    scope_path_lookup: ClassVar[str] = "case__unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="caseevent_case_at")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_event_type_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionDenied("Case timeline entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionDenied("Case timeline entries cannot be deleted")


def attachment_path(instance: CaseAttachment, filename: str) -> str:
    """``cases/2025/06/<random>.pdf``: the stored name says nothing about the file."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    today = timezone.localdate()
    return f"cases/{today:%Y/%m}/{uuid.uuid4().hex}{suffix}"


class CaseAttachment(ScopedRecord, models.Model):
    """A file added to a case's timeline (附件). Served only through a view that checks the
    reader's scope, never from a public media address."""

    event = models.ForeignKey(
        CaseEvent,
        verbose_name=_("case event"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("file size"))
    content_type = models.CharField(_("content type"), max_length=100)

    scope_path_lookup: ClassVar[str] = "event__case__unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("case attachment")
        verbose_name_plural = _("case attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class CaseReferenceCounter(models.Model):
    """The last sequence number given out per reference prefix and day (事项编号)."""

    key = models.CharField(_("prefix and day"), max_length=32, primary_key=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("case number counter")
        verbose_name_plural = _("case number counters")

    def __str__(self) -> str:
        return f"{self.key}: {self.last}"
