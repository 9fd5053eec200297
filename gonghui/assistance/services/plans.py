"""Employment plans (一人一策) for the unemployed graduates of households on file.

The graduate becomes (or is found as) a registered person through the registry's services,
so the employment module can show the plan on the job seeker.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.assistance.choices import FileStatus, PlanStatus, Situation
from gonghui.assistance.models import EmploymentPlan, HardshipFile, HouseholdMember
from gonghui.assistance.services.common import _choice, _error, _lock
from gonghui.core.audit import audit_record, snapshot
from gonghui.core.choices import Action, AuditAction
from gonghui.core.scoping import ensure_can
from gonghui.registry import services as registry
from gonghui.registry.models import Person
from gonghui.registry.selectors import persons_by_id_number

TEXT_FIELDS = ("school", "major", "wanted_occupation", "measures")


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned = {name: (fields.get(name) or "").strip() for name in TEXT_FIELDS}
    if not cleaned["school"]:
        raise _error("school", _("Please give the school."), "required")
    if not cleaned["measures"]:
        raise _error("measures", _("Please write the measures of the plan."), "required")
    try:
        year = int(fields.get("graduation_year") or 0)
    except (TypeError, ValueError):
        year = 0
    if not 1980 <= year <= timezone.localdate().year + 1:
        raise _error("graduation_year", _("Not a plausible graduation year."), "invalid")
    cleaned["graduation_year"] = year
    cleaned["responsible"] = fields.get("responsible")
    return cleaned


def _graduate_person(by: Any, file: HardshipFile, member: HouseholdMember) -> Person:
    if not member.id_number:
        raise _error(
            "member", _("Record the member's ID number first: the plan follows the person."),
            "no_id",
        )  # fmt: skip
    person = persons_by_id_number(Person.objects.all(), member.id_number).first()
    if person is None:
        person = registry.person_create(
            by=by, unit=file.unit, name=member.name, id_number=member.id_number
        )
    return person


@transaction.atomic
def employment_plan_create(
    *, by: Any, file: HardshipFile, member: HouseholdMember, **fields: Any
) -> EmploymentPlan:
    """A plan for an unemployed graduate of the household (the worker or a member)."""
    file = _lock(file)
    ensure_can(by, Action.CHANGE, file)
    if file.status != FileStatus.ON_FILE:
        raise ValidationError(_("Plans are made for households on file."), code="not_on_file")
    if member.file_id != file.pk:
        raise _error("member", _("Not a member of this household."), "other_file")
    if Situation.UNEMPLOYED not in (member.situations or []):
        raise _error(
            "member",
            _("Plans are for unemployed graduates: %(name)s is not recorded as unemployed.")
            % {"name": member.name},
            "not_unemployed",
        )
    values = _clean(fields)
    person = _graduate_person(by, file, member)
    existing = EmploymentPlan.objects.filter(person=person, status=PlanStatus.OPEN).first()
    if existing is not None:
        raise ValidationError(
            _("%(name)s already has an open plan (updated %(date)s); edit it instead.")
            % {"name": member.name, "date": timezone.localdate(existing.updated_at).isoformat()},
            code="open_plan",
            params={"plan_id": existing.pk},
        )
    plan = EmploymentPlan.objects.create(file=file, member=member, person=person, **values)
    audit_record(by=by, action=AuditAction.CREATE, obj=plan, after=snapshot(plan), unit=file.unit)
    return plan


@transaction.atomic
def employment_plan_update(
    *, by: Any, plan: EmploymentPlan, status: str, **fields: Any
) -> EmploymentPlan:
    plan = EmploymentPlan.objects.select_for_update().select_related("file__unit").get(pk=plan.pk)
    ensure_can(by, Action.CHANGE, plan)
    values = _clean(fields)
    values["status"] = _choice(status, PlanStatus, "status")
    reopened = values["status"] == PlanStatus.OPEN and plan.status != PlanStatus.OPEN
    if reopened and EmploymentPlan.objects.filter(person=plan.person_id, status="open").exists():
        raise _error("status", _("This person has another open plan."), "open_plan")
    before = snapshot(plan)
    for name, value in values.items():
        setattr(plan, name, value)
    plan.save()
    audit_record(
        by=by, action=AuditAction.UPDATE, obj=plan, before=before, after=snapshot(plan),
        unit=plan.file.unit,
    )  # fmt: skip
    return plan
