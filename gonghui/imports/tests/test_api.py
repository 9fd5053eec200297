"""API of imports: upload and start, status, errors, specs; scoped like every endpoint."""

from __future__ import annotations

import io
import json

import pytest
from python_calamine import CalamineWorkbook

from gonghui.core.models import AuditLog
from gonghui.core.tests.api_client import client_for, refused
from gonghui.imports.choices import ImportStatus
from gonghui.imports.models import DataImport
from gonghui.imports.tests.helpers import (
    PERSON_HEADERS,
    person_rows,
    run_import,
    upload,
    xlsx_bytes,
)
from gonghui.registry.models import Person

pytestmark = [pytest.mark.django_db, pytest.mark.access("imports.DataImport")]

URL = "/api/v1/imports/"
SPECS = "/api/v1/import-specs/"


def _post(client, unit, rows, capture, **extra):
    data = {"spec": "registry.persons", "unit": unit.pk, "file": upload(xlsx_bytes(rows)), **extra}
    with capture(execute=True):
        return client.post(URL, data, format="multipart")


def test_upload_starts_the_import_at_once(
    tree, county_officer, django_capture_on_commit_callbacks
) -> None:
    client = client_for(county_officer)
    response = _post(
        client, tree.grassroots_a, [PERSON_HEADERS, *person_rows(4)],
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == ImportStatus.QUEUED and body["total_rows"] == 4
    assert body["columns"][1] == {"column": 2, "header": "身份证号码", "field": "id_number"}
    detail = client.get(f"{URL}{body['id']}/").json()
    assert detail["status"] == ImportStatus.SUCCEEDED
    assert (detail["created_count"], detail["error_rows"]) == (4, 0)
    assert detail["progress"]["job_status"] == "succeeded"
    assert Person.objects.filter(unit=tree.grassroots_a).count() == 4


def test_an_incomplete_mapping_is_refused_and_stores_nothing(
    tree, county_officer, django_capture_on_commit_callbacks
) -> None:
    client = client_for(county_officer)
    audit = AuditLog.objects.count()
    response = _post(
        client, tree.grassroots_a, [["姓名", "手机"], ["张三", "13800138000"]],
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json() == {"mapping": ["缺少必填列：公民身份号码。"]}
    assert DataImport.objects.count() == 0 and AuditLog.objects.count() == audit


def test_a_mapping_given_as_json(tree, county_officer, django_capture_on_commit_callbacks) -> None:
    rows = [["名", "号", "其他"], *[[r[0], r[1], "x"] for r in person_rows(2)]]
    response = _post(
        client_for(county_officer), tree.grassroots_a, rows, django_capture_on_commit_callbacks,
        mapping=json.dumps({"名": "name", "号": "id_number"}),
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    assert [c["field"] for c in response.json()["columns"]] == ["name", "id_number", ""]
    assert Person.objects.count() == 2


def test_a_bad_file_gets_the_chinese_message(
    tree, county_officer, django_capture_on_commit_callbacks
) -> None:
    client = client_for(county_officer)
    data = {"spec": "registry.persons", "unit": tree.grassroots_a.pk, "file": upload(b"")}
    response = client.post(URL, data, format="multipart")
    assert response.status_code == 400
    assert DataImport.objects.count() == 0


def test_writes_are_refused_outside_the_scope(
    tree, county_officer, auditor, outsider, django_capture_on_commit_callbacks
) -> None:
    rows = [PERSON_HEADERS, *person_rows(1)]
    capture = django_capture_on_commit_callbacks
    response = _post(client_for(county_officer), tree.grassroots_b, rows, capture)
    assert response.status_code == 400 and "unit" in response.json()
    assert refused(_post(client_for(auditor), tree.city, rows, capture).status_code)
    assert _post(client_for(outsider), tree.city, rows, capture).status_code == 403
    assert _post(client_for(), tree.city, rows, capture).status_code == 401
    assert DataImport.objects.count() == 0 and Person.objects.count() == 0


def test_lists_and_records_are_scoped(
    tree, county_officer, grassroots_officer, city_admin, auditor, outsider,
    django_capture_on_commit_callbacks,
) -> None:  # fmt: skip
    capture = django_capture_on_commit_callbacks
    rows = xlsx_bytes([PERSON_HEADERS, *person_rows(1)])
    a = run_import(capture, by=county_officer, unit=tree.grassroots_a, data=rows)
    b = run_import(capture, by=grassroots_officer, unit=tree.grassroots_b,
                   data=xlsx_bytes([PERSON_HEADERS, *person_rows(1, start=5)]))  # fmt: skip
    for user, expected in (
        (city_admin, {a.pk, b.pk}),
        (auditor, {a.pk, b.pk}),
        (county_officer, {a.pk}),
        (grassroots_officer, {b.pk}),
    ):
        body = client_for(user).get(URL).json()
        assert {item["id"] for item in body["results"]} == expected
    assert client_for(county_officer).get(f"{URL}{b.pk}/").status_code == 404
    assert client_for(outsider).get(URL).status_code == 403
    assert client_for().get(URL).status_code == 401


def test_the_rows_with_errors(
    tree, county_officer, auditor, grassroots_officer, django_capture_on_commit_callbacks
) -> None:
    rows = [PERSON_HEADERS, *person_rows(1), ["无号", "", "", "", ""]]
    data_import = run_import(
        django_capture_on_commit_callbacks, by=county_officer, unit=tree.grassroots_a,
        data=xlsx_bytes(rows),
    )  # fmt: skip
    url = f"{URL}{data_import.pk}/errors/"
    client = client_for(county_officer)
    response = client.get(url)
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    assert list(book.get_sheet_by_index(0).iter_rows())[1][-1] == "身份证号码：不能为空"
    body = client.get(url, {"format": "json"}).json()
    assert body == [
        {
            "row": 3,
            "reason": "身份证号码：不能为空",
            "values": {"姓名": "无号", "身份证号码": "", "手机号码": "", "民族": "", "学历": ""},
        }
    ]
    assert client_for(auditor).get(url).status_code == 403
    assert client_for(grassroots_officer).get(url).status_code == 404
    assert client_for().get(url).status_code == 401


def test_the_kinds_of_import(tree, auditor, outsider) -> None:
    body = client_for(auditor).get(SPECS).json()
    persons = next(spec for spec in body if spec["code"] == "registry.persons")
    assert persons["label"] == "职工"
    id_column = next(c for c in persons["columns"] if c["field"] == "id_number")
    assert id_column["header"] == "公民身份号码" and id_column["required"]
    assert "身份证号" in id_column["synonyms"]
    assert {spec["code"] for spec in body} >= {"registry.persons", "registry.enterprises"}
    assert client_for(outsider).get(SPECS).status_code == 403
    assert client_for().get(SPECS).status_code == 401


def test_the_list_does_not_query_per_import(
    tree, county_officer, django_assert_max_num_queries
) -> None:
    from gonghui.imports import services

    for _ in range(6):
        services.import_upload(
            by=county_officer, unit=tree.grassroots_a, spec="registry.persons",
            upload=upload(xlsx_bytes([PERSON_HEADERS, *person_rows(1)])),
        )  # fmt: skip
    client = client_for(county_officer)
    with django_assert_max_num_queries(8):
        body = client.get(URL).json()
    assert body["count"] == 6
