"""Figures written the Chinese way, for the dashboard, the statistical tables and the report.

- money (元): ``302.26万元`` from ten thousand up, two decimals; smaller sums as ``5,000元``;
- counts (人, 人次, 户, 家, ...): ``12.12万人`` from ten thousand up, else ``9,870人``;
- percentages: one decimal, ``95.3%``;
- dates: ``2024年9月底`` for a month's last day, else ``2024年9月5日``;
- year-on-year: ``同比增长10.2%`` / ``同比下降3.1%`` / ``与上年持平``.

Every function takes the indicator's ``Value`` (int, Decimal or None) and gives "—" for None.
"""

from __future__ import annotations

import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal

from gonghui.indicators.registry import Value

NO_VALUE = "—"
TEN_THOUSAND = Decimal(10_000)
MONEY = "元"
PERCENT = "%"


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _grouped(value: Decimal, places: int) -> str:
    return f"{_round(value, places):,.{places}f}"


def number(value: Value, unit_label: str) -> str:
    """``value`` with its unit label, scaled to 万 from ten thousand up."""
    if value is None:
        return NO_VALUE
    amount = _round(Decimal(value), 2)
    if unit_label == PERCENT:
        return f"{_round(amount, 1)}%"
    if abs(amount) >= TEN_THOUSAND:
        return f"{_round(amount / TEN_THOUSAND, 2)}万{unit_label}"
    if unit_label == MONEY:
        rounded = _round(amount, 2)
        places = 0 if rounded == rounded.to_integral_value() else 2
        return f"{_grouped(rounded, places)}元"
    return f"{_grouped(amount, 0)}{unit_label}"


def percent(value: Value) -> str:
    return number(value, PERCENT)


def change(current: Value, previous: Value) -> str:
    """The year-on-year change of ``current`` over ``previous``; "" when there is nothing to
    compare with (no value, or nothing last year)."""
    if current is None or previous is None or previous == 0:
        return ""
    rate = _round((Decimal(current) - Decimal(previous)) * 100 / abs(Decimal(previous)), 1)
    if rate > 0:
        return f"同比增长{rate}%"
    if rate < 0:
        return f"同比下降{-rate}%"
    return "与上年持平"


def change_rate(current: Value, previous: Value) -> Decimal | None:
    """The year-on-year change in percent, one decimal; None when there is nothing to compare."""
    if current is None or previous is None or previous == 0:
        return None
    return _round((Decimal(current) - Decimal(previous)) * 100 / abs(Decimal(previous)), 1)


def date(day: datetime.date) -> str:
    """``2024年9月底`` for the last day of a month, else ``2024年9月5日``."""
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return f"{day.year}年{day.month}月底"
    return f"{day.year}年{day.month}月{day.day}日"
