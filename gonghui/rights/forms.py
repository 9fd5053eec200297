"""Forms of the rights pages (workspace and portal). They only clean input; services write."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.casework.choices import Channel
from gonghui.registry.forms import IdNumberField, MobileField
from gonghui.rights.choices import (
    ConsultationChannel,
    LawyerKind,
    LegalAidOutcome,
    LegalAidStage,
    Topic,
)
from gonghui.rights.models import MAX_AMOUNT, Lawyer, RequestCategory

STAFF_CHANNELS = [(value, label) for value, label in Channel.choices if value != Channel.PORTAL]


def money(label: Any, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0"), _("The amount cannot be negative.")),
            MaxValueValidator(MAX_AMOUNT, _("The amount cannot exceed 1,000,000,000 yuan.")),
        ],
    )


def active_categories() -> QuerySet[RequestCategory]:
    return RequestCategory.objects.filter(is_active=True).select_related("parent")


class ApplicantForm(forms.Form):
    """The worker a case is for: found by ID number, or registered with a name."""

    id_number = IdNumberField(label=_("Applicant's ID number"))
    name = forms.CharField(
        label=_("Applicant's name (to register a new worker)"), max_length=60, required=False
    )
    phone = MobileField(label=_("Mobile number"), required=False)
    employer = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    employer_name = forms.CharField(
        label=_("Employer name (if not registered)"), max_length=200, required=False
    )


class RequestRecordForm(ApplicantForm):
    channel = forms.ChoiceField(label=_("Channel"), choices=STAFF_CHANNELS)
    category = forms.ModelChoiceField(label=_("Category"), queryset=RequestCategory.objects.none())
    urgent = forms.BooleanField(label=_("Urgent"), required=False)
    description = forms.CharField(
        label=_("Request details"), widget=forms.Textarea(attrs={"rows": 5})
    )
    submitted_at = forms.DateTimeField(
        label=_("Received at (leave empty for now)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories()  # type: ignore[attr-defined]


class LegalAidOpenForm(ApplicantForm):
    channel = forms.ChoiceField(label=_("Channel"), choices=STAFF_CHANNELS, initial=Channel.WALK_IN)
    dispute_type = forms.ChoiceField(label=_("Kind of dispute"), choices=Topic.choices)
    dispute_date = forms.DateField(
        label=_("Date of the dispute"), widget=forms.DateInput(attrs={"type": "date"})
    )
    lawyer = forms.ModelChoiceField(
        label=_("Lawyer"), queryset=Lawyer.objects.none(), required=False
    )
    amount_claimed = money(_("Amount claimed (yuan)"), required=False)
    description = forms.CharField(label=_("The dispute"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, lawyers: QuerySet[Lawyer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lawyer"].queryset = lawyers  # type: ignore[attr-defined]

    def clean_dispute_date(self) -> Any:
        value = self.cleaned_data["dispute_date"]
        if value and value > timezone.localdate():
            raise ValidationError(_("The date of the dispute cannot be in the future."))
        return value


class LegalAidUpdateForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=LegalAidStage.choices)
    lawyer = forms.ModelChoiceField(
        label=_("Lawyer"), queryset=Lawyer.objects.none(), required=False
    )
    amount_claimed = money(_("Amount claimed (yuan)"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=LegalAidOutcome.choices, required=False)
    outcome_date = forms.DateField(
        label=_("Date of the outcome"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    amount_recovered = money(_("Amount recovered (yuan)"))
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, lawyers: QuerySet[Lawyer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lawyer"].queryset = lawyers  # type: ignore[attr-defined]


class WageArrearsFigures(forms.Form):
    project = forms.CharField(label=_("Project or site"), max_length=200, required=False)
    workers_count = forms.IntegerField(label=_("Workers owed"), min_value=1, initial=1)
    migrant_workers_count = forms.IntegerField(
        label=_("Migrant workers among them"), min_value=0, initial=0
    )
    amount_owed = money(_("Amount owed (yuan)"))
    amount_recovered = money(_("Amount recovered (yuan)"))
    joint_with_labour_bureau = forms.BooleanField(
        label=_("Handled jointly with the labour bureau"), required=False
    )
    labour_bureau_reference = forms.CharField(
        label=_("Labour bureau reference"), max_length=60, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        workers, migrants = data.get("workers_count"), data.get("migrant_workers_count")
        if workers is not None and migrants is not None and migrants > workers:
            self.add_error(
                "migrant_workers_count", _("Migrant workers cannot outnumber the workers owed.")
            )
        owed, recovered = data.get("amount_owed"), data.get("amount_recovered")
        if owed is not None and recovered is not None and recovered > owed:
            self.add_error(
                "amount_recovered", _("The amount recovered cannot exceed the amount owed.")
            )
        return data


class WageArrearsOpenForm(ApplicantForm, WageArrearsFigures):
    channel = forms.ChoiceField(label=_("Channel"), choices=STAFF_CHANNELS, initial=Channel.WALK_IN)
    description = forms.CharField(label=_("The arrears"), widget=forms.Textarea(attrs={"rows": 4}))


class WageArrearsUpdateForm(WageArrearsFigures):
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Satisfaction"),
        coerce=int,
        choices=[(5, "5"), (4, "4"), (3, "3"), (2, "2"), (1, "1")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    ask_reopen = forms.BooleanField(
        label=_("Not satisfied: ask for the request to be reopened"), required=False
    )


class PortalRequestForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=RequestCategory.objects.none())
    urgent = forms.BooleanField(
        label=_("Urgent (danger to life or safety, mass incident)"), required=False
    )
    description = forms.CharField(
        label=_("Your request"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    employer_name = forms.CharField(
        label=_("Employer name (if not on record)"), max_length=200, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories()  # type: ignore[attr-defined]


class LawyerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=LawyerKind.choices)
    organisation = forms.CharField(label=_("Law firm or body"), max_length=200, required=False)
    licence_number = forms.CharField(label=_("Licence number"), max_length=40, required=False)
    phone = forms.CharField(label=_("Work telephone"), max_length=30, required=False)
    is_active = forms.BooleanField(label=_("On the roster"), required=False, initial=True)


class ConsultationForm(forms.Form):
    date = forms.DateField(
        label=_("Date"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=ConsultationChannel.choices)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    id_number = IdNumberField(label=_("Worker's ID number (if known)"), required=False)
    lawyer = forms.ModelChoiceField(
        label=_("Lawyer"), queryset=Lawyer.objects.none(), required=False
    )
    summary = forms.CharField(
        label=_("Question and advice"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, lawyers: QuerySet[Lawyer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lawyer"].queryset = lawyers  # type: ignore[attr-defined]


class OutreachForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    attendees = forms.IntegerField(label=_("Attendees"), min_value=0, max_value=1_000_000)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DateRangeForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
