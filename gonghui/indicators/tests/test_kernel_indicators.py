"""The kernel's own indicators: units by kind, workers, employers, union founding."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gonghui.core.choices import UnitStatus
from gonghui.core.indicators import UNITS, UNITS_BY_KIND
from gonghui.core.models import OrgUnit
from gonghui.indicators.periods import Period
from gonghui.indicators.selectors import breakdown_many, values
from gonghui.registry.indicators import (
    ENTERPRISES,
    ENTERPRISES_FOUNDED,
    FOUNDING_RATE,
    PERSONS,
)

pytestmark = pytest.mark.django_db

REGISTRY = [PERSONS, ENTERPRISES, ENTERPRISES_FOUNDED, FOUNDING_RATE]


def test_units_by_kind_count_the_active_subtree_with_the_unit_itself(tree) -> None:
    this_year = Period.current_year()
    kinds = [UNITS, *UNITS_BY_KIND.values()]
    city = values(kinds, tree.city, this_year)
    assert city["core.units"] == 6
    assert "core.units.national" not in city  # it could only ever count itself
    assert {k: city[f"core.units.{k}"] for k in UNITS_BY_KIND if city[f"core.units.{k}"]} == {
        "city": 1, "county": 2, "township": 1, "grassroots": 2,
    }  # fmt: skip
    OrgUnit.objects.filter(pk=tree.grassroots_b.pk).update(status=UnitStatus.DISSOLVED)
    county_b = values(kinds, tree.county_b, this_year)
    assert county_b["core.units"] == 1 and county_b["core.units.grassroots"] == 0
    # Units are a stock by creation: none existed before they were made.
    assert values([UNITS], tree.city, Period.year(2000)) == {"core.units": 0}


def test_registry_figures_and_the_founding_rate(records) -> None:
    tree = records.tree
    y2024 = Period.year(2024)
    assert values(REGISTRY, tree.city, y2024) == {
        "registry.persons": 5,
        "registry.enterprises": 3,
        "registry.enterprises_founded": 2,
        "registry.founding_rate": Decimal(200) / 3,
    }
    assert values([FOUNDING_RATE], tree.county_a, y2024) == {"registry.founding_rate": Decimal(50)}
    # Before any employer was registered the rate has no value (shown as "—"), not 0%.
    assert values([FOUNDING_RATE], tree.city, Period.year(2019)) == {"registry.founding_rate": None}


def test_registry_breakdown_for_the_units_page(records) -> None:
    tree = records.tree
    table = breakdown_many(REGISTRY, tree.city, Period.year(2024))
    assert [(row.unit, list(row.values.values())) for row in table.rows] == [
        (tree.county_a, [4, 2, 1, Decimal(50)]),
        (tree.county_b, [1, 1, 1, Decimal(100)]),
    ]
