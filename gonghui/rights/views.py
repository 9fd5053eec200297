"""Workspace pages of rights protection.

The cases themselves (queue, detail, moves, notes, routing) are the casework engine's pages at
``/cases/``; these pages record new cases of the three kinds, change the kinds' own fields, and
keep the lawyer roster, the consultations and the outreach events.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, View

from gonghui.casework.models import Case
from gonghui.casework.views import visible_case
from gonghui.casework.workflow import OPEN_STATES
from gonghui.core.choices import Action
from gonghui.core.scoping import can
from gonghui.core.views.base import (
    PAGE_SIZE,
    Column,
    HtmxListMixin,
    WorkspaceMixin,
    choice_label,
    csv_export,
    iso_date,
    yes_no_label,
)
from gonghui.registry.models import Enterprise, Person
from gonghui.registry.selectors import persons_by_id_number
from gonghui.registry.views.picker import EmployerFormPage
from gonghui.rights import forms, selectors, services
from gonghui.rights.choices import (
    LEGAL_AID_KIND,
    REQUEST_KIND,
    WAGE_ARREARS_KIND,
    ConsultationChannel,
    LawyerKind,
    Topic,
)
from gonghui.rights.models import Consultation, Lawyer, LegalAidCase, OutreachEvent, WageArrearsCase


class RightsHomeView(WorkspaceMixin, View):
    """What needs attention in the picked unit's subtree, and the ways in."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user, unit = request.user, self.unit
        cases = Case.objects.restrict(user, Action.VIEW).within(unit)
        now = timezone.now()
        counts = {
            "requests_open": cases.filter(kind=REQUEST_KIND, state__in=OPEN_STATES).count(),
            "requests_overdue": cases.filter(kind=REQUEST_KIND).overdue(now).count(),
            "legal_aid_open": cases.filter(kind=LEGAL_AID_KIND, state__in=OPEN_STATES).count(),
            "arrears_open": cases.filter(kind=WAGE_ARREARS_KIND, state__in=OPEN_STATES).count(),
        }
        from gonghui.rights.services_bargaining import expiring_contracts, overdue_offers
        from gonghui.rights.services_safety import overdue_hazards

        counts.update(
            offers_overdue=overdue_offers(user, unit).count(),
            contracts_expiring=expiring_contracts(user, unit).count(),
            hazards_overdue=overdue_hazards(user, unit).count(),
        )
        context = {
            "counts": counts,
            "warnings": list(selectors.limitation_warnings(user, unit)[:20]),
            "reopen_asks": list(selectors.reopen_asks(user, unit)[:20]),
            "can_add": can(user, Action.ADD, unit),
            "kinds": {"request": REQUEST_KIND, "legal_aid": LEGAL_AID_KIND,
                      "arrears": WAGE_ARREARS_KIND},
        }  # fmt: skip
        return render(request, "rights/home.html", context)


# Recording a case ----------------------------------------------------------------------


class _FormPage(EmployerFormPage):
    template_name = "rights/form.html"
    back_url_name = "rights:home"


class _CaseRecordView(_FormPage):
    employer_picker = True

    def prepare(self, **kwargs: Any) -> None:
        if not can(self.request.user, Action.ADD, self.unit):
            raise PermissionDenied

    def employer(self, form: Any) -> Enterprise | None:
        employer_id = form.cleaned_data.get("employer")
        if not employer_id:
            return None
        employer = (
            Enterprise.objects.restrict(self.request.user, Action.VIEW)
            .select_related("unit")
            .filter(pk=employer_id)
            .first()
        )
        if employer is None:
            raise ValidationError({"employer_name": _("Choose an employer from the list.")})
        return employer

    def applicant(self, form: Any, employer: Enterprise | None) -> Person:
        data = form.cleaned_data
        return services.applicant_find_or_register(
            by=self.request.user,
            unit=self.unit,
            id_number=data["id_number"],
            name=data.get("name", ""),
            phone=data.get("phone", ""),
            employer=employer,
        )

    def success_url(self, case: Any) -> str:
        return reverse("casework:detail", args=[case.pk])


class RequestRecordView(_CaseRecordView):
    """Record a request received by the 12351 hotline, a visit, a letter or a transfer."""

    title = _("Record a worker request")

    def make_form(self, data: Any = None) -> forms.RequestRecordForm:
        return forms.RequestRecordForm(data, initial={"channel": "hotline"})

    def save(self, form: forms.RequestRecordForm) -> Case:
        data = form.cleaned_data
        employer = self.employer(form)
        return services.request_record(
            by=self.request.user,
            applicant=self.applicant(form, employer),
            receiving_unit=self.unit,
            category=data["category"],
            description=data["description"],
            channel=data["channel"],
            urgent=data["urgent"],
            employer=employer,
            employer_name=data["employer_name"],
            submitted_at=data.get("submitted_at"),
        )


class LegalAidOpenView(_CaseRecordView):
    title = _("Record a legal aid case")

    def make_form(self, data: Any = None) -> forms.LegalAidOpenForm:
        return forms.LegalAidOpenForm(data, lawyers=selectors.roster(self.request.user))

    def save(self, form: forms.LegalAidOpenForm) -> Case:
        data = form.cleaned_data
        employer = self.employer(form)
        return services.legal_aid_open(
            by=self.request.user,
            applicant=self.applicant(form, employer),
            unit=self.unit,
            description=data["description"],
            dispute_type=data["dispute_type"],
            dispute_date=data["dispute_date"],
            channel=data["channel"],
            employer=employer,
            employer_name=data["employer_name"],
            lawyer=data.get("lawyer"),
            amount_claimed=data.get("amount_claimed"),
        )


class WageArrearsOpenView(_CaseRecordView):
    title = _("Record a wage arrears case")

    def make_form(self, data: Any = None) -> forms.WageArrearsOpenForm:
        return forms.WageArrearsOpenForm(data, initial={"amount_recovered": 0})

    def save(self, form: forms.WageArrearsOpenForm) -> Case:
        data = form.cleaned_data
        employer = self.employer(form)
        return services.wage_arrears_open(
            by=self.request.user,
            applicant=self.applicant(form, employer),
            unit=self.unit,
            description=data["description"],
            channel=data["channel"],
            employer=employer,
            employer_name=data["employer_name"],
            project=data["project"],
            workers_count=data["workers_count"],
            migrant_workers_count=data["migrant_workers_count"],
            amount_owed=data["amount_owed"],
            amount_recovered=data["amount_recovered"],
            joint_with_labour_bureau=data["joint_with_labour_bureau"],
            labour_bureau_reference=data["labour_bureau_reference"],
        )


# Changing a case's own fields ----------------------------------------------------------


class _CaseDetailChangeView(_FormPage):
    kind = ""
    case: Case

    def prepare(self, **kwargs: Any) -> None:
        self.case = visible_case(self.request, kwargs["pk"])
        if self.case.kind != self.kind:
            raise Http404
        if not can(self.request.user, Action.CHANGE, self.case):
            raise PermissionDenied

    def context(self) -> dict[str, Any]:
        return {"case": self.case, "back_url": reverse("casework:detail", args=[self.case.pk])}

    def success_url(self, obj: Any) -> str:
        return reverse("casework:detail", args=[self.case.pk])


class LegalAidUpdateView(_CaseDetailChangeView):
    kind = LEGAL_AID_KIND
    title = _("Stage, outcome and amounts")

    def make_form(self, data: Any = None) -> forms.LegalAidUpdateForm:
        detail = LegalAidCase.objects.get(pk=self.case.pk)
        initial = {
            "stage": detail.stage, "lawyer": detail.lawyer_id,
            "amount_claimed": detail.amount_claimed, "outcome": detail.outcome,
            "outcome_date": detail.outcome_date, "amount_recovered": detail.amount_recovered,
        }  # fmt: skip
        return forms.LegalAidUpdateForm(
            data, initial=initial, lawyers=selectors.roster(self.request.user)
        )

    def save(self, form: forms.LegalAidUpdateForm) -> Any:
        data = dict(form.cleaned_data)
        note = data.pop("note", "")
        return services.legal_aid_update(by=self.request.user, case=self.case, note=note, **data)


class WageArrearsUpdateView(_CaseDetailChangeView):
    kind = WAGE_ARREARS_KIND
    title = _("Workers and amounts")

    def make_form(self, data: Any = None) -> forms.WageArrearsUpdateForm:
        detail = WageArrearsCase.objects.get(pk=self.case.pk)
        initial = {name: getattr(detail, name) for name in services.WAGE_ARREARS_FIELDS}
        return forms.WageArrearsUpdateForm(data, initial=initial)

    def save(self, form: forms.WageArrearsUpdateForm) -> Any:
        data = dict(form.cleaned_data)
        note = data.pop("note", "")
        return services.wage_arrears_update(by=self.request.user, case=self.case, note=note, **data)


class RequestRateView(_CaseDetailChangeView):
    """Staff record the worker's satisfaction given on a call back (回访)."""

    kind = REQUEST_KIND
    title = _("Record the worker's satisfaction")

    def make_form(self, data: Any = None) -> forms.RatingForm:
        return forms.RatingForm(data)

    def save(self, form: forms.RatingForm) -> Any:
        data = form.cleaned_data
        return services.request_rate(
            by=self.request.user,
            case=self.case,
            score=data["score"],
            comment=data["comment"],
            ask_reopen=data["ask_reopen"],
        )


# Roster, consultations, outreach: lists with CSV ---------------------------------------


class _RecordList(WorkspaceMixin, HtmxListMixin, ListView):  # type: ignore[type-arg]
    """A scoped list of the picked unit's subtree, newest first, with a date range."""

    template_name = "rights/list.html"
    partial_template_name = "rights/_list_results.html"
    paginate_by = PAGE_SIZE
    model: Any
    title: Any = ""
    add_url_name = ""
    export_url_name = ""
    date_field = "date"
    headers: list[Any] = []
    related: tuple[str, ...] = ("unit",)

    def records(self) -> QuerySet[Any]:
        self.form = forms.DateRangeForm(self.request.GET or None)
        records = self.model.objects.restrict(self.request.user, Action.VIEW).within(self.unit)
        data = self.form.cleaned_data if self.form.is_valid() else {}
        if self.date_field and data.get("start"):
            records = records.filter(**{f"{self.date_field}__gte": data["start"]})
        if self.date_field and data.get("end"):
            records = records.filter(**{f"{self.date_field}__lte": data["end"]})
        return records  # type: ignore[no-any-return]

    def get_queryset(self) -> QuerySet[Any]:
        return self.records().select_related(*self.related)

    def cells(self, record: Any) -> list[Any]:
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            form=self.form,
            title=self.title,
            headers=self.headers,
            rows=[self.cells(record) for record in context["object_list"]],
            add_url=reverse(self.add_url_name),
            export_url=reverse(self.export_url_name),
            can_add=can(self.request.user, Action.ADD, self.unit),
            show_dates=bool(self.date_field),
        )
        return context


class _RecordExport(WorkspaceMixin, View):
    list_view: type[_RecordList]
    columns: list[Column]
    filename = ""

    def get(self, request: HttpRequest) -> StreamingHttpResponse:
        view = self.list_view()
        view.request, view.unit = request, self.unit
        name = f"{self.filename}-{timezone.localdate():%Y%m%d}.csv"
        return csv_export(name, view.records().order_by("-pk"), self.columns)


class LawyerListView(_RecordList):
    model = Lawyer
    title = _("Lawyers and legal-aid bodies")
    add_url_name = "rights:lawyer_create"
    export_url_name = "rights:lawyer_export"
    date_field = ""
    headers = [_("Name"), _("Kind"), _("Law firm or body"), _("Work telephone"),
               _("On the roster"), _("Union unit")]  # fmt: skip

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().order_by("-is_active", "name", "pk")

    def cells(self, lawyer: Lawyer) -> list[Any]:
        link = reverse("rights:lawyer_update", args=[lawyer.pk])
        return [{"text": lawyer.name, "url": link}, lawyer.get_kind_display(),
                lawyer.organisation, lawyer.phone, yes_no_label(lawyer.is_active),
                lawyer.unit.name]  # fmt: skip


class LawyerExportView(_RecordExport):
    list_view = LawyerListView
    filename = "lawyers"
    columns = [
        ("name", _("Name"), None),
        ("kind", _("Kind"), choice_label(LawyerKind.choices)),
        ("organisation", _("Law firm or body"), None),
        ("licence_number", _("Licence number"), None),
        ("phone", _("Work telephone"), None),
        ("is_active", _("On the roster"), yes_no_label),
        ("unit__name", _("Union unit"), None),
    ]


class ConsultationListView(_RecordList):
    model = Consultation
    title = _("Legal consultations")
    add_url_name = "rights:consultation_create"
    export_url_name = "rights:consultation_export"
    headers = [_("Date"), _("Channel"), _("Topic"), _("Worker"), _("Lawyer"), _("Union unit")]
    related = ("unit", "person", "lawyer")

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().defer("person__id_number", "person__phone")

    def cells(self, item: Consultation) -> list[Any]:
        return [item.date, item.get_channel_display(), item.get_topic_display(),
                item.person.name if item.person else "—",
                item.lawyer.name if item.lawyer else "—", item.unit.name]  # fmt: skip


class ConsultationExportView(_RecordExport):
    list_view = ConsultationListView
    filename = "consultations"
    columns = [
        ("date", _("Date"), iso_date),
        ("channel", _("Channel"), choice_label(ConsultationChannel.choices)),
        ("topic", _("Topic"), choice_label(Topic.choices)),
        ("person__name", _("Worker"), None),
        ("lawyer__name", _("Lawyer"), None),
        ("summary", _("Question and advice"), None),
        ("unit__name", _("Union unit"), None),
    ]


class OutreachListView(_RecordList):
    model = OutreachEvent
    title = _("Outreach events")
    add_url_name = "rights:outreach_create"
    export_url_name = "rights:outreach_export"
    headers = [_("Date"), _("Place"), _("Topic"), _("Attendees"), _("Union unit")]

    def cells(self, item: OutreachEvent) -> list[Any]:
        return [item.date, item.place, item.topic, item.attendees, item.unit.name]


class OutreachExportView(_RecordExport):
    list_view = OutreachListView
    filename = "outreach-events"
    columns = [
        ("date", _("Date"), iso_date),
        ("place", _("Place"), None),
        ("topic", _("Topic"), None),
        ("attendees", _("Attendees"), None),
        ("note", _("Note"), None),
        ("unit__name", _("Union unit"), None),
    ]


class _RecordCreate(_FormPage):
    """A new record owned by the picked unit."""

    service: Callable[..., Any]
    form_class: Any

    def prepare(self, **kwargs: Any) -> None:
        if not can(self.request.user, Action.ADD, self.unit):
            raise PermissionDenied

    def make_form(self, data: Any = None) -> Any:
        return self.form_class(data)

    def save(self, form: Any) -> Any:
        return type(self).service(by=self.request.user, unit=self.unit, **form.cleaned_data)

    def success_url(self, obj: Any) -> str:
        return reverse(self.back_url_name)


class LawyerCreateView(_RecordCreate):
    title = _("Add a lawyer or legal-aid body")
    back_url_name = "rights:lawyer_list"
    form_class = forms.LawyerForm
    service = services.lawyer_create


class LawyerUpdateView(_FormPage):
    title = _("Edit lawyer")
    back_url_name = "rights:lawyer_list"
    lawyer: Lawyer

    def prepare(self, **kwargs: Any) -> None:
        self.lawyer = get_object_or_404(
            Lawyer.objects.restrict(self.request.user, Action.VIEW).select_related("unit"),
            pk=kwargs["pk"],
        )
        if not can(self.request.user, Action.CHANGE, self.lawyer):
            raise PermissionDenied

    def make_form(self, data: Any = None) -> forms.LawyerForm:
        initial = {name: getattr(self.lawyer, name) for name in services.LAWYER_FIELDS}
        return forms.LawyerForm(data, initial=initial)

    def save(self, form: forms.LawyerForm) -> Lawyer:
        return services.lawyer_update(by=self.request.user, lawyer=self.lawyer, **form.cleaned_data)

    def success_url(self, obj: Any) -> str:
        return reverse("rights:lawyer_list")


class ConsultationCreateView(_RecordCreate):
    title = _("Record a legal consultation")
    back_url_name = "rights:consultation_list"

    def make_form(self, data: Any = None) -> forms.ConsultationForm:
        return forms.ConsultationForm(data, lawyers=selectors.roster(self.request.user))

    def save(self, form: forms.ConsultationForm) -> Consultation:
        data = dict(form.cleaned_data)
        id_number = data.pop("id_number", "")
        person = None
        if id_number:
            visible = Person.objects.restrict(self.request.user, Action.VIEW)
            person = persons_by_id_number(visible, id_number).first()
            if person is None:
                raise ValidationError(
                    {"id_number": _("No worker with this ID number is registered in your units.")}
                )
        return services.consultation_create(
            by=self.request.user, unit=self.unit, person=person, **data
        )


class OutreachCreateView(_RecordCreate):
    title = _("Record an outreach event")
    back_url_name = "rights:outreach_list"
    form_class = forms.OutreachForm
    service = services.outreach_create
