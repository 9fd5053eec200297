"""Hardship files (困难职工档案): opening one per household, its members, audited views."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.assistance import selectors
from gonghui.assistance.choices import (
    Exclusion,
    FileStatus,
    FilingLevel,
    HardshipCause,
    Relationship,
    SchoolStage,
    Situation,
)
from gonghui.assistance.models import (
    HardshipFile,
    HouseholdMember,
)
from gonghui.assistance.services.common import (
    CENT,
    _already_filed,
    _choice,
    _choices,
    _error,
    _lock,
    money,
)
from gonghui.assistance.services.rules import MemberData
from gonghui.core import crypto
from gonghui.core.audit import audit_record, audit_save, snapshot
from gonghui.core.choices import Action, AuditAction
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ensure_can
from gonghui.registry.models import ID_NUMBER_INDEX, Person
from gonghui.utils.idcard import mask_id_number, normalize_id_number


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
