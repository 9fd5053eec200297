"""The period picker: a year, a quarter, a month or a range of dates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.indicators.periods import CN_QUARTERS, MAX_YEAR, MIN_YEAR, Period

PERIOD_KINDS = [
    ("year", _("Year")),
    ("quarter", _("Quarter")),
    ("month", _("Month")),
    ("range", _("Date range")),
]
ISO_DATE = "%Y-%m-%d"  # what <input type="date"> reads and sends


class PeriodForm(forms.Form):
    """Builds a ``Period``; links carry the period as one value (``period=2024Q3``) instead."""

    kind = forms.ChoiceField(label=_("Period"), choices=PERIOD_KINDS)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        widget=forms.NumberInput(attrs={"step": 1}),
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        required=False,
        choices=[(n, f"第{CN_QUARTERS[n - 1]}季度") for n in range(1, 5)],
    )
    month = forms.TypedChoiceField(
        label=_("Month"), coerce=int, required=False, choices=[(n, f"{n}月") for n in range(1, 13)]
    )
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        kind = data.get("kind")
        year = data.get("year") or timezone.localdate().year
        try:
            if kind == "year":
                data["period"] = Period.year(year)
            elif kind == "quarter":
                data["period"] = Period.quarter(year, data.get("quarter") or 1)
            elif kind == "month":
                data["period"] = Period.month(year, data.get("month") or 1)
            elif kind == "range":
                if not data.get("start") or not data.get("end"):
                    raise ValidationError(_("Give the first and the last day of the range."))
                data["period"] = Period.range(data["start"], data["end"])
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        return data

    @classmethod
    def initial_for(cls, period: Period) -> dict[str, Any]:
        return {
            "kind": period.kind,
            "year": period.start.year,
            "quarter": period.quarter_number or (period.start.month + 2) // 3,
            "month": period.start.month,
            "start": period.start,
            "end": period.end,
        }


def period_from_query(query: QueryDict) -> tuple[Period | None, PeriodForm, list[str]]:
    """The period asked for (``period=`` or the picker's fields; default this year).

    Returns the period (None when the input is bad), the picker to show, and the errors.
    """
    if "kind" in query:
        form = PeriodForm(query)
        if form.is_valid():
            period: Period = form.cleaned_data["period"]
            return period, PeriodForm(initial=PeriodForm.initial_for(period)), []
        errors = [str(message) for messages in form.errors.values() for message in messages]
        return None, form, errors
    try:
        text = query.get("period", "")
        period = Period.parse(str(text)) if text else Period.current_year()
    except ValidationError as error:
        return None, PeriodForm(initial={"kind": "year"}), [str(m) for m in error.messages]
    return period, PeriodForm(initial=PeriodForm.initial_for(period)), []
