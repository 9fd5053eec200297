"""Records with known dates in the shared tree, and indicators defined for the tests.

    city                      persons: 0   employers: -
    ├── county_a              persons: 1 (own)
    │   └── township_a        persons: 1   employers: E2 (no union, 20 staff)
    │       └── grassroots_a  persons: 2   employers: E1 (union, 100 staff)
    └── county_b
        └── grassroots_b      persons: 2   employers: E3 (union, 50 staff)

E1 employs a worker of grassroots_a, the worker of township_a and one of grassroots_b, so
"distinct employers of the workers" does not add up over children.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import Q
from django.utils import timezone

from gonghui.conftest import Tree
from gonghui.indicators.registry import (
    Aggregate,
    QueryIndicator,
    RatioIndicator,
    Section,
    Timing,
)
from gonghui.registry.models import Enterprise, Person
from gonghui.registry.tests.factories import EnterpriseFactory, PersonFactory
from gonghui.utils.idcard import make_id_number

SECTION = Section("tests", "测试", order=1)


def local(*args: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args), timezone.get_default_timezone())


PERSONS = QueryIndicator(
    code="t.persons", name="职工", unit_label="人", section=SECTION, model=Person,
    date_field="created_at", timing=Timing.STOCK,
)  # fmt: skip
NEW_PERSONS = QueryIndicator(
    code="t.new_persons", name="新登记职工", unit_label="人", section=SECTION, model=Person,
    date_field="created_at", timing=Timing.FLOW,
)  # fmt: skip
MIGRANTS = QueryIndicator(
    code="t.migrants", name="农民工", unit_label="人", section=SECTION, model=Person,
    filter=Q(is_migrant_worker=True), date_field="created_at", timing=Timing.STOCK,
)  # fmt: skip
BORN = QueryIndicator(
    code="t.born", name="期内出生", unit_label="人", section=SECTION, model=Person,
    date_field="birth_date", timing=Timing.FLOW,
)  # fmt: skip
EMPLOYERS_OF_PERSONS = QueryIndicator(
    code="t.employers_of_persons", name="职工所在单位数", unit_label="家", section=SECTION,
    model=Person, aggregate=Aggregate.COUNT_DISTINCT, field="employer",
)  # fmt: skip
STAFF = QueryIndicator(
    code="t.staff", name="单位职工总数", unit_label="人", section=SECTION, model=Enterprise,
    aggregate=Aggregate.SUM, field="employee_count",
)  # fmt: skip
FOUNDED_STAFF = QueryIndicator(
    code="t.founded_staff", name="已建会单位职工数", unit_label="人", section=SECTION,
    model=Enterprise, filter=Q(union_founded=True), aggregate=Aggregate.SUM,
    field="employee_count",
)  # fmt: skip
MIGRANT_SHARE = RatioIndicator(
    code="t.migrant_share", name="农民工占比", unit_label="%", section=SECTION,
    numerator=MIGRANTS, denominator=PERSONS,
)  # fmt: skip

TEST_INDICATORS = [
    PERSONS, NEW_PERSONS, MIGRANTS, BORN, EMPLOYERS_OF_PERSONS, STAFF, FOUNDED_STAFF,
    MIGRANT_SHARE,
]  # fmt: skip


@dataclass
class Records:
    tree: Tree
    persons: dict[str, Any]
    employers: dict[str, Any]


def _id(born: datetime.date, sequence: int) -> str:
    return make_id_number("340802", born, sequence, "male")


@pytest.fixture
def records(tree: Tree) -> Records:
    e1 = EnterpriseFactory(unit=tree.grassroots_a, union_founded=True, employee_count=100)
    e2 = EnterpriseFactory(unit=tree.township_a, union_founded=False, employee_count=20)
    e3 = EnterpriseFactory(unit=tree.grassroots_b, union_founded=True, employee_count=50)
    persons = {
        # Registered 2023: counted in every stock from 2023 on, and in the 2023 flow.
        "a1": PersonFactory(
            unit=tree.grassroots_a, employer=e1, is_migrant_worker=True,
            id_number=_id(datetime.date(1990, 1, 1), 1),
        ),
        # The last half hour of 2024 in Beijing (15:30 UTC).
        "a2": PersonFactory(
            unit=tree.grassroots_a, is_migrant_worker=True,
            id_number=_id(datetime.date(1990, 12, 31), 2),
        ),
        "t1": PersonFactory(
            unit=tree.township_a, employer=e1, id_number=_id(datetime.date(1989, 12, 31), 3)
        ),
        "c1": PersonFactory(
            unit=tree.county_a, employer=e2, id_number=_id(datetime.date(1980, 5, 5), 4)
        ),
        # The first ten minutes of 2025 in Beijing: still 2024 in UTC.
        "b1": PersonFactory(
            unit=tree.grassroots_b, employer=e1, id_number=_id(datetime.date(1991, 1, 1), 5)
        ),
        "b2": PersonFactory(
            unit=tree.grassroots_b, employer=e3, id_number=_id(datetime.date(1990, 6, 15), 6)
        ),
    }  # fmt: skip
    created = {
        "a1": local(2023, 6, 1, 9, 0),
        "a2": local(2024, 12, 31, 23, 30),
        "t1": local(2024, 3, 15, 10, 0),
        "c1": local(2024, 7, 1, 8, 0),
        "b1": local(2025, 1, 1, 0, 10),
        "b2": local(2024, 9, 30, 12, 0),
    }
    for key, moment in created.items():
        Person.objects.filter(pk=persons[key].pk).update(created_at=moment)
    Enterprise.objects.update(created_at=local(2020, 1, 1))
    return Records(tree, persons, {"e1": e1, "e2": e2, "e3": e3})


@pytest.fixture
def kernel_indicators_only() -> Any:
    """The kernel's own indicators (union units, workers, employers) without the modules':
    tests that count sections or queries must not change when a module adds indicators."""
    from gonghui.indicators import registry

    kernel = [
        indicator
        for indicator in registry.all_indicators()
        if indicator.code.startswith(("core.", "registry."))
    ]
    with registry.override(*kernel) as overridden:
        yield overridden
