"""Applications for a hardship file (建档申请): the steps on the casework engine's case."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.assistance import selectors
from gonghui.assistance.choices import (
    ApplicationStage,
    FileStatus,
    FilingLevel,
)
from gonghui.assistance.kinds import APPLICATION_KIND, approving
from gonghui.assistance.models import (
    HardshipApplication,
    HardshipFile,
    NoticeObjection,
)
from gonghui.assistance.services.common import S, _error, _lock
from gonghui.assistance.services.files import _new_file
from gonghui.assistance.services.rules import MemberData, decision_for
from gonghui.casework import services as cases
from gonghui.casework.choices import Channel
from gonghui.casework.models import Case
from gonghui.core.audit import audit_record, audit_save, snapshot
from gonghui.core.choices import Action, AuditAction
from gonghui.core.scoping import ensure_can
from gonghui.registry.models import Person


@transaction.atomic
def application_submit(
    *,
    by: Any,
    person: Person,
    level: str = FilingLevel.GRASSROOTS,
    cause: str,
    worker_income: Any,
    members: Sequence[MemberData] = (),
    cause_detail: str = "",
    exclusions_found: Iterable[str] = (),
    channel: str = Channel.DESK,
) -> Case:
    """A worker's application for a hardship file, handled by their grassroots union.

    ``by`` is the worker's own portal login, or staff filing it for them.
    """
    unit = person.unit
    file = _new_file(
        by=by, person=person, unit=unit, status=FileStatus.PENDING, level=level, cause=cause,
        cause_detail=cause_detail, worker_income=worker_income, members=members,
        exclusions_found=exclusions_found,
    )  # fmt: skip
    return cases.case_submit(
        by=by,
        kind=APPLICATION_KIND,
        applicant=person,
        unit=unit,
        title=_("Hardship file application: %(name)s") % {"name": person.name},
        channel=channel,
        detail={"file": file, "stage": ApplicationStage.APPLIED},
    )


def _application(case: Case) -> HardshipApplication:
    return (
        HardshipApplication.objects.select_for_update(of=("self",))
        .select_related("file", "case")
        .get(pk=case.pk)
    )


def _set_stage(by: Any, application: HardshipApplication, **changes: Any) -> None:
    before = snapshot(application)
    for name, value in changes.items():
        setattr(application, name, value)
    application.save(update_fields=list(changes))
    audit_record(
        by=by,
        action=AuditAction.UPDATE,
        obj=application,
        before=before,
        after=snapshot(application),
        unit=application.case.unit,
    )


def _require_state(case: Case, *states: str) -> None:
    if case.state not in states:
        raise ValidationError(
            _("This application is “%(state)s”; this step is not possible now.")
            % {"state": S(case.state).label},
            code="wrong_state",
        )


@transaction.atomic
def application_record_visit(
    *,
    by: Any,
    case: Case,
    visited_on: datetime.date,
    notes: str,
    consent: Any,
    photos: Iterable[Any] = (),
) -> HardshipApplication:
    """The home visit (入户核查): notes, photos and the household's signed consent."""
    application = _application(case)
    case = application.case
    ensure_can(by, Action.CHANGE, case)
    _require_state(case, S.ACCEPTED, S.IN_PROGRESS)
    if application.stage != ApplicationStage.APPLIED:
        raise ValidationError(_("The home visit has been recorded already."), code="done")
    notes = (notes or "").strip()
    if not notes:
        raise _error("notes", _("Please write what the visit found."), "required")
    if consent is None:
        raise _error("consent", _("The household's signed consent is required."), "required")
    if visited_on > timezone.localdate():
        raise _error("visited_on", _("The date cannot be in the future."), "future")
    if case.state == S.ACCEPTED:
        case = cases.case_start(by=by, case=case, expected_version=None)
    event = cases.case_add_note(
        by=by,
        case=case,
        note=_("Home visit on %(date)s.") % {"date": visited_on.isoformat()},
        files=[consent, *photos],
    )
    stored = list(event.attachments.order_by("id"))
    _set_stage(
        by,
        application,
        stage=ApplicationStage.VISITED,
        visited_on=visited_on,
        visit_notes=notes,
        consent=stored[0] if stored else None,
    )
    return application


@transaction.atomic
def application_check_income(
    *, by: Any, case: Case, on: datetime.date | None = None
) -> HardshipApplication:
    """Check the household against the local rule; an ineligible household is refused with
    the rule's reasons."""
    application = _application(case)
    case = application.case
    ensure_can(by, Action.CHANGE, case)
    _require_state(case, S.IN_PROGRESS)
    if application.stage not in (ApplicationStage.VISITED, ApplicationStage.CHECKED):
        raise ValidationError(_("Record the home visit first."), code="order")
    file = _lock(application.file)
    decision = decision_for(file, on=on or timezone.localdate())
    _set_stage(
        by,
        application,
        stage=ApplicationStage.CHECKED,
        rule=decision.rule,
        eligible=decision.eligible,
        decision_reasons=decision.text,
    )
    if not decision.eligible:
        _refuse(by, application, decision.text)
    return application


@transaction.atomic
def application_start_notice(
    *, by: Any, case: Case, started_on: datetime.date, days: int | None = None
) -> HardshipApplication:
    """The public notice (公示) for ``days`` days (the setting when not given)."""
    application = _application(case)
    case = application.case
    ensure_can(by, Action.CHANGE, case)
    _require_state(case, S.IN_PROGRESS)
    if application.stage != ApplicationStage.CHECKED or not application.eligible:
        raise ValidationError(
            _("The public notice follows an income check that found the household eligible."),
            code="order",
        )
    days = selectors.notice_days() if days is None else int(days)
    if not 1 <= days <= 60:
        raise _error("days", _("A public notice lasts 1 to 60 days."), "invalid")
    _set_stage(
        by, application, stage=ApplicationStage.NOTICE, notice_started_on=started_on,
        notice_days=days,
    )  # fmt: skip
    return application


@transaction.atomic
def objection_record(
    *, by: Any, case: Case, raised_on: datetime.date, text: str, raised_by: str = ""
) -> NoticeObjection:
    application = _application(case)
    ensure_can(by, Action.CHANGE, application.case)
    if application.stage != ApplicationStage.NOTICE:
        raise ValidationError(
            _("Objections are recorded while the application is under public notice."),
            code="order",
        )
    text = (text or "").strip()
    if not text:
        raise _error("text", _("Please write the objection."), "required")
    objection = NoticeObjection.objects.create(
        application=application, raised_on=raised_on, raised_by=(raised_by or "").strip(),
        text=text, recorded_by=by,
    )  # fmt: skip
    audit_record(
        by=by, action=AuditAction.CREATE, obj=objection, after=snapshot(objection),
        unit=application.case.unit,
    )  # fmt: skip
    return objection


@transaction.atomic
def objection_handle(
    *, by: Any, objection: NoticeObjection, note: str, upheld: bool
) -> NoticeObjection:
    """Record how an objection was handled; an upheld objection refuses the application."""
    application = _application(objection.application.case)
    ensure_can(by, Action.CHANGE, application.case)
    objection = NoticeObjection.objects.select_for_update().get(pk=objection.pk)
    if objection.handled_at is not None:
        raise ValidationError(_("This objection has been handled already."), code="done")
    note = (note or "").strip()
    if not note:
        raise _error("note", _("Please say how the objection was handled."), "required")
    before = snapshot(objection)
    objection.handled_at = timezone.now()
    objection.handled_by = by
    objection.handling_note = note
    objection.upheld = bool(upheld)
    objection.save()
    audit_record(
        by=by, action=AuditAction.UPDATE, obj=objection, before=before,
        after=snapshot(objection), unit=application.case.unit,
    )  # fmt: skip
    if upheld and application.case.state in (S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS):
        _refuse(
            by,
            application,
            _("Objection upheld during the public notice: %(note)s") % {"note": note},
        )
    return objection


@transaction.atomic
def application_approve(
    *, by: Any, case: Case, reply: str = "", today: datetime.date | None = None
) -> HardshipFile:
    """Approve the application and put the household on file (审批建档).

    Refused until the consent is on the case, the rule found the household eligible, the
    public notice has ended and every objection has been handled.
    """
    application = _application(case)
    case = application.case
    ensure_can(by, Action.CHANGE, case)
    _require_state(case, S.IN_PROGRESS)
    today = today or timezone.localdate()
    if application.consent_id is None:
        raise ValidationError(_("The household's signed consent is missing."), code="consent")
    if application.stage != ApplicationStage.NOTICE or not application.eligible:
        raise ValidationError(
            _("An application is approved after its public notice."), code="order"
        )
    ends = application.notice_ends_on
    if ends is None or today <= ends:
        raise ValidationError(
            _("The public notice runs until %(date)s; approve after it has ended.")
            % {"date": ends.isoformat() if ends else "—"},
            code="notice_running",
        )
    if application.objections.filter(handled_at__isnull=True).exists():
        raise ValidationError(
            _("Objections from the public notice are not handled yet."), code="objections"
        )
    file = _lock(application.file)
    before = snapshot(file)
    file.status = FileStatus.ON_FILE
    file.opened_on = today
    file.save(update_fields=["status", "opened_on", "updated_at"])
    audit_save(by=by, obj=file, before=before)
    _set_stage(by, application, stage=ApplicationStage.APPROVED, approved_on=today)
    reply = (reply or "").strip() or _("Your household has been put on file (file %(number)s).") % {
        "number": file.file_number
    }
    with approving():
        cases.case_resolve(by=by, case=case, reply=reply, expected_version=None)
    return file


def _refuse(by: Any, application: HardshipApplication, reason: str) -> None:
    file = _lock(application.file)
    before = snapshot(file)
    file.status = FileStatus.REFUSED
    file.closed_on = timezone.localdate()
    file.closed_reason = reason
    file.save(update_fields=["status", "closed_on", "closed_reason", "updated_at"])
    audit_save(by=by, obj=file, before=before)
    _set_stage(by, application, stage=ApplicationStage.REFUSED)
    cases.case_reject(by=by, case=application.case, reason=reason, expected_version=None)


@transaction.atomic
def application_refuse(*, by: Any, case: Case, reason: str) -> HardshipApplication:
    """Refuse the application with its reason; the household's file is kept as refused."""
    application = _application(case)
    ensure_can(by, Action.CHANGE, application.case)
    _require_state(application.case, S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS)
    reason = (reason or "").strip()
    if not reason:
        raise _error("reason", _("Please give the reason."), "required")
    _refuse(by, application, reason)
    return application


# Aid -----------------------------------------------------------------------------------
