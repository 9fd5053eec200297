"""Writes of hardship assistance. One transaction each, audited, scope re-checked.

Money comes in as ``Decimal``, ``int`` or a numeric string in 元; a float is refused (it
cannot hold cents exactly), and so are negative, absurd or over-precise amounts. The file's
row is locked (``SELECT ... FOR UPDATE``) before anything that depends on what the household
already has, so two officers granting aid at once cannot both pass the yearly cap.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.assistance import selectors
from gonghui.assistance.choices import (
    AidKind,
    ApplicationStage,
    Exclusion,
    FileStatus,
    FilingLevel,
    HardshipCause,
    Relationship,
    ReviewDecision,
    SchoolStage,
    Situation,
)
from gonghui.assistance.eligibility import Decision, decide
from gonghui.assistance.kinds import APPLICATION_KIND, approving
from gonghui.assistance.models import (
    MAX_AMOUNT,
    AidGrant,
    AnnualReview,
    EligibilityRule,
    HardshipApplication,
    HardshipFile,
    HouseholdMember,
    NoticeObjection,
)
from gonghui.casework import services as cases
from gonghui.casework.choices import CaseState, Channel
from gonghui.casework.models import Case
from gonghui.core import crypto
from gonghui.core.audit import audit_record, audit_save, snapshot
from gonghui.core.choices import Action, AuditAction, UnitKind
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ensure_can
from gonghui.registry.models import ID_NUMBER_INDEX, Person
from gonghui.utils.idcard import mask_id_number, normalize_id_number

S = CaseState
CENT = Decimal("0.01")
# Units that set eligibility rules: the federations, not the grassroots unions.
RULE_ISSUERS = frozenset({UnitKind.NATIONAL, UnitKind.PROVINCE, UnitKind.CITY, UnitKind.COUNTY})


# Checking input ------------------------------------------------------------------------


def _error(field: str, message: Any, code: str) -> ValidationError:
    """An error on one field that keeps its code (a dict of plain messages would lose it)."""
    return ValidationError({field: ValidationError(message, code=code)})


def money(value: Any, field: str, *, allow_zero: bool = False) -> Decimal:
    """An amount in 元 as an exact Decimal, or a ValidationError on ``field``."""
    if isinstance(value, float):
        raise _error(
            field, _("Amounts must be given exactly (a decimal number), not as a float."), "float"
        )
    if isinstance(value, bool) or value is None or value == "":
        raise _error(field, _("Please give an amount."), "required")
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise _error(field, _("Not a valid amount."), "invalid") from None
    if not amount.is_finite():
        raise _error(field, _("Not a valid amount."), "invalid")
    if amount != amount.quantize(CENT):
        raise _error(field, _("Amounts are given to the fen (at most two decimals)."), "precision")
    if amount < 0 or (amount == 0 and not allow_zero):
        raise _error(field, _("The amount must be more than zero."), "negative")
    if amount > MAX_AMOUNT:
        raise _error(
            field, _("The amount %(amount)s yuan is not plausible.") % {"amount": amount}, "absurd"
        )
    return amount.quantize(CENT)


def _choice(value: str, choices: Any, field: str, *, blank: bool = False) -> str:
    if blank and not value:
        return ""
    if value not in choices.values:
        raise _error(field, _("Not a valid choice."), "invalid_choice")
    return value


def _choices(values: Iterable[str], choices: Any, field: str) -> list[str]:
    result = sorted(set(values or []))
    for value in result:
        _choice(value, choices, field)
    return result


def _already_filed(existing: HardshipFile) -> ValidationError:
    return ValidationError(
        _(
            "This household already has hardship file %(number)s (%(status)s, %(unit)s); "
            "one household has one file."
        )
        % {
            "number": existing.file_number,
            "status": existing.get_status_display(),
            "unit": existing.unit.name,
        },
        code="already_filed",
        params={"file_id": existing.pk},
    )


def _lock(file: HardshipFile) -> HardshipFile:
    return (
        HardshipFile.objects.select_for_update(of=("self",))
        .select_related("unit", "person")
        .get(pk=file.pk)
    )


# Eligibility rules ---------------------------------------------------------------------


def _rule_values(
    *, region_code: str, income_threshold: Any, qualifying_causes: Iterable[str],
    exclusions: Iterable[str],
) -> dict[str, Any]:  # fmt: skip
    region_code = (region_code or "").strip()
    if not (region_code.isdigit() and 2 <= len(region_code) <= 6):
        raise _error(
            "region_code", _("Give 2 to 6 digits of an administrative division code."), "invalid"
        )
    return {
        "region_code": region_code,
        "income_threshold": money(income_threshold, "income_threshold"),
        "qualifying_causes": _choices(qualifying_causes, HardshipCause, "qualifying_causes"),
        "exclusions": _choices(exclusions, Exclusion, "exclusions"),
    }


def _area_prefix(region_code: str) -> str:
    """The digits that name a unit's area: 340800 (a city) covers 3408xx."""
    prefix = region_code
    while len(prefix) > 2 and prefix.endswith("00"):
        prefix = prefix[:-2]
    return prefix


def _ensure_rule_issuer(by: Any, unit: OrgUnit) -> None:
    ensure_can(by, Action.CHANGE, unit)
    if unit.kind not in RULE_ISSUERS:
        raise PermissionDenied(_("Eligibility rules are set by a federation, not by this unit."))


@transaction.atomic
def eligibility_rule_create(
    *,
    by: Any,
    unit: OrgUnit,
    region_code: str,
    year: int,
    income_threshold: Any,
    qualifying_causes: Iterable[str] = (),
    exclusions: Iterable[str] = (),
    note: str = "",
) -> EligibilityRule:
    """The first version of a region's rule for a year; later changes are revisions."""
    _ensure_rule_issuer(by, unit)
    values = _rule_values(
        region_code=region_code, income_threshold=income_threshold,
        qualifying_causes=qualifying_causes, exclusions=exclusions,
    )  # fmt: skip
    if not 2000 <= int(year) <= 2100:
        raise _error("year", _("Not a plausible year."), "invalid")
    if not values["region_code"].startswith(_area_prefix(unit.region_code)):
        raise _error(
            "region_code",
            _("The region is outside the area of %(unit)s.") % {"unit": unit},
            "outside",
        )
    if EligibilityRule.objects.filter(region_code=values["region_code"], year=year).exists():
        raise ValidationError(
            _("A rule for this region and year exists already: revise it instead."),
            code="exists",
        )
    rule = EligibilityRule.objects.create(
        unit=unit, year=int(year), version=1, note=note.strip(), created_by=by, **values
    )
    audit_save(by=by, obj=rule, before=None)
    return rule


@transaction.atomic
def eligibility_rule_revise(
    *,
    by: Any,
    rule: EligibilityRule,
    income_threshold: Any,
    qualifying_causes: Iterable[str] = (),
    exclusions: Iterable[str] = (),
    note: str = "",
) -> EligibilityRule:
    """A new version of the rule; the version revised is kept, read-only, as superseded."""
    current = (
        EligibilityRule.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=rule.pk)
    )
    _ensure_rule_issuer(by, current.unit)
    if current.superseded_at is not None:
        raise ValidationError(
            _("Only the current version of a rule can be revised."), code="superseded"
        )
    values = _rule_values(
        region_code=current.region_code, income_threshold=income_threshold,
        qualifying_causes=qualifying_causes, exclusions=exclusions,
    )  # fmt: skip
    before = snapshot(current)
    current.superseded_at = timezone.now()
    current.save(update_fields=["superseded_at"])
    audit_save(by=by, obj=current, before=before)
    revised = EligibilityRule.objects.create(
        unit=current.unit,
        year=current.year,
        version=current.version + 1,
        note=note.strip(),
        created_by=by,
        **values,
    )
    audit_save(by=by, obj=revised, before=None)
    return revised


def decision_for(file: HardshipFile, *, on: datetime.date) -> Decision:
    rule = selectors.current_rule(file.unit.region_code, on.year)
    return decide(
        rule=rule,
        income_per_head=file.monthly_income_per_head,
        cause=file.cause,
        exclusions_found=file.exclusions_found,
    )


# Files and households ------------------------------------------------------------------


MemberData = Mapping[str, Any]


def _member(file: HardshipFile, data: MemberData) -> HouseholdMember:
    name = " ".join(str(data.get("name", "")).split())
    if not name:
        raise _error("name", _("Please give the member's name."), "required")
    id_number = str(data.get("id_number") or "").strip()
    member = HouseholdMember(
        file=file,
        name=name,
        relationship=_choice(str(data.get("relationship", "")), Relationship, "relationship"),
        birth_year=data.get("birth_year") or None,
        monthly_income=money(data.get("monthly_income", 0), "monthly_income", allow_zero=True),
        situations=_choices(data.get("situations") or [], Situation, "situations"),
        school_stage=_choice(
            str(data.get("school_stage") or ""), SchoolStage, "school_stage", blank=True
        ),
        health_notes=str(data.get("health_notes") or "").strip(),
    )
    if id_number:
        canonical = normalize_id_number(id_number)
        member.id_number = canonical
        member.id_number_hash = crypto.blind_index(canonical, ID_NUMBER_INDEX)
        member.id_number_masked = mask_id_number(canonical)
        existing = selectors.active_file_for_id(selectors.id_number_hashes(canonical), exclude=file)
        if existing is not None:
            raise _already_filed(existing)
    return member


def _recompute_income(file: HardshipFile) -> None:
    incomes = list(file.members.values_list("monthly_income", flat=True))
    file.household_size = len(incomes)
    file.monthly_income_total = sum(incomes, Decimal("0"))
    file.monthly_income_per_head = (
        (file.monthly_income_total / len(incomes)).quantize(CENT) if incomes else Decimal("0")
    )
    file.save(update_fields=["household_size", "monthly_income_total", "monthly_income_per_head"])


def _new_file(
    *,
    by: Any,
    person: Person,
    unit: OrgUnit,
    status: str,
    level: str,
    cause: str,
    cause_detail: str,
    worker_income: Any,
    members: Sequence[MemberData],
    exclusions_found: Iterable[str],
    opened_on: datetime.date | None = None,
) -> HardshipFile:
    existing = selectors.active_file_of(person)
    if existing is not None:
        raise _already_filed(existing)
    # A pending file whose application ended without a decision no longer holds the household.
    HardshipFile.objects.filter(person=person, status=FileStatus.PENDING).update(
        status=FileStatus.REFUSED,
        closed_on=timezone.localdate(),
        closed_reason=_("The application ended without approval."),
    )
    file = HardshipFile(
        unit=unit,
        person=person,
        status=status,
        level=_choice(level, FilingLevel, "level"),
        cause=_choice(cause, HardshipCause, "cause"),
        cause_detail=(cause_detail or "").strip(),
        exclusions_found=_choices(exclusions_found, Exclusion, "exclusions_found"),
        opened_on=opened_on,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    file.save()
    rows = [
        _member(
            file,
            {
                "name": person.name,
                "relationship": Relationship.SELF,
                "id_number": person.id_number,
                "monthly_income": worker_income,
            },
        )
    ]
    # The worker's own row is checked against the worker's file above, not against itself.
    for data in members:
        if data.get("relationship") == Relationship.SELF:
            raise _error(
                "relationship", _("The worker is added to the household automatically."), "self"
            )
        rows.append(_member(file, data))
    HouseholdMember.objects.bulk_create(rows)
    _recompute_income(file)
    audit_save(by=by, obj=file, before=None)
    return file


@transaction.atomic
def hardship_file_open(
    *,
    by: Any,
    person: Person,
    unit: OrgUnit,
    level: str,
    cause: str,
    worker_income: Any,
    members: Sequence[MemberData] = (),
    cause_detail: str = "",
    exclusions_found: Iterable[str] = (),
    opened_on: datetime.date | None = None,
) -> HardshipFile:
    """Put a household on file directly (a file approved before the platform, or on paper)."""
    ensure_can(by, Action.ADD, unit)
    ensure_can(by, Action.VIEW, person)
    # Serialize openings for one worker: the constraint refuses the second at commit anyway.
    Person.objects.select_for_update(of=("self",)).filter(pk=person.pk).first()
    return _new_file(
        by=by, person=person, unit=unit, status=FileStatus.ON_FILE, level=level, cause=cause,
        cause_detail=cause_detail, worker_income=worker_income, members=members,
        exclusions_found=exclusions_found, opened_on=opened_on or timezone.localdate(),
    )  # fmt: skip


def _ensure_handles(by: Any, file: HardshipFile) -> None:
    """Only the roles that handle files change them (not auditors: they hold no "change")."""
    ensure_can(by, Action.CHANGE, file)


@transaction.atomic
def household_member_add(*, by: Any, file: HardshipFile, **data: Any) -> HouseholdMember:
    file = _lock(file)
    _ensure_handles(by, file)
    if file.status not in (FileStatus.PENDING, FileStatus.ON_FILE):
        raise ValidationError(_("This file is closed; it keeps its history."), code="closed")
    if data.get("relationship") == Relationship.SELF:
        raise _error(
            "relationship", _("The worker is added to the household automatically."), "self"
        )
    member = _member(file, data)
    member.save()
    _recompute_income(file)
    audit_save(by=by, obj=member, before=None)
    return member


@transaction.atomic
def household_member_remove(*, by: Any, member: HouseholdMember) -> None:
    file = _lock(member.file)
    _ensure_handles(by, file)
    if member.relationship == Relationship.SELF:
        raise ValidationError(_("The worker cannot be removed from their household."), code="self")
    if file.status not in (FileStatus.PENDING, FileStatus.ON_FILE):
        raise ValidationError(_("This file is closed; it keeps its history."), code="closed")
    if member.aid_grants.exists():
        raise ValidationError(
            _("This member has received aid; the record must stay."), code="has_aid"
        )
    audit_record(
        by=by, action=AuditAction.DELETE, obj=member, before=snapshot(member), unit=file.unit
    )
    member.delete()
    _recompute_income(file)


def hardship_file_view(*, by: Any, file: HardshipFile) -> None:
    """Record that ``by`` looked at the file's incomes and health details (a reveal)."""
    _ensure_handles(by, file)
    audit_record(by=by, action=AuditAction.REVEAL, obj=file, unit=file.unit)


# Applications (a case kind) ------------------------------------------------------------


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


@transaction.atomic
def aid_grant_create(
    *,
    by: Any,
    file: HardshipFile,
    kind: str,
    amount: Any,
    granted_on: datetime.date,
    fund: str,
    decided_by: str,
    member: HouseholdMember | None = None,
    school_stage: str = "",
    bill_amount: Any = None,
    note: str = "",
) -> AidGrant:
    """Aid for a household on file, within its yearly cap across every kind of aid.

    The file's row stays locked until the grant is saved: a second grant for the same
    household waits, then sees the first in the year's total.
    """
    file = _lock(file)
    _ensure_handles(by, file)
    kind = _choice(kind, AidKind, "kind")
    amount = money(amount, "amount")
    if file.status != FileStatus.ON_FILE:
        raise ValidationError(_("Aid is granted only to households on file."), code="not_on_file")
    if granted_on > timezone.localdate():
        raise _error("granted_on", _("The date cannot be in the future."), "future")
    if file.opened_on and granted_on < file.opened_on:
        raise _error("granted_on", _("The household was not on file on that date."), "before")
    fund, decided_by = (fund or "").strip(), (decided_by or "").strip()
    if not fund:
        raise _error("fund", _("Please name the fund."), "required")
    if not decided_by:
        raise _error("decided_by", _("Please say who decided."), "required")
    if member is not None and member.file_id != file.pk:
        raise _error("member", _("Not a member of this household."), "other_file")
    bill: Decimal | None = None
    if kind == AidKind.EDUCATION:
        if member is None:
            raise _error("member", _("Education aid names the child."), "required")
        school_stage = _choice(school_stage or member.school_stage, SchoolStage, "school_stage")
    else:
        school_stage = ""
    if kind == AidKind.MEDICAL:
        bill = money(bill_amount, "bill_amount")
        if amount > bill:
            raise ValidationError(
                {
                    "amount": _("Medical aid cannot exceed the bills (%(bill)s yuan).")
                    % {"bill": bill}
                },
                code="over_bill",
            )
    year = granted_on.year
    remaining = selectors.remaining_allowance(file, year)
    if amount > remaining:
        raise ValidationError(
            {
                "amount": _(
                    "This aid exceeds the household's yearly cap of %(cap)s yuan: "
                    "%(remaining)s yuan remain for %(year)s."
                )
                % {
                    "cap": f"{selectors.yearly_cap():.2f}",
                    "remaining": f"{remaining:.2f}",
                    "year": year,
                }
            },
            code="over_cap",
        )
    grant = AidGrant.objects.create(
        file=file, kind=kind, amount=amount, granted_on=granted_on, fund=fund,
        decided_by=decided_by, member=member, school_stage=school_stage, bill_amount=bill,
        note=(note or "").strip(), recorded_by=by,
    )  # fmt: skip
    audit_record(by=by, action=AuditAction.CREATE, obj=grant, after=snapshot(grant), unit=file.unit)
    return grant


# Annual review, lifting out, removal ---------------------------------------------------


@transaction.atomic
def annual_review_record(
    *,
    by: Any,
    file: HardshipFile,
    reviewed_on: datetime.date,
    decision: str,
    household_size: int,
    monthly_income_total: Any,
    notes: str = "",
) -> AnnualReview:
    """The annual review (年审): the household's income now, and whether it stays on file.

    Lifted out (脱困) or removed (退档), the file is closed and keeps its members, aid and
    reviews; the household may apply again later.
    """
    file = _lock(file)
    _ensure_handles(by, file)
    decision = _choice(decision, ReviewDecision, "decision")
    if file.status != FileStatus.ON_FILE:
        raise ValidationError(_("Only a file on file is reviewed."), code="not_on_file")
    if reviewed_on > timezone.localdate():
        raise _error("reviewed_on", _("The date cannot be in the future."), "future")
    size = int(household_size)
    if not 1 <= size <= 30:
        raise _error("household_size", _("A household has 1 to 30 members."), "invalid")
    total = money(monthly_income_total, "monthly_income_total", allow_zero=True)
    per_head = (total / size).quantize(CENT)
    notes = (notes or "").strip()
    if decision != ReviewDecision.KEEP and not notes:
        raise _error("notes", _("Please say why the household leaves the file."), "required")
    before = snapshot(file)
    file.household_size = size
    file.monthly_income_total = total
    file.monthly_income_per_head = per_head
    file.last_reviewed_on = reviewed_on
    result = decision_for(file, on=reviewed_on)
    if decision != ReviewDecision.KEEP:
        file.status = (
            FileStatus.LIFTED_OUT if decision == ReviewDecision.LIFTED_OUT else FileStatus.REMOVED
        )
        file.closed_on = reviewed_on
        file.closed_reason = notes
    file.save()
    audit_save(by=by, obj=file, before=before)
    review = AnnualReview.objects.create(
        file=file, reviewed_on=reviewed_on, household_size=size, monthly_income_per_head=per_head,
        decision=decision, rule=result.rule, decision_reasons=result.text, notes=notes,
        reviewed_by=by,
    )  # fmt: skip
    audit_record(
        by=by, action=AuditAction.CREATE, obj=review, after=snapshot(review), unit=file.unit
    )
    return review
