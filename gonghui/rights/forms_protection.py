"""Forms of mediation, bargaining, inspections and the safety competition pages. They only
clean input; the services check and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.registry.forms import IdNumberField
from gonghui.rights.choices import (
    ContractKind,
    ContractType,
    HazardSeverity,
    HazardStatus,
    MediationBodyKind,
    MediationOutcome,
    OfferAnswer,
    Topic,
)
from gonghui.rights.forms import DateRangeForm, money
from gonghui.rights.models import MediationBody, Mediator
from gonghui.rights.validation import MAX_WORKERS

DATE = forms.DateInput(attrs={"type": "date"})


def date_field(label: Any, *, required: bool = True, today: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=DATE,
        initial=timezone.localdate if today else None,
    )  # fmt: skip


def workers_field(label: Any, *, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=1, max_value=MAX_WORKERS, required=required)


def text_area(label: Any, *, required: bool = False, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=5000,
        widget=forms.Textarea(attrs={"rows": rows}),
    )  # fmt: skip


def _with_blank(choices: Any, label: Any = "") -> list[tuple[str, Any]]:
    return [("", label or "—"), *[(v, n) for v, n in choices if v]]


class EmployerPick(forms.Form):
    """The enterprise, picked with the registry's search (a radio named ``employer``)."""

    employer = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


# Filters ------------------------------------------------------------------------------------


class SearchForm(DateRangeForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=60)


class MediationFilterForm(SearchForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False,
        choices=[("", _("All")), ("open", _("Not yet concluded")),
                 *[(v, n) for v, n in MediationOutcome.choices if v]],
    )  # fmt: skip


class OfferFilterForm(SearchForm):
    state = forms.ChoiceField(
        label=_("Answer"), required=False,
        choices=[("", _("All")), ("pending", _("Not answered")),
                 ("overdue", _("Unanswered after 20 days")),
                 *[(v, n) for v, n in OfferAnswer.choices if v]],
    )  # fmt: skip


class ContractFilterForm(SearchForm):
    kind = forms.ChoiceField(
        label=_("Level"), required=False, choices=_with_blank(ContractKind.choices, _("All"))
    )
    contract_type = forms.ChoiceField(
        label=_("Contract type"), required=False,
        choices=_with_blank(ContractType.choices, _("All")),
    )  # fmt: skip


class HazardFilterForm(SearchForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("All")), ("overdue", _("Overdue")), *HazardStatus.choices],
    )  # fmt: skip
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=_with_blank(HazardSeverity.choices, _("All"))
    )


class SafetyFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label=_("Search"), required=False, max_length=60)


# Mediation ------------------------------------------------------------------------------------


class MediationBodyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=MediationBodyKind.choices)
    court_name = forms.CharField(
        label=_("Court (for court-referred mediation)"), max_length=200, required=False
    )
    established_on = date_field(_("Established on"), today=True)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    phone = forms.CharField(label=_("Work telephone"), max_length=30, required=False)
    is_active = forms.BooleanField(label=_("In operation"), required=False, initial=True)


class MediatorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    title = forms.CharField(label=_("Position"), max_length=100, required=False)
    phone = forms.CharField(label=_("Work telephone"), max_length=30, required=False)
    is_active = forms.BooleanField(label=_("On duty"), required=False, initial=True)


class MediationCaseFields(EmployerPick):
    employer_name = forms.CharField(
        label=_("Employer name (if not registered)"), max_length=200, required=False
    )
    dispute_type = forms.ChoiceField(label=_("Kind of dispute"), choices=Topic.choices)
    dispute = text_area(_("The dispute"), required=True, rows=4)
    opened_on = date_field(_("Accepted on"), today=True)
    legal_aid_reference = forms.CharField(
        label=_("Legal aid case reference (if any)"), max_length=40, required=False
    )
    court_reference = forms.CharField(
        label=_("Court reference number (court-referred mediation)"),
        max_length=60,
        required=False,
    )
    amount_claimed = money(_("Amount claimed (yuan)"), required=False)


class MediationOpenForm(MediationCaseFields):
    body = forms.ModelChoiceField(label=_("Mediation body"), queryset=MediationBody.objects.none())
    id_number = IdNumberField(label=_("Worker's ID number"))
    field_order = ["body", "id_number"]

    def __init__(self, *args: Any, bodies: QuerySet[MediationBody], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]


class SessionForm(forms.Form):
    date = date_field(_("Date"), today=True)
    mediator = forms.ModelChoiceField(label=_("Mediator"), queryset=Mediator.objects.none())
    notes = text_area(_("What happened"), rows=4)

    def __init__(self, *args: Any, mediators: QuerySet[Mediator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mediator"].queryset = mediators  # type: ignore[attr-defined]


class ConcludeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[(v, n) for v, n in MediationOutcome.choices if v]
    )
    outcome_on = date_field(_("Concluded on"), today=True)
    amount_agreed = money(_("Amount agreed (yuan)"))


class ReopenForm(forms.Form):
    reason = text_area(_("Reason for reopening"), required=True)


# Bargaining ----------------------------------------------------------------------------------


class OfferForm(EmployerPick):
    kind = forms.ChoiceField(label=_("Level"), choices=ContractKind.choices)
    target_name = forms.CharField(
        label=_("Sector or region (for a sector or regional offer)"),
        max_length=200,
        required=False,
    )
    contract_type = forms.ChoiceField(label=_("Contract type"), choices=ContractType.choices)
    sent_on = date_field(_("Sent on"), today=True)
    note = text_area(_("Note"))


class OfferAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"), choices=[(v, n) for v, n in OfferAnswer.choices if v]
    )
    answered_on = date_field(_("Answered on"), today=True)


class ContractForm(forms.Form):
    kind = forms.ChoiceField(label=_("Level"), choices=ContractKind.choices)
    contract_type = forms.ChoiceField(label=_("Contract type"), choices=ContractType.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    union_party = forms.CharField(label=_("Union party"), max_length=200)
    employer_party = forms.CharField(label=_("Employer party"), max_length=200)
    signed_on = date_field(_("Signed on"))
    starts_on = date_field(_("In force from"))
    expires_on = date_field(_("Expires on"))
    note = text_area(_("Note"))


class ContractCreateForm(ContractForm, EmployerPick):
    workers = workers_field(_("Workers of the enterprise (enterprise contract)"), required=False)


class ContractEnterpriseForm(EmployerPick):
    workers = workers_field(_("Workers covered"))


# Inspections ---------------------------------------------------------------------------------


class InspectionForm(forms.Form):
    date = date_field(_("Date"), today=True)
    inspectors = forms.CharField(label=_("Inspectors"), max_length=300)
    findings = text_area(_("Findings"), rows=4)


class InspectionCreateForm(InspectionForm, EmployerPick):
    pass


class HazardForm(forms.Form):
    description = text_area(_("Description"), required=True)
    severity = forms.ChoiceField(label=_("Severity"), choices=HazardSeverity.choices)
    deadline = date_field(_("Rectify by"))


class RectifyForm(forms.Form):
    rectified_on = date_field(_("Rectified on"), today=True)
    rectification = text_area(_("Rectification"))


class VerifyForm(forms.Form):
    verified_on = date_field(_("Verified on"), today=True)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's recipe); the service checks each by content."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class PhotoForm(forms.Form):
    photos = MultipleFileField(
        label=_("Photos"),
        widget=MultipleFileInput(attrs={"multiple": True, "accept": "image/*"}),
    )


# Safety competition --------------------------------------------------------------------------


class SafetyEntryForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    participant_name = forms.CharField(
        label=_("Participant (when not a registered enterprise)"), max_length=200, required=False
    )
    workers = workers_field(_("Workers taking part"))


class SafetyEntryCreateForm(SafetyEntryForm, EmployerPick):
    pass
