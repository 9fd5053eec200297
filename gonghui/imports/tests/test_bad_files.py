"""Bad uploads get a clear Chinese message and store nothing: no record, no file."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from gonghui.core.models import AuditLog
from gonghui.imports import services
from gonghui.imports.models import DataImport
from gonghui.imports.tests.helpers import (
    PERSON_HEADERS,
    csv_bytes,
    person_rows,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


def _refused(user, unit, data: bytes, name: str = "roster.xlsx") -> str:
    audit = AuditLog.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.import_upload(
            by=user, unit=unit, spec="registry.persons", upload=upload(data, name)
        )
    assert DataImport.objects.count() == 0
    assert AuditLog.objects.count() == audit
    stored = Path(settings.MEDIA_ROOT) / "imports"
    assert not stored.exists() or not any(stored.iterdir())
    return "；".join(exc.value.messages)


def test_a_password_protected_workbook(tree, city_admin) -> None:
    data = (DATA / "password.xlsx").read_bytes()  # encrypted by Excel's agile encryption
    message = _refused(city_admin, tree.city, data)
    assert message == "文件设置了密码，请取消密码后重新上传。"


def test_a_broken_workbook(tree, city_admin) -> None:
    good = xlsx_bytes([PERSON_HEADERS, *person_rows(3)])
    message = _refused(city_admin, tree.city, good[: len(good) // 2])
    assert message.startswith("无法读取文件")


def test_a_zip_that_is_not_a_workbook(tree, city_admin) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    assert _refused(city_admin, tree.city, buffer.getvalue()).startswith("无法读取文件")


def test_binary_garbage_named_csv(tree, city_admin) -> None:
    message = _refused(city_admin, tree.city, bytes(range(256)) * 4, "roster.csv")
    assert message.startswith("无法读取文件")


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"", "roster.csv"),
        (b"\r\n\r\n", "roster.csv"),
        (xlsx_bytes([]), "roster.xlsx"),
        (xlsx_bytes([PERSON_HEADERS]), "roster.xlsx"),
        (csv_bytes([PERSON_HEADERS]), "roster.csv"),
    ],
)
def test_an_empty_file_or_headers_without_rows(tree, city_admin, data, name) -> None:
    assert _refused(city_admin, tree.city, data, name).startswith("文件中没有数据")


def test_an_oversized_file(tree, city_admin, settings) -> None:
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024 * 1024
    data = csv_bytes([PERSON_HEADERS, *person_rows(25_000)])
    assert len(data) > 1024 * 1024
    message = _refused(city_admin, tree.city, data, "roster.csv")
    assert message.startswith("文件大小为") and "最大为1MB" in message


def test_a_file_of_another_kind(tree, city_admin) -> None:
    message = _refused(city_admin, tree.city, b"%PDF-1.4", "roster.pdf")
    assert "不支持“.pdf”" in message


def test_the_upload_limit_comes_from_the_environment(monkeypatch) -> None:
    import importlib

    import gonghui.settings as project_settings

    monkeypatch.setenv("GONGHUI_IMPORT_MAX_MB", "5")
    try:
        assert importlib.reload(project_settings).IMPORT_MAX_UPLOAD_BYTES == 5 * 1024 * 1024
    finally:
        monkeypatch.delenv("GONGHUI_IMPORT_MAX_MB")
        importlib.reload(project_settings)
    assert project_settings.IMPORT_MAX_UPLOAD_BYTES == 50 * 1024 * 1024


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_csv_in_the_encodings_excel_writes(tree, city_admin, encoding) -> None:
    data = csv_bytes([PERSON_HEADERS, *person_rows(2)], encoding)
    data_import = services.import_upload(
        by=city_admin, unit=tree.city, spec="registry.persons", upload=upload(data, "r.csv")
    )
    assert data_import.headers == PERSON_HEADERS
    assert data_import.preview[0][0] == "职工0"
    assert data_import.total_rows == 2 and data_import.file_format == "csv"


def test_a_title_above_the_headers_and_blank_rows_are_skipped(tree, city_admin) -> None:
    rows = [["2024年职工花名册"], [], PERSON_HEADERS, *person_rows(2), [], [None] * 5]
    data_import = services.import_upload(
        by=city_admin, unit=tree.city, spec="registry.persons", upload=upload(xlsx_bytes(rows))
    )
    assert data_import.header_row == 3
    assert data_import.total_rows == 2
    assert data_import.mapping == ["name", "id_number", "phone", "ethnicity", "education"]
