"""Computing indicators defined in these tests: roll-up, periods, breakdown, records."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core.choices import UnitKind
from gonghui.core.tests.factories import OrgUnitFactory
from gonghui.indicators.periods import Period
from gonghui.indicators.selectors import (
    breakdown,
    breakdown_many,
    child_units,
    value,
    values,
)
from gonghui.indicators.selectors import records as records_of
from gonghui.indicators.tests.conftest import (
    BORN,
    EMPLOYERS_OF_PERSONS,
    FOUNDED_STAFF,
    MIGRANT_SHARE,
    MIGRANTS,
    NEW_PERSONS,
    PERSONS,
    STAFF,
    TEST_INDICATORS,
)
from gonghui.registry.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

Y2024 = Period.year(2024)


def test_values_roll_up_the_subtree(records) -> None:
    tree = records.tree
    expected = {
        tree.city: 5,
        tree.county_a: 4,
        tree.township_a: 3,
        tree.grassroots_a: 2,
        tree.county_b: 1,
        tree.grassroots_b: 1,
    }
    assert {unit: value(PERSONS, unit, Y2024) for unit in expected} == expected


def test_stocks_count_what_exists_at_the_end_flows_what_happened_within(records) -> None:
    city = records.tree.city
    # a2 at 23:30 on 31 Dec 2024 Beijing time is in 2024; b1 at 00:10 on 1 Jan 2025 is not,
    # although both are on 31 December in UTC.
    assert value(PERSONS, city, Y2024) == 5
    assert value(NEW_PERSONS, city, Y2024) == 4
    assert value(PERSONS, city, Period.year(2025)) == 6
    assert value(NEW_PERSONS, city, Period.year(2025)) == 1
    assert value(NEW_PERSONS, city, Period.month(2024, 12)) == 1
    assert value(NEW_PERSONS, city, Period.quarter(2024, 3)) == 2  # c1 (1 Jul), b2 (30 Sep)
    assert value(PERSONS, city, Period.year(2023)) == 1
    assert value(PERSONS, city, Period.year(2022)) == 0


def test_a_date_field_is_compared_by_dates(records) -> None:
    # Born in 1990: 1 Jan (a1), 15 Jun (b2) and 31 Dec (a2); not 31 Dec 1989 nor 1 Jan 1991.
    assert value(BORN, records.tree.city, Period.year(1990)) == 3
    assert value(BORN, records.tree.city, Period.range(datetime.date(1989, 12, 31),
                                                       datetime.date(1990, 1, 1))) == 2  # fmt: skip


def test_sums_and_distinct_counts(records) -> None:
    tree = records.tree
    figures = values([STAFF, FOUNDED_STAFF, EMPLOYERS_OF_PERSONS], tree.city, Y2024)
    assert figures == {"t.staff": 170, "t.founded_staff": 150, "t.employers_of_persons": 3}
    assert isinstance(figures["t.staff"], Decimal)
    assert value(STAFF, tree.county_a, Y2024) == 120
    # A sum over no rows is zero, not "no value".
    empty = OrgUnitFactory(parent=tree.city)
    assert value(STAFF, empty, Y2024) == 0


def test_a_ratio_is_computed_from_the_rolled_up_parts(records) -> None:
    tree = records.tree
    assert value(MIGRANT_SHARE, tree.city, Y2024) == Decimal(40)  # 2 of 5
    assert value(MIGRANT_SHARE, tree.city, Period.year(2023)) == Decimal(100)
    assert value(MIGRANT_SHARE, tree.county_b, Y2024) == Decimal(0)
    # Nobody registered yet: no value, not 0%.
    assert value(MIGRANT_SHARE, tree.city, Period.year(2022)) is None


def test_many_indicators_take_one_query_per_model(records) -> None:
    with CaptureQueriesContext(connection) as captured:
        figures = values(TEST_INDICATORS, records.tree.city, Y2024)
    assert len(captured) == 2  # persons, employers
    assert list(figures) == [i.code for i in TEST_INDICATORS]
    assert figures["t.persons"] == 5 and figures["t.migrant_share"] == 40


def test_breakdown_by_children_with_own_records_and_total(records) -> None:
    tree = records.tree
    table = breakdown(PERSONS, tree.city, Y2024)
    assert [(row.unit, row["t.persons"]) for row in table.rows] == [
        (tree.county_a, 4),
        (tree.county_b, 1),
    ]
    assert table.own == {"t.persons": 0} and table.total == {"t.persons": 5}
    county = breakdown(PERSONS, tree.county_a, Y2024)
    assert [(row.unit, row["t.persons"]) for row in county.rows] == [(tree.township_a, 3)]
    assert county.own == {"t.persons": 1} and county.total == {"t.persons": 4}
    leaf = breakdown(PERSONS, tree.grassroots_a, Y2024)
    assert leaf.rows == [] and leaf.own == leaf.total == {"t.persons": 2}


def test_breakdown_of_ratios_and_distinct_counts(records) -> None:
    tree = records.tree
    table = breakdown_many([MIGRANT_SHARE, EMPLOYERS_OF_PERSONS, STAFF], tree.city, Y2024)
    rows = {row.unit: row.values for row in table.rows}
    assert rows[tree.county_a] == {
        "t.migrant_share": Decimal(50), "t.employers_of_persons": 2, "t.staff": 120,
    }  # fmt: skip
    assert rows[tree.county_b] == {
        "t.migrant_share": Decimal(0), "t.employers_of_persons": 2, "t.staff": 50,
    }  # fmt: skip
    # E1 has workers in both counties: counted once in the total, not 2 + 2.
    assert table.total == {
        "t.migrant_share": Decimal(40), "t.employers_of_persons": 3, "t.staff": 170,
    }  # fmt: skip
    assert table.own == {"t.migrant_share": None, "t.employers_of_persons": 0, "t.staff": 0}
    county = breakdown(EMPLOYERS_OF_PERSONS, tree.county_a, Y2024)
    assert county.own == {"t.employers_of_persons": 1}  # c1 works for E2
    assert [row["t.employers_of_persons"] for row in county.rows] == [1]


def test_breakdown_over_any_units_of_the_subtree(records) -> None:
    """E.g. a ranking of the grassroots unions of the city."""
    tree = records.tree
    grassroots = [tree.grassroots_a, tree.grassroots_b]
    table = breakdown_many([PERSONS, EMPLOYERS_OF_PERSONS], tree.city, Y2024, units=grassroots)
    assert [(r.unit, r["t.persons"], r["t.employers_of_persons"]) for r in table.rows] == [
        (tree.grassroots_a, 2, 1),
        (tree.grassroots_b, 1, 2),
    ]
    assert table.total["t.persons"] == 5
    with pytest.raises(ValueError, match="not below"):
        breakdown(PERSONS, tree.county_a, Y2024, units=[tree.county_b])
    with pytest.raises(ValueError, match="not below"):
        breakdown(PERSONS, tree.county_a, Y2024, units=[tree.county_a])


def test_children_sum_to_the_total_for_additive_indicators(records) -> None:
    tree = records.tree
    for unit in (tree.city, tree.county_a, tree.county_b):
        table = breakdown_many([PERSONS, NEW_PERSONS, MIGRANTS, STAFF], unit, Y2024)
        for code in ("t.persons", "t.new_persons", "t.migrants", "t.staff"):
            parts = sum(Decimal(row[code] or 0) for row in table.rows) + (table.own[code] or 0)
            assert (
                parts
                == table.total[code]
                == value(next(i for i in TEST_INDICATORS if i.code == code), unit, Y2024)
            )


def test_breakdown_takes_a_fixed_number_of_queries(records) -> None:
    tree = records.tree

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            breakdown_many(TEST_INDICATORS, tree.city, Y2024)
        return len(captured)

    before = count()
    for n in range(8):
        county = OrgUnitFactory(parent=tree.city, kind=UnitKind.COUNTY)
        PersonFactory(unit=OrgUnitFactory(parent=county), is_migrant_worker=bool(n % 2))
    assert count() == before == 4  # children; persons grouped; persons distinct; employers
    table = breakdown_many(TEST_INDICATORS, tree.city, Period.year(2099))
    assert len(table.rows) == 10
    assert sum(int(row["t.migrants"] or 0) for row in table.rows) == 6
    assert table.total["t.migrants"] == 6


def test_child_units_and_user_scope(records, county_officer, outsider) -> None:
    tree = records.tree
    assert list(child_units(tree.city)) == [tree.county_a, tree.county_b]
    assert list(child_units(tree.city, user=county_officer)) == [tree.county_a]
    # The user's grants limit what is counted: the county officer sees only county A.
    assert value(PERSONS, tree.city, Y2024, user=county_officer) == 4
    assert value(PERSONS, tree.county_b, Y2024, user=county_officer) == 0
    assert value(PERSONS, tree.city, Y2024, user=outsider) == 0
    table = breakdown(PERSONS, tree.city, Y2024, user=county_officer)
    assert [(row.unit, row["t.persons"]) for row in table.rows] == [(tree.county_a, 4)]


def test_records_behind_a_figure(records) -> None:
    tree = records.tree
    persons = records.persons
    assert set(records_pks(PERSONS, tree.county_a, Y2024)) == {
        persons[k].pk for k in ("a1", "a2", "t1", "c1")
    }
    assert set(records_pks(NEW_PERSONS, tree.city, Period.month(2024, 12))) == {persons["a2"].pk}
    assert set(records_pks(MIGRANTS, tree.grassroots_a, Y2024)) == {
        persons["a1"].pk, persons["a2"].pk,
    }  # fmt: skip
    # A rate's records are its population.
    assert records_of(MIGRANT_SHARE, tree.city, Y2024).count() == 5


def records_pks(indicator, unit, period) -> list[int]:
    return list(records_of(indicator, unit, period).values_list("pk", flat=True))
