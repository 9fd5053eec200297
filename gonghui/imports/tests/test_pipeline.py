"""The pipeline end to end: rows checked, good ones written in bulk, bad ones reported."""

from __future__ import annotations

import datetime

import pytest
from python_calamine import CalamineWorkbook

from gonghui.background.models import BackgroundJob, JobStatus
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog
from gonghui.imports.choices import ImportStatus
from gonghui.imports.models import DataImport
from gonghui.imports.specs import get_importer
from gonghui.imports.tests.helpers import (
    PERSON_HEADERS,
    csv_bytes,
    id_number,
    person_rows,
    resume,
    run_import,
    xlsx_bytes,
)
from gonghui.registry.choices import Education, Ethnicity, Hukou, WorkerGroup
from gonghui.registry.models import Enterprise, Person
from gonghui.registry.services import person_create
from gonghui.registry.tests.factories import EnterpriseFactory, PersonFactory
from gonghui.utils.credit_code import make_credit_code

pytestmark = pytest.mark.django_db

PERSONS = "registry.persons"
ENTERPRISES = "registry.enterprises"


def _error_rows(data_import: DataImport) -> list[list]:
    book = CalamineWorkbook.from_path(data_import.error_file.path)
    return list(book.get_sheet_by_index(0).iter_rows())


def _counts(data_import: DataImport) -> tuple[int, ...]:
    return (
        data_import.total_rows,
        data_import.created_count,
        data_import.updated_count,
        data_import.unchanged_count,
        data_import.error_rows,
    )


def test_an_xlsx_roster_is_imported(tree, city_admin, django_capture_on_commit_callbacks) -> None:
    data = xlsx_bytes([PERSON_HEADERS, *person_rows(12)])
    data_import = run_import(
        django_capture_on_commit_callbacks, by=city_admin, unit=tree.grassroots_a, data=data
    )
    assert data_import.status == ImportStatus.SUCCEEDED
    assert _counts(data_import) == (12, 12, 0, 0, 0)
    assert not data_import.error_file
    persons = Person.objects.filter(unit=tree.grassroots_a)
    assert persons.count() == 12
    person = persons.get(name="职工3")
    assert person.id_number == id_number(3) and person.phone == "13800000003"
    assert person.education == Education.BACHELOR and person.ethnicity == Ethnicity.HAN
    job = BackgroundJob.objects.get(pk=data_import.job_id)
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"rows": 12, "valid": 12, "errors": 0, "created": 12, "updated": 0,
                          "unchanged": 0}  # fmt: skip
    assert data_import.preview == []  # personal data is not kept once the import ran


def test_an_imported_worker_is_stored_exactly_as_the_service_stores_one(
    tree, city_admin, django_capture_on_commit_callbacks
) -> None:
    employer = EnterpriseFactory(unit=tree.grassroots_a, name="迎江机械厂")
    fields = {
        "name": "曾 小单", "id_number": id_number(7), "phone": "13912345678",
        "ethnicity": Ethnicity.HUI, "education": Education.JUNIOR_COLLEGE,
        "hukou": Hukou.RURAL, "is_migrant_worker": True,
        "worker_group": WorkerGroup.COURIER, "employer": employer,
    }  # fmt: skip
    made = person_create(by=city_admin, unit=tree.grassroots_a, **fields)
    expected = _comparable(made)
    # Free the number for the import without deleting (other apps' records may refer to it).
    Person.objects.filter(pk=made.pk).update(id_number_hash="0" * 32, unit=tree.city)

    headers = ["姓名", "身份证号", "手机", "民族", "学历", "户籍类型", "是否农民工", "新就业形态",
               "工作单位"]  # fmt: skip
    row = ["曾  小单", id_number(7), 13912345678.0, "回族", "大专", "农业户口", "是", "快递员",
           "迎江机械厂"]  # fmt: skip
    run_import(
        django_capture_on_commit_callbacks,
        by=city_admin,
        unit=tree.grassroots_a,
        data=xlsx_bytes([headers, row]),
    )
    assert _comparable(Person.objects.get(unit=tree.grassroots_a)) == expected


def _comparable(person: Person) -> dict:
    person = Person.objects.get(pk=person.pk)
    skip = {"id", "created_at", "updated_at"}
    return {
        f.attname: getattr(person, f.attname)
        for f in Person._meta.concrete_fields
        if f.attname not in skip
    }


def test_bad_rows_and_duplicates_go_to_the_error_workbook(
    tree, city_admin, django_capture_on_commit_callbacks
) -> None:
    rows = [
        PERSON_HEADERS,
        *person_rows(3),
        ["", "123", "1", "火星族", ""],
        ["职工0again", id_number(0), "", "", ""],
        ["职工科学", 3.40802198001010e17, "", "", ""],
    ]
    data_import = run_import(
        django_capture_on_commit_callbacks,
        by=city_admin,
        unit=tree.city,
        data=xlsx_bytes(rows),
    )
    assert _counts(data_import) == (6, 3, 0, 0, 3)
    assert Person.objects.count() == 3
    sheet = _error_rows(data_import)
    assert sheet[0] == ["原行号", *PERSON_HEADERS, "错误原因"]
    by_row = {int(r[0]): r for r in sheet[1:]}
    assert sorted(by_row) == [5, 6, 7]
    assert by_row[5][1:6] == ["", "123", "1", "火星族", ""]  # the row as uploaded
    reasons = by_row[5][-1].split("；")
    assert reasons[0] == "姓名：不能为空"
    assert reasons[1].startswith("身份证号码：公民身份号码应为18位")
    assert reasons[2].startswith("手机号码：手机号码应为11位")
    assert reasons[3].startswith("民族：“火星族”不在可选值中")
    assert by_row[6][-1] == "与第2行重复（公民身份号码相同）"
    assert "Excel已丢失后几位" in by_row[7][-1]


def test_a_csv_in_gbk(tree, city_admin, django_capture_on_commit_callbacks) -> None:
    data = csv_bytes([PERSON_HEADERS, *person_rows(4)], "gbk")
    data_import = run_import(
        django_capture_on_commit_callbacks, by=city_admin, unit=tree.city, data=data,
        name="名册.csv",
    )  # fmt: skip
    assert data_import.file_format == "csv"
    assert _counts(data_import) == (4, 4, 0, 0, 0)


def test_importing_the_same_file_again_changes_nothing(
    tree, city_admin, django_capture_on_commit_callbacks
) -> None:
    data = xlsx_bytes([PERSON_HEADERS, *person_rows(5)])
    run_import(django_capture_on_commit_callbacks, by=city_admin, unit=tree.city, data=data)
    stored = {p.pk: p.updated_at for p in Person.objects.all()}
    again = run_import(django_capture_on_commit_callbacks, by=city_admin, unit=tree.city, data=data)
    assert _counts(again) == (5, 0, 0, 5, 0)
    assert {p.pk: p.updated_at for p in Person.objects.all()} == stored


def test_a_changed_file_updates_and_empty_cells_keep_what_is_stored(
    tree, city_admin, django_capture_on_commit_callbacks
) -> None:
    rows = person_rows(3)
    capture = django_capture_on_commit_callbacks
    run_import(capture, by=city_admin, unit=tree.city, data=xlsx_bytes([PERSON_HEADERS, *rows]))
    rows[0][0] = "职工零"  # renamed
    rows[1][2] = ""  # phone left empty: kept
    rows[2][2] = "13999999999"  # new phone
    again = run_import(
        capture, by=city_admin, unit=tree.city, data=xlsx_bytes([PERSON_HEADERS, *rows])
    )
    assert _counts(again) == (3, 0, 2, 1, 0)
    renamed = Person.objects.get(name="职工零")
    assert (renamed.name_pinyin, renamed.name_initials) == ("zhigongling", "zgl")
    assert Person.objects.get(name="职工1").phone == "13800000001"
    changed = Person.objects.get(name="职工2")
    assert changed.phone == "13999999999"
    assert changed.phone_masked == "139****9999"
    assert Person.objects.count() == 3


def test_a_worker_of_a_unit_outside_the_scope_is_not_touched(
    tree, county_officer, django_capture_on_commit_callbacks
) -> None:
    other = PersonFactory(unit=tree.grassroots_b, name="怀宁职工", id_number=id_number(1))
    rows = [PERSON_HEADERS, ["新名字", id_number(1), "", "", ""], *person_rows(1, start=2)]
    data_import = run_import(
        django_capture_on_commit_callbacks,
        by=county_officer,
        unit=tree.grassroots_a,
        data=xlsx_bytes(rows),
    )
    assert _counts(data_import) == (2, 1, 0, 0, 1)
    other.refresh_from_db()
    assert (other.name, other.unit) == ("怀宁职工", tree.grassroots_b)
    assert _error_rows(data_import)[1][-1] == "该职工已登记在您无权修改的单位，该行未导入。"


def test_a_unit_code_column_places_rows_below_the_import_unit(
    tree, county_officer, django_capture_on_commit_callbacks
) -> None:
    rows = [
        [*PERSON_HEADERS, "工会组织代码"],
        [*person_rows(1)[0], tree.grassroots_a.code],
        [*person_rows(1, start=1)[0], ""],
        [*person_rows(1, start=2)[0], tree.grassroots_b.code],  # another county
        [*person_rows(1, start=3)[0], "999"],
    ]
    data_import = run_import(
        django_capture_on_commit_callbacks,
        by=county_officer,
        unit=tree.county_a,
        data=xlsx_bytes(rows),
    )
    assert _counts(data_import) == (4, 2, 0, 0, 2)
    assert Person.objects.get(name="职工0").unit == tree.grassroots_a
    assert Person.objects.get(name="职工1").unit == tree.county_a
    reasons = [r[-1] for r in _error_rows(data_import)[1:]]
    assert reasons == [
        f"工会组织代码：迎江区总工会下没有代码为“{tree.grassroots_b.code}”的工会组织",
        "工会组织代码：迎江区总工会下没有代码为“999”的工会组织",
    ]


def test_employers_are_found_by_name_or_credit_code(
    tree, county_officer, django_capture_on_commit_callbacks
) -> None:
    mine = EnterpriseFactory(unit=tree.grassroots_a, name="迎江机械厂")
    coded = EnterpriseFactory(unit=tree.township_a, name="宜城纺织")
    EnterpriseFactory(unit=tree.grassroots_b, name="怀宁纺织厂")  # outside the scope
    EnterpriseFactory(unit=tree.grassroots_a, name="同名厂")
    EnterpriseFactory(unit=tree.township_a, name="同名厂")
    headers = ["姓名", "身份证号", "工作单位"]
    rows = [
        headers,
        ["甲", id_number(1), "迎江机械厂"],
        ["乙", id_number(2), coded.credit_code],
        ["丙", id_number(3), "怀宁纺织厂"],
        ["丁", id_number(4), "同名厂"],
        ["戊", id_number(5), ""],
    ]
    data_import = run_import(
        django_capture_on_commit_callbacks,
        by=county_officer,
        unit=tree.grassroots_a,
        data=xlsx_bytes(rows),
    )
    assert Person.objects.get(name="甲").employer == mine
    assert Person.objects.get(name="乙").employer == coded
    assert Person.objects.get(name="戊").employer is None
    reasons = [r[-1] for r in _error_rows(data_import)[1:]]
    assert reasons[0].startswith("工作单位：未找到用人单位“怀宁纺织厂”")
    assert reasons[1].startswith("工作单位：有2家用人单位名为“同名厂”")


def test_a_failure_half_way_leaves_whole_chunks_and_the_import_resumes(
    tree, city_admin, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    spec = get_importer(PERSONS)
    monkeypatch.setattr(spec, "chunk_size", 4)
    real_write = type(spec).write
    calls = {"n": 0}

    def failing_write(self, rows, ctx):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real_write(self, rows, ctx)

    monkeypatch.setattr(type(spec), "write", failing_write)
    data = xlsx_bytes([PERSON_HEADERS, *person_rows(10)])
    data_import = run_import(
        django_capture_on_commit_callbacks, by=city_admin, unit=tree.city, data=data
    )
    assert data_import.status == ImportStatus.FAILED
    assert "RuntimeError" in data_import.failure
    assert (data_import.chunks_total, data_import.chunks_committed) == (3, 1)
    assert sorted(Person.objects.values_list("name", flat=True)) == [
        "职工0", "职工1", "职工2", "职工3",
    ]  # fmt: skip
    assert BackgroundJob.objects.get(pk=data_import.job_id).status == JobStatus.FAILED

    data_import = resume(django_capture_on_commit_callbacks, by=city_admin, data_import=data_import)
    assert data_import.status == ImportStatus.SUCCEEDED
    assert (data_import.chunks_total, data_import.chunks_committed) == (3, 3)
    assert _counts(data_import) == (10, 10, 0, 0, 0)
    assert Person.objects.count() == 10
    assert calls["n"] == 4  # the first chunk was not written again


def test_one_audit_row_records_the_run(
    tree, city_admin, django_capture_on_commit_callbacks
) -> None:
    data_import = run_import(
        django_capture_on_commit_callbacks,
        by=city_admin,
        unit=tree.county_b,
        data=xlsx_bytes([PERSON_HEADERS, *person_rows(6)]),
    )
    rows = AuditLog.objects.filter(object_id=str(data_import.pk), action=AuditAction.CREATE)
    run = [r for r in rows if r.after and "created" in r.after]
    assert len(run) == 1
    assert run[0].after["created"] == 6 and run[0].after["file"] == "roster.xlsx"
    assert run[0].unit == tree.county_b and run[0].user == city_admin
    # No audit row per worker.
    assert not AuditLog.objects.filter(content_type__model="person").exists()


def test_employers_are_imported_and_re_imported_without_duplicates(
    tree, county_officer, django_capture_on_commit_callbacks
) -> None:
    capture = django_capture_on_commit_callbacks
    code = make_credit_code("340802", 77)
    headers = [
        "单位名称",
        "统一社会信用代码",
        "单位类型",
        "所属行业",
        "企业规模",
        "职工人数",
        "是否建会",
    ]
    rows = [
        headers,
        ["迎江精密机械有限公司", code, "企业", "C", "小型", "120", "是"],
        ["宜城社区服务站", "", "社会组织", "居民服务、修理和其他服务业", "微型", 8.0, "否"],
        ["宜城社区服务站", "", "", "", "", "", ""],  # the same code-less employer again
    ]
    first = run_import(capture, by=county_officer, unit=tree.township_a, data=xlsx_bytes(rows),
                       spec=ENTERPRISES)  # fmt: skip
    assert _counts(first) == (3, 2, 0, 0, 1)
    coded = Enterprise.objects.get(credit_code=code)
    assert (coded.industry, coded.size, coded.employee_count, coded.union_founded) == (
        "C", "small", 120, True,
    )  # fmt: skip
    assert coded.region_code == tree.township_a.region_code
    assert coded.name_initials == "yjjmjxyxgs"
    rows[1][5] = "150"
    again = run_import(capture, by=county_officer, unit=tree.township_a, data=xlsx_bytes(rows),
                       spec=ENTERPRISES)  # fmt: skip
    assert _counts(again) == (3, 0, 1, 1, 1)
    assert Enterprise.objects.count() == 2
    assert Enterprise.objects.get(credit_code=code).employee_count == 150


def test_an_employer_with_a_code_of_another_county_is_not_touched(
    tree, county_officer, django_capture_on_commit_callbacks
) -> None:
    other = EnterpriseFactory(unit=tree.grassroots_b, name="怀宁纺织厂", employee_count=50)
    rows = [["单位名称", "统一社会信用代码", "职工人数"], ["改名", other.credit_code, "9"]]
    data_import = run_import(
        django_capture_on_commit_callbacks, by=county_officer, unit=tree.county_a,
        data=xlsx_bytes(rows), spec=ENTERPRISES,
    )  # fmt: skip
    assert _counts(data_import) == (1, 0, 0, 0, 1)
    other.refresh_from_db()
    assert (other.name, other.employee_count) == ("怀宁纺织厂", 50)


def test_dates_of_birth_come_from_the_id_number(
    tree, city_admin, django_capture_on_commit_callbacks
) -> None:
    run_import(
        django_capture_on_commit_callbacks,
        by=city_admin,
        unit=tree.city,
        data=xlsx_bytes([PERSON_HEADERS, *person_rows(1, start=31)]),
    )
    person = Person.objects.get()
    assert person.birth_date == datetime.date(1980, 2, 1)
    assert person.gender == "male"


def test_a_cancelled_import_stops_between_chunks_and_resumes(
    tree, city_admin, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    from gonghui.background.runners import JobCancelled, Progress

    monkeypatch.setattr(get_importer(PERSONS), "chunk_size", 3)
    checks = {"n": 0}

    def cancel_once_writing(self) -> None:
        checks["n"] += 1
        if self.job.stage == "写入数据" and checks.setdefault("cancelled", 0) == 0:
            checks["cancelled"] = 1
            raise JobCancelled

    monkeypatch.setattr(Progress, "check_cancelled", cancel_once_writing)
    data = xlsx_bytes([PERSON_HEADERS, *person_rows(7)])
    data_import = run_import(
        django_capture_on_commit_callbacks, by=city_admin, unit=tree.city, data=data
    )
    assert data_import.status == ImportStatus.CANCELLED
    assert data_import.chunks_committed == 1 and Person.objects.count() == 3
    assert BackgroundJob.objects.get(pk=data_import.job_id).status == JobStatus.CANCELLED
    data_import = resume(django_capture_on_commit_callbacks, by=city_admin, data_import=data_import)
    assert data_import.status == ImportStatus.SUCCEEDED
    assert _counts(data_import) == (7, 7, 0, 0, 0) and Person.objects.count() == 7


def test_an_import_whose_job_died_before_it_ran_can_be_resumed(
    tree, city_admin, django_capture_on_commit_callbacks
) -> None:
    from gonghui.imports import services
    from gonghui.imports.tests.helpers import upload

    data_import = services.import_upload(
        by=city_admin, unit=tree.city, spec=PERSONS,
        upload=upload(xlsx_bytes([PERSON_HEADERS, *person_rows(2)])),
    )  # fmt: skip
    services.import_start(by=city_admin, data_import=data_import)  # never run (no commit)
    data_import.refresh_from_db()
    BackgroundJob.objects.filter(pk=data_import.job_id).update(
        status=JobStatus.FAILED, error="worker lost"
    )
    data_import = services.import_sync_with_job(DataImport.objects.get(pk=data_import.pk))
    assert data_import.status == ImportStatus.FAILED and data_import.is_resumable
    data_import = resume(django_capture_on_commit_callbacks, by=city_admin, data_import=data_import)
    assert data_import.status == ImportStatus.SUCCEEDED and Person.objects.count() == 2
