"""The casework engine: services per call, and the queues over 100,000 cases (figures only).

    uv run python bench/bench_casework.py                  # a temporary SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_bench_cases \
        uv run python bench/bench_casework.py

It builds the demo city (~20,000 workers) when the database has none, registers a kind of its
own, times the services (submit, accept, note: each one transaction with its event and audit
row), then bulk-writes 100,000 cases spread over the grassroots unions and times the queues as
the workspace reads them: overdue and at-risk counts, the tab counts, the first page of the
open queue by deadline, and the queue page itself through the test client. The baseline is a
primary-key fetch of one case in the same run. The plan of the overdue count is printed.
"""

from __future__ import annotations

import datetime
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_tree import queries_per_call, setup_django, timed

BULK = 100_000
SERVICE_CALLS = 300
REPEAT = 20
SEED = 2025


def main() -> None:
    database = setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings
    from django.utils import timezone

    from gonghui.casework import selectors, services
    from gonghui.casework.choices import CaseState
    from gonghui.casework.kinds import CaseKind, register_kind
    from gonghui.casework.models import Case
    from gonghui.casework.views import tab_counts
    from gonghui.casework.workflow import OPEN_STATES
    from gonghui.core.choices import Action, UnitKind
    from gonghui.core.models import OrgUnit, User
    from gonghui.registry.models import Person

    print(f"database: {database}")
    if not Person.objects.exists():
        from gonghui.demo.builder import build_demo

        print(f"built the demo city in {build_demo('city').seconds:.1f} s")
    kind = register_kind(
        CaseKind(code="bench.request", label="bench", reference_prefix="BR", sla_hours=360)
    )
    admin = User.objects.get(username="city_admin")
    officer = User.objects.get(username="county_officer")
    city = OrgUnit.objects.get(depth=0)
    county = OrgUnit.objects.restrict(officer, Action.VIEW).order_by("depth").first()
    assert county is not None
    grassroots = list(OrgUnit.objects.filter(kind=UnitKind.GRASSROOTS).values_list("pk", "path"))
    people = list(Person.objects.values_list("pk", "unit_id"))
    rng = random.Random(SEED)

    # The services, one call at a time ------------------------------------------------
    applicants = Person.objects.in_bulk([rng.choice(people)[0] for _ in range(SERVICE_CALLS)])
    units = OrgUnit.objects.in_bulk([p.unit_id for p in applicants.values()])
    submitted: list[Case] = []
    started = time.perf_counter()
    for person in applicants.values():
        submitted.append(
            services.case_submit(
                by=admin, kind=kind, applicant=person, unit=units[person.unit_id], title="工资"
            )
        )
    submit_ms = (time.perf_counter() - started) * 1000 / len(submitted)
    started = time.perf_counter()
    for case in submitted:
        services.case_accept(by=admin, case=case, expected_version=case.version)
    accept_ms = (time.perf_counter() - started) * 1000 / len(submitted)
    started = time.perf_counter()
    for case in submitted:
        services.case_add_note(by=admin, case=case, note="已电话联系")
    note_ms = (time.perf_counter() - started) * 1000 / len(submitted)
    sample = submitted[0]
    note_queries = queries_per_call(lambda: services.case_add_note(by=admin, case=sample, note="x"))
    sample.refresh_from_db()
    start_queries = queries_per_call(
        lambda: services.case_start(by=admin, case=sample, expected_version=sample.version)
    )
    print(
        f"services ({len(submitted)} calls each, mean): submit {submit_ms:.2f} ms, "
        f"accept {accept_ms:.2f} ms, note {note_ms:.2f} ms; SQL statements: "
        f"a move {start_queries}, a note {note_queries}"
    )

    # 100,000 cases for the queues ----------------------------------------------------
    # As a year looks: three in four cases finished (spread over the year), the open ones
    # submitted in the last 18 days against a 15-day deadline, so about one in six overdue.
    now = timezone.now()
    by_unit: dict[int, list[int]] = {}
    for pk, unit_id in people:
        by_unit.setdefault(unit_id, []).append(pk)
    all_people = [pk for pk, _ in people]
    rows = []
    started = time.perf_counter()
    for i in range(BULK):
        unit_id, _path = rng.choice(grassroots)
        finished = rng.random() < 0.75
        if finished:
            state = rng.choice([CaseState.RESOLVED, CaseState.CLOSED, CaseState.REJECTED])
            submitted_at = now - datetime.timedelta(days=rng.uniform(18, 365))
        else:
            state = rng.choice(OPEN_STATES)
            submitted_at = now - datetime.timedelta(days=rng.uniform(0, 18))
        due = submitted_at + datetime.timedelta(hours=360)
        rows.append(
            Case(
                reference=f"BK-{i:07d}",
                kind=kind.code,
                applicant_id=rng.choice(by_unit.get(unit_id) or all_people),
                unit_id=unit_id,
                title="批量事项",
                state=state,
                submitted_at=submitted_at,
                due_at=due,
                at_risk_at=submitted_at + datetime.timedelta(hours=360 * 0.8),
                finished_at=submitted_at + datetime.timedelta(days=rng.uniform(1, 20))
                if finished
                else None,
            )
        )
    Case.objects.bulk_create(rows, batch_size=2000)
    print(f"bulk-wrote {BULK:,} cases in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    one = Case.objects.order_by("?").values_list("pk", flat=True).first()
    checks = [
        ("pk fetch of one case (baseline)", lambda: Case.objects.get(pk=one)),
        (
            "overdue count, city",
            lambda: selectors.cases_overdue_in(city, admin).count(),
        ),
        (
            "overdue count, county (officer)",
            lambda: selectors.cases_overdue_in(county, officer).count(),
        ),
        ("at-risk count, city", lambda: selectors.cases_at_risk_in(city, admin).count()),
        ("tab counts, city (one query)", lambda: tab_counts(admin, city, timezone.now())),
        (
            "first 50 open cases by deadline, city",
            lambda: list(
                selectors.for_list(selectors.by_deadline(selectors.cases_open_in(city, admin)))[:50]
            ),
        ),
        (
            "first 50 overdue cases, county",
            lambda: list(
                selectors.for_list(
                    selectors.by_deadline(selectors.cases_overdue_in(county, officer))
                )[:50]
            ),
        ),
    ]
    # Pages render with the plain static storage: the bench does not run collectstatic.
    plain_static = override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    )
    plain_static.enable()
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    checks.append(("queue page /cases/ (city admin, rendered)", lambda: client.get("/cases/")))
    checks.append(
        (
            "queue page, overdue tab",
            lambda: client.get("/cases/", {"tab": "overdue"}),
        )
    )
    baseline = None
    print(f"{'':46} {'mean ms':>9} {'p95 ms':>9} {'x pk':>8} {'queries':>8}")
    for label, call in checks:
        call()  # warm
        mean, p95 = timed(call, REPEAT)
        baseline = baseline or mean
        print(
            f"{label:46} {mean:9.2f} {p95:9.2f} {mean / baseline:8.0f} {queries_per_call(call):8d}"
        )
    with connection.cursor() as cursor:
        explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        sql, params = selectors.cases_overdue_in(city, admin).values("pk").query.sql_with_params()
        cursor.execute(explain + sql, params)
        print("plan of the overdue list, city:")
        for row in cursor.fetchall():
            print("   ", row[-1])
    print(f"open cases: {Case.objects.open().count():,} of {Case.objects.count():,}")


if __name__ == "__main__":
    main()
