"""Periods: constructors, labels, the query-string form, last year's period, local bounds."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from gonghui.indicators.periods import Period

D = datetime.date


@pytest.mark.parametrize(
    ("period", "start", "end", "kind", "value", "label"),
    [
        (Period.year(2024), D(2024, 1, 1), D(2024, 12, 31), "year", "2024", "2024年"),
        (Period.quarter(2024, 3), D(2024, 7, 1), D(2024, 9, 30), "quarter", "2024Q3",
         "2024年第三季度"),
        (Period.quarter(2024, 1), D(2024, 1, 1), D(2024, 3, 31), "quarter", "2024Q1",
         "2024年第一季度"),
        (Period.month(2024, 9), D(2024, 9, 1), D(2024, 9, 30), "month", "2024-09", "2024年9月"),
        (Period.month(2024, 2), D(2024, 2, 1), D(2024, 2, 29), "month", "2024-02", "2024年2月"),
        (Period.range(D(2024, 1, 1), D(2024, 6, 30)), D(2024, 1, 1), D(2024, 6, 30), "range",
         "2024-01-01..2024-06-30", "2024年1月1日至2024年6月30日"),
        (Period.range(D(2024, 5, 3), D(2024, 5, 3)), D(2024, 5, 3), D(2024, 5, 3), "range",
         "2024-05-03..2024-05-03", "2024年5月3日至2024年5月3日"),
    ],
)  # fmt: skip
def test_constructors_kinds_values_and_labels(period, start, end, kind, value, label) -> None:
    assert (period.start, period.end, period.kind) == (start, end, kind)
    assert period.value == value
    assert period.label == label == str(period)
    assert Period.parse(value) == period


def test_a_range_that_is_a_calendar_period_is_named_as_one() -> None:
    assert Period.range(D(2024, 1, 1), D(2024, 12, 31)).label == "2024年"
    assert Period.range(D(2024, 4, 1), D(2024, 6, 30)).value == "2024Q2"
    assert Period.range(D(2024, 4, 1), D(2024, 4, 30)).value == "2024-04"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" 2024 ", Period.year(2024)),
        ("2024q4", Period.quarter(2024, 4)),
        ("2024-9", Period.month(2024, 9)),
        ("2024-1-1 .. 2024-3-5", Period(D(2024, 1, 1), D(2024, 3, 5))),
    ],
)
def test_parse_accepts_loose_spellings(text, expected) -> None:
    assert Period.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "统计期格式不正确"),
        ("last year", "统计期格式不正确"),
        ("2024Q5", "统计期格式不正确"),
        ("2024-13", "月份须为1至12"),
        ("2024-00", "月份须为1至12"),
        ("1800", "年份须在1949至2199之间"),
        ("2024-02-30..2024-03-01", "日期不存在"),
        ("2024-06-30..2024-01-01", "结束日期早于开始日期"),
    ],
)
def test_bad_input_is_refused_in_chinese(text, message) -> None:
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        Period.parse(text)
    assert message in caught.value.messages[0]


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (Period.year(2024), Period.year(2023)),
        (Period.quarter(2024, 3), Period.quarter(2023, 3)),
        (Period.month(2024, 2), Period.month(2023, 2)),  # 29 Feb → 28 Feb
        (Period.month(2025, 2), Period.month(2024, 2)),  # 28 Feb → 29 Feb (the month's end)
        (Period(D(2024, 2, 29), D(2024, 3, 10)), Period(D(2023, 2, 28), D(2023, 3, 10))),
        (Period(D(2025, 1, 1), D(2025, 6, 15)), Period(D(2024, 1, 1), D(2024, 6, 15))),
    ],
)
def test_previous_year_is_the_same_period_a_year_earlier(period, expected) -> None:
    assert period.previous_year() == expected


def test_bounds_are_local_midnights(settings) -> None:
    period = Period.month(2024, 9)
    shanghai = ZoneInfo("Asia/Shanghai")
    assert period.start_at == datetime.datetime(2024, 9, 1, tzinfo=shanghai)
    assert period.end_before == datetime.datetime(2024, 10, 1, tzinfo=shanghai)
    # 16:00 UTC on 30 September is already 1 October in Beijing.
    assert period.end_before == datetime.datetime(2024, 9, 30, 16, 0, tzinfo=datetime.UTC)
    assert period.contains(D(2024, 9, 30)) and not period.contains(D(2024, 10, 1))


def test_current_year_is_the_local_year(settings, monkeypatch) -> None:
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2031, 1, 1))
    assert Period.current_year() == Period.year(2031)


def test_constructors_check_their_arguments() -> None:
    with pytest.raises(ValidationError):
        Period.quarter(2024, 0)
    with pytest.raises(ValidationError):
        Period.month(2024, 13)
    with pytest.raises(ValidationError):
        Period(D(2024, 2, 1), D(2024, 1, 31))
