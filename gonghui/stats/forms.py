"""Forms of the target pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import OrgUnit
from gonghui.indicators import registry
from gonghui.indicators.periods import MAX_YEAR, MIN_YEAR
from gonghui.stats.models import MAX_TARGET


def indicator_choices() -> list[tuple[str, Any]]:
    return [
        (i.code, f"{i.section.name} · {i.name}({i.unit_label})") for i in registry.all_indicators()
    ]


class TargetForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"), choices=indicator_choices)
    year = forms.IntegerField(
        label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR, initial=timezone.localdate().year
    )
    value = forms.DecimalField(
        label=_("Target value"),
        max_digits=16,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=MAX_TARGET,
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class PushDownForm(forms.Form):
    """One share per unit directly below, as a value or a percentage of the target."""

    VALUES = "values"
    PERCENT = "percent"
    mode = forms.ChoiceField(
        label=_("Shares given as"),
        choices=[(VALUES, _("Values")), (PERCENT, _("Percentages"))],
        initial=VALUES,
        widget=forms.RadioSelect,
    )

    def __init__(
        self, *args: Any, units: list[OrgUnit], current: dict[int, Decimal], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.units = units
        for unit in units:
            self.fields[f"unit_{unit.pk}"] = forms.DecimalField(
                label=f"{unit.name}（{unit.code}）",
                required=False,
                min_value=Decimal(0),
                max_digits=16,
                decimal_places=2,
                initial=current.get(unit.pk),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f"unit_{u.pk}") for u in self.units):
            raise ValidationError(_("Give at least one unit a share."))
        return data

    def shares(self) -> dict[OrgUnit, Decimal]:
        return {
            unit: self.cleaned_data[f"unit_{unit.pk}"]
            for unit in self.units
            if self.cleaned_data.get(f"unit_{unit.pk}")
        }
