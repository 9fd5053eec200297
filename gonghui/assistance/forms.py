"""Forms of the workspace and portal pages; they check shapes, the services check the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.choices import (
    AidKind,
    Exclusion,
    FileStatus,
    FilingLevel,
    HardshipCause,
    Relationship,
    ReviewDecision,
    SchoolStage,
    Situation,
)
from gonghui.assistance.models import HouseholdMember
from gonghui.utils.idcard import normalize_id_number

BLANK: list[tuple[str, Any]] = [("", "---------")]
ALL: list[tuple[str, Any]] = [("", _("All"))]


def money_input(label: Any, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, max_digits=14, decimal_places=2, min_value=0, required=required
    )


def date_input(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"})
    )


class IdNumberFormField(forms.CharField):
    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return normalize_id_number(value) if value else ""


class FileFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or file number"), required=False, max_length=60)
    level = forms.ChoiceField(
        label=_("Filing level"), choices=ALL + FilingLevel.choices, required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=ALL + FileStatus.choices, required=False)
    cause = forms.ChoiceField(
        label=_("Cause of hardship"), choices=ALL + HardshipCause.choices, required=False
    )


class HouseholdForm(forms.Form):
    """What a file or an application says about the household as a whole."""

    level = forms.ChoiceField(label=_("Filing level"), choices=FilingLevel.choices)
    cause = forms.ChoiceField(label=_("Cause of hardship"), choices=HardshipCause.choices)
    worker_income = money_input(_("The worker's monthly income (yuan)"))
    cause_detail = forms.CharField(
        label=_("Situation of the household"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    exclusions_found = forms.MultipleChoiceField(
        label=_("Exclusions found"), choices=Exclusion.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip


class FileOpenForm(HouseholdForm):
    id_number = IdNumberFormField(label=_("The worker's ID number"), max_length=40)
    opened_on = date_input(_("Filed on"), required=False)

    field_order = ["id_number", "level", "cause", "worker_income", "cause_detail", "opened_on"]


class StaffApplicationForm(HouseholdForm):
    id_number = IdNumberFormField(label=_("The worker's ID number"), max_length=40)

    field_order = ["id_number", "level", "cause", "worker_income", "cause_detail"]


class PortalApplicationForm(forms.Form):
    cause = forms.ChoiceField(label=_("Cause of hardship"), choices=HardshipCause.choices)
    worker_income = money_input(_("My monthly income (yuan)"))
    cause_detail = forms.CharField(
        label=_("Situation of the household"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    relationship = forms.ChoiceField(
        label=_("Relationship"),
        choices=[c for c in Relationship.choices if c[0] != Relationship.SELF],
    )
    id_number = IdNumberFormField(label=_("ID number"), max_length=40, required=False)
    birth_year = forms.IntegerField(
        label=_("Year of birth"), min_value=1900, max_value=2100, required=False
    )
    monthly_income = money_input(_("Monthly income (yuan)"))
    situations = forms.MultipleChoiceField(
        label=_("Situations"), choices=Situation.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    school_stage = forms.ChoiceField(
        label=_("School stage"), choices=BLANK + SchoolStage.choices, required=False
    )
    health_notes = forms.CharField(
        label=_("Health notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


MemberFormSet = forms.formset_factory(MemberForm, extra=3, max_num=12)


class AidGrantForm(forms.Form):
    kind = forms.ChoiceField(label=_("Aid kind"), choices=AidKind.choices)
    amount = money_input(_("Amount (yuan)"))
    granted_on = date_input(_("Granted on"))
    fund = forms.CharField(label=_("Fund"), max_length=100)
    decided_by = forms.CharField(label=_("Decided by"), max_length=100)
    member = forms.ModelChoiceField(
        label=_("Child (education aid)"), queryset=HouseholdMember.objects.none(), required=False
    )
    school_stage = forms.ChoiceField(
        label=_("School stage"), choices=BLANK + SchoolStage.choices, required=False
    )
    bill_amount = money_input(_("Medical bills (yuan)"), required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    reviewed_on = date_input(_("Reviewed on"))
    decision = forms.ChoiceField(label=_("Decision"), choices=ReviewDecision.choices)
    household_size = forms.IntegerField(label=_("Household size"), min_value=1, max_value=30)
    monthly_income_total = money_input(_("Household monthly income (yuan)"))
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RuleReviseForm(forms.Form):
    income_threshold = money_input(_("Monthly income threshold per head (yuan)"))
    qualifying_causes = forms.MultipleChoiceField(
        label=_("Qualifying causes"), choices=HardshipCause.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    exclusions = forms.MultipleChoiceField(
        label=_("Exclusions"), choices=Exclusion.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RuleCreateForm(RuleReviseForm):
    region_code = forms.CharField(label=_("Region code prefix"), max_length=6, min_length=2)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    field_order = ["region_code", "year", "income_threshold"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class VisitForm(forms.Form):
    visited_on = date_input(_("Home visit date"))
    notes = forms.CharField(label=_("Home visit notes"), widget=forms.Textarea(attrs={"rows": 3}))
    consent = forms.FileField(label=_("Signed consent of the household"))
    photos = MultipleFileField(label=_("Photos"), required=False)


class NoticeForm(forms.Form):
    started_on = date_input(_("Public notice from"))
    days = forms.IntegerField(
        label=_("Public notice days"), min_value=1, max_value=60, required=False
    )


class ObjectionForm(forms.Form):
    raised_on = date_input(_("Raised on"))
    raised_by = forms.CharField(label=_("Raised by"), max_length=60, required=False)
    text = forms.CharField(label=_("Objection"), widget=forms.Textarea(attrs={"rows": 2}))


class ObjectionHandleForm(forms.Form):
    note = forms.CharField(label=_("How it was handled"), widget=forms.Textarea(attrs={"rows": 2}))
    upheld = forms.BooleanField(label=_("Objection upheld"), required=False)


class ApproveForm(forms.Form):
    reply = forms.CharField(
        label=_("Reply to the applicant"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


def members_data(formset: Any) -> list[dict[str, Any]]:
    """The filled rows of a member formset, as the services take them."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if data and data.get("name"):
            rows.append(data)
    return rows


def clean_members(formset: Any) -> list[dict[str, Any]]:
    if not formset.is_valid():
        raise ValidationError(_("Please correct the household members."))
    return members_data(formset)
