"""Writes of rights protection. Cases go through the casework engine's services (states,
deadlines, timeline, routing); these add the kinds' own fields, the rating, the escalation
of overdue requests and the roster, consultation and outreach records.

One transaction each, audited, scope re-checked (``ensure_can``); keyword-only arguments.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.casework.choices import CaseState, Channel
from gonghui.casework.models import Case
from gonghui.casework.services import (
    case_add_note,
    case_reassign_unit,
    case_reopen,
    case_submit,
)
from gonghui.casework.workflow import OPEN_STATES
from gonghui.core.audit import audit_save, snapshot
from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import can, ensure_can
from gonghui.registry.models import Enterprise, Person
from gonghui.rights.choices import (
    LEGAL_AID_KIND,
    REQUEST_KIND,
    WAGE_ARREARS_KIND,
    LegalAidStage,
)
from gonghui.rights.models import (
    Consultation,
    Lawyer,
    LegalAidCase,
    OutreachEvent,
    RequestCategory,
    RequestEscalation,
    WageArrearsCase,
    WorkerRequest,
)

S = CaseState
TITLE_LENGTH = 40
# An escalated request is not sent further up before the unit above had this long to act.


def _title(prefix: str, text: str) -> str:
    words = " ".join(str(text).split())
    if len(words) > TITLE_LENGTH:
        words = words[:TITLE_LENGTH] + "…"
    return f"{prefix}：{words}" if words else prefix


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _check_employer(by: Any, employer: Enterprise | None) -> None:
    if employer is not None:
        ensure_can(by, Action.VIEW, employer)


# Worker requests (职工诉求) -------------------------------------------------------------


def request_routing_unit(
    *, employer: Enterprise | None, receiving_unit: OrgUnit, by: Any = None
) -> OrgUnit:
    """The unit that handles a request: the employer's responsible union unit when the employer
    is known (and, for staff, within what they may record for), else the receiving unit."""
    if employer is None:
        return receiving_unit
    if by is not None and not can(by, Action.ADD, employer.unit):
        return receiving_unit
    return employer.unit


def _category(category: RequestCategory) -> RequestCategory:
    if not category.is_active:
        raise ValidationError(
            {"category": _("This category is no longer in use.")}, code="inactive"
        )
    return category


@transaction.atomic
def request_record(
    *,
    by: Any,
    applicant: Person,
    receiving_unit: OrgUnit,
    category: RequestCategory,
    description: str,
    channel: str = Channel.HOTLINE,
    urgent: bool = False,
    employer: Enterprise | None = None,
    employer_name: str = "",
    title: str = "",
    submitted_at: datetime.datetime | None = None,
) -> Case:
    """Staff record a request that came by the 12351 hotline, a visit, a letter or a transfer.

    It goes to the employer's responsible unit if the recorder may record for it, else to the
    receiving unit (which can route it on through the engine).
    """
    _check_employer(by, employer)
    description = _required(description, "description", _("Please describe the request."))
    unit = request_routing_unit(employer=employer, receiving_unit=receiving_unit, by=by)
    return case_submit(
        by=by,
        kind=REQUEST_KIND,
        applicant=applicant,
        unit=unit,
        title=title or _title(_category(category).name, description),
        description=description,
        channel=channel,
        submitted_at=submitted_at,
        detail={
            "category": category,
            "urgent": urgent,
            "employer": employer,
            "employer_name": "" if employer else employer_name.strip(),
        },
    )


@transaction.atomic
def request_submit_online(
    *,
    by: Any,
    person: Person,
    category: RequestCategory,
    description: str,
    urgent: bool = False,
    employer_name: str = "",
    files: Iterable[Any] = (),
) -> Case:
    """A worker's own request from the portal, with files (checked by content by the engine).

    Handled by the responsible unit of the worker's employer on record, else by the unit that
    registered the worker.
    """
    user = _user(by)
    if user is None or person.user_id != user.pk:
        raise PermissionDenied(_("You can only submit requests for yourself."))
    description = _required(description, "description", _("Please describe the request."))
    employer = person.employer
    unit = employer.unit if employer is not None else person.unit
    case = case_submit(
        by=by,
        kind=REQUEST_KIND,
        applicant=person,
        unit=unit,
        title=_title(_category(category).name, description),
        description=description,
        channel=Channel.PORTAL,
        detail={
            "category": category,
            "urgent": urgent,
            "employer": employer,
            "employer_name": "" if employer else employer_name.strip(),
        },
    )
    files = list(files)
    if files:
        case_add_note(by=by, case=case, note="", files=files)
    return case


def _required(value: str, field_name: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field_name: message}, code="required")
    return text


def _request_of(case: Case) -> WorkerRequest:
    if case.kind != REQUEST_KIND:
        raise ValidationError(_("This case is not a worker request."), code="wrong_kind")
    return WorkerRequest.objects.select_for_update().select_related("case").get(pk=case.pk)


def may_rate(request: WorkerRequest, case: Case) -> bool:
    """The reply can be rated once: after each resolution, until it is rated."""
    return (
        case.state == S.RESOLVED
        and case.resolved_at is not None
        and (request.rated_at is None or request.rated_at < case.resolved_at)
    )


def _is_applicant(by: Any, case: Case) -> bool:
    user = _user(by)
    return user is not None and case.applicant.user_id == user.pk


@transaction.atomic
def request_rate(
    *, by: Any, case: Case, score: int, comment: str = "", ask_reopen: bool = False
) -> WorkerRequest:
    """The worker's satisfaction with the reply (1-5), or staff recording it on a call back.

    A dissatisfied worker (1 or 2) may ask for the request to be reopened: the ask is written to
    the timeline, and the handling unit reopens it through the engine (recorded there too).
    """
    case = Case.objects.select_related("unit", "applicant").get(pk=case.pk)
    if not _is_applicant(by, case):
        ensure_can(by, Action.CHANGE, case)
    request = _request_of(case)
    if not may_rate(request, case):
        raise ValidationError(
            _("Only a resolved request can be rated, once per reply."), code="not_rateable"
        )
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise ValidationError({"score": _("Choose a rating from 1 to 5.")}, code="invalid")
    if ask_reopen and score > 2:
        raise ValidationError(
            {"ask_reopen": _("Reopening can be asked for only with a rating of 1 or 2.")},
            code="invalid",
        )
    before = snapshot(request)
    request.satisfaction = score
    request.satisfaction_comment = (comment or "").strip()
    request.rated_at = timezone.now()
    request.reopen_requested = ask_reopen
    request.save()
    audit_save(by=by, obj=request, before=before)
    note = _("Satisfaction with the reply: %(score)s of 5.") % {"score": score}
    if request.satisfaction_comment:
        note += "\n" + request.satisfaction_comment
    if ask_reopen:
        note += "\n" + _("The worker is not satisfied and asks for the request to be reopened.")
    # Staff write it for a worker who called back; the worker's own note is theirs.
    case_add_note(by=by, case=case, note=note)
    return request


@transaction.atomic
def request_reopen(*, by: Any, case: Case, reason: str, expected_version: int | None) -> Case:
    """Reopen a resolved request (staff), through the engine's move; clears the worker's ask."""
    case = case_reopen(by=by, case=case, note=reason, expected_version=expected_version)
    WorkerRequest.objects.filter(pk=case.pk).update(reopen_requested=False)
    return case


# Escalation of overdue requests (逾期上报) ------------------------------------------------


@dataclass
class EscalationResult:
    escalated: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "escalated": len(self.escalated),
            "skipped": len(self.skipped),
            "references": self.escalated,
        }


def overdue_requests(*, by: Any, now: datetime.datetime) -> Any:
    """Open requests past their deadline that ``by`` may change, oldest deadline first."""
    return (
        Case.objects.restrict(by, Action.CHANGE)
        .filter(kind=REQUEST_KIND)
        .overdue(now)
        .select_related("unit", "unit__parent")
        .order_by("due_at", "pk")
    )


def _grace_hours() -> float:
    return float(settings.RIGHTS_ESCALATION_GRACE_HOURS)


def request_escalate_overdue(
    *,
    by: Any,
    now: datetime.datetime | None = None,
    log: Callable[[str], None] | None = None,
) -> EscalationResult:
    """Send each overdue open request the acting user may change up to its unit's parent.

    Once per case and unit (a second run changes nothing), and not again before the unit
    above had ``RIGHTS_ESCALATION_GRACE_HOURS`` to act. Each case is routed in its own
    transaction through the engine (timeline entry, audit row); a case that cannot be routed
    (no unit above, outside the user's scope, changed meanwhile) is skipped and logged.
    """
    now = now or timezone.now()
    result = EscalationResult()
    grace = datetime.timedelta(hours=_grace_hours())
    # Read first: each case is then routed in its own transaction.
    for case in list(overdue_requests(by=by, now=now)):
        parent = case.unit.parent
        reason = ""
        last = case.escalations.order_by("-at").first()
        if parent is None:
            reason = _("no unit above")
        elif case.escalations.filter(from_unit=case.unit).exists():
            continue  # already sent up from this unit
        elif last is not None and last.at + grace > now:
            continue  # the unit above is still within its time to act
        elif not can(by, Action.CHANGE, parent):
            reason = _("the unit above is outside the scope of this job")
        if reason:
            result.skipped.append((case.reference, reason))
            if log:
                log(
                    _("%(ref)s not escalated: %(reason)s")
                    % {"ref": case.reference, "reason": reason}
                )
            continue
        assert parent is not None
        note = _(
            "Overdue: not handled by %(unit)s within the deadline (%(due)s); escalated "
            "automatically to %(parent)s."
        ) % {
            "unit": case.unit.name,
            "due": timezone.localtime(case.due_at).strftime("%Y-%m-%d %H:%M"),
            "parent": parent.name,
        }
        try:
            with transaction.atomic():
                from_unit = case.unit
                routed = case_reassign_unit(
                    by=by, case=case, unit=parent, note=note, expected_version=case.version
                )
                RequestEscalation.objects.create(
                    case=routed, from_unit=from_unit, to_unit=parent, at=now
                )
        except (ValidationError, PermissionDenied) as error:
            message = "；".join(getattr(error, "messages", [str(error)]))
            result.skipped.append((case.reference, message))
            if log:
                log(
                    _("%(ref)s not escalated: %(reason)s")
                    % {"ref": case.reference, "reason": message}
                )
            continue
        result.escalated.append(case.reference)
        if log:
            log(
                _("%(ref)s escalated from %(unit)s to %(parent)s")
                % {"ref": case.reference, "unit": from_unit.name, "parent": parent.name}
            )
    return result


# The kinds' own fields -----------------------------------------------------------------


def _update_detail(
    *, by: Any, case: Case, model: Any, kind: str, fields: dict[str, Any], allowed: frozenset[str]
) -> tuple[Case, Any, dict[str, Any]]:
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    locked = Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case.pk)
    ensure_can(by, Action.CHANGE, locked)
    if locked.kind != kind:
        raise ValidationError(_("This case is of another kind."), code="wrong_kind")
    if locked.state not in OPEN_STATES:
        raise ValidationError(
            _("This case is finished and cannot be changed; reopen it first."), code="finished"
        )
    detail = model.objects.get(pk=locked.pk)
    before = snapshot(detail)
    for name, value in fields.items():
        setattr(detail, name, value)
    detail.full_clean(exclude=["case"])
    detail.save()
    audit_save(by=by, obj=detail, before=before)
    return locked, detail, before


def _detail_values(
    *, employer: Enterprise | None, employer_name: str, **values: Any
) -> dict[str, Any]:
    return {
        **values,
        "employer": employer,
        "employer_name": "" if employer else (employer_name or "").strip(),
    }


# Legal aid (法律援助) ----------------------------------------------------------------------


LEGAL_AID_FIELDS = frozenset(
    {"stage", "lawyer", "amount_claimed", "outcome", "outcome_date", "amount_recovered"}
)


def _check_lawyer(by: Any, lawyer: Lawyer | None) -> None:
    if lawyer is None:
        return
    ensure_can(by, Action.VIEW, lawyer)
    if not lawyer.is_active:
        raise ValidationError({"lawyer": _("This lawyer is no longer on the roster.")})


@transaction.atomic
def legal_aid_open(
    *,
    by: Any,
    applicant: Person,
    unit: OrgUnit,
    description: str,
    dispute_type: str,
    dispute_date: datetime.date,
    channel: str = Channel.WALK_IN,
    employer: Enterprise | None = None,
    employer_name: str = "",
    lawyer: Lawyer | None = None,
    amount_claimed: Decimal | None = None,
    title: str = "",
    submitted_at: datetime.datetime | None = None,
) -> Case:
    """A worker's application for legal aid, recorded by staff."""
    _check_employer(by, employer)
    _check_lawyer(by, lawyer)
    description = _required(description, "description", _("Please describe the dispute."))
    return case_submit(
        by=by,
        kind=LEGAL_AID_KIND,
        applicant=applicant,
        unit=unit,
        title=title or _title(str(_("Legal aid")), employer.name if employer else employer_name),
        description=description,
        channel=channel,
        submitted_at=submitted_at,
        detail=_detail_values(
            employer=employer,
            employer_name=employer_name,
            dispute_type=dispute_type,
            dispute_date=dispute_date,
            lawyer=lawyer,
            amount_claimed=amount_claimed,
        ),
    )


@transaction.atomic
def legal_aid_update(*, by: Any, case: Case, note: str = "", **fields: Any) -> LegalAidCase:
    """Change the stage, lawyer, outcome or amounts of an open legal-aid case.

    A change of stage or lawyer is written to the case's timeline as a note.
    """
    _check_lawyer(by, fields.get("lawyer"))
    locked, detail, before = _update_detail(
        by=by,
        case=case,
        model=LegalAidCase,
        kind=LEGAL_AID_KIND,
        fields=fields,
        allowed=LEGAL_AID_FIELDS,
    )
    lines = []
    if before["stage"] != detail.stage:
        lines.append(
            _("Stage: %(old)s → %(new)s")
            % {"old": LegalAidStage(before["stage"]).label, "new": detail.get_stage_display()}
        )
    if before["lawyer_id"] != detail.lawyer_id:
        lines.append(_("Lawyer: %(name)s") % {"name": detail.lawyer or _("none")})
    if detail.outcome and before["outcome"] != detail.outcome:
        lines.append(_("Outcome: %(outcome)s") % {"outcome": detail.get_outcome_display()})
    if note.strip():
        lines.append(note.strip())
    if lines:
        case_add_note(by=by, case=locked, note="\n".join(str(line) for line in lines))
    return detail  # type: ignore[no-any-return]


# Wage arrears (欠薪) ----------------------------------------------------------------------


WAGE_ARREARS_FIELDS = frozenset(
    {
        "workers_count",
        "migrant_workers_count",
        "amount_owed",
        "amount_recovered",
        "joint_with_labour_bureau",
        "labour_bureau_reference",
        "project",
    }
)


@transaction.atomic
def wage_arrears_open(
    *,
    by: Any,
    applicant: Person,
    unit: OrgUnit,
    description: str,
    amount_owed: Decimal,
    workers_count: int = 1,
    migrant_workers_count: int = 0,
    amount_recovered: Decimal = Decimal("0"),
    joint_with_labour_bureau: bool = False,
    labour_bureau_reference: str = "",
    project: str = "",
    channel: str = Channel.WALK_IN,
    employer: Enterprise | None = None,
    employer_name: str = "",
    title: str = "",
    submitted_at: datetime.datetime | None = None,
) -> Case:
    """A wage-arrears case; ``applicant`` is the worker who reported it (for a group, one of
    them, with the number of workers owed)."""
    _check_employer(by, employer)
    description = _required(description, "description", _("Please describe the arrears."))
    return case_submit(
        by=by,
        kind=WAGE_ARREARS_KIND,
        applicant=applicant,
        unit=unit,
        title=title or _title(str(_("Wage arrears")), employer.name if employer else employer_name),
        description=description,
        channel=channel,
        submitted_at=submitted_at,
        detail=_detail_values(
            employer=employer,
            employer_name=employer_name,
            workers_count=workers_count,
            migrant_workers_count=migrant_workers_count,
            amount_owed=amount_owed,
            amount_recovered=amount_recovered,
            joint_with_labour_bureau=joint_with_labour_bureau,
            labour_bureau_reference=labour_bureau_reference.strip(),
            project=project.strip(),
        ),
    )


@transaction.atomic
def wage_arrears_update(*, by: Any, case: Case, note: str = "", **fields: Any) -> WageArrearsCase:
    """Change the figures of an open wage-arrears case (the change goes to the timeline)."""
    locked, detail, before = _update_detail(
        by=by,
        case=case,
        model=WageArrearsCase,
        kind=WAGE_ARREARS_KIND,
        fields=fields,
        allowed=WAGE_ARREARS_FIELDS,
    )
    lines = []
    if Decimal(before["amount_recovered"]) != detail.amount_recovered:
        lines.append(
            _("Amount recovered: %(amount)s yuan") % {"amount": f"{detail.amount_recovered:,.2f}"}
        )
    if detail.joint_with_labour_bureau and not before["joint_with_labour_bureau"]:
        lines.append(_("Now handled jointly with the labour bureau."))
    if note.strip():
        lines.append(note.strip())
    if lines:
        case_add_note(by=by, case=locked, note="\n".join(str(line) for line in lines))
    return detail  # type: ignore[no-any-return]


# Roster, consultations, outreach -------------------------------------------------------

LAWYER_FIELDS = frozenset({"name", "kind", "organisation", "licence_number", "phone", "is_active"})
CONSULTATION_FIELDS = frozenset({"date", "channel", "topic", "person", "lawyer", "summary"})
OUTREACH_FIELDS = frozenset({"date", "place", "topic", "attendees", "note"})


def _apply(obj: Any, fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(obj, name, value.strip() if isinstance(value, str) else value)


@transaction.atomic
def lawyer_create(*, by: Any, unit: OrgUnit, **fields: Any) -> Lawyer:
    ensure_can(by, Action.ADD, unit)
    lawyer = Lawyer(unit=unit)
    _apply(lawyer, fields, LAWYER_FIELDS)
    lawyer.full_clean()
    lawyer.save()
    audit_save(by=by, obj=lawyer, before=None)
    return lawyer


@transaction.atomic
def lawyer_update(*, by: Any, lawyer: Lawyer, **fields: Any) -> Lawyer:
    lawyer = Lawyer.objects.select_for_update(of=("self",)).select_related("unit").get(pk=lawyer.pk)
    ensure_can(by, Action.CHANGE, lawyer)
    before = snapshot(lawyer)
    _apply(lawyer, fields, LAWYER_FIELDS)
    lawyer.full_clean()
    lawyer.save()
    audit_save(by=by, obj=lawyer, before=before)
    return lawyer


@transaction.atomic
def consultation_create(*, by: Any, unit: OrgUnit, **fields: Any) -> Consultation:
    ensure_can(by, Action.ADD, unit)
    if fields.get("person") is not None:
        ensure_can(by, Action.VIEW, fields["person"])
    if fields.get("lawyer") is not None:
        ensure_can(by, Action.VIEW, fields["lawyer"])
    consultation = Consultation(unit=unit, created_by=_user(by))
    _apply(consultation, fields, CONSULTATION_FIELDS)
    if consultation.date and consultation.date > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    consultation.full_clean()
    consultation.save()
    audit_save(by=by, obj=consultation, before=None)
    return consultation


@transaction.atomic
def outreach_create(*, by: Any, unit: OrgUnit, **fields: Any) -> OutreachEvent:
    ensure_can(by, Action.ADD, unit)
    event = OutreachEvent(unit=unit, created_by=_user(by))
    _apply(event, fields, OUTREACH_FIELDS)
    event.full_clean()
    event.save()
    audit_save(by=by, obj=event, before=None)
    return event


# The applicant of a case recorded by staff ---------------------------------------------


@transaction.atomic
def applicant_find_or_register(
    *,
    by: Any,
    unit: OrgUnit,
    id_number: str,
    name: str = "",
    phone: str = "",
    employer: Enterprise | None = None,
) -> Person:
    """The worker with this ID number among those ``by`` may see, or a new registration in
    ``unit`` (through the registry's service) when a name is given."""
    from gonghui.registry.selectors import persons_by_id_number
    from gonghui.registry.services import person_create

    visible = Person.objects.restrict(by, Action.VIEW).select_related("unit", "employer")
    found = persons_by_id_number(visible, id_number).first()
    if found is not None:
        return found
    if not (name or "").strip():
        raise ValidationError(
            {
                "name": _(
                    "No worker with this ID number is registered in your units; "
                    "enter the name to register the worker."
                )
            },
            code="not_found",
        )
    fields: dict[str, Any] = {"name": name.strip(), "id_number": id_number, "phone": phone}
    if employer is not None:
        fields["employer"] = employer
    return person_create(by=by, unit=unit, **fields)
