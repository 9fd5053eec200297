import datetime
from decimal import Decimal

import pytest

from gonghui.indicators import formatting


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (Decimal("3022600"), "元", "302.26万元"),
        (Decimal("12716000.4"), "元", "1271.60万元"),
        (Decimal("5000"), "元", "5,000元"),
        (Decimal("1234.5"), "元", "1,234.50元"),
        (Decimal("9999.995"), "元", "1.00万元"),
        (121181, "人", "12.12万人"),
        (62691, "人", "6.27万人"),
        (9870, "人", "9,870人"),
        (0, "户", "0户"),
        (467, "户次", "467户次"),
        (15000, "人次", "1.50万人次"),
        (Decimal("95.25"), "%", "95.3%"),
        (Decimal("100"), "%", "100.0%"),
        (None, "人", "—"),
    ],
)
def test_numbers(value, unit, text):
    assert formatting.number(value, unit) == text


@pytest.mark.parametrize(
    ("current", "previous", "text", "rate"),
    [
        (1121, 1016, "同比增长10.3%", Decimal("10.3")),
        (311, 415, "同比下降25.1%", Decimal("-25.1")),
        (50, 50, "与上年持平", Decimal("0.0")),
        (50, 0, "", None),
        (None, 3, "", None),
        (3, None, "", None),
    ],
)
def test_change(current, previous, text, rate):
    assert formatting.change(current, previous) == text
    assert formatting.change_rate(current, previous) == rate


def test_dates():
    assert formatting.date(datetime.date(2024, 9, 30)) == "2024年9月底"
    assert formatting.date(datetime.date(2024, 2, 29)) == "2024年2月底"
    assert formatting.date(datetime.date(2023, 2, 28)) == "2023年2月底"
    assert formatting.date(datetime.date(2024, 9, 5)) == "2024年9月5日"
