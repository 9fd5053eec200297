"""Workspace pages of imports: who sees what, upload, mapping, start, progress, downloads."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gonghui.core.models import AuditLog
from gonghui.imports import services
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

LIST = reverse("imports:list")
CREATE = reverse("imports:create")


def _upload(user, unit, rows=None) -> DataImport:
    rows = rows if rows is not None else [PERSON_HEADERS, *person_rows(3)]
    return services.import_upload(
        by=user, unit=unit, spec="registry.persons", upload=upload(xlsx_bytes(rows))
    )


@pytest.fixture
def imports(tree, county_officer, grassroots_officer):
    return {
        "a": _upload(county_officer, tree.grassroots_a),
        "b": _upload(grassroots_officer, tree.grassroots_b),
    }


def test_the_list_shows_what_the_grants_cover(
    client, imports, city_admin, county_officer, grassroots_officer, auditor
) -> None:
    for user, expected in (
        (city_admin, {"a", "b"}),
        (auditor, {"a", "b"}),
        (county_officer, {"a"}),
        (grassroots_officer, {"b"}),
    ):
        client.force_login(user)
        response = client.get(LIST)
        assert response.status_code == 200
        shown = {item.pk for item in response.context["imports"]}
        assert shown == {imports[key].pk for key in expected}, user


def test_pages_refuse_anonymous_users_and_outsiders(client, imports, outsider) -> None:
    pk = imports["a"].pk
    pages = [
        LIST, CREATE, reverse("imports:detail", args=[pk]), reverse("imports:status", args=[pk]),
        reverse("imports:mapping", args=[pk]), reverse("imports:errors", args=[pk]),
        reverse("imports:template", args=["registry.persons"]),
    ]  # fmt: skip
    for page in pages:
        response = client.get(page)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), page
    client.force_login(outsider)
    for page in pages:
        assert client.get(page).status_code == 403, page
    assert client.post(reverse("imports:resume", args=[pk])).status_code == 403


def test_an_import_outside_the_scope_is_not_found(client, imports, county_officer) -> None:
    client.force_login(county_officer)
    pk = imports["b"].pk
    for name in ("detail", "status", "mapping", "errors"):
        assert client.get(reverse(f"imports:{name}", args=[pk])).status_code == 404, name
    assert client.post(reverse("imports:resume", args=[pk])).status_code == 404


def test_an_auditor_sees_the_counts_but_cannot_import(client, imports, auditor) -> None:
    client.force_login(auditor)
    assert client.get(CREATE).status_code == 403
    count = DataImport.objects.count()
    data = xlsx_bytes([PERSON_HEADERS, *person_rows(1)])
    response = client.post(CREATE, {"spec": "registry.persons", "file": upload(data)})
    assert response.status_code == 403 and DataImport.objects.count() == count
    pk = imports["a"].pk
    assert client.get(reverse("imports:detail", args=[pk])).status_code == 200
    assert client.get(reverse("imports:mapping", args=[pk])).status_code == 403
    assert client.post(reverse("imports:mapping", args=[pk]), {"start": "1"}).status_code == 403
    assert DataImport.objects.get(pk=pk).status == ImportStatus.UPLOADED


def test_upload_then_mapping_then_start(
    client, tree, county_officer, django_capture_on_commit_callbacks
) -> None:
    client.force_login(county_officer)
    page = client.get(CREATE).content.decode()
    assert reverse("imports:template", args=["registry.persons"]) in page
    rows = [["序号", "职工姓名", "证件号码", "备注"], *[[i, *r[:2], ""] for i, r in
                                                        enumerate(person_rows(3))]]  # fmt: skip
    response = client.post(CREATE, {"spec": "registry.persons", "file": upload(xlsx_bytes(rows))})
    data_import = DataImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("imports:mapping", args=[data_import.pk])
    assert data_import.unit == tree.county_a  # the unit picked in the workspace
    assert (
        data_import.source.name.startswith("imports/") and "roster" not in data_import.source.name
    )

    mapping_url = reverse("imports:mapping", args=[data_import.pk])
    page = client.get(mapping_url).content.decode()
    assert "职工0" in page  # the uploader sees the first rows
    assert "不导入的列" in page and "序号" in page

    # Removing the ID number column leaves the mapping incomplete: refused, nothing started.
    fields = {"column_0": "", "column_1": "name", "column_2": "", "column_3": "", "start": "1"}
    response = client.post(mapping_url, fields)
    assert response.status_code == 400
    assert "缺少必填列：公民身份号码。" in response.content.decode()
    assert DataImport.objects.get().status == ImportStatus.UPLOADED

    fields["column_2"] = "id_number"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(mapping_url, fields)
    assert response.status_code == 302
    assert response.url == reverse("imports:detail", args=[data_import.pk])
    assert Person.objects.filter(unit=tree.county_a).count() == 3
    page = client.get(response.url).content.decode()
    assert "已完成" in page and "every 1500ms" not in page


def test_a_bad_upload_is_answered_on_the_form(client, tree, county_officer) -> None:
    client.force_login(county_officer)
    audit = AuditLog.objects.count()
    response = client.post(CREATE, {"spec": "registry.persons", "file": upload(b"PK\x03\x04junk")})
    assert response.status_code == 400
    assert "无法读取文件" in response.content.decode()
    assert DataImport.objects.count() == 0 and AuditLog.objects.count() == audit


def test_the_status_fragment_polls_while_the_import_runs(client, imports, county_officer) -> None:
    data_import = imports["a"]
    DataImport.objects.filter(pk=data_import.pk).update(status=ImportStatus.RUNNING)
    client.force_login(county_officer)
    fragment = client.get(reverse("imports:status", args=[data_import.pk])).content.decode()
    assert 'hx-trigger="every 1500ms"' in fragment and "运行中" in fragment


def test_the_error_workbook_is_for_the_uploader_and_those_who_may_reveal(
    client, tree, county_officer, city_admin, auditor, django_capture_on_commit_callbacks
) -> None:
    rows = [PERSON_HEADERS, *person_rows(2), ["坏", "1", "", "", ""]]
    data_import = run_import(
        django_capture_on_commit_callbacks, by=county_officer, unit=tree.grassroots_a,
        data=xlsx_bytes(rows),
    )  # fmt: skip
    url = reverse("imports:errors", args=[data_import.pk])
    for user in (county_officer, city_admin):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
        sheet = list(book.get_sheet_by_index(0).iter_rows())
        assert sheet[1][:2] == [4.0, "坏"]
    client.force_login(auditor)
    assert client.get(url).status_code == 403
    assert (
        "下载错误行"
        not in client.get(reverse("imports:detail", args=[data_import.pk])).content.decode()
    )


def test_a_failed_import_is_resumed_from_its_page(
    client, imports, county_officer, auditor, django_capture_on_commit_callbacks
) -> None:
    data_import = imports["a"]
    DataImport.objects.filter(pk=data_import.pk).update(status=ImportStatus.FAILED, failure="中断")
    url = reverse("imports:resume", args=[data_import.pk])
    client.force_login(auditor)
    assert client.post(url).status_code == 403
    assert DataImport.objects.get(pk=data_import.pk).status == ImportStatus.FAILED
    client.force_login(county_officer)
    assert (
        "继续导入" in client.get(reverse("imports:detail", args=[data_import.pk])).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert DataImport.objects.get(pk=data_import.pk).status == ImportStatus.SUCCEEDED
    assert Person.objects.count() == 3


def test_the_template_workbook(client, tree, grassroots_officer) -> None:
    client.force_login(grassroots_officer)
    response = client.get(reverse("imports:template", args=["registry.persons"]))
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    headers, example = list(book.get_sheet_by_index(0).iter_rows())[:2]
    assert headers[:3] == ["姓名*", "公民身份号码*", "手机号码"]
    assert example[1] == "34080219850101001X"
    assert client.get(reverse("imports:template", args=["nope"])).status_code == 404


def test_the_sidebar_links_to_imports(client, tree, auditor) -> None:
    client.force_login(auditor)
    page = client.get(LIST).content.decode()
    assert f'class="nav-link active" href="{LIST}"' in page


def test_the_list_does_not_query_per_import(
    client, tree, county_officer, django_assert_max_num_queries
) -> None:
    for _ in range(6):
        _upload(county_officer, tree.grassroots_a)
    client.force_login(county_officer)
    with django_assert_max_num_queries(10):
        response = client.get(LIST)
    assert len(response.context["imports"]) == 6
