"""Cells to values (numbers Excel mangled, dates, choices) and headers to fields."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from gonghui.imports.cells import (
    cell_text,
    choice,
    clean_boolean,
    clean_count,
    clean_date,
    clean_id_number,
    clean_mobile,
)
from gonghui.imports.headers import detect_mapping, find_header_row, normalize_header
from gonghui.imports.specs import get_importer
from gonghui.registry.choices import Education, Ethnicity
from gonghui.registry.importers import PERSON_COLUMNS

PERSONS = "registry.persons"


def _message(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return "；".join(exc.value.messages)


def test_whole_floats_become_digits() -> None:
    assert cell_text(13800138000.0) == "13800138000"
    assert clean_mobile(13800138000.0) == "13800138000"
    assert clean_id_number(340802800101001.0) == "340802198001010018"  # a 15-digit old number


def test_an_18_digit_number_stored_as_a_number_lost_its_last_digits() -> None:
    with pytest.raises(ValidationError) as exc:
        clean_id_number(3.40802198001010e17)
    message = _message(exc)
    assert "3.40802E+17" in message and "文本格式" in message
    assert exc.value.code == "precision_lost"


def test_id_numbers_as_text_use_the_registry_validator() -> None:
    assert clean_id_number(" 340802198001010018 ") == "340802198001010018"
    with pytest.raises(ValidationError) as exc:
        clean_id_number("340802198001010017")
    assert "校验码错误" in _message(exc)
    with pytest.raises(ValidationError) as exc:
        clean_id_number("3.40802E+17")
    assert "科学计数法" in _message(exc)


@pytest.mark.parametrize(
    "cell",
    [
        datetime.date(2024, 1, 5),
        datetime.datetime(2024, 1, 5, 0, 0),
        "2024-01-05",
        "2024/1/5",
        "2024年1月5日",
        "２０２４年１月５日",
        "2024.1.5",
        "20240105",
        45296.0,  # Excel's day number
        20240105.0,
    ],
)
def test_dates_from_excel_or_text(cell) -> None:
    assert clean_date(cell) == datetime.date(2024, 1, 5)


def test_a_date_that_does_not_exist_is_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        clean_date("2023年2月29日")
    assert "不是日期" in _message(exc)


def test_choices_by_code_label_or_synonym() -> None:
    education = choice(Education.choices, synonyms={"本科": Education.BACHELOR})
    assert education("大学本科") == Education.BACHELOR
    assert education("本 科") == Education.BACHELOR
    assert education("bachelor") == Education.BACHELOR
    ethnicity = choice(Ethnicity.choices, synonyms={"汉": Ethnicity.HAN})
    assert ethnicity("汉") == ethnicity("汉族") == ethnicity("01") == Ethnicity.HAN
    with pytest.raises(ValidationError) as exc:
        ethnicity("火星族")
    assert "不在可选值中" in _message(exc)


def test_booleans_and_counts() -> None:
    assert clean_boolean("是") is True and clean_boolean("否") is False
    assert clean_boolean(1.0) is True and clean_boolean("√") is True
    assert clean_count("1,200") == 1200 and clean_count(35.0) == 35 and clean_count("80人") == 80
    with pytest.raises(ValidationError):
        clean_boolean("也许")
    with pytest.raises(ValidationError):
        clean_count("-3")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("身份证号码", "身份证号码"),
        (" 身份证 号码 ", "身份证号码"),
        ("＊身份证号码（必填）", "身份证号码"),
        ("*姓名(必填)", "姓名"),
        ("手机号码【11位】", "手机号码"),
        ("姓　名", "姓名"),
        ("姓名：", "姓名"),
    ],
)
def test_headers_are_normalised(raw, expected) -> None:
    assert normalize_header(raw) == expected


def test_mapping_recognises_synonyms_and_lists_unknown_columns() -> None:
    spec = get_importer(PERSONS)
    mapping = detect_mapping(spec, ["序号", "职工姓名", "公民身份号码", "联系电话", "备注"])
    assert mapping.fields == ["", "name", "id_number", "phone", ""]
    assert mapping.is_complete
    assert mapping.ignored == ["序号", "备注"]


def test_a_missing_required_column_is_named() -> None:
    mapping = detect_mapping(get_importer(PERSONS), ["姓名", "手机"])
    assert not mapping.is_complete
    assert mapping.problems == ["缺少必填列：公民身份号码。"]


def test_a_field_claimed_twice_keeps_its_first_column() -> None:
    mapping = detect_mapping(get_importer(PERSONS), ["姓名", "身份证号", "身份证号码"])
    assert mapping.fields == ["name", "id_number", ""]


def test_the_header_row_is_found_below_a_title() -> None:
    rows = [["2024年职工花名册", "", ""], ["填报单位：某厂", "", ""], ["姓名", "身份证号", "手机"]]
    assert find_header_row(get_importer(PERSONS), rows) == 2


def test_every_person_column_has_a_distinct_header() -> None:
    names = [normalize_header(n) for c in PERSON_COLUMNS for n in c.headers]
    assert len(names) == len(set(names))
