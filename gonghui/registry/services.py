"""Writes to persons and employers. One transaction each, audited, scope re-checked."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import audit_record, audit_save, snapshot
from gonghui.core.choices import Action, AuditAction, UnitKind
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import can, ensure_can
from gonghui.registry.models import Enterprise, Person
from gonghui.registry.selectors import persons_by_id_number
from gonghui.utils.credit_code import normalize_credit_code
from gonghui.utils.idcard import normalize_id_number
from gonghui.utils.names import normalize_person_name
from gonghui.utils.phone import normalize_mobile

PERSON_FIELDS = frozenset(
    {
        "name",
        "id_number",
        "phone",
        "ethnicity",
        "education",
        "hukou",
        "is_migrant_worker",
        "worker_group",
        "employer",
        "unit",
    }
)
ENTERPRISE_FIELDS = frozenset(
    {
        "name",
        "credit_code",
        "kind",
        "industry",
        "size",
        "region_code",
        "address",
        "employee_count",
        "union_founded",
        "union_founded_on",
        "own_union",
        "unit",
    }
)


def _apply(obj: Any, fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(obj, name, value)


def _normalize_person_fields(fields: dict[str, Any]) -> dict[str, Any]:
    fields = dict(fields)
    if "name" in fields:
        fields["name"] = normalize_person_name(fields["name"])
    if "id_number" in fields:
        fields["id_number"] = normalize_id_number(fields["id_number"])
    if fields.get("phone"):
        fields["phone"] = normalize_mobile(fields["phone"])
    return fields


def _ensure_unique_id_number(person: Person) -> None:
    existing = persons_by_id_number(Person.objects.exclude(pk=person.pk), person.id_number).first()
    if existing is not None:
        raise ValidationError(
            {
                "id_number": _("A worker with this ID number is already registered (%(unit)s).")
                % {"unit": existing.unit.name}
            },
            code="duplicate",
        )


def _save_person(person: Person) -> None:
    person.refresh_derived_fields()
    person.full_clean(exclude=["id_number_hash", "unit", "employer", "user"])
    _ensure_unique_id_number(person)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:  # a parallel registration of the same number won
        raise ValidationError(
            {"id_number": _("A worker with this ID number is already registered.")},
            code="duplicate",
        ) from exc


@transaction.atomic
def person_create(*, by: Any, unit: OrgUnit, **fields: Any) -> Person:
    ensure_can(by, Action.ADD, unit)
    return person_register(by=by, unit=unit, **fields)


@transaction.atomic
def person_register(*, by: Any, unit: OrgUnit, **fields: Any) -> Person:
    """Register a worker on a decision the platform took for the unit, not on a staff grant.

    For flows a unit authorised in advance (its automatic approval of join requests): the same
    normalising, validation and audit as ``person_create``, without the grant check; ``by`` is
    the account the flow acts for (the applicant's), written to the audit log. Staff write
    through ``person_create``.
    """
    person = Person(unit=unit)
    _apply(person, _normalize_person_fields(fields), PERSON_FIELDS)
    _save_person(person)
    audit_save(by=by, obj=person, before=None)
    return person


@transaction.atomic
def person_update(*, by: Any, person: Person, **fields: Any) -> Person:
    person = Person.objects.select_for_update().select_related("unit").get(pk=person.pk)
    ensure_can(by, Action.CHANGE, person)
    before = snapshot(person)
    _apply(person, _normalize_person_fields(fields), PERSON_FIELDS)
    _save_person(person)
    ensure_can(by, Action.CHANGE, person)
    audit_save(by=by, obj=person, before=before)
    return person


@transaction.atomic
def person_reveal(*, by: Any, person: Person) -> dict[str, str]:
    """The ID number and phone in full, for a role allowed to see them; the reveal is logged."""
    ensure_can(by, Action.REVEAL, person)
    audit_record(
        by=by,
        action=AuditAction.REVEAL,
        obj=person,
        after={"fields": ["id_number", "phone"]},
    )
    return {"id_number": person.id_number, "phone": person.phone}


def _normalize_enterprise_fields(fields: dict[str, Any]) -> dict[str, Any]:
    fields = dict(fields)
    if "name" in fields:
        fields["name"] = " ".join(str(fields["name"]).split())
    if fields.get("credit_code"):
        fields["credit_code"] = normalize_credit_code(fields["credit_code"])
    elif "credit_code" in fields:
        fields["credit_code"] = None
    return fields


OWN_UNION_KINDS = frozenset({UnitKind.GRASSROOTS, UnitKind.JOINT})


def _check_founding(by: Any, enterprise: Enterprise, *, union_before: int | None = None) -> None:
    """An employer's union (建会): its own grassroots or joint union and the founding date.

    Naming the union or the date means a union is founded; the date cannot be in the future,
    and the union must be a grassroots or joint union the user may change.
    """
    if enterprise.own_union_id is not None or enterprise.union_founded_on is not None:
        enterprise.union_founded = True
    errors: dict[str, str] = {}
    if enterprise.union_founded_on and enterprise.union_founded_on > timezone.localdate():
        errors["union_founded_on"] = _("The founding date cannot be in the future.")
    union = enterprise.own_union
    if union is not None:
        if union.kind not in OWN_UNION_KINDS:
            errors["own_union"] = _(
                "An employer's own union is a grassroots union or a joint union, not a %(kind)s."
            ) % {"kind": union.get_kind_display()}
        elif union.pk != union_before and not can(by, Action.CHANGE, union):
            errors["own_union"] = _("This union is outside the units you may change.")
    if errors:
        raise ValidationError(errors, code="founding")


def _save_enterprise(enterprise: Enterprise) -> None:
    enterprise.full_clean(exclude=["unit", "own_union"])
    try:
        with transaction.atomic():
            enterprise.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"credit_code": _("An employer with this credit code is already registered.")},
            code="duplicate",
        ) from exc


@transaction.atomic
def enterprise_create(*, by: Any, unit: OrgUnit, **fields: Any) -> Enterprise:
    ensure_can(by, Action.ADD, unit)
    enterprise = Enterprise(unit=unit)
    _apply(enterprise, _normalize_enterprise_fields(fields), ENTERPRISE_FIELDS)
    _check_founding(by, enterprise)
    _save_enterprise(enterprise)
    audit_save(by=by, obj=enterprise, before=None)
    return enterprise


@transaction.atomic
def enterprise_update(*, by: Any, enterprise: Enterprise, **fields: Any) -> Enterprise:
    enterprise = Enterprise.objects.select_for_update().select_related("unit").get(pk=enterprise.pk)
    ensure_can(by, Action.CHANGE, enterprise)
    before = snapshot(enterprise)
    union_before = enterprise.own_union_id
    _apply(enterprise, _normalize_enterprise_fields(fields), ENTERPRISE_FIELDS)
    _check_founding(by, enterprise, union_before=union_before)
    _save_enterprise(enterprise)
    ensure_can(by, Action.CHANGE, enterprise)
    audit_save(by=by, obj=enterprise, before=before)
    return enterprise


@transaction.atomic
def enterprise_delete(*, by: Any, enterprise: Enterprise) -> None:
    """Remove an employer entered by mistake; refused while any record refers to it."""
    enterprise = Enterprise.objects.select_for_update().select_related("unit").get(pk=enterprise.pk)
    ensure_can(by, Action.DELETE, enterprise)
    if enterprise.employees.exists():  # SET_NULL would silently drop the workers' employer
        raise ValidationError(
            _("This employer cannot be deleted: workers are registered with it."), code="in_use"
        )
    audit_record(
        by=by,
        action=AuditAction.DELETE,
        obj=enterprise,
        before=snapshot(enterprise),
        unit=enterprise.unit,
    )
    try:
        with transaction.atomic():
            enterprise.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _("This employer cannot be deleted: other records refer to it."), code="in_use"
        ) from exc
