"""The Chinese number and date notations of ``gonghui_format``."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from gonghui.core.templatetags.gonghui_format import (
    cn_date,
    cn_datetime,
    minutes,
    people,
    percent,
    ratio_percent,
    wanyuan,
    yuan,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1234.5"), "1,234.50元"),
        (1234.5, "1,234.50元"),
        (0, "0.00元"),
        ("3022600", "3,022,600.00元"),
        (Decimal("0.005"), "0.01元"),
        (Decimal("-12.3"), "-12.30元"),
        (None, "—"),
        ("not a number", "—"),
    ],
)
def test_yuan(value, expected) -> None:
    assert yuan(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3022600, "302.26万元"),
        (Decimal("3022650"), "302.27万元"),
        (12345678901, "1,234,567.89万元"),
        (0, "0.00万元"),
        (None, "—"),
    ],
)
def test_wanyuan(value, expected) -> None:
    assert wanyuan(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (415, "415人"),
        (9999, "9999人"),
        (10000, "1万人"),
        (62691, "6.27万人"),
        (15000, "1.5万人"),
        (123456789, "12,345.68万人"),
        (None, "—"),
    ],
)
def test_people(value, expected) -> None:
    assert people(value) == expected


def test_percentages() -> None:
    assert percent(Decimal("0.1234")) == "12.3%"
    assert percent(0.9996) == "100.0%"
    assert percent(0) == "0.0%"
    assert percent(None) == "—"
    assert ratio_percent(1, 3) == "33.3%"
    assert ratio_percent(5, 0) == "—"
    assert ratio_percent(None, 4) == "—"


def test_dates() -> None:
    assert cn_date(datetime.date(2024, 9, 30)) == "2024年9月30日"
    assert cn_date(None) == "—"
    # 2024-09-30 20:30 UTC is already 1 October in Beijing.
    moment = datetime.datetime(2024, 9, 30, 20, 30, tzinfo=ZoneInfo("UTC"))
    assert cn_date(moment) == "2024年10月1日"
    assert cn_datetime(moment) == "2024年10月1日 04:30"
    assert cn_datetime(datetime.date(2024, 1, 5)) == "2024年1月5日"


def test_minutes() -> None:
    assert minutes(datetime.timedelta(minutes=15)) == 15
    assert minutes(datetime.timedelta(seconds=61)) == 2
    assert minutes("x") == "—"


def test_filters_load_in_templates() -> None:
    template = Template(
        "{% load gonghui_format %}"
        "{{ a|yuan }} {{ a|wanyuan }} {{ n|people }} {{ f|ratio_percent:n }}"
    )
    context = Context({"a": Decimal("3022600"), "n": 20000, "f": 5000})
    assert template.render(context) == "3,022,600.00元 302.26万元 2万人 25.0%"
