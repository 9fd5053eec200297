"""Importing a roster of workers through the import pipeline, against a raw bulk insert.

    uv run python bench/bench_import.py                  # 200,000 rows, SQLite and PostgreSQL
    uv run python bench/bench_import.py --rows 20000     # a quick run
    uv run python bench/bench_import.py --databases sqlite

The roster (name, ID number, phone, ethnicity, education, household registration, employer)
is written once as xlsx (openpyxl, write-only) and as csv (UTF-8 with BOM, as Excel saves it).
For each database (a temporary SQLite file; a throwaway PostgreSQL database created and
dropped here, ``--pg-url`` names the server) a child process migrates an empty database and,
for each format:

1. imports the file through the real code path: ``services.import_upload`` (read the file,
   find the headers, guess the mapping) then ``services.import_run`` (check every row, write
   the chunks), in-process rather than through the job queue;
2. imports the same file again (every row unchanged);
3. inserts the same rows, as they were stored (encrypted, derived), into an empty copy of the
   workers' table with the same indexes: ``executemany`` in one transaction on SQLite,
   ``COPY`` on PostgreSQL. That is the baseline; the ratio is pipeline / raw rows per second.

Figures only, never pass/fail. See bench/README.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HEADERS = ["序号", "姓名", "身份证号码", "手机号码", "民族", "学历", "户籍类型", "工作单位"]
EMPLOYERS = 200
SEED = 2024


def make_roster(rows: int) -> list[list[Any]]:
    """Valid, distinct workers, made with the demo's helpers (as gonghui/demo/people.py)."""
    from gonghui.demo import names
    from gonghui.utils.idcard import make_id_number
    from gonghui.utils.phone import make_mobile

    rng = random.Random(SEED)
    surnames = [s for s, _ in names.SURNAMES]
    weights = [w for _, w in names.SURNAMES]
    counties = ["340802", "340803", "340811", "340822", "340825", "340826", "340827", "340828"]
    education = ["大学本科", "大专", "高中", "初中", "研究生", ""]
    seen: set[str] = set()
    roster = []
    while len(roster) < rows:
        male = rng.random() < 0.55
        birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(46 * 365))
        number = make_id_number(
            rng.choice(counties), birth, rng.randrange(500), "male" if male else "female"
        )
        if number in seen:
            continue
        seen.add(number)
        own = names.GIVEN_MALE if male else names.GIVEN_FEMALE
        given = rng.choice(own) if rng.random() < 0.25 else rng.choice(own) + rng.choice(own)
        name = rng.choices(surnames, weights)[0] + given
        roster.append(
            [
                len(roster) + 1, name, number, make_mobile(len(roster) * 7 + 3),
                "汉族" if rng.random() < 0.98 else "回族", rng.choice(education),
                rng.choice(["城镇", "农村"]), f"安庆测试企业{rng.randrange(EMPLOYERS)}有限公司",
            ]
        )  # fmt: skip
    return roster


def write_files(rows: int, folder: Path) -> tuple[Path, Path]:
    from openpyxl import Workbook

    roster = make_roster(rows)
    xlsx = folder / "roster.xlsx"
    book = Workbook(write_only=True)
    sheet = book.create_sheet("职工花名册")
    sheet.append(HEADERS)
    for row in roster:
        sheet.append(row)
    book.save(xlsx)
    csv_path = folder / "roster.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(roster)
    return xlsx, csv_path


# ---------------------------------------------------------------------------------------------
# The child: one database


class StageClock:
    """A progress handle that notes when each stage of the run starts."""

    def __init__(self) -> None:
        self.marks: list[tuple[str, float]] = []

    def stage(self, label: Any, total: int | None = None) -> None:
        self.marks.append((str(label), time.perf_counter()))

    def advance(self, count: int = 1) -> None:
        pass

    def log(self, message: Any, level: str = "info") -> None:
        pass

    def check_cancelled(self) -> None:
        pass


def _setup(folder: Path) -> tuple[Any, Any]:
    from bench_tree import setup_django

    print(f"database: {setup_django()}", flush=True)
    from django.conf import settings

    settings.MEDIA_ROOT = folder / "media"
    from gonghui.core.choices import Role, UnitKind
    from gonghui.core.models import Grant, OrgUnit, User
    from gonghui.registry.models import Enterprise
    from gonghui.utils.credit_code import make_credit_code

    city = OrgUnit.objects.create(
        code="340800", name="安庆市总工会", kind=UnitKind.CITY, region_code="340800", path=""
    )
    OrgUnit.objects.filter(pk=city.pk).update(path=f"/{city.pk}/")
    city.refresh_from_db()
    user = User.objects.create(username="bench")
    Grant.objects.create(user=user, unit=city, role=Role.FEDERATION_ADMIN)
    employers = []
    for n in range(EMPLOYERS):
        employer = Enterprise(
            unit=city, name=f"安庆测试企业{n}有限公司",
            credit_code=make_credit_code("340802", n + 1), region_code="340802",
        )  # fmt: skip
        employer.refresh_derived_fields()
        employers.append(employer)
    Enterprise.objects.bulk_create(employers)
    return user, city


def _import(user: Any, unit: Any, path: Path) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.imports import services

    clock = StageClock()
    started = time.perf_counter()
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    data_import = services.import_upload(by=user, unit=unit, spec="registry.persons", upload=upload)
    uploaded = time.perf_counter()
    counts = services.import_run(data_import=data_import, by=user, progress=clock)
    finished = time.perf_counter()
    marks = [("upload", started), *clock.marks, ("end", finished)]
    phases = {marks[i][0]: marks[i + 1][1] - marks[i][1] for i in range(len(marks) - 1)}
    assert counts["errors"] == 0, counts
    return {
        "seconds": finished - started,
        "upload": uploaded - started,
        "phases": phases,
        "counts": counts,
    }


def _raw_insert() -> tuple[float, int]:
    """The stored rows inserted again into an empty copy of the table, with its indexes."""
    from django.db import connection, transaction

    from gonghui.registry.importers import _PERSON_WRITE
    from gonghui.registry.models import Person

    table = Person._meta.db_table
    columns = ", ".join(_PERSON_WRITE)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table}")
        rows = cursor.fetchall()
        if connection.vendor == "postgresql":
            cursor.execute("DROP TABLE IF EXISTS bench_raw")
            cursor.execute(f"CREATE TABLE bench_raw (LIKE {table} INCLUDING ALL)")
        else:
            cursor.execute("DROP TABLE IF EXISTS bench_raw")
            cursor.execute("SELECT sql FROM sqlite_master WHERE tbl_name = %s", [table])
            for (sql,) in cursor.fetchall():
                if not sql:
                    continue
                sql = sql.replace(f'"{table}"', '"bench_raw"')
                sql = sql.replace('INDEX "', 'INDEX "bench_raw_')
                cursor.execute(sql)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY bench_raw ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(_PERSON_WRITE))
            cursor.executemany(f"INSERT INTO bench_raw ({columns}) VALUES ({marks})", rows)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_raw")
    return seconds, len(rows)


def _empty_persons() -> None:
    from django.db import connection

    from gonghui.registry.models import Person

    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Person._meta.db_table}")
        if connection.vendor == "postgresql":
            cursor.execute(f"VACUUM ANALYZE {Person._meta.db_table}")


def child(files: list[Path], folder: Path) -> dict[str, Any]:
    user, unit = _setup(folder)
    from django.db import connection

    results: dict[str, Any] = {"vendor": connection.vendor}
    for path in files:
        _empty_persons()
        first = _import(user, unit, path)
        print(f"  {path.suffix[1:]} import: {first['seconds']:.1f} s", flush=True)
        again = _import(user, unit, path)
        print(f"  {path.suffix[1:]} re-import: {again['seconds']:.1f} s", flush=True)
        raw_seconds, raw_rows = _raw_insert()
        results[path.suffix[1:]] = {
            "import": first, "reimport": again, "raw_seconds": raw_seconds, "raw_rows": raw_rows,
        }  # fmt: skip
    return results


# ---------------------------------------------------------------------------------------------
# The parent: files, databases, report


def _run_child(files: list[Path], folder: Path, env: dict[str, str]) -> dict[str, Any]:
    out = folder / f"result-{len(os.listdir(folder))}.json"
    command = [sys.executable, __file__, "--child", str(out), *map(str, files)]
    subprocess.run(command, check=True, env=env)
    return dict(json.loads(out.read_text()))


def _pg_database(url: str, name: str, *, create: bool) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if create:
            connection.execute(f'CREATE DATABASE "{name}"')


def report(rows: int, results: dict[str, dict[str, Any]]) -> str:
    lines = [
        f"{rows:,} workers; rows/s (seconds)",
        "",
        "| database | file | pipeline | upload+read | check | write | re-import | raw insert "
        "| pipeline / raw |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for database, result in results.items():
        for fmt in ("xlsx", "csv"):
            if fmt not in result:
                continue
            r = result[fmt]
            imp, again = r["import"], r["reimport"]
            phases = imp["phases"]
            check = next((v for k, v in phases.items() if k in ("Checking rows", "校验数据")), 0)
            write = next((v for k, v in phases.items() if k in ("Writing rows", "写入数据")), 0)
            raw = r["raw_rows"] / r["raw_seconds"]
            pipeline = rows / imp["seconds"]
            lines.append(
                f"| {database} | {fmt} | {pipeline:,.0f} ({imp['seconds']:.1f}) "
                f"| {imp['upload']:.1f} s | {check:.1f} s | {write:.1f} s "
                f"| {rows / again['seconds']:,.0f} ({again['seconds']:.1f}) "
                f"| {raw:,.0f} ({r['raw_seconds']:.2f}) | {pipeline / raw:.2f} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        with tempfile.TemporaryDirectory(prefix="gonghui-bench-media-") as media:
            result = child([Path(f) for f in args.files], Path(media))
        Path(args.child).write_text(json.dumps(result))
        return

    with tempfile.TemporaryDirectory(prefix="gonghui-bench-import-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        xlsx, csv_path = write_files(args.rows, folder)
        print(
            f"wrote {args.rows:,} rows as xlsx ({xlsx.stat().st_size / 1e6:.1f} MB) and csv "
            f"({csv_path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        results: dict[str, dict[str, Any]] = {}
        base_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        for database in args.databases.split(","):
            if database == "sqlite":
                results["SQLite"] = _run_child([xlsx, csv_path], folder, base_env)
            elif database == "postgres":
                name = f"gh_bench_import_{os.getpid()}"
                _pg_database(args.pg_url, name, create=True)
                try:
                    url = args.pg_url.rsplit("/", 1)[0] + f"/{name}"
                    env = {**base_env, "DATABASE_URL": url}
                    results["PostgreSQL"] = _run_child([xlsx, csv_path], folder, env)
                finally:
                    _pg_database(args.pg_url, name, create=False)
        print()
        print(report(args.rows, results))


if __name__ == "__main__":
    main()
