"""Writes to cases. One transaction each, audited, scope re-checked.

Who may do what:

- staff with the "change" action on the case's handling unit move, assign, route and annotate;
- the applicant, through the portal login of the person (``Person.user``), may withdraw their
  own case and add notes and files to it;
- anyone else, auditors included, nothing.

Every write that changes the case names the version it read (``expected_version``): the case
row is locked (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite writes one transaction at a
time), a stale version is refused with ``CaseConflict``, and the update itself is conditional
on the version, so two officers acting at once cannot both win. A refusal writes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.casework.choices import CaseState, Channel, EventType
from gonghui.casework.kinds import CaseKind, get_kind
from gonghui.casework.models import Case, CaseAttachment, CaseEvent, CaseReferenceCounter
from gonghui.casework.uploads import check_files
from gonghui.casework.workflow import (
    APPLICANT_MOVES,
    FINISHED_STATES,
    NOTE_REQUIRED,
    OPEN_STATES,
    move_label,
)
from gonghui.core.audit import audit_record, snapshot
from gonghui.core.choices import Action, AuditAction, UnitStatus
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import can, ensure_can
from gonghui.registry.models import Person

S = CaseState


class CaseConflict(ValidationError):
    """The case changed since the user read it; the API answers 409, the workspace too."""

    http_status = 409

    def __init__(self) -> None:
        super().__init__(
            _("This case has been updated by someone else. Refresh the page and try again."),
            code="conflict",
        )


# Reference numbers ---------------------------------------------------------------------


def next_reference(prefix: str, *, now: datetime.datetime | None = None) -> str:
    """``SR-20250601-0007``: the prefix, the local date, and that day's next number.

    One statement increments the counter row (an upsert that returns the new value), so two
    submissions at once never get the same number; on PostgreSQL the second waits for the
    first's row lock. Inside the caller's transaction: a rolled-back case leaves no gap.
    """
    day = timezone.localdate(now)
    key = f"{prefix}-{day:%Y%m%d}"
    using = router.db_for_write(CaseReferenceCounter)
    connection = connections[using]
    quote = connection.ops.quote_name
    table = quote(CaseReferenceCounter._meta.db_table)
    key_col, last_col = quote("key"), quote("last")
    sql = (
        f"INSERT INTO {table} ({key_col}, {last_col}) VALUES (%s, 1) "
        f"ON CONFLICT ({key_col}) DO UPDATE SET {last_col} = {table}.{last_col} + 1 "
        f"RETURNING {last_col}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key])
        (number,) = cursor.fetchone()
    return f"{key}-{number:04d}"


# Shared steps --------------------------------------------------------------------------


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _is_applicant(by: Any, case: Case) -> bool:
    user = _user(by)
    if user is None:
        return False
    applicant_user = Person.objects.filter(pk=case.applicant_id).values_list("user_id", flat=True)
    return applicant_user.first() == user.pk


def _kind_of(case: Case) -> CaseKind:
    try:
        return get_kind(case.kind)
    except KeyError:
        raise ValidationError(
            _("The kind of this case (%(kind)s) is not installed.") % {"kind": case.kind},
            code="unknown_kind",
        ) from None


def _lock(case: Case) -> Case:
    """The case as it is now, its row locked until the transaction ends (not its unit's)."""
    return Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case.pk)


def _check_version(case: Case, expected_version: int | None) -> None:
    """Refuse a stale version. ``None`` is for callers that read the case in this same
    transaction (a kind's own service); views and the API always pass what the user saw."""
    if expected_version is not None and case.version != expected_version:
        raise CaseConflict()


def _save(case: Case, fields: Iterable[str]) -> None:
    """Write the changed fields and the next version, only over the version that was read."""
    read_version = case.version
    case.version = read_version + 1
    case.updated_at = timezone.now()
    values = {name: getattr(case, name) for name in {*fields, "version", "updated_at"}}
    if not Case.objects.filter(pk=case.pk, version=read_version).update(**values):
        raise CaseConflict()


def _event(case: Case, by: Any, event_type: str, **fields: Any) -> CaseEvent:
    return CaseEvent.objects.create(case=case, by=_user(by), event_type=event_type, **fields)


def _set_deadline(case: Case, kind: CaseKind) -> None:
    case.due_at = kind.due_at(case)
    case.at_risk_at = kind.at_risk_at(case, case.due_at)


def _require_text(value: str, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: message}, code="required")
    return text


def _active_unit(unit: OrgUnit, field: str = "unit") -> None:
    if unit.status == UnitStatus.DISSOLVED:
        raise ValidationError(
            {field: _("The unit %(unit)s is dissolved and cannot handle cases.") % {"unit": unit}},
            code="dissolved",
        )


# Submitting ----------------------------------------------------------------------------


@transaction.atomic
def case_submit(
    *,
    by: Any,
    kind: str | CaseKind,
    applicant: Person,
    unit: OrgUnit,
    title: str,
    description: str = "",
    channel: str = Channel.DESK,
    detail: Mapping[str, Any] | None = None,
    submitted_at: datetime.datetime | None = None,
) -> Case:
    """Open a case of ``kind`` for ``applicant``, handled by ``unit``, with the kind's detail.

    ``by`` is staff recording it (the "add" action on the unit, and the applicant within
    view), or the applicant's own portal login. ``submitted_at`` lets staff date a letter or
    call by when it arrived; the deadline runs from then.
    """
    code = kind.code if isinstance(kind, CaseKind) else kind
    try:
        case_kind = get_kind(code)
    except KeyError:
        raise ValidationError(
            {"kind": _("Unknown case kind “%(kind)s”.") % {"kind": code}}, code="unknown_kind"
        ) from None
    user = _user(by)
    by_staff = can(by, Action.ADD, unit) and can(by, Action.VIEW, applicant)
    if not by_staff and not (user is not None and applicant.user_id == user.pk):
        ensure_can(by, Action.ADD, unit)
        ensure_can(by, Action.VIEW, applicant)
    _active_unit(unit)
    now = timezone.now()
    if not by_staff:
        submitted_at = None  # a worker's own submission is dated when it arrives
    if submitted_at is not None and submitted_at > now:
        raise ValidationError(
            {"submitted_at": _("The submission time cannot be in the future.")}, code="future"
        )
    case = Case(
        kind=case_kind.code,
        applicant=applicant,
        unit=unit,
        title=" ".join(str(title).split()),
        description=str(description).strip(),
        channel=channel if by_staff else Channel.PORTAL,
        state=S.SUBMITTED,
        submitted_at=submitted_at or now,
        created_by=user,
    )
    case.full_clean(
        exclude=["reference", "applicant", "unit", "assignee", "created_by"],
        validate_unique=False,
    )
    detail_row = _build_detail(case_kind, detail)
    case.reference = next_reference(case_kind.reference_prefix, now=now)
    case.save()
    if detail_row is not None:
        setattr(detail_row, detail_row._meta.pk.name, case)  # type: ignore[union-attr]
        detail_row.save()
    _set_deadline(case, case_kind)
    case.save(update_fields=["due_at", "at_risk_at"])
    _event(
        case,
        by,
        EventType.SUBMITTED,
        at=now,
        to_state=S.SUBMITTED,
        data={"channel": case.channel},
    )
    audit_record(by=by, action=AuditAction.CREATE, obj=case, after=snapshot(case))
    if detail_row is not None:
        audit_record(
            by=by, action=AuditAction.CREATE, obj=detail_row, after=snapshot(detail_row), unit=unit
        )
    return case


def _build_detail(kind: CaseKind, detail: Mapping[str, Any] | None) -> Any:
    model = kind.detail_model
    if model is None:
        if detail:
            raise ValueError(f"case kind {kind.code} has no detail model")
        return None
    values = dict(detail or {})
    pk_name = model._meta.pk.name  # type: ignore[union-attr]
    for name in values:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            raise ValueError(f"{model.__name__} has no field {name!r}") from None
        if field.name == pk_name:
            raise ValueError("the detail's case is set by case_submit")
    row = model(**values)
    row.full_clean(exclude=[pk_name])
    return row


# Moving through the states -------------------------------------------------------------


def _check_move(case: Case, kind: CaseKind, to_state: str) -> None:
    if to_state not in S.values:
        raise ValidationError(
            {"to_state": _("Unknown case state “%(state)s”.") % {"state": to_state}},
            code="unknown_state",
        )
    if to_state not in kind.targets(case.state):
        raise ValidationError(
            _("This case is “%(state)s” and cannot be moved to “%(action)s”.")
            % {
                "state": S(case.state).label,
                "action": move_label(case.state, to_state),
            },
            code="illegal_transition",
        )


_NOTE_MESSAGES: dict[str, Any] = {
    S.REJECTED: gettext_lazy("Please give the reason for rejecting the case."),
    S.RESOLVED: gettext_lazy("Please write the reply to the applicant."),
}


@transaction.atomic
def case_transition(
    *, by: Any, case: Case, to_state: str, note: str = "", expected_version: int | None
) -> Case:
    """Move ``case`` to ``to_state`` if its kind's table allows it and ``by`` may.

    Refused (nothing written): without the right (PermissionDenied), over a stale version
    (``CaseConflict``), for a move the table does not list, or without the reason a
    rejection or the reply a resolution needs (ValidationError).
    """
    case = _lock(case)
    if not (to_state in APPLICANT_MOVES and _is_applicant(by, case)):
        ensure_can(by, Action.CHANGE, case)
    _check_version(case, expected_version)
    kind = _kind_of(case)
    _check_move(case, kind, to_state)
    note = (note or "").strip()
    if to_state in NOTE_REQUIRED:
        note = _require_text(note, "note", str(_NOTE_MESSAGES[to_state]))
    before = snapshot(case)
    now = timezone.now()
    from_state = case.state
    case.state = to_state
    if to_state == S.ACCEPTED and case.accepted_at is None:
        case.accepted_at = now
    if to_state == S.RESOLVED:
        case.resolved_at = now
    if to_state in (S.RESOLVED, S.REJECTED, S.WITHDRAWN):
        case.finished_at = now
    if from_state in FINISHED_STATES and to_state in OPEN_STATES:  # reopened
        case.finished_at = case.resolved_at = None
    if to_state == S.CLOSED:
        case.closed_at = now
    _set_deadline(case, kind)
    _save(
        case,
        ["state", "accepted_at", "resolved_at", "finished_at", "closed_at", "due_at", "at_risk_at"],
    )
    _event(
        case,
        by,
        EventType.TRANSITION,
        at=now,
        from_state=from_state,
        to_state=to_state,
        note=note,
    )
    audit_record(by=by, action=AuditAction.UPDATE, obj=case, before=before, after=snapshot(case))
    return case


def case_accept(*, by: Any, case: Case, note: str = "", expected_version: int | None) -> Case:
    return case_transition(
        by=by, case=case, to_state=S.ACCEPTED, note=note, expected_version=expected_version
    )


def case_start(*, by: Any, case: Case, note: str = "", expected_version: int | None) -> Case:
    return case_transition(
        by=by, case=case, to_state=S.IN_PROGRESS, note=note, expected_version=expected_version
    )


def case_reject(*, by: Any, case: Case, reason: str, expected_version: int | None) -> Case:
    return case_transition(
        by=by, case=case, to_state=S.REJECTED, note=reason, expected_version=expected_version
    )


def case_resolve(*, by: Any, case: Case, reply: str, expected_version: int | None) -> Case:
    return case_transition(
        by=by, case=case, to_state=S.RESOLVED, note=reply, expected_version=expected_version
    )


def case_withdraw(*, by: Any, case: Case, note: str = "", expected_version: int | None) -> Case:
    return case_transition(
        by=by, case=case, to_state=S.WITHDRAWN, note=note, expected_version=expected_version
    )


def case_close(*, by: Any, case: Case, note: str = "", expected_version: int | None) -> Case:
    return case_transition(
        by=by, case=case, to_state=S.CLOSED, note=note, expected_version=expected_version
    )


def case_reopen(*, by: Any, case: Case, note: str, expected_version: int | None) -> Case:
    """A resolved case back in progress (the applicant was not satisfied)."""
    note = _require_text(note, "note", _("Please say why the case is reopened."))
    return case_transition(
        by=by, case=case, to_state=S.IN_PROGRESS, note=note, expected_version=expected_version
    )


# Assigning and routing -----------------------------------------------------------------


def _ensure_not_closed(case: Case) -> None:
    if case.state == S.CLOSED:
        raise ValidationError(_("This case is closed; it can no longer be changed."), code="closed")


@transaction.atomic
def case_assign(*, by: Any, case: Case, assignee: Any, expected_version: int | None) -> Case:
    """Give the case to ``assignee`` (``None``: to nobody), a staff member who may handle it."""
    case = _lock(case)
    ensure_can(by, Action.CHANGE, case)
    _check_version(case, expected_version)
    _ensure_not_closed(case)
    if assignee is not None and not (assignee.is_active and can(assignee, Action.CHANGE, case)):
        raise ValidationError(
            {
                "assignee": _("%(user)s may not handle cases of %(unit)s.")
                % {"user": _display_name(assignee), "unit": case.unit.name}
            },
            code="not_staff",
        )
    if (assignee.pk if assignee else None) == case.assignee_id:
        return case
    before = snapshot(case)
    previous = case.assignee
    case.assignee = assignee
    _save(case, ["assignee"])
    _event(
        case,
        by,
        EventType.ASSIGNED,
        data={
            "assignee_id": assignee.pk if assignee else None,
            "assignee": _display_name(assignee) if assignee else "",
            "previous_id": previous.pk if previous else None,
            "previous": _display_name(previous) if previous else "",
        },
    )
    audit_record(by=by, action=AuditAction.UPDATE, obj=case, before=before, after=snapshot(case))
    return case


def _display_name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


@transaction.atomic
def case_reassign_unit(
    *, by: Any, case: Case, unit: OrgUnit, note: str, expected_version: int | None
) -> Case:
    """Route an open case to another unit within ``by``'s scope (转办, 上报, 下交).

    The assignee stays only if they may handle cases of the new unit.
    """
    case = _lock(case)
    ensure_can(by, Action.CHANGE, case)
    ensure_can(by, Action.CHANGE, unit)
    _check_version(case, expected_version)
    if case.state not in OPEN_STATES:
        raise ValidationError(
            _("Only an open case can be routed to another unit."), code="not_open"
        )
    if unit.pk == case.unit_id:
        raise ValidationError(
            {"unit": _("The case is already handled by %(unit)s.") % {"unit": unit.name}},
            code="same_unit",
        )
    _active_unit(unit)
    note = _require_text(note, "note", _("Please say why the case is routed to another unit."))
    kind = _kind_of(case)
    before = snapshot(case)
    previous_unit = case.unit
    case.unit = unit
    fields = ["unit", "due_at", "at_risk_at"]
    assignee_cleared = False
    if case.assignee is not None and not can(case.assignee, Action.CHANGE, case):
        case.assignee = None
        assignee_cleared = True
        fields.append("assignee")
    _set_deadline(case, kind)
    _save(case, fields)
    _event(
        case,
        by,
        EventType.REASSIGNED,
        note=note,
        data={
            "from_unit_id": previous_unit.pk,
            "from_unit": previous_unit.name,
            "to_unit_id": unit.pk,
            "to_unit": unit.name,
            "assignee_cleared": assignee_cleared,
        },
    )
    audit_record(
        by=by,
        action=AuditAction.MOVE,
        obj=case,
        before=before,
        after=snapshot(case),
        unit=previous_unit,
    )
    return case


# Notes, replies and files --------------------------------------------------------------


@transaction.atomic
def case_add_note(
    *, by: Any, case: Case, note: str = "", files: Iterable[Any] = (), reply: bool = False
) -> CaseEvent:
    """Add a note (with files) to the timeline; ``reply=True``: a reply to the applicant.

    Staff who may handle the case write notes and replies; the applicant writes notes on
    their own case. Notes do not change the case, so they need no version.
    """
    case = Case.objects.select_related("unit").get(pk=case.pk)
    if reply or not _is_applicant(by, case):
        ensure_can(by, Action.CHANGE, case)
    _ensure_not_closed(case)
    text = (note or "").strip()
    checked = check_files(files)
    if reply and not text:
        raise ValidationError({"note": str(_NOTE_MESSAGES[S.RESOLVED])}, code="required")
    if not text and not checked:
        raise ValidationError({"note": _("Write a note or add a file.")}, code="required")
    event_type = EventType.REPLY if reply else (EventType.NOTE if text else EventType.ATTACHMENT)
    event = _event(case, by, event_type, note=text)
    stored: list[CaseAttachment] = []
    try:
        for item in checked:
            attachment = CaseAttachment(
                event=event,
                original_name=item.name,
                size=item.size,
                content_type=item.content_type,
            )
            attachment.file.save(item.name, item.file, save=False)
            stored.append(attachment)
            attachment.save()
        audit_record(
            by=by,
            action=AuditAction.CREATE,
            obj=event,
            after={**snapshot(event), "attachments": [a.original_name for a in stored]},
            unit=case.unit,
        )
    except BaseException:
        for attachment in stored:  # the rows roll back; the files must not stay behind
            attachment.file.delete(save=False)
        raise
    return event
