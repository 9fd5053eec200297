"""Numbers and dates the way union reports write them.

These are Chinese notations by design (元, 万元, 万人, 2024年9月30日): the figures they print
are compared with the federations' own reports, so they do not change with the interface
language. ``None`` and unparsable values print as an em dash.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import timezone

register = template.Library()

EMPTY = "—"
TEN_THOUSAND = Decimal(10000)


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def _round(number: Decimal, places: int) -> Decimal:
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _strip_zeros(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def yuan(value: Any) -> str:
    """An amount in 元 with thousands separators and two decimals: ``1,234.50元``."""
    number = _decimal(value)
    if number is None:
        return EMPTY
    return f"{_round(number, 2):,.2f}元"


@register.filter
def wanyuan(value: Any) -> str:
    """An amount given in 元, printed in 万元 with two decimals: ``302.26万元``."""
    number = _decimal(value)
    if number is None:
        return EMPTY
    return f"{_round(number / TEN_THOUSAND, 2):,.2f}万元"


@register.filter
def people(value: Any) -> str:
    """A head count: ``415人`` below ten thousand, ``6.27万人`` from ten thousand on."""
    number = _decimal(value)
    if number is None:
        return EMPTY
    if abs(number) < TEN_THOUSAND:
        return f"{_round(number, 0):f}人"
    return f"{_strip_zeros(f'{_round(number / TEN_THOUSAND, 2):,.2f}')}万人"


@register.filter
def percent(value: Any) -> str:
    """A ratio (0.1234) as a percentage with one decimal: ``12.3%``."""
    number = _decimal(value)
    if number is None:
        return EMPTY
    return f"{_round(number * 100, 1):.1f}%"


@register.filter
def ratio_percent(numerator: Any, denominator: Any) -> str:
    """``founded|ratio_percent:total``: the share as a percentage, a dash when total is 0."""
    top, bottom = _decimal(numerator), _decimal(denominator)
    if top is None or not bottom:
        return EMPTY
    return percent(top / bottom)


def _local_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return None


@register.filter
def cn_date(value: Any) -> str:
    """A date (or a moment, in local time) as ``2024年9月30日``."""
    day = _local_date(value)
    if day is None:
        return EMPTY
    return f"{day.year}年{day.month}月{day.day}日"


@register.filter
def cn_datetime(value: Any) -> str:
    """A moment in local time as ``2024年9月30日 14:05``."""
    if not isinstance(value, datetime.datetime):
        return cn_date(value)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{cn_date(value)} {value:%H:%M}"


@register.filter
def minutes(value: Any) -> int | str:
    """A timedelta in whole minutes (rounded up), for "try again in N minutes"."""
    if not isinstance(value, datetime.timedelta):
        return EMPTY
    seconds = value.total_seconds()
    return max(0, int(-(-seconds // 60)))


@register.filter
def figure(value: Any, unit_label: str = "") -> str:
    """An indicator's value in its unit: ``people`` for 人, ``yuan``/``wanyuan`` for 元 (from
    ten thousand on), a percentage already scaled (``50`` → ``50.0%``) for %, else a whole
    number with separators and the unit (``2,000家``). No value prints as an em dash.
    """
    number = _decimal(value)
    if number is None:
        return EMPTY
    if unit_label == "人":
        return people(number)
    if unit_label == "元":
        return wanyuan(number) if abs(number) >= TEN_THOUSAND else yuan(number)
    if unit_label == "%":
        return f"{_round(number, 1):.1f}%"
    if number == number.to_integral_value():
        return f"{_round(number, 0):,f}{unit_label}"
    return f"{_strip_zeros(f'{_round(number, 2):,.2f}')}{unit_label}"
