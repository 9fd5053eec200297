"""Workspace pages of mediation (劳动争议调解): bodies and their mediators, cases with their
sessions, outcome and reopening."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.casework.models import Case
from gonghui.core.choices import Action
from gonghui.core.scoping import can
from gonghui.core.templatetags.gonghui_format import yuan
from gonghui.core.views.base import choice_label, iso_date, yes_no_label
from gonghui.registry.models import Person
from gonghui.registry.selectors import persons_by_id_number
from gonghui.rights import forms_protection as forms
from gonghui.rights import services_mediation as services
from gonghui.rights.choices import MediationBodyKind, MediationOutcome, Topic
from gonghui.rights.models import LegalAidCase, MediationBody, MediationCase, Mediator
from gonghui.rights.views import _RecordExport
from gonghui.rights.views_records import (
    FilteredList,
    NewRecord,
    RecordAction,
    RecordDetail,
    action,
    link,
)

BODIES = _("Mediation bodies")
CASES = _("Mediation cases")


# Bodies and mediators ------------------------------------------------------------------------


class MediationBodyListView(FilteredList):
    model = MediationBody
    title = BODIES
    add_url_name = "rights:mediation_body_create"
    export_url_name = "rights:mediation_body_export"
    date_field = "established_on"
    search_fields = ("name", "court_name", "address")
    headers = [_("Name"), _("Kind"), _("Court"), _("Established on"), _("Mediators"),
               _("In operation"), _("Union unit")]  # fmt: skip

    def get_queryset(self) -> QuerySet[Any]:
        records = super().get_queryset().annotate(mediator_count=Count("mediators"))
        return records.order_by("name", "pk")

    def cells(self, body: Any) -> list[Any]:
        return [link(body.name, reverse("rights:mediation_body_detail", args=[body.pk])),
                body.get_kind_display(), body.court_name, body.established_on,
                body.mediator_count, yes_no_label(body.is_active), body.unit.name]  # fmt: skip


class MediationBodyExportView(_RecordExport):
    list_view = MediationBodyListView
    filename = "mediation-bodies"
    columns = [
        ("name", _("Name"), None),
        ("kind", _("Kind"), choice_label(MediationBodyKind.choices)),
        ("court_name", _("Court"), None),
        ("established_on", _("Established on"), iso_date),
        ("address", _("Address"), None),
        ("phone", _("Work telephone"), None),
        ("is_active", _("In operation"), yes_no_label),
        ("unit__name", _("Union unit"), None),
    ]


class MediationBodyCreateView(NewRecord):
    title = _("Add a mediation body")
    back_url_name = "rights:mediation_body_list"
    parent_url_name = "rights:mediation_body_list"
    parent_title = BODIES

    def make_form(self, data: Any = None) -> forms.MediationBodyForm:
        return forms.MediationBodyForm(data)

    def save(self, form: Any) -> MediationBody:
        return services.mediation_body_create(
            by=self.request.user, unit=self.unit, **form.cleaned_data
        )

    def success_url(self, obj: Any) -> str:
        return reverse("rights:mediation_body_detail", args=[obj.pk])


class MediationBodyDetailView(RecordDetail):
    model = MediationBody
    related = ("unit",)
    list_url_name = "rights:mediation_body_list"
    list_title = BODIES

    def context(self) -> dict[str, Any]:
        body = self.obj
        actions = []
        if self.can_change:
            actions = [
                action(_("Edit"), reverse("rights:mediation_body_update", args=[body.pk])),
                action(_("Add a mediator"), reverse("rights:mediator_create", args=[body.pk]),
                       "danger"),
            ]  # fmt: skip
        mediators = [
            [link(m.name, reverse("rights:mediator_update", args=[m.pk])) if self.can_change
             else m.name, m.title, m.phone, yes_no_label(m.is_active)]
            for m in body.mediators.all()
        ]  # fmt: skip
        return {
            "title": body.name,
            "actions": actions,
            "fields": [
                (_("Kind"), body.get_kind_display()),
                (_("Court"), body.court_name),
                (_("Established on"), body.established_on),
                (_("Address"), body.address),
                (_("Work telephone"), body.phone),
                (_("In operation"), yes_no_label(body.is_active)),
                (_("Union unit"), body.unit.name),
                (_("Mediation cases"), body.cases.count()),
            ],
            "sections": [
                {"id": "mediators", "title": _("Mediators"),
                 "headers": [_("Name"), _("Position"), _("Work telephone"), _("On duty")],
                 "rows": mediators},
            ],
        }  # fmt: skip


class MediationBodyUpdateView(RecordAction):
    model = MediationBody
    related = ("unit",)
    title = _("Edit mediation body")
    detail_url_name = "rights:mediation_body_detail"
    parent_url_name = "rights:mediation_body_list"
    parent_title = BODIES
    form_class = forms.MediationBodyForm

    def form_kwargs(self) -> dict[str, Any]:
        return {"initial": {name: getattr(self.obj, name) for name in services.BODY_FIELDS}}

    def save(self, form: Any) -> Any:
        return services.mediation_body_update(by=self.request.user, body=self.obj,
                                              **form.cleaned_data)  # fmt: skip


class MediatorCreateView(RecordAction):
    model = MediationBody
    related = ("unit",)
    title = _("Add a mediator")
    detail_url_name = "rights:mediation_body_detail"
    parent_url_name = "rights:mediation_body_list"
    parent_title = BODIES
    form_class = forms.MediatorForm

    def save(self, form: Any) -> Any:
        return services.mediator_create(by=self.request.user, body=self.obj, **form.cleaned_data)


class MediatorUpdateView(RecordAction):
    model = Mediator
    related = ("body", "body__unit")
    title = _("Edit mediator")
    parent_url_name = "rights:mediation_body_list"
    parent_title = BODIES
    form_class = forms.MediatorForm

    def detail_url(self) -> str:
        return reverse("rights:mediation_body_detail", args=[self.obj.body_id])

    def form_kwargs(self) -> dict[str, Any]:
        return {"initial": {name: getattr(self.obj, name) for name in services.MEDIATOR_FIELDS}}

    def save(self, form: Any) -> Any:
        return services.mediator_update(
            by=self.request.user, mediator=self.obj, **form.cleaned_data
        )


# Cases ---------------------------------------------------------------------------------------


class MediationCaseListView(FilteredList):
    model = MediationCase
    title = CASES
    add_url_name = "rights:mediation_create"
    export_url_name = "rights:mediation_export"
    date_field = "opened_on"
    filter_form_class = forms.MediationFilterForm
    search_fields = ("worker__name", "employer__name", "employer_name", "body__name",
                     "court_reference", "dispute")  # fmt: skip
    related = ("unit", "body", "worker", "employer")
    headers = [_("Accepted on"), _("Worker"), _("Employer"), _("Mediation body"),
               _("Kind of dispute"), _("Outcome"), _("Amount agreed"), _("Union unit")]  # fmt: skip

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().defer("worker__id_number", "worker__phone")

    def narrow(self, records: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        outcome = data.get("outcome")
        if outcome == "open":
            return records.filter(outcome="")
        if outcome:
            return records.filter(outcome=outcome)
        return records

    def cells(self, case: Any) -> list[Any]:
        url = reverse("rights:mediation_detail", args=[case.pk])
        return [case.opened_on, link(case.worker.name, url), case.employer_display or "—",
                case.body.name, case.get_dispute_type_display(),
                case.get_outcome_display(), yuan(case.amount_agreed) if case.outcome else "—",
                case.unit.name]  # fmt: skip


class MediationCaseExportView(_RecordExport):
    list_view = MediationCaseListView
    filename = "mediation-cases"
    columns = [
        ("opened_on", _("Accepted on"), iso_date),
        ("worker__name", _("Worker"), None),
        ("employer__name", _("Employer"), None),
        ("employer_name", _("Employer name"), None),
        ("body__name", _("Mediation body"), None),
        ("court_reference", _("Court reference number"), None),
        ("dispute_type", _("Kind of dispute"), choice_label(Topic.choices)),
        ("amount_claimed", _("Amount claimed (yuan)"), None),
        ("outcome", _("Outcome"), choice_label(MediationOutcome.choices)),
        ("outcome_on", _("Concluded on"), iso_date),
        ("amount_agreed", _("Amount agreed (yuan)"), None),
        ("unit__name", _("Union unit"), None),
    ]


def _visible_bodies(user: Any) -> QuerySet[MediationBody]:
    return MediationBody.objects.restrict(user, Action.ADD).filter(is_active=True)


def _legal_aid(user: Any, reference: str) -> LegalAidCase | None:
    reference = (reference or "").strip()
    if not reference:
        return None
    case = Case.objects.restrict(user, Action.VIEW).filter(reference=reference).first()
    detail = LegalAidCase.objects.filter(pk=case.pk).first() if case else None
    if detail is None:
        raise ValidationError(
            {"legal_aid_reference": _("No legal aid case with this reference in your units.")}
        )
    return detail


def _case_fields(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    data.pop("employer", None)
    data["legal_aid"] = _legal_aid(user, data.pop("legal_aid_reference", ""))
    return data


class MediationCaseCreateView(NewRecord):
    title = _("Record a mediation case")
    back_url_name = "rights:mediation_list"
    parent_url_name = "rights:mediation_list"
    parent_title = CASES
    employer_picker = True
    picker_required = False
    picker_label = _("Employer")

    def make_form(self, data: Any = None) -> forms.MediationOpenForm:
        return forms.MediationOpenForm(data, bodies=_visible_bodies(self.request.user))

    def save(self, form: Any) -> MediationCase:
        data = _case_fields(self.request.user, form.cleaned_data)
        employer = self.picked_enterprise(form)
        id_number = data.pop("id_number")
        body = data.pop("body")
        visible = Person.objects.restrict(self.request.user, Action.VIEW)
        worker = persons_by_id_number(visible, id_number).first()
        if worker is None:
            raise ValidationError(
                {"id_number": _("No worker with this ID number is registered in your units.")}
            )
        return services.mediation_open(
            by=self.request.user, body=body, worker=worker, employer=employer, **data
        )

    def success_url(self, obj: Any) -> str:
        return reverse("rights:mediation_detail", args=[obj.pk])


class MediationCaseDetailView(RecordDetail):
    model = MediationCase
    related = ("unit", "body", "worker", "employer", "legal_aid", "legal_aid__case")
    list_url_name = "rights:mediation_list"
    list_title = CASES

    def context(self) -> dict[str, Any]:
        case = self.obj
        actions = []
        if self.can_change and case.is_closed:
            actions = [action(_("Reopen"), reverse("rights:mediation_reopen", args=[case.pk]))]
        elif self.can_change:
            actions = [
                action(_("Edit"), reverse("rights:mediation_update", args=[case.pk])),
                action(_("Record a session"),
                       reverse("rights:mediation_session_add", args=[case.pk])),
                action(_("Record the outcome"),
                       reverse("rights:mediation_conclude", args=[case.pk]), "danger"),
            ]  # fmt: skip
        aid = case.legal_aid
        aid_value: Any = ""
        if aid is not None and can(self.request.user, Action.VIEW, aid.case):
            aid_value = link(aid.case.reference, reverse("casework:detail", args=[aid.pk]))
        sessions = [[s.date, s.mediator.name, s.notes]
                    for s in case.sessions.select_related("mediator")]  # fmt: skip
        badge = ({"text": case.get_outcome_display(), "style": "success"} if case.is_closed
                 else {"text": _("Not yet concluded"), "style": "warning"})  # fmt: skip
        return {
            "title": _("Mediation: %(worker)s") % {"worker": case.worker.name},
            "badges": [badge],
            "actions": actions,
            "fields": [
                (_("Mediation body"), case.body.name),
                (_("Court"), case.body.court_name),
                (_("Court reference number"), case.court_reference),
                (_("Worker"), case.worker.name),
                (_("Employer"), case.employer_display),
                (_("Kind of dispute"), case.get_dispute_type_display()),
                (_("The dispute"), case.dispute),
                (_("Accepted on"), case.opened_on),
                (_("Legal aid case"), aid_value),
                (_("Amount claimed"), yuan(case.amount_claimed)
                 if case.amount_claimed is not None else ""),
                (_("Outcome"), case.get_outcome_display()),
                (_("Concluded on"), case.outcome_on),
                (_("Amount agreed"), yuan(case.amount_agreed) if case.outcome else ""),
                (_("Times reopened"), case.reopen_count),
                (_("Union unit"), case.unit.name),
            ],
            "sections": [
                {"id": "sessions", "title": _("Mediation sessions"),
                 "headers": [_("Date"), _("Mediator"), _("What happened")], "rows": sessions},
            ],
        }  # fmt: skip


class _CaseAction(RecordAction):
    model = MediationCase
    related = ("unit", "body", "worker")
    detail_url_name = "rights:mediation_detail"
    parent_url_name = "rights:mediation_list"
    parent_title = CASES

    def subject(self) -> Any:
        return _("Mediation: %(worker)s") % {"worker": self.obj.worker.name}


class MediationCaseUpdateView(_CaseAction):
    title = _("Edit mediation case")
    employer_picker = True
    picker_required = False
    picker_label = _("Employer")
    form_class = forms.MediationCaseFields

    def form_kwargs(self) -> dict[str, Any]:
        case = self.obj
        initial = {name: getattr(case, name) for name in services.CASE_FIELDS}
        initial["employer"] = case.employer_id
        initial.pop("legal_aid")
        if case.legal_aid_id:
            initial["legal_aid_reference"] = Case.objects.get(pk=case.legal_aid_id).reference
        return {"initial": initial}

    def save(self, form: Any) -> Any:
        data = _case_fields(self.request.user, form.cleaned_data)
        data["employer"] = self.picked_enterprise(form)
        return services.mediation_update(by=self.request.user, case=self.obj, **data)


class MediationSessionAddView(_CaseAction):
    title = _("Record a session")
    form_class = forms.SessionForm

    def form_kwargs(self) -> dict[str, Any]:
        mediators = Mediator.objects.filter(body=self.obj.body_id, is_active=True)
        return {"mediators": mediators}

    def save(self, form: Any) -> Any:
        return services.mediation_add_session(
            by=self.request.user, case=self.obj, **form.cleaned_data
        )


class MediationConcludeView(_CaseAction):
    title = _("Record the outcome")
    form_class = forms.ConcludeForm

    def form_kwargs(self) -> dict[str, Any]:
        return {"initial": {"amount_agreed": 0}}

    def save(self, form: Any) -> Any:
        return services.mediation_conclude(by=self.request.user, case=self.obj, **form.cleaned_data)


class MediationReopenView(_CaseAction):
    title = _("Reopen the mediation")
    form_class = forms.ReopenForm

    def save(self, form: Any) -> Any:
        return services.mediation_reopen(by=self.request.user, case=self.obj, **form.cleaned_data)
