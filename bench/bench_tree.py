"""The union tree at scale: subtree, ancestors and moves over 50,000 units (figures only).

    uv run python bench/bench_tree.py                     # a temporary SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_bench uv run python bench/bench_tree.py

The database must have no units (createdb a fresh one for PostgreSQL). It builds a five-level
tree (1 city → 20 counties → 10 townships each → 25 grassroots unions each → 9 groups each,
50,221 units) with bulk inserts, then times, per level: ``OrgUnit.objects.subtree(unit)``
and ``OrgUnit.objects.ancestors(unit)`` materialised, and ``unit_move`` of subtrees. The
baseline is a primary-key fetch of one unit in the same run. See bench/README.md.
"""

from __future__ import annotations

import atexit
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

FANOUT = (20, 10, 25, 9)
SEED = 2260


def setup_django() -> str:
    """Settings from the environment like the app; without DATABASE_URL a temporary SQLite."""
    if not os.environ.get("DATABASE_URL"):
        folder = tempfile.mkdtemp(prefix="gonghui-bench-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        os.environ["GONGHUI_DATA_DIR"] = folder
    from cryptography.fernet import Fernet

    os.environ.setdefault("GONGHUI_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("GONGHUI_FIELD_KEY", Fernet.generate_key().decode())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    return f"{connection.vendor} {connection.settings_dict['NAME']}"


def timed(call: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(mean, p95) wall time of ``call`` in milliseconds."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.fmean(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


def queries_per_call(call: Callable[[], object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def build_tree() -> tuple[float, int]:
    from gonghui.core.choices import UnitKind
    from gonghui.core.models import OrgUnit
    from gonghui.demo.config import UnitSpec
    from gonghui.demo.writer import insert_units, reset_sequences

    kinds = (UnitKind.CITY, UnitKind.COUNTY, UnitKind.TOWNSHIP, UnitKind.GRASSROOTS,
             UnitKind.GRASSROOTS)  # fmt: skip
    specs = [UnitSpec("B", "基准市总工会", "", kinds[0], None, "340800")]
    level = [0]
    for depth, fanout in enumerate(FANOUT, start=1):
        next_level = []
        for parent in level:
            for n in range(1, fanout + 1):
                code = f"{specs[parent].code}.{n}"
                specs.append(UnitSpec(code, f"基准工会{code}", "", kinds[depth], parent, "340802"))
                next_level.append(len(specs) - 1)
        level = next_level
    started = time.perf_counter()
    insert_units(specs)
    reset_sequences([OrgUnit])
    return time.perf_counter() - started, len(specs)


def main() -> None:
    database = setup_django()
    from django.db import connection

    from gonghui.core.choices import Role
    from gonghui.core.models import Grant, OrgUnit, User
    from gonghui.core.services import unit_move

    if OrgUnit.objects.exists():
        sys.exit("bench_tree: the database already has units; point DATABASE_URL at an empty one")
    seconds, count = build_tree()
    print(f"database: {database}")
    print(f"built {count:,} units in {seconds:.1f} s ({count / seconds:,.0f} units/s, bulk insert)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE core_orgunit")

    rng = random.Random(SEED)
    by_depth: dict[int, list[OrgUnit]] = {}
    for depth in range(len(FANOUT) + 1):
        ids = list(OrgUnit.objects.filter(depth=depth).values_list("pk", flat=True))
        chosen = rng.sample(ids, min(30, len(ids)))
        by_depth[depth] = list(OrgUnit.objects.filter(pk__in=chosen))

    all_ids = list(OrgUnit.objects.values_list("pk", flat=True))
    picks = iter(rng.choices(all_ids, k=5000))
    mean, p95 = timed(lambda: OrgUnit.objects.get(pk=next(picks)), 2000)
    baseline = mean
    print(f"\nbaseline: primary-key fetch of one unit  mean {mean * 1000:.0f} µs  p95 "
          f"{p95 * 1000:.0f} µs  queries 1")  # fmt: skip

    print("\nquery      depth  units/result  mean ms  p95 ms  × pk fetch  queries/call")
    queries: list[tuple[str, Callable[[OrgUnit], list[OrgUnit]]]] = [
        ("subtree", lambda u: list(OrgUnit.objects.subtree(u))),
        ("ancestors", lambda u: list(OrgUnit.objects.ancestors(u))),
    ]
    for name, query in queries:
        for depth, units in by_depth.items():
            cycle = iter(units * 1000)
            rows = statistics.fmean(len(query(u)) for u in units)
            repeat = 5 if name != "ancestors" and depth == 0 else 20 if depth == 1 else 150
            mean, p95 = timed(lambda: query(next(cycle)), repeat)  # noqa: B023
            calls = queries_per_call(lambda: query(units[0]))  # noqa: B023
            print(f"{name:<10} {depth:>5}  {rows:>12,.0f}  {mean:>7.2f}  {p95:>6.2f}  "
                  f"{mean / baseline:>10.1f}  {calls:>12}")  # fmt: skip

    admin = User.objects.create_user("bench_admin", password=secrets.token_urlsafe(16))
    Grant.objects.create(user=admin, unit=by_depth[0][0], role=Role.FEDERATION_ADMIN)
    print("\nunit_move (service: row locks, one UPDATE of the subtree's paths, an audit row)")
    print("moved depth  units moved  mean ms  × pk fetch  queries/call")
    for depth, moves in ((3, 20), (2, 10), (1, 3)):
        samples, sizes = [], []
        for unit in by_depth[depth][: moves + 1]:
            unit.refresh_from_db()
            # Under another unit of the parent's level (a county: under another county).
            level = max(unit.depth - 1, 1)
            targets = OrgUnit.objects.filter(depth=level).exclude(pk__in=[unit.parent_id, unit.pk])
            target = targets.exclude(path__startswith=unit.path).order_by("?").first()
            assert target is not None
            sizes.append(OrgUnit.objects.subtree(unit).count())
            if len(samples) == moves:  # one more, to count its queries
                calls = queries_per_call(lambda: unit_move(by=admin, unit=unit, new_parent=target))  # noqa: B023
                break
            started = time.perf_counter()
            unit_move(by=admin, unit=unit, new_parent=target)
            samples.append((time.perf_counter() - started) * 1000)
        mean = statistics.fmean(samples)
        print(f"{depth:>11}  {statistics.fmean(sizes):>11,.0f}  {mean:>7.1f}  "
              f"{mean / baseline:>10.0f}  {calls:>12}")  # fmt: skip


if __name__ == "__main__":
    main()
