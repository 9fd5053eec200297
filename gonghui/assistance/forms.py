"""Forms of the workspace and portal pages; they check shapes, the services check the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.choices import (
    AidKind,
    CampaignKind,
    Exclusion,
    FileStatus,
    FilingLevel,
    HardshipCause,
    LineStatus,
    PlanStatus,
    Relationship,
    ReviewDecision,
    SchoolStage,
    Situation,
    StandardBasis,
)
from gonghui.assistance.models import Campaign, CampaignQuota, HouseholdMember
from gonghui.core.models import OrgUnit, User
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


# Campaigns, disbursement, employment plans ---------------------------------------------


class CampaignFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=60)
    kind = forms.ChoiceField(
        label=_("Campaign kind"), choices=ALL + CampaignKind.choices, required=False
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)


class CampaignForm(forms.Form):
    kind = forms.ChoiceField(label=_("Campaign kind"), choices=CampaignKind.choices)
    name = forms.CharField(
        label=_("Name"), max_length=100, required=False,
        help_text=_("Required for other campaigns; by default the year and the kind."),
    )  # fmt: skip
    starts_on = date_input(_("Starts on"))
    ends_on = date_input(_("Ends on"))
    households = forms.IntegerField(label=_("Planned households"), min_value=1)
    budget = money_input(_("Budget (yuan)"))
    standard = money_input(_("Standard amount (yuan)"))
    basis = forms.ChoiceField(
        label=_("Standard per"), choices=BLANK + StandardBasis.choices, required=False,
        help_text=_("By default per student for education aid, else per household."),
    )  # fmt: skip
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class QuotaForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    households = forms.IntegerField(label=_("Households"), min_value=0)
    amount = money_input(_("Amount (yuan)"))

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ReallocateForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Move to"), queryset=CampaignQuota.objects.none())
    households = forms.IntegerField(label=_("Households"), min_value=0)
    amount = money_input(_("Amount (yuan)"))

    def __init__(self, *args: Any, targets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["target"]
        field.queryset = targets  # type: ignore[attr-defined]
        field.label_from_instance = lambda quota: quota.unit.name  # type: ignore[attr-defined]


class CampaignPaymentForm(forms.Form):
    file_number = forms.CharField(label=_("File number"), max_length=12, help_text="KN000123")
    student = forms.CharField(
        label=_("Student's name"), max_length=60, required=False,
        help_text=_("For campaigns paid per student: the household member."),
    )  # fmt: skip
    paid_on = date_input(_("Date"))
    amount = money_input(_("Amount (yuan)"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class PaymentFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=60)


class BankAccountForm(forms.Form):
    bank_name = forms.CharField(label=_("Bank of the account"), max_length=60, required=False)
    account = forms.CharField(label=_("Bank account"), max_length=40, required=False)


class BatchBuildForm(forms.Form):
    include_grants = forms.BooleanField(label=_("Aid grants"), required=False, initial=True)
    include_campaign_payments = forms.BooleanField(
        label=_("Campaign payments"), required=False, initial=True
    )
    campaign = forms.ModelChoiceField(
        label=_("Only this campaign"), queryset=Campaign.objects.none(), required=False
    )
    up_to = date_input(_("Up to"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args: Any, campaigns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]


class BatchFilterForm(forms.Form):
    q = forms.CharField(label=_("Reference"), required=False, max_length=30)


class LineSettleForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Result"), choices=[(LineStatus.PAID, _("Paid")), (LineStatus.FAILED, _("Failed"))]
    )
    settled_on = date_input(_("Date"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class ReturnUploadForm(forms.Form):
    workbook = forms.FileField(
        label=_("The bank's return workbook"),
        help_text=_("An .xlsx whose first row names the columns 参考号, 结果 and 原因."),
    )
    settled_on = date_input(_("Date"), required=False)


class PlanFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=60)
    status = forms.ChoiceField(label=_("Status"), choices=ALL + PlanStatus.choices, required=False)


class PlanForm(forms.Form):
    school = forms.CharField(label=_("School"), max_length=100)
    major = forms.CharField(label=_("Major"), max_length=100, required=False)
    graduation_year = forms.IntegerField(label=_("Graduation year"), min_value=1980, max_value=2100)
    wanted_occupation = forms.CharField(
        label=_("Wanted occupation"), max_length=100, required=False
    )
    measures = forms.CharField(
        label=_("Measures of the plan"), widget=forms.Textarea(attrs={"rows": 4})
    )
    responsible = forms.ModelChoiceField(
        label=_("Staff responsible"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = staff  # type: ignore[attr-defined]


class PlanCreateForm(PlanForm):
    member = forms.ModelChoiceField(
        label=_("Graduate"), queryset=HouseholdMember.objects.none(),
        help_text=_("A household member recorded as unemployed, with an ID number."),
    )  # fmt: skip

    field_order = ["member"]

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members  # type: ignore[attr-defined]


class PlanEditForm(PlanForm):
    status = forms.ChoiceField(label=_("Status"), choices=PlanStatus.choices)

    field_order = ["status"]
