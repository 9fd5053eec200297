"""The workspace's filter and edit forms for workers and employers.

Edit forms only clean input; the services do the writing and the checks that need the
database (duplicates, scope), and their ValidationErrors are put back on the form.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import OrgUnit
from gonghui.registry.choices import (
    Education,
    EnterpriseKind,
    EnterpriseSize,
    Ethnicity,
    Gender,
    Hukou,
    Industry,
    WorkerGroup,
)
from gonghui.registry.forms import CreditCodeField, IdNumberField, MobileField
from gonghui.registry.models import Enterprise

ALL = ("", _("All"))
YES_NO = [ALL, ("yes", _("Yes")), ("no", _("No"))]


def _blank(choices: list[tuple[str, Any]], label: Any = "—") -> list[tuple[str, Any]]:
    return [("", label), *choices]


def yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=60)
    gender = forms.ChoiceField(label=_("Gender"), required=False, choices=[ALL, *Gender.choices])
    worker_group = forms.ChoiceField(
        label=_("New form of employment"), required=False, choices=[ALL, *WorkerGroup.choices]
    )
    migrant = forms.ChoiceField(label=_("Migrant worker"), required=False, choices=YES_NO)
    hukou = forms.ChoiceField(
        label=_("Household registration"), required=False, choices=[ALL, *Hukou.choices]
    )
    employer = forms.CharField(label=_("Employer"), required=False, max_length=60)
    employer_id = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class EnterpriseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=60)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[ALL, *EnterpriseKind.choices]
    )
    size = forms.ChoiceField(
        label=_("Size"), required=False, choices=[ALL, *EnterpriseSize.choices]
    )
    industry = forms.ChoiceField(
        label=_("Industry"), required=False, choices=[ALL, *Industry.choices]
    )
    union_founded = forms.ChoiceField(label=_("Union founded"), required=False, choices=YES_NO)


class PersonForm(forms.Form):
    """Create or edit a worker. On edit, an empty ID number or phone keeps the stored one."""

    name = forms.CharField(label=_("Name"), max_length=60)
    id_number = IdNumberField(label=_("ID number"))
    phone = MobileField(label=_("Mobile number"), required=False)
    ethnicity = forms.ChoiceField(label=_("Ethnicity"), choices=Ethnicity.choices)
    education = forms.ChoiceField(
        label=_("Education"), required=False, choices=_blank(Education.choices)
    )
    hukou = forms.ChoiceField(
        label=_("Household registration"), required=False, choices=_blank(Hukou.choices)
    )
    is_migrant_worker = forms.BooleanField(label=_("Migrant worker"), required=False)
    worker_group = forms.ChoiceField(
        label=_("New form of employment"), required=False, choices=_blank(WorkerGroup.choices)
    )
    # Rendered by hand as a search box with radio buttons: never as a <select> of every row.
    employer = forms.ModelChoiceField(
        label=_("Employer"), required=False, queryset=Enterprise.objects.none()
    )

    def __init__(
        self, *args: Any, employers: QuerySet[Enterprise], editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers  # type: ignore[attr-defined]
        self.editing = editing
        if editing:
            self.fields["id_number"].required = False
            self.fields["id_number"].help_text = _("Leave empty to keep the stored number.")
            self.fields["phone"].help_text = _("Leave empty to keep the stored number.")

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if self.editing:
            for name in ("id_number", "phone"):
                if not data.get(name):
                    data.pop(name, None)
        return data


class EnterpriseForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    credit_code = CreditCodeField(label=_("Unified social credit code"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=EnterpriseKind.choices)
    industry = forms.ChoiceField(
        label=_("Industry"), required=False, choices=_blank(Industry.choices)
    )
    size = forms.ChoiceField(
        label=_("Size"), required=False, choices=_blank(EnterpriseSize.choices)
    )
    region_code = forms.CharField(label=_("Region code"), max_length=6, min_length=6)
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    employee_count = forms.IntegerField(label=_("Number of employees"), min_value=0, initial=0)
    union_founded = forms.BooleanField(label=_("Union founded"), required=False)
    union_founded_on = forms.DateField(
        label=_("Union founded on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    own_union = forms.ModelChoiceField(
        label=_("Its own union"),
        required=False,
        queryset=OrgUnit.objects.none(),
        help_text=_("The grassroots union founded in this employer, or the joint union it joined."),
    )

    def __init__(self, *args: Any, unions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if unions is not None:
            self.fields["own_union"].queryset = unions  # type: ignore[attr-defined]
