"""The statistics pages' figures against hand-written SQL computing the same (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_bench_stats \\
        uv run python bench/bench_stats.py                    # 1,000,000 members
    DATABASE_URL=... uv run python bench/bench_stats.py --members 100000   # scaled down

Without workers in the database it builds a synthetic city with COPY: the tree, employers
and workers of ``bench_indicators.build_synthetic`` (1 city → 10 counties → 10 townships →
20 grassroots unions each: 2,000 grassroots unions, 2,111 units), one membership per worker
(N; nine in ten current, the rest ended), 200,000 cases (requests, legal aid with amounts
recovered, wage arrears with amounts), 20,000 hardship files with 50,000 aid grants, 20,000
consultations and 2,000 outreach events, dated over the last years.

Timed, for the city and last year (the functions the views call, with the user's scope):

- the dashboard's key figures with the same period a year earlier (``figures.dashboard``),
  against one raw statement per table computing both years with FILTERed aggregates;
- the dashboard's charts (``figures.charts``: monthly member stock, aid, requests, ranking);
- the statistical table of the counties (``figures.children_table``), against raw SQL
  grouping by the child's id cut out of the owning unit's path;
- the annual report, when ``gonghui.reports`` offers a function building its data.

Every figure is checked equal to the raw SQL's before it is timed. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_indicators import build_synthetic
from bench_tree import queries_per_call, setup_django, timed

SEED = 20261122
CASES = 200_000
FILES = 20_000
GRANTS = 50_000
CONSULTATIONS = 20_000
EVENTS = 2_000


# Data -----------------------------------------------------------------------------------------


def build(members: int) -> float:
    """Tree, employers and workers (bench_indicators), then the records of every module."""
    from django.db import connection
    from django.utils import timezone

    from gonghui.assistance.models import AidGrant, HardshipFile
    from gonghui.casework.models import Case
    from gonghui.demo.writer import reset_sequences
    from gonghui.membership.models import Membership
    from gonghui.rights.models import Consultation, OutreachEvent

    started = time.perf_counter()
    build_synthetic(members)
    rng = random.Random(SEED)
    now = timezone.now()
    today = timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, unit_id FROM registry_person ORDER BY id")
        people = cursor.fetchall()
        cursor.execute("SELECT id FROM core_orgunit WHERE parent_id IS NOT NULL ORDER BY id")
        units = [row[0] for row in cursor.fetchall()]

    def day_within(days: int) -> datetime.date:
        return today - datetime.timedelta(days=rng.randrange(days))

    raw = connection.connection
    with raw.cursor() as cursor:
        columns = ["id", "status", "joined_on", "ended_on", "end_reason", "end_note", "channel",
                   "worker_group", "card_number", "created_at", "updated_at", "person_id",
                   "unit_id"]  # fmt: skip
        with cursor.copy(f"COPY membership_membership ({', '.join(columns)}) FROM STDIN") as copy:
            channels = ("qr", "web", "import", "desk")
            for pk, unit in people:
                joined = day_within(8 * 365)
                if rng.random() < 0.1:
                    stayed = rng.randrange((today - joined).days + 1)
                    ended = joined + datetime.timedelta(days=stayed)
                    state = ("ended", ended, "left")
                else:
                    state = ("active", None, "")
                group = "courier" if pk % 20 == 0 else ""
                copy.write_row((pk, state[0], joined, state[1], state[2], "",
                                channels[pk % 4], group, None, now, now, pk, unit))  # fmt: skip
        # Cases: 70% requests, 15% legal aid, 15% wage arrears, over the last three years.
        columns = ["id", "reference", "kind", "title", "description", "channel", "state",
                   "submitted_at", "resolved_at", "finished_at", "closed_at", "due_at", "version",
                   "created_at", "updated_at", "applicant_id", "unit_id"]  # fmt: skip
        kinds: list[str] = []
        with cursor.copy(f"COPY casework_case ({', '.join(columns)}) FROM STDIN") as copy:
            for pk in range(1, CASES + 1):
                draw = rng.random()
                kind = ("rights.request" if draw < 0.7 else
                        "rights.legal_aid" if draw < 0.85 else "rights.wage_arrears")  # fmt: skip
                kinds.append(kind)
                submitted = now - datetime.timedelta(seconds=rng.randrange(3 * 365 * 86400))
                due = submitted + datetime.timedelta(days=15)
                done = rng.random() < 0.8
                took = datetime.timedelta(days=rng.randrange(1, 25))
                finished = submitted + took if done else None
                person, unit = people[rng.randrange(len(people))]
                copy.write_row((pk, f"B{pk:08d}", kind, "", "", "hotline",
                                "closed" if done else "in_progress", submitted, finished,
                                finished, finished, due, 0, submitted, now, person,
                                unit))  # fmt: skip
        columns = ["case_id", "dispute_type", "dispute_date", "employer_name", "stage",
                   "outcome", "amount_recovered"]  # fmt: skip
        with cursor.copy(f"COPY rights_legalaidcase ({', '.join(columns)}) FROM STDIN") as copy:
            for pk, kind in enumerate(kinds, start=1):
                if kind == "rights.legal_aid":
                    copy.write_row((pk, "wages", today, "", "closed", "won",
                                    Decimal(rng.randrange(0, 5_000_000)) / 100))  # fmt: skip
        columns = ["case_id", "employer_name", "project", "workers_count",
                   "migrant_workers_count", "amount_owed", "amount_recovered",
                   "joint_with_labour_bureau", "labour_bureau_reference"]  # fmt: skip
        with cursor.copy(f"COPY rights_wagearrearscase ({', '.join(columns)}) FROM STDIN") as copy:
            for pk, kind in enumerate(kinds, start=1):
                if kind == "rights.wage_arrears":
                    owed = Decimal(rng.randrange(100_000, 50_000_000)) / 100
                    workers = rng.randrange(1, 60)
                    copy.write_row((pk, "", "", workers, rng.randrange(0, workers + 1), owed,
                                    (owed * Decimal("0.8")).quantize(Decimal("0.01")), False,
                                    ""))  # fmt: skip
        columns = ["id", "level", "status", "cause", "cause_detail", "exclusions_found",
                   "household_size", "monthly_income_total", "monthly_income_per_head",
                   "opened_on", "closed_on", "closed_reason", "created_at", "updated_at",
                   "person_id", "unit_id", "bank_account", "bank_account_masked",
                   "bank_name"]  # fmt: skip
        file_ids = list(range(1, FILES + 1))
        with cursor.copy(f"COPY assistance_hardshipfile ({', '.join(columns)}) FROM STDIN") as copy:
            for pk in file_ids:
                person, unit = people[(pk * 37) % len(people)]
                opened = day_within(4 * 365)
                lifted = rng.random() < 0.3
                closed = opened + datetime.timedelta(days=rng.randrange((today - opened).days + 1))
                copy.write_row((pk, "", "lifted_out" if lifted else "on_file", "", "", "[]", 3,
                                0, 0, opened, closed if lifted else None, "", now, now, person,
                                unit, "", "", ""))  # fmt: skip
        columns = ["id", "kind", "amount", "granted_on", "fund", "decided_by", "school_stage",
                   "note", "created_at", "file_id"]  # fmt: skip
        aid_kinds = ("living", "education", "medical", "critical_illness")
        with cursor.copy(f"COPY assistance_aidgrant ({', '.join(columns)}) FROM STDIN") as copy:
            for pk in range(1, GRANTS + 1):
                amount = Decimal(rng.randrange(20_000, 500_000)) / 100
                copy.write_row((pk, aid_kinds[pk % 4], amount,
                                day_within(3 * 365), "", "", "", "", now,
                                file_ids[rng.randrange(FILES)]))  # fmt: skip
        columns = ["id", "date", "channel", "topic", "summary", "created_at", "unit_id"]
        with cursor.copy(f"COPY rights_consultation ({', '.join(columns)}) FROM STDIN") as copy:
            for pk in range(1, CONSULTATIONS + 1):
                copy.write_row((pk, day_within(3 * 365), "walk_in", "wages", "", now,
                                units[rng.randrange(len(units))]))  # fmt: skip
        columns = ["id", "date", "place", "topic", "attendees", "note", "created_at", "unit_id"]
        with cursor.copy(f"COPY rights_outreachevent ({', '.join(columns)}) FROM STDIN") as copy:
            for pk in range(1, EVENTS + 1):
                copy.write_row((pk, day_within(3 * 365), "广场", "劳动法", rng.randrange(10, 500),
                                "", now, units[rng.randrange(len(units))]))  # fmt: skip
    reset_sequences([Membership, Case, HardshipFile, AidGrant, Consultation, OutreachEvent])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


# Raw SQL: the dashboard's figures by hand ------------------------------------------------------


def _statements(path: str, key: str) -> list[tuple[str, str, list[str]]]:
    """(table alias and joins, a WHERE condition besides the subtree, FILTERed aggregates
    named by code) per statement; ``{s}``/``{e}`` are the period's first and last days,
    ``{sa}``/``{eb}`` its aware bounds."""
    return [
        ("core_orgunit u", "", [
            "COUNT(*) FILTER (WHERE u.status = 'active' AND u.created_at < {eb}) AS \"core.units\"",
            "COUNT(*) FILTER (WHERE u.status = 'active' AND u.kind = 'grassroots' "
            "AND u.created_at < {eb}) AS \"core.units.grassroots\"",
        ]),
        ("registry_person p JOIN core_orgunit u ON u.id = p.unit_id", "", [
            "COUNT(*) FILTER (WHERE p.created_at < {eb}) AS \"registry.persons\"",
        ]),
        ("registry_enterprise e JOIN core_orgunit u ON u.id = e.unit_id", "", [
            "COUNT(*) FILTER (WHERE e.created_at < {eb}) AS \"registry.enterprises\"",
            "COUNT(*) FILTER (WHERE e.union_founded AND e.created_at < {eb}) AS founded",
            "COUNT(*) FILTER (WHERE e.union_founded_on BETWEEN {s} AND {e}) "
            "AS \"registry.unions_founded\"",
        ]),
        ("membership_membership m JOIN core_orgunit u ON u.id = m.unit_id", "", [
            "COUNT(*) FILTER (WHERE m.joined_on <= {e}) - COUNT(*) FILTER (WHERE "
            "m.status <> 'active' AND m.ended_on <= {e}) AS \"membership.members\"",
            "COUNT(*) FILTER (WHERE m.previous_id IS NULL AND m.joined_on BETWEEN {s} AND {e}) "
            "AS \"membership.new_members\"",
            "COUNT(*) FILTER (WHERE m.worker_group <> '' AND m.joined_on <= {e}) - COUNT(*) "
            "FILTER (WHERE m.worker_group <> '' AND m.status <> 'active' AND m.ended_on <= {e}) "
            "AS \"membership.new_form_members\"",
            "COUNT(*) FILTER (WHERE m.status = 'active') AS active",
        ]),
        # Verified members: few rows, found from the logins (the join in WHERE, not FILTER).
        ("membership_membership m JOIN core_orgunit u ON u.id = m.unit_id "
         "JOIN registry_person p ON p.id = m.person_id",
         "m.status = 'active' AND p.user_id IS NOT NULL", [
            "COUNT(*) AS verified",
        ]),
        ("assistance_hardshipfile f JOIN core_orgunit u ON u.id = f.unit_id", "", [
            "COUNT(*) FILTER (WHERE f.status = 'on_file' AND f.opened_on <= {e}) "
            "AS \"assistance.files_on_file\"",
            "COUNT(*) FILTER (WHERE f.status = 'lifted_out' AND f.closed_on BETWEEN {s} AND {e}) "
            "AS \"assistance.files_lifted_out\"",
        ]),
        ("assistance_aidgrant g JOIN assistance_hardshipfile f ON f.id = g.file_id "
         "JOIN core_orgunit u ON u.id = f.unit_id", "", [
            "COUNT(DISTINCT g.file_id) FILTER (WHERE g.granted_on BETWEEN {s} AND {e}) "
            "AS \"assistance.aid_all_households\"",
            "COALESCE(SUM(g.amount) FILTER (WHERE g.granted_on BETWEEN {s} AND {e}), 0) "
            "AS \"assistance.aid_all_amount\"",
        ]),
        ("casework_case c JOIN core_orgunit u ON u.id = c.unit_id "
         "LEFT JOIN rights_legalaidcase la ON la.case_id = c.id "
         "LEFT JOIN rights_wagearrearscase wa ON wa.case_id = c.id", "", [
            "COUNT(*) FILTER (WHERE c.kind = 'rights.request' AND c.submitted_at >= {sa} "
            "AND c.submitted_at < {eb}) AS \"rights.requests\"",
            "COUNT(*) FILTER (WHERE c.kind = 'rights.request' AND c.resolved_at IS NOT NULL "
            "AND c.submitted_at >= {sa} AND c.submitted_at < {eb}) AS answered",
            "COUNT(*) FILTER (WHERE c.kind = 'rights.legal_aid' AND c.submitted_at >= {sa} "
            "AND c.submitted_at < {eb}) AS \"rights.legal_aid_cases\"",
            "COALESCE(SUM(la.amount_recovered) FILTER (WHERE c.kind = 'rights.legal_aid' AND "
            "c.submitted_at >= {sa} AND c.submitted_at < {eb}), 0) "
            "AS \"rights.legal_aid_recovered\"",
            "COUNT(*) FILTER (WHERE c.kind = 'rights.wage_arrears' AND c.submitted_at >= {sa} "
            "AND c.submitted_at < {eb}) AS \"rights.wage_arrears_cases\"",
            "COALESCE(SUM(wa.amount_recovered) FILTER (WHERE c.kind = 'rights.wage_arrears' "
            "AND c.submitted_at >= {sa} AND c.submitted_at < {eb}), 0) "
            "AS \"rights.wage_arrears_recovered\"",
        ]),
        ("rights_consultation r JOIN core_orgunit u ON u.id = r.unit_id", "", [
            "COUNT(*) FILTER (WHERE r.date BETWEEN {s} AND {e}) AS \"rights.consultations\"",
        ]),
        ("rights_outreachevent o JOIN core_orgunit u ON u.id = o.unit_id", "", [
            "COALESCE(SUM(o.attendees) FILTER (WHERE o.date BETWEEN {s} AND {e}), 0) "
            "AS \"rights.outreach_attendees\"",
        ]),
    ]  # fmt: skip


RATIOS = {
    "registry.founding_rate": ("founded", "registry.enterprises"),
    "membership.verified_share": ("verified", "active"),
    "rights.requests_answered_rate": ("answered", "rights.requests"),
}


def raw_figures(unit: Any, periods: list[Any], by_child: bool = False) -> list[dict[str, Any]]:
    """The dashboard's figures by hand: per period (and per child id with ``by_child``) a dict
    {code: value}; one statement per table, every period in it."""
    from django.db import connection

    key = f"split_part(u.path, '/', {unit.path.count('/') + 1})" if by_child else "''"
    results: list[dict[str, dict[str, Any]]] = [defaultdict(dict) for _ in periods]
    with connection.cursor() as cursor:
        for source, extra, aggregates in _statements(unit.path, key):
            columns: list[str] = []
            params: list[Any] = []
            names: list[tuple[int, str]] = []
            for n, period in enumerate(periods):
                for aggregate in aggregates:
                    expression, name = aggregate.rsplit(" AS ", 1)
                    bounds = {"s": period.start, "e": period.end,
                              "sa": period.start_at, "eb": period.end_before}  # fmt: skip
                    # Placeholders in the order they appear in the expression.
                    order = []
                    text = expression
                    for part in text.split("{")[1:]:
                        order.append(part.split("}", 1)[0])
                    columns.append(expression.format(s="%s", e="%s", sa="%s", eb="%s"))
                    params.extend(bounds[p] for p in order)
                    names.append((n, name.strip('"')))
            where = f" AND {extra}" if extra else ""
            cursor.execute(
                f"SELECT {key}, {', '.join(columns)} FROM {source} "
                f"WHERE u.path LIKE %s{where} GROUP BY 1",
                [*params, unit.path + "%"],
            )
            for row in cursor.fetchall():
                child = row[0] or "own" if by_child else "total"
                for (n, name), figure in zip(names, row[1:], strict=True):
                    results[n][child][name] = figure
    out = []
    for per_period in results:
        finished: dict[str, Any] = {}
        for child, figures in per_period.items():
            for code, (numerator, denominator) in RATIOS.items():
                top, bottom = figures.get(numerator), figures.get(denominator)
                figures[code] = (Decimal(top or 0) * 100 / Decimal(bottom)) if bottom else None
            finished[child] = figures
        out.append(finished)
    return out


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    return Decimal(a) == Decimal(b)


# Main -------------------------------------------------------------------------------------------


def report_function() -> Callable[..., Any] | None:
    """The reports app's function building the annual report's data, if it has one."""
    import importlib

    for module_name, names in (
        ("gonghui.reports.builder", ("build_report", "report_data", "build")),
        ("gonghui.reports.services", ("build_report", "report_data", "render_report")),
        ("gonghui.reports.report", ("build_report", "report_data")),
    ):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for name in names:
            if callable(getattr(module, name, None)):
                return getattr(module, name)  # type: ignore[no-any-return]
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=1_000_000, help="members (and workers)")
    parser.add_argument("--repeat", type=int, default=5, help="timed calls per figure")
    args = parser.parse_args()
    database = setup_django()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench_stats needs PostgreSQL (COPY): set DATABASE_URL")
    from gonghui.core.choices import Role
    from gonghui.core.models import Grant, OrgUnit, User
    from gonghui.indicators.periods import Period
    from gonghui.membership.models import Membership
    from gonghui.stats import figures

    print(f"database: {database}")
    if not Membership.objects.exists():
        seconds = build(args.members)
        print(f"built a synthetic city with COPY in {seconds:.1f} s")
    city = OrgUnit.objects.get(parent__isnull=True)
    from gonghui.casework.models import Case

    grassroots = OrgUnit.objects.filter(kind="grassroots").count()
    print(f"{OrgUnit.objects.count():,} units ({grassroots:,} grassroots), "
          f"{Membership.objects.count():,} memberships, "
          f"{Case.objects.count():,} cases")  # fmt: skip
    admin = User.objects.filter(username="bench_stats").first() or User.objects.create_user(
        "bench_stats"
    )
    Grant.objects.get_or_create(user=admin, unit=city, role=Role.FEDERATION_ADMIN)
    period = Period.year(datetime.date.today().year - 1)
    periods = [period, period.previous_year()]
    keys = figures.key_indicators()
    board = figures.dashboard(city, period, user=admin)
    by_hand = raw_figures(city, periods)
    checked = 0
    for _section, items in board.sections:
        for item in items:
            code = item.indicator.code
            if code not in by_hand[0]["total"]:
                continue
            assert _same(item.value, by_hand[0]["total"][code]), (code, item.value, by_hand[0])
            assert _same(item.previous, by_hand[1]["total"][code]), (code, item.previous)
            checked += 1
    comparable = [i for i in keys if i.code in by_hand[0]["total"]]
    print(f"period {period.label}: {len(keys)} key indicators, {checked} checked equal to the "
          f"raw SQL's (this year and last year)")  # fmt: skip
    for code in ("membership.members", "rights.requests", "assistance.aid_all_amount"):
        if code in by_hand[0]["total"]:
            print(f"  {code}: {by_hand[0]['total'][code]}")
    children = {c.pk: c for c in OrgUnit.objects.filter(parent=city)}
    table = figures.children_table(city, period, comparable, user=admin)
    per_child = raw_figures(city, [period], by_child=True)[0]
    for row in table.rows:
        for indicator in comparable:
            expected = per_child.get(str(row.unit.pk), {}).get(indicator.code, 0)
            assert _same(row[indicator.code], expected) or (
                expected is None and row[indicator.code] is None
            ), (row.unit.code, indicator.code, row[indicator.code], expected)
    print(f"children table: {len(table.rows)} counties × {len(comparable)} indicators equal to "
          f"the raw SQL's\n")  # fmt: skip

    build_report = report_function()
    report_case: list[tuple[str, Callable[[], object]]] = []
    if build_report is not None:
        report_case = [("annual report: build_report()",
                        lambda: build_report(city, period, user=admin))]  # fmt: skip
    else:
        print("annual report: gonghui.reports offers no function building the report's data yet")
    cases: list[tuple[str, Callable[[], object]]] = [
        ("raw SQL: city, key figures, 2 years", lambda: raw_figures(city, periods)),
        ("dashboard(): same figures",
         lambda: figures.dashboard(city, period, user=admin, indicators=comparable)),
        ("dashboard(): all key indicators", lambda: figures.dashboard(city, period, user=admin)),
        ("charts(): the five charts", lambda: figures.charts(city, period, user=admin)),
        *report_case,
        ("raw SQL: per county, 1 year",
         lambda: raw_figures(city, [period], by_child=True)),
        ("children_table(): per county",
         lambda: figures.children_table(city, period, comparable, user=admin)),
        ("children_table(): all key indicators",
         lambda: figures.children_table(city, period, user=admin)),
    ]  # fmt: skip
    for _, call in cases:  # warm up
        call()
    samples: dict[str, list[float]] = {name: [] for name, _ in cases}
    for _ in range(args.repeat):
        for name, call in cases:
            mean, _p95 = timed(call, 1)
            samples[name].append(mean)
    print(f"{'':<42} {'mean ms':>8} {'min ms':>8} {'× raw':>7} {'queries':>8}")
    reference = 0.0
    for name, call in cases:
        times = samples[name]
        mean = sum(times) / len(times)
        if name.startswith("raw SQL"):
            reference = mean
        print(f"{name:<42} {mean:>8.1f} {min(times):>8.1f} {mean / reference:>7.2f} "
              f"{queries_per_call(call):>8}")  # fmt: skip
    print(f"\n(× raw: against the raw SQL line above it; {len(children)} counties)")
    from gonghui.stats import consistency

    additive = consistency.additive_indicators()
    started = time.perf_counter()
    differences = consistency.check(city, period, additive)
    print(f"consistency check: {len(additive)} additive indicators × "
          f"{OrgUnit.objects.count():,} units in {time.perf_counter() - started:.1f} s, "
          f"{len(differences)} differences")  # fmt: skip


if __name__ == "__main__":
    main()
