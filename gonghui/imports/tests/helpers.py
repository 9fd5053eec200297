"""Building tables for the import tests, and running an import through its background job."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from gonghui.imports import services
from gonghui.imports.models import DataImport
from gonghui.utils.idcard import make_id_number

PERSON_HEADERS = ["姓名", "身份证号码", "手机号码", "民族", "学历"]


def id_number(n: int, region: str = "340802") -> str:
    return make_id_number(
        region, datetime.date(1980, 1, 1) + datetime.timedelta(days=n), n % 500, "male"
    )


def person_rows(count: int, start: int = 0) -> list[list[Any]]:
    return [
        [f"职工{n}", id_number(n), f"1380000{n:04d}", "汉族", "大学本科"]
        for n in range(start, start + count)
    ]


def xlsx_bytes(rows: Sequence[Sequence[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Sequence[Sequence[Any]], encoding: str = "utf-8") -> bytes:
    text = "\r\n".join(",".join("" if v is None else str(v) for v in row) for row in rows)
    return text.encode(encoding)


def upload(data: bytes, name: str = "roster.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def run_import(
    capture: Any,
    *,
    by: Any,
    unit: Any,
    data: bytes,
    name: str = "roster.xlsx",
    spec: str = "registry.persons",
) -> DataImport:
    """Upload, start and run an import as the workspace does (the job runs on commit)."""
    data_import = services.import_upload(by=by, unit=unit, spec=spec, upload=upload(data, name))
    with capture(execute=True):
        services.import_start(by=by, data_import=data_import)
    data_import.refresh_from_db()
    return data_import


def resume(capture: Any, *, by: Any, data_import: DataImport) -> DataImport:
    with capture(execute=True):
        services.import_resume(by=by, data_import=data_import)
    data_import.refresh_from_db()
    return data_import
