"""Forms of the employment pages (workspace and portal). They only clean input; services write."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from gonghui.employment.choices import (
    EducationLevel,
    FairMode,
    IntentOutcome,
    OccupationLevel,
    PlacementSource,
    PostingStatus,
)
from gonghui.employment.models import Occupation
from gonghui.employment.models.common import MAX_AMOUNT
from gonghui.registry.forms import IdNumberField

DATE = {"widget": forms.DateInput(attrs={"type": "date"})}


def money(label: Any, *, required: bool = True, initial: Any = None) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, initial=initial, max_digits=12, decimal_places=2,
        validators=[MinValueValidator(Decimal("0"), _("The amount cannot be negative.")),
                    MaxValueValidator(MAX_AMOUNT, _("The amount cannot exceed 10,000,000 yuan."))],
    )  # fmt: skip


def occupations() -> Any:
    return Occupation.objects.filter(level=OccupationLevel.SMALL).order_by("code")


class OccupationChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}"


class ListField(forms.CharField):
    """Words separated by commas or 、 (skills, certificates, region codes)."""

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        for sep in ("，", "、", "；", ";", "\n"):
            text = text.replace(sep, ",")
        return [w.strip() for w in text.split(",") if w.strip()]

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "、".join(str(v) for v in value)
        return value


class EmployerPicked(forms.Form):
    """The employer picked with the registry's search (the view loads and checks it)."""

    employer = forms.IntegerField(
        label=_("Employer"), min_value=1, widget=forms.HiddenInput,
        error_messages={"required": _("Choose an employer from the list.")},
    )  # fmt: skip


class PostingForm(forms.Form):
    title = forms.CharField(label=_("Job title"), max_length=100)
    occupation = OccupationChoiceField(label=_("Occupation"), queryset=Occupation.objects.none())
    description = forms.CharField(
        label=_("Job description"), widget=forms.Textarea(attrs={"rows": 4})
    )
    requirements = forms.CharField(
        label=_("Other requirements"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    openings = forms.IntegerField(label=_("Openings"), min_value=1, max_value=100000)
    region_code = forms.CharField(label=_("Region code"), max_length=6)
    address = forms.CharField(label=_("Work address"), max_length=300, required=False)
    pay_min = forms.DecimalField(
        label=_("Minimum pay (yuan/month)"), max_digits=9, decimal_places=2
    )
    pay_max = forms.DecimalField(
        label=_("Maximum pay (yuan/month)"), max_digits=9, decimal_places=2
    )
    hours = forms.CharField(label=_("Working hours"), max_length=200, required=False)
    education_min = forms.TypedChoiceField(
        label=_("Minimum education"), choices=EducationLevel.choices, coerce=int,
        initial=EducationLevel.NONE,
    )  # fmt: skip
    age_min = forms.IntegerField(label=_("Minimum age"), min_value=16, max_value=80, required=False)
    age_max = forms.IntegerField(label=_("Maximum age"), min_value=16, max_value=80, required=False)
    skills = ListField(label=_("Skills"), required=False, help_text=_("Separate with 、"))
    certificates = ListField(label=_("Certificates"), required=False)
    benefits = forms.CharField(
        label=_("Benefits"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=60, required=False)
    contact_phone = forms.CharField(label=_("Contact telephone"), max_length=20, required=False)
    valid_until = forms.DateField(label=_("Valid until"), **DATE)  # type: ignore[arg-type]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occupation"].queryset = occupations()  # type: ignore[attr-defined]


class PostingCreateForm(EmployerPicked, PostingForm):
    submit = forms.BooleanField(label=_("Send for review now"), required=False, initial=True)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Publish")), ("reject", _("Reject"))]
    )
    note = forms.CharField(
        label=_("Review note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PostingFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *PostingStatus.choices]
    )
    flagged = forms.BooleanField(label=_("Flagged only"), required=False)


class SeekerForm(forms.Form):
    wanted_occupations = forms.ModelMultipleChoiceField(
        label=_("Wanted occupations"), queryset=Occupation.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )  # fmt: skip
    wanted_region_codes = ListField(label=_("Wanted places (region codes)"), required=False)
    expected_pay_min = forms.DecimalField(
        label=_("Expected pay from (yuan/month)"), max_digits=9, decimal_places=2, min_value=0,
        max_value=200000, initial=0,
    )  # fmt: skip
    education = forms.TypedChoiceField(
        label=_("Education level"), choices=EducationLevel.choices, coerce=int
    )
    skills = ListField(label=_("Skills"), required=False)
    certificates = ListField(label=_("Certificates"), required=False)
    experience = forms.CharField(
        label=_("Work experience"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    available_from = forms.DateField(label=_("Available from"), required=False, **DATE)  # type: ignore[arg-type]
    flexible_work = forms.BooleanField(label=_("Open to flexible work"), required=False)
    consent_to_share_contact = forms.BooleanField(
        label=_("I agree that the union gives my name and mobile number to employers"),
        required=False,
    )
    active = forms.BooleanField(label=_("Looking for work"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["wanted_occupations"].queryset = occupations()  # type: ignore[attr-defined]


class SeekerCreateForm(SeekerForm):
    id_number = IdNumberField(label=_("ID number of the worker"))
    field_order = ["id_number"]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)


class FairForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    mode = forms.ChoiceField(label=_("Form"), choices=FairMode.choices)
    starts_on = forms.DateField(label=_("Starts on"), **DATE)  # type: ignore[arg-type]
    ends_on = forms.DateField(label=_("Ends on"), **DATE)  # type: ignore[arg-type]
    place = forms.CharField(label=_("Place or web address"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ParticipantForm(EmployerPicked):
    booth = forms.CharField(label=_("Booth"), max_length=40, required=False)
    with_postings = forms.BooleanField(
        label=_("Take all its published postings"), required=False, initial=True
    )


class PersonForm(forms.Form):
    id_number = IdNumberField(label=_("ID number of the worker"))


class CheckInForm(forms.Form):
    token = forms.CharField(
        label=_("Check-in code"), max_length=200,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )  # fmt: skip


class IntentForm(EmployerPicked):
    id_number = IdNumberField(label=_("ID number of the job seeker"))
    posting = forms.IntegerField(label=_("Posting number"), min_value=1, required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=IntentOutcome.choices)
    note = forms.CharField(label=_("Note"), required=False)


class TrainingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    occupation = OccupationChoiceField(
        label=_("Occupation"), queryset=Occupation.objects.none(), required=False
    )
    skills = ListField(label=_("Skills taught"), required=False)
    certificates = ListField(label=_("Certificates awarded"), required=False)
    provider = forms.CharField(label=_("Provider"), max_length=200)
    starts_on = forms.DateField(label=_("Starts on"), **DATE)  # type: ignore[arg-type]
    ends_on = forms.DateField(label=_("Ends on"), **DATE)  # type: ignore[arg-type]
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    fee = money(_("Fee (yuan)"), initial=0)
    subsidy = money(_("Subsidy per trainee (yuan)"), initial=0)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=10000, initial=30)
    is_order_based = forms.BooleanField(label=_("Order-based training"), required=False)
    employer = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occupation"].queryset = occupations()  # type: ignore[attr-defined]


class CompleteForm(forms.Form):
    certificate_number = forms.CharField(
        label=_("Certificate number"), max_length=60, required=False
    )


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), **DATE)  # type: ignore[arg-type]
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)


class PlacementForm(EmployerPicked):
    id_number = IdNumberField(label=_("ID number of the worker"))
    posting = forms.IntegerField(label=_("Posting number"), min_value=1, required=False)
    start_date = forms.DateField(label=_("Start date"), **DATE)  # type: ignore[arg-type]
    monthly_pay = money(_("Monthly pay (yuan)"), required=False)
    source = forms.ChoiceField(label=_("Source"), choices=PlacementSource.choices)
    note = forms.CharField(label=_("Note"), required=False)


class FollowUpForm(forms.Form):
    done_on = forms.DateField(label=_("Visited on"), **DATE)  # type: ignore[arg-type]
    retained = forms.TypedChoiceField(
        label=_("Still in the job"), choices=[("1", _("Yes")), ("0", _("No"))],
        coerce=lambda v: v == "1", widget=forms.RadioSelect,
    )  # fmt: skip
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LabourExportForm(forms.Form):
    destination = forms.CharField(label=_("Destination"), max_length=200)
    employer_name = forms.CharField(label=_("Employer name"), max_length=200)
    departed_on = forms.DateField(label=_("Departed on"), **DATE)  # type: ignore[arg-type]
    workers_count = forms.IntegerField(label=_("Number of workers"), min_value=1, max_value=100000)
    follow_up_on = forms.DateField(label=_("Followed up on"), required=False, **DATE)  # type: ignore[arg-type]
    follow_up_notes = forms.CharField(
        label=_("Follow-up notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LoanForm(forms.Form):
    employer = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    id_number = IdNumberField(
        label=_("ID number of the worker (a loan to a person)"), required=False
    )
    loan_amount = money(_("Loan amount (yuan)"))
    bank = forms.CharField(label=_("Bank"), max_length=100)
    subsidy_amount = money(_("Interest subsidy (yuan)"), initial=0)
    jobs_created = forms.IntegerField(
        label=_("Jobs created"), min_value=0, max_value=100000, initial=0
    )
    granted_on = forms.DateField(label=_("Granted on"), **DATE)  # type: ignore[arg-type]
    note = forms.CharField(label=_("Note"), required=False)


class DateRangeForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, **DATE)  # type: ignore[arg-type]
    end = forms.DateField(label=_("To"), required=False, **DATE)  # type: ignore[arg-type]
