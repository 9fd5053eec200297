"""Write a plan in bulk: units, employers and workers with explicit primary keys.

Primary keys are assigned here (after the highest existing one) so that tree paths and foreign
keys are known before anything is inserted; on PostgreSQL the sequences are reset afterwards.
Seed data is not a user's write, so no audit rows are written (services are bypassed on
purpose, as a fixture or a migration would).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max

from gonghui.core.choices import UnitKind
from gonghui.core.models import OrgUnit
from gonghui.demo.config import EnterpriseSpec, PersonSpec, Plan, UnitSpec
from gonghui.registry.models import Enterprise, Person

BATCH_SIZE = 2000


@dataclass
class Written:
    unit_ids: list[int]
    enterprise_ids: list[int]
    person_ids: list[int]


def next_id(model: type[models.Model]) -> int:
    return (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1


def reset_sequences(models_: Sequence[type[models.Model]]) -> None:
    """Move the id sequences past explicitly inserted keys (no-op on SQLite)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def insert_units(specs: Sequence[UnitSpec]) -> list[int]:
    """Insert the units with their paths; ``spec.parent`` indexes ``specs``."""
    first = next_id(OrgUnit)
    ids = list(range(first, first + len(specs)))
    paths: list[str] = []
    objects = []
    for index, spec in enumerate(specs):
        parent_path = "/" if spec.parent is None else paths[spec.parent]
        path = f"{parent_path}{ids[index]}/"
        paths.append(path)
        objects.append(
            OrgUnit(
                id=ids[index],
                code=spec.code,
                name=spec.name,
                short_name=spec.short_name,
                kind=spec.kind,
                parent_id=None if spec.parent is None else ids[spec.parent],
                path=path,
                depth=path.count("/") - 2,
                region_code=spec.region_code,
            )
        )
    OrgUnit.objects.bulk_create(objects, batch_size=BATCH_SIZE)
    return ids


def _founding(spec: EnterpriseSpec, unit_kinds: Sequence[str], unit_id: int) -> dict[str, Any]:
    """A founded employer's union: its grassroots or joint union, founded on a date within the
    last twelve years, the same for the same seed (read off its credit code)."""
    if not spec.union_founded:
        return {}
    days = int(spec.credit_code[-7:-1], 36) % (12 * 365) + 30
    own = {UnitKind.GRASSROOTS, UnitKind.JOINT}
    return {
        "union_founded_on": datetime.date.today() - datetime.timedelta(days=days),
        "own_union_id": unit_id if unit_kinds[spec.unit] in own else None,
    }


def insert_enterprises(
    specs: Iterable[EnterpriseSpec], unit_ids: Sequence[int], unit_kinds: Sequence[str]
) -> list[int]:
    first = next_id(Enterprise)
    objects = []
    for offset, spec in enumerate(specs):
        enterprise = Enterprise(
            id=first + offset,
            unit_id=unit_ids[spec.unit],
            name=spec.name,
            credit_code=spec.credit_code,
            kind=spec.kind,
            industry=spec.industry,
            size=spec.size,
            region_code=spec.region_code,
            address=spec.address,
            employee_count=spec.employee_count,
            union_founded=spec.union_founded,
            **_founding(spec, unit_kinds, unit_ids[spec.unit]),
        )
        enterprise.refresh_derived_fields()  # bulk_create does not call save()
        objects.append(enterprise)
    Enterprise.objects.bulk_create(objects, batch_size=BATCH_SIZE)
    return [e.pk for e in objects]


def insert_persons(
    specs: Iterable[PersonSpec], unit_ids: Sequence[int], enterprise_ids: Sequence[int]
) -> list[int]:
    """Insert workers; the encrypted fields encrypt each clear value on the way in."""
    first = next_id(Person)
    objects = []
    for offset, spec in enumerate(specs):
        person = Person(
            id=first + offset,
            unit_id=unit_ids[spec.unit],
            name=spec.name,
            id_number=spec.id_number,
            phone=spec.phone,
            ethnicity=spec.ethnicity,
            education=spec.education,
            hukou=spec.hukou,
            is_migrant_worker=spec.is_migrant_worker,
            worker_group=spec.worker_group,
            employer_id=None if spec.employer is None else enterprise_ids[spec.employer],
        )
        # bulk_create does not call save(): derive pinyin, blind indexes and masks here.
        person.refresh_derived_fields()
        objects.append(person)
    Person.objects.bulk_create(objects, batch_size=BATCH_SIZE)
    return [p.pk for p in objects]


def write_plan(plan: Plan) -> Written:
    unit_ids = insert_units(plan.units)
    enterprise_ids = insert_enterprises(
        plan.enterprises, unit_ids, [spec.kind for spec in plan.units]
    )
    person_ids = insert_persons(plan.persons, unit_ids, enterprise_ids)
    reset_sequences([OrgUnit, Enterprise, Person])
    return Written(unit_ids, enterprise_ids, person_ids)
