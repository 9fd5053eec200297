"""Importing a member roster (会员花名册) through the import pipeline into PostgreSQL, against
``COPY`` of the same rows.

    uv run python bench/bench_roster.py                   # 1,000,000 rows
    uv run python bench/bench_roster.py --rows 200000     # a shorter run

The roster (序号, 姓名, 身份证号, 性别, 民族, 手机号码, 文化程度, 户籍类型, 是否农民工, 入会时间)
is written once as csv (UTF-8 with BOM). A child process migrates a throwaway PostgreSQL
database (created and dropped here; ``--pg-url`` names the server) with one grassroots union
and:

1. imports the file through the real code path (``services.import_upload`` then
   ``services.import_run``, in-process): each row registers the worker and makes their
   membership (channel import, card number from the union's counter);
2. imports it again (every row unchanged);
3. copies the stored rows of both tables (workers and memberships, as stored: encrypted,
   derived) into empty copies of the two tables with their indexes, with ``COPY``: the
   baseline. The ratio is pipeline / COPY rows per second.

Figures only, never pass/fail (see bench/README.md). Reuses bench_import.py's roster maker.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_import import StageClock, _pg_database, make_roster

HEADERS = ["序号", "姓名", "身份证号", "性别", "民族", "手机号码", "文化程度", "户籍类型",
           "是否农民工", "入会时间"]  # fmt: skip


def write_csv(rows: int, folder: Path) -> Path:
    path = folder / "roster.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for n, (seq, name, number, phone, ethnic, edu, hukou, _employer) in enumerate(
            make_roster(rows)
        ):
            sex = "男" if int(number[16]) % 2 else "女"
            migrant = "是" if hukou == "农村" else "否"
            joined = f"20{10 + n % 15:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}"
            writer.writerow([seq, name, number, sex, ethnic, phone, edu, hukou, migrant, joined])
    return path


def _setup(media: Path) -> tuple[Any, Any]:
    from bench_tree import setup_django

    print(f"database: {setup_django()}", flush=True)
    from django.conf import settings

    settings.MEDIA_ROOT = media
    # A million rows are about 85 MB of csv: above the workspace's default upload limit.
    settings.IMPORT_MAX_UPLOAD_BYTES = 512 * 1024 * 1024
    from gonghui.core.choices import Role, UnitKind
    from gonghui.core.models import Grant, OrgUnit, User

    city = OrgUnit.objects.create(
        code="340800", name="安庆市总工会", kind=UnitKind.CITY, region_code="340800", path=""
    )
    OrgUnit.objects.filter(pk=city.pk).update(path=f"/{city.pk}/")
    city.refresh_from_db()
    union = OrgUnit.objects.create(
        code="340802001001", name="迎江机械厂工会", kind=UnitKind.GRASSROOTS, parent=city,
        region_code="340802", path="",
    )  # fmt: skip
    OrgUnit.objects.filter(pk=union.pk).update(path=f"{city.path}{union.pk}/")
    union.refresh_from_db()
    user = User.objects.create(username="bench")
    Grant.objects.create(user=user, unit=city, role=Role.FEDERATION_ADMIN)
    return user, union


def _import(user: Any, unit: Any, path: Path) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.imports import services

    clock = StageClock()
    started = time.perf_counter()
    with path.open("rb") as handle:
        upload = SimpleUploadedFile(path.name, handle.read())
    data_import = services.import_upload(
        by=user, unit=unit, spec="membership.roster", upload=upload
    )
    counts = services.import_run(data_import=data_import, by=user, progress=clock)
    finished = time.perf_counter()
    marks = [("upload", started), *clock.marks, ("end", finished)]
    phases = {marks[i][0]: marks[i + 1][1] - marks[i][1] for i in range(len(marks) - 1)}
    assert counts["errors"] == 0, counts
    return {"seconds": finished - started, "phases": phases, "counts": counts}


def _copy_baseline() -> tuple[float, int]:
    """COPY the stored workers and memberships into empty copies of both tables."""
    from django.db import connection, transaction

    from gonghui.membership.importers import _MEMBERSHIP_WRITE
    from gonghui.membership.models import Membership
    from gonghui.registry.importers import _PERSON_WRITE
    from gonghui.registry.models import Person

    tables = [
        (Person._meta.db_table, _PERSON_WRITE),
        (Membership._meta.db_table, _MEMBERSHIP_WRITE),
    ]
    data = []
    with connection.cursor() as cursor:
        for table, columns in tables:
            cursor.execute(f"SELECT {', '.join(columns)} FROM {table}")
            data.append(cursor.fetchall())
            cursor.execute(f"DROP TABLE IF EXISTS bench_raw_{table}")
            cursor.execute(f"CREATE TABLE bench_raw_{table} (LIKE {table} INCLUDING ALL)")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for (table, columns), rows in zip(tables, data, strict=True):
            with cursor.cursor.copy(
                f"COPY bench_raw_{table} ({', '.join(columns)}) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        for table, _columns in tables:
            cursor.execute(f"DROP TABLE bench_raw_{table}")
    return seconds, len(data[0])


def child(path: Path, media: Path) -> dict[str, Any]:
    user, unit = _setup(media)
    first = _import(user, unit, path)
    print(f"  import: {first['seconds']:.1f} s {first['counts']}", flush=True)
    # What autovacuum would do in production (it is off on the benchmark's server).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE registry_person")
        cursor.execute("ANALYZE membership_membership")
    again = _import(user, unit, path)
    print(f"  re-import: {again['seconds']:.1f} s", flush=True)
    copy_seconds, copy_rows = _copy_baseline()
    return {"import": first, "reimport": again, "copy_seconds": copy_seconds, "rows": copy_rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("file", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        with tempfile.TemporaryDirectory(prefix="gonghui-bench-media-") as media:
            result = child(Path(args.file), Path(media))
        Path(args.child).write_text(json.dumps(result))
        return
    with tempfile.TemporaryDirectory(prefix="gonghui-bench-roster-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        path = write_csv(args.rows, folder)
        print(f"wrote {args.rows:,} rows in {time.perf_counter() - started:.1f} s", flush=True)
        name = f"gh_bench_roster_{os.getpid()}"
        _pg_database(args.pg_url, name, create=True)
        try:
            env = {**os.environ, "DATABASE_URL": args.pg_url.rsplit("/", 1)[0] + f"/{name}"}
            out = folder / "result.json"
            command = [sys.executable, __file__, "--child", str(out), str(path)]
            subprocess.run(command, check=True, env=env)
            r = json.loads(out.read_text())
        finally:
            _pg_database(args.pg_url, name, create=False)
    rows = args.rows
    imp, again = r["import"], r["reimport"]
    copy_rate = r["rows"] / r["copy_seconds"]
    print()
    print(f"{rows:,} roster rows into PostgreSQL; rows/s (seconds)")
    print("| pipeline (worker + membership) | re-import | COPY of both tables | pipeline / COPY |")
    print("|---|---|---|---|")
    print(
        f"| {rows / imp['seconds']:,.0f} ({imp['seconds']:.1f}) "
        f"| {rows / again['seconds']:,.0f} ({again['seconds']:.1f}) "
        f"| {copy_rate:,.0f} ({r['copy_seconds']:.1f}) "
        f"| {rows / imp['seconds'] / copy_rate:.3f} |"
    )
    print("phases of the first import:", {k: round(v, 1) for k, v in imp["phases"].items()})


if __name__ == "__main__":
    main()
