"""Reporting periods (统计期): a year, a quarter, a month or any range of days.

A period is a closed range of local dates ``[start, end]`` in the platform's time zone
(``settings.TIME_ZONE``, Asia/Shanghai). A datetime field is compared with aware bounds
``[start 00:00, end + 1 day 00:00)``, so a record made at 23:59 on 30 September Beijing time
belongs to September whatever the database stores.

In query strings a period is written ``2024``, ``2024Q3``, ``2024-09`` or
``2024-01-01..2024-06-30``; ``Period.parse`` reads these and ``Period.value`` writes them.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

MIN_YEAR = 1949
MAX_YEAR = 2199
CN_QUARTERS = ("一", "二", "三", "四")

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})\s*[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_RANGE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})\s*\.\.\s*(\d{4}-\d{1,2}-\d{1,2})$")


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            _("The year must be between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR},
            code="year",
        )


def _shift_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later; a month's last day stays its last day (29 Feb → 28 Feb)."""
    year = day.year + years
    last = _last_day(year, day.month)
    if day.day == _last_day(day.year, day.month):
        return datetime.date(year, day.month, last)
    return datetime.date(year, day.month, min(day.day, last))


@dataclass(frozen=True, order=True)
class Period:
    """The local dates ``start`` to ``end``, both included."""

    start: datetime.date
    end: datetime.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(_("The period ends before it starts."), code="order")

    # Constructors -------------------------------------------------------------------------

    @classmethod
    def year(cls, year: int) -> Period:
        _check_year(year)
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        _check_year(year)
        if not 1 <= quarter <= 4:
            raise ValidationError(_("A quarter is 1, 2, 3 or 4."), code="quarter")
        first = 3 * quarter - 2
        return cls(
            datetime.date(year, first, 1),
            datetime.date(year, first + 2, _last_day(year, first + 2)),
        )

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        _check_year(year)
        if not 1 <= month <= 12:
            raise ValidationError(_("A month is 1 to 12."), code="month")
        return cls(
            datetime.date(year, month, 1), datetime.date(year, month, _last_day(year, month))
        )

    @classmethod
    def range(cls, start: datetime.date, end: datetime.date) -> Period:
        _check_year(start.year)
        _check_year(end.year)
        return cls(start, end)

    @classmethod
    def current_year(cls) -> Period:
        """This calendar year in local time: the default period of pages and the API."""
        return cls.year(timezone.localdate().year)

    @classmethod
    def parse(cls, text: str | None) -> Period:
        """A period from its query-string form; a ValidationError in Chinese for anything else."""
        text = (text or "").strip()
        if match := _YEAR.match(text):
            return cls.year(int(match[1]))
        if match := _QUARTER.match(text):
            return cls.quarter(int(match[1]), int(match[2]))
        if match := _MONTH.match(text):
            return cls.month(int(match[1]), int(match[2]))
        if match := _RANGE.match(text):
            try:
                start, end = (datetime.date(*map(int, d.split("-"))) for d in match.groups())
            except ValueError:
                raise ValidationError(_("No such date."), code="date") from None
            return cls.range(start, end)
        raise ValidationError(
            _(
                "Not a period: write a year (2024), a quarter (2024Q3), a month (2024-09) "
                "or a range of dates (2024-01-01..2024-06-30)."
            ),
            code="invalid",
        )

    # What kind of period it is ------------------------------------------------------------

    @property
    def is_year(self) -> bool:
        return (
            self.start.year == self.end.year
            and (self.start.month, self.start.day) == (1, 1)
            and (self.end.month, self.end.day) == (12, 31)
        )

    @property
    def is_month(self) -> bool:
        return (
            (self.start.year, self.start.month) == (self.end.year, self.end.month)
            and self.start.day == 1
            and self.end.day == _last_day(self.end.year, self.end.month)
        )

    @property
    def quarter_number(self) -> int | None:
        """1-4 when the period is exactly a calendar quarter."""
        month = self.start.month
        if (
            self.start.year == self.end.year
            and self.start.day == 1
            and month % 3 == 1
            and self.end.month == month + 2
            and self.end.day == _last_day(self.end.year, self.end.month)
        ):
            return (month + 2) // 3
        return None

    @property
    def kind(self) -> str:
        """``year``, ``quarter``, ``month`` or ``range``."""
        if self.is_year:
            return "year"
        if self.quarter_number is not None:
            return "quarter"
        if self.is_month:
            return "month"
        return "range"

    # Forms of the period --------------------------------------------------------------------

    @property
    def value(self) -> str:
        """The query-string form: ``2024``, ``2024Q3``, ``2024-09``, ``2024-01-01..2024-06-30``."""
        kind = self.kind
        if kind == "year":
            return f"{self.start.year}"
        if kind == "quarter":
            return f"{self.start.year}Q{self.quarter_number}"
        if kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self) -> str:
        """How reports name it: 2024年, 2024年第三季度, 2024年9月, 2024年1月1日至2024年6月30日."""
        kind, start, end = self.kind, self.start, self.end
        if kind == "year":
            return f"{start.year}年"
        if kind == "quarter":
            return f"{start.year}年第{CN_QUARTERS[(self.quarter_number or 1) - 1]}季度"
        if kind == "month":
            return f"{start.year}年{start.month}月"
        return f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日"

    def __str__(self) -> str:
        return self.label

    # Comparisons and bounds ---------------------------------------------------------------

    def previous_year(self) -> Period:
        """The same period a year earlier (for 同比): 2024Q3 → 2023Q3, Feb 2025 → Feb 2024."""
        return Period(_shift_years(self.start, -1), _shift_years(self.end, -1))

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    @property
    def start_at(self) -> datetime.datetime:
        """The first moment of the period, aware, in the platform's time zone."""
        return _local_midnight(self.start)

    @property
    def end_before(self) -> datetime.datetime:
        """The first moment after the period (exclusive bound), aware."""
        return _local_midnight(self.end + datetime.timedelta(days=1))


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time.min), timezone.get_default_timezone()
    )
