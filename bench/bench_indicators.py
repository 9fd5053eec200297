"""Indicator values and breakdowns against hand-written SQL counting the same (figures only).

    uv run python bench/bench_indicators.py                  # the demo city, temporary SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_bench_ind \\
        uv run python bench/bench_indicators.py              # the demo city on PostgreSQL
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_bench_ind_1m \\
        uv run python bench/bench_indicators.py --persons 1000000   # a synthetic city (COPY)

Without workers in the database it builds the data first: the demo city
(``gonghui.demo.builder.build_demo("city")``: ~320 units, 2,000 employers, 20,000 workers),
or with ``--persons N`` (PostgreSQL only) a synthetic city written with COPY: 1 city → 10
counties → 10 townships each → 20 grassroots unions each (2,111 units), 5,000 employers and N
workers (the encrypted columns hold placeholder text, the blind-index columns unique values).
Records' ``created_at`` are spread over the last eight years, so a stock at the end of last
year (the period measured) counts part of them.

Timed, for every kernel indicator (units by kind, workers, employers, employers with a union,
founding rate) of the city for last year:

- ``values``: the indicators' values over the city's subtree, against raw SQL (one statement
  per table, the subtree as a path prefix or range like ``scoping.subtree_condition``);
- ``breakdown_many``: the same per child unit (counties), and per child of a county
  (townships), against raw SQL grouping by the child's id cut out of the owning unit's path,
  and against the alternative of one conditional aggregate per child (one query per model).

Every result is checked equal to the raw SQL's before it is timed. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_tree import queries_per_call, setup_django, timed

SEED = 20251016
SPREAD_DAYS = 8 * 365


# Data ---------------------------------------------------------------------------------------


def spread_created_at(tables: tuple[str, ...]) -> None:
    """Move records back over the last eight years (they were all written just now)."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in tables:
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"UPDATE {table} SET created_at = created_at - "
                    f"((id * 7919) % {SPREAD_DAYS}) * interval '1 day'"
                )
            else:
                cursor.execute(
                    f"UPDATE {table} SET created_at = strftime('%Y-%m-%d %H:%M:%f', created_at, "
                    f"'-' || ((id * 7919) % {SPREAD_DAYS}) || ' days')"
                )
        # The city federation existed before anything below it.
        old = (
            "created_at - interval '3000 days'"
            if connection.vendor == "postgresql"
            else ("strftime('%Y-%m-%d %H:%M:%f', created_at, '-3000 days')")
        )
        cursor.execute(f"UPDATE core_orgunit SET created_at = {old} WHERE parent_id IS NULL")


def build_synthetic(persons: int) -> float:
    """A city of ``persons`` workers through COPY (PostgreSQL); returns the seconds taken."""
    from django.db import connection
    from django.utils import timezone

    from gonghui.core.choices import UnitKind
    from gonghui.core.models import OrgUnit
    from gonghui.demo.config import UnitSpec
    from gonghui.demo.writer import insert_units, reset_sequences
    from gonghui.registry.models import Enterprise, Person

    started = time.perf_counter()
    rng = random.Random(SEED)
    specs: list[UnitSpec] = []

    def add(code: str, name: str, kind: str, parent: int | None) -> int:
        specs.append(UnitSpec(code, name, "", kind, parent, "340802"))
        return len(specs) - 1

    city = add("S", "合成市总工会", UnitKind.CITY, None)
    grassroots: list[int] = []
    townships: list[int] = []
    for c in range(10):
        county = add(f"S{c}", f"合成县总工会{c}", UnitKind.COUNTY, city)
        for t in range(10):
            township = add(f"S{c}.{t}", f"合成街道工会{c}.{t}", UnitKind.TOWNSHIP, county)
            townships.append(township)
            for g in range(20):
                code = f"S{c}.{t}.{g}"
                grassroots.append(add(code, f"合成基层工会{code}", UnitKind.GRASSROOTS, township))
    unit_ids = insert_units(specs)
    now = timezone.now()

    def created() -> datetime.datetime:
        return now - datetime.timedelta(seconds=rng.randrange(SPREAD_DAYS * 86400))

    owners = [unit_ids[i] for i in grassroots] + [unit_ids[i] for i in townships] * 30
    enterprise_columns = ["id", "unit_id", "name", "name_pinyin", "name_initials", "kind",
                          "industry", "size", "region_code", "address", "employee_count",
                          "union_founded", "created_at", "updated_at"]  # fmt: skip
    person_columns = ["id", "unit_id", "name", "name_pinyin", "name_initials", "id_number",
                      "id_number_hash", "id_number_masked", "phone", "phone_hash",
                      "phone_masked", "gender", "birth_date", "ethnicity", "education", "hukou",
                      "is_migrant_worker", "worker_group", "employer_id", "created_at",
                      "updated_at"]  # fmt: skip
    enterprise_ids = list(range(1, len(owners) + 1))
    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cursor:
        with cursor.copy(
            f"COPY registry_enterprise ({', '.join(enterprise_columns)}) FROM STDIN"
        ) as copy:
            for pk, unit in zip(enterprise_ids, owners, strict=True):
                copy.write_row((pk, unit, f"合成企业{pk}", "", "", "enterprise", "C", "small",
                                "340802", "", rng.randrange(5, 500), rng.random() < 0.7,
                                created(), now))  # fmt: skip
        # Workers: nine in ten registered by a grassroots union, the rest by a township.
        employer_of = defaultdict(list)
        for pk, unit in zip(enterprise_ids, owners, strict=True):
            employer_of[unit].append(pk)
        person_units = [unit_ids[i] for i in grassroots] * 9 + [unit_ids[i] for i in townships] * 20
        with cursor.copy(f"COPY registry_person ({', '.join(person_columns)}) FROM STDIN") as copy:
            for pk in range(1, persons + 1):
                unit = person_units[rng.randrange(len(person_units))]
                employers = employer_of[unit]
                copy.write_row((pk, unit, f"职工{pk}", "", "", "placeholder", f"h{pk}",
                                "340802**********01", "", "", "", "male", datetime.date(1990, 1, 1),
                                "01", "", "", pk % 5 == 0, "",
                                employers[pk % len(employers)] if employers else None,
                                created(), now))  # fmt: skip
    reset_sequences([OrgUnit, Enterprise, Person])
    spread_created_at(("core_orgunit",))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


# Raw SQL -------------------------------------------------------------------------------------


def subtree_sql(vendor: str, alias: str, path: str) -> tuple[str, list[Any]]:
    if vendor == "sqlite":
        return f"{alias}.path >= %s AND {alias}.path < %s", [path, path[:-1] + "0"]
    return f"{alias}.path LIKE %s", [path + "%"]


def child_key_sql(vendor: str, alias: str, path: str) -> tuple[str, list[Any]]:
    """The id of the child of ``path`` on a row's owner path ('' for the unit's own rows)."""
    if vendor == "sqlite":
        start = len(path) + 1
        # max(..., 0): SQLite reads a negative length as characters before the start.
        rest = f"substr({alias}.path, {start})"
        return f"substr({alias}.path, {start}, max(instr({rest}, '/') - 1, 0))", []
    return f"split_part({alias}.path, '/', {path.count('/') + 1})", []


def raw_counts(unit: Any, before: datetime.datetime, by_child: bool) -> dict[str, dict[str, Any]]:
    """Every kernel figure by hand: {child id or 'total': {code: value}}, three statements."""
    from django.db import connection

    vendor = connection.vendor
    where, params = subtree_sql(vendor, "u", unit.path)
    key, _ = child_key_sql(vendor, "u", unit.path) if by_child else ("'total'", [])
    result: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {key}, u.kind, COUNT(*) FROM core_orgunit u WHERE {where} "
            "AND u.status = 'active' AND u.created_at < %s GROUP BY 1, 2",
            [*params, before],
        )
        for child, kind, n in cursor.fetchall():
            result[child or "own"][f"core.units.{kind}"] += n
            result[child or "own"]["core.units"] += n
        cursor.execute(
            f"SELECT {key}, COUNT(*) FROM registry_person p JOIN core_orgunit u "
            f"ON u.id = p.unit_id WHERE {where} AND p.created_at < %s GROUP BY 1",
            [*params, before],
        )
        for child, n in cursor.fetchall():
            result[child or "own"]["registry.persons"] += n
        cursor.execute(
            f"SELECT {key}, COUNT(*), SUM(CASE WHEN e.union_founded THEN 1 ELSE 0 END) "
            f"FROM registry_enterprise e JOIN core_orgunit u ON u.id = e.unit_id "
            f"WHERE {where} AND e.created_at < %s GROUP BY 1",
            [*params, before],
        )
        for child, n, founded in cursor.fetchall():
            result[child or "own"]["registry.enterprises"] += n
            result[child or "own"]["registry.enterprises_founded"] += founded
    return result


def raw_as_values(raw: dict[str, Any], codes: list[str]) -> dict[str, Any]:
    """Fill in zeros and the founding rate, as the registry computes it."""
    from decimal import Decimal

    out = {code: raw.get(code, 0) for code in codes if code != "registry.founding_rate"}
    total, founded = out["registry.enterprises"], out["registry.enterprises_founded"]
    out["registry.founding_rate"] = Decimal(founded) * 100 / Decimal(total) if total else None
    return {code: out[code] for code in codes}


# The alternative: one conditional aggregate per child -----------------------------------------


def breakdown_per_child(indicators: list[Any], unit: Any, period: Any, children: list[Any]) -> Any:
    """What UnitsView did before: per model one query, a FILTERed aggregate per child."""
    from gonghui.indicators import selectors

    everything = selectors._closure(indicators)
    counted = [i for i in everything if isinstance(i, selectors.QueryIndicator)]
    per_unit: dict[int, dict[str, Any]] = {c.pk: {} for c in children}
    own: dict[str, Any] = {}
    total: dict[str, Any] = {}
    for group in selectors._groups(counted):
        common, conditions = group.conditions(period)
        base = selectors._base_queryset(group.model, group.path_lookup, unit, None).filter(common)
        selectors._aggregate_per_unit(base, group.path_lookup,
                                      list(zip(group.indicators, conditions, strict=True)),
                                      unit, children, per_unit, own, total)  # fmt: skip
    for bucket in per_unit.values():
        selectors._derive(everything, bucket)
    return per_unit


# Main ----------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=0, help="synthetic city (PostgreSQL)")
    parser.add_argument("--repeat", type=int, default=0, help="timed calls per figure")
    args = parser.parse_args()
    database = setup_django()
    from django.db import connection

    from gonghui.core.choices import Role
    from gonghui.core.models import Grant, OrgUnit, User
    from gonghui.indicators import registry, selectors
    from gonghui.indicators.periods import Period
    from gonghui.registry.models import Person

    print(f"database: {database}")
    if not Person.objects.exists():
        if args.persons:
            if connection.vendor != "postgresql":
                sys.exit("--persons needs PostgreSQL (COPY)")
            seconds = build_synthetic(args.persons)
            print(f"built a synthetic city with COPY in {seconds:.1f} s")
        else:
            from gonghui.demo.builder import build_demo

            result = build_demo("city")
            spread_created_at(("core_orgunit", "registry_enterprise", "registry_person"))
            print(f"built the demo city in {result.seconds:.1f} s")
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")
    city = OrgUnit.objects.get(parent__isnull=True)
    county = OrgUnit.objects.filter(parent=city).order_by("code").first()
    assert county is not None
    from gonghui.registry.models import Enterprise

    print(f"{OrgUnit.objects.count():,} units, {Enterprise.objects.count():,} employers, "
          f"{Person.objects.count():,} workers")  # fmt: skip

    indicators = [i for i in registry.all_indicators() if i.code.split(".")[0] in
                  {"core", "registry"}]  # fmt: skip
    codes = [i.code for i in indicators]
    period = Period.year(datetime.date.today().year - 1)
    before = period.end_before
    repeat = args.repeat or (5 if args.persons else 30)
    admin = User.objects.filter(username="bench_indicators").first() or User.objects.create_user(
        "bench_indicators"
    )
    Grant.objects.get_or_create(user=admin, unit=city, role=Role.FEDERATION_ADMIN)
    print(f"{len(indicators)} kernel indicators; period {period.label} (stocks at its end); "
          f"{repeat} calls each, interleaved\n")  # fmt: skip

    # Correctness first: the registry's figures equal the hand-written SQL's.
    mine = selectors.values(indicators, city, period)
    assert mine == raw_as_values(raw_counts(city, before, False)["total"], codes), mine
    assert selectors.values(indicators, city, period, user=admin) == mine
    for parent in (city, county):
        table = selectors.breakdown_many(indicators, parent, period)
        by_hand = raw_counts(parent, before, True)
        alternative = breakdown_per_child(indicators, parent, period, [r.unit for r in table.rows])
        for row in table.rows:
            expected = raw_as_values(by_hand.get(str(row.unit.pk), {}), codes)
            assert row.values == expected, (row.unit, row.values, expected)
            assert alternative[row.unit.pk] == expected
        assert table.own == raw_as_values(by_hand.get("own", {}), codes), (
            table.own,
            dict(by_hand.get("own", {})),
        )
    print(f"city: {mine['registry.persons']:,} workers, {mine['registry.enterprises']:,} "
          f"employers, founding rate {mine['registry.founding_rate']:.1f}%, "
          f"{mine['core.units']:,} units — equal to the raw SQL's, per child too\n")  # fmt: skip

    children = {p.pk: list(selectors.child_units(p)) for p in (city, county)}
    cases: list[tuple[str, Callable[[], object]]] = [
        ("raw SQL: city totals (baseline)", lambda: raw_counts(city, before, False)),
        ("values(): city", lambda: selectors.values(indicators, city, period)),
        ("values(): city, restricted to a user",
         lambda: selectors.values(indicators, city, period, user=admin)),
        ("raw SQL: per county", lambda: raw_counts(city, before, True)),
        ("breakdown_many(): per county",
         lambda: selectors.breakdown_many(indicators, city, period, units=children[city.pk])),
        ("conditional aggregate per county",
         lambda: breakdown_per_child(indicators, city, period, children[city.pk])),
        ("raw SQL: per township of a county", lambda: raw_counts(county, before, True)),
        ("breakdown_many(): per township",
         lambda: selectors.breakdown_many(indicators, county, period, units=children[county.pk])),
        ("conditional aggregate per township",
         lambda: breakdown_per_child(indicators, county, period, children[county.pk])),
    ]  # fmt: skip
    for _, call in cases:  # warm up
        call()
    samples: dict[str, list[float]] = {name: [] for name, _ in cases}
    for _ in range(repeat):
        for name, call in cases:
            mean, _p95 = timed(call, 1)
            samples[name].append(mean)
    baseline = sum(samples[cases[0][0]]) / repeat
    print(f"{'':<40} {'mean ms':>8} {'min ms':>8} {'× raw':>7} {'queries':>8}")
    reference = baseline
    for name, call in cases:
        times = samples[name]
        mean = sum(times) / len(times)
        if name.startswith("raw SQL"):
            reference = mean
        print(f"{name:<40} {mean:>8.1f} {min(times):>8.1f} {mean / reference:>7.2f} "
              f"{queries_per_call(call):>8}")  # fmt: skip
    print(f"\n(× raw: against the raw SQL line above it; {len(children[city.pk])} counties, "
          f"{len(children[county.pk])} children of the first county)")  # fmt: skip


if __name__ == "__main__":
    main()
