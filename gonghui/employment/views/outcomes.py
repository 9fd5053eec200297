"""Placements and their follow-up visits, labour-export batches, loan interest subsidies."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from gonghui.core.choices import Action
from gonghui.core.scoping import can
from gonghui.core.views.base import WorkspaceMixin, choice_label, iso_date
from gonghui.employment import forms, selectors, services
from gonghui.employment.choices import PlacementSource
from gonghui.employment.models import (
    FollowUp,
    JobPosting,
    LabourExportBatch,
    LoanSubsidy,
    Placement,
)
from gonghui.employment.views.common import (
    AddPage,
    FormPage,
    RecordExport,
    RecordList,
    find_employer,
    find_person,
    link,
)


class PlacementListView(RecordList):
    model = Placement
    title = _("Placements")
    add_url_name = "employment:placement_create"
    export_url_name = "employment:placement_export"
    date_field = "start_date"
    related = ("unit", "person", "enterprise")
    headers = [_("Worker"), _("Employer"), _("Start date"), _("Monthly pay (yuan)"),
               _("Source"), _("Union unit")]  # fmt: skip

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().defer("person__id_number", "person__phone")

    def cells(self, p: Placement) -> list[Any]:
        return [link(p.person.name, "employment:placement_detail", p), p.enterprise.name,
                p.start_date, p.monthly_pay, p.get_source_display(), p.unit.name]  # fmt: skip


class PlacementExportView(RecordExport):
    list_view = PlacementListView
    filename = "placements"
    columns = [
        ("person__name", _("Worker"), None),
        ("person__id_number_masked", _("ID number"), None),
        ("enterprise__name", _("Employer"), None),
        ("posting__title", _("Job posting"), None),
        ("start_date", _("Start date"), iso_date),
        ("monthly_pay", _("Monthly pay (yuan)"), None),
        ("source", _("Source"), choice_label(PlacementSource.choices)),
        ("unit__name", _("Union unit"), None),
    ]


class PlacementCreateView(AddPage):
    title = _("Record a placement")
    back_url_name = "employment:placement_list"
    employer_picker = True

    def make_form(self, data: Any = None) -> forms.PlacementForm:
        return forms.PlacementForm(data)

    def save(self, form: forms.PlacementForm) -> Placement:
        data = dict(form.cleaned_data)
        user = self.request.user
        employer = find_employer(user, data.pop("employer"))
        if employer is None:
            raise ValidationError({"employer": gettext("Choose an employer from the list.")})
        person = find_person(user, data.pop("id_number"))
        posting_id = data.pop("posting")
        posting = None
        if posting_id:
            posting = JobPosting.objects.filter(pk=posting_id, enterprise=employer).first()
            if posting is None:
                raise ValidationError({"posting": gettext("No such posting of this employer.")})
        return services.placement_record(
            by=user, person=person, enterprise=employer, posting=posting, **data
        )

    def success_url(self, obj: Any) -> str:
        return reverse("employment:placement_detail", args=[obj.pk])


class PlacementDetailView(WorkspaceMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        placement = get_object_or_404(
            Placement.objects.restrict(request.user, Action.VIEW).select_related(
                "unit", "person", "enterprise", "posting", "fair", "training"
            ),
            pk=pk,
        )
        context = {
            "placement": placement,
            "follow_ups": placement.follow_ups.all(),
            "today": timezone.localdate(),
            "can_change": can(request.user, Action.CHANGE, placement),
        }
        return render(request, "employment/placement_detail.html", context)


class FollowUpListView(RecordList):
    """Follow-up visits to make: overdue first, then those due within two weeks."""

    model = FollowUp
    title = _("Follow-up visits due")
    filter_form = forms.SearchForm
    related = ("placement__person", "placement__enterprise", "placement__unit")
    headers = [_("Due on"), _("Worker"), _("Employer"), _("Months after the start"), _("Overdue")]

    def records(self) -> QuerySet[Any]:
        self.form = forms.SearchForm(None)
        visible = FollowUp.objects.restrict(self.request.user, Action.VIEW).within(self.unit)
        today = timezone.localdate()
        due = selectors.follow_ups_due(visible, today) | selectors.follow_ups_overdue(
            visible, today
        )
        return due.order_by("due_on", "pk")  # type: ignore[no-any-return]

    def cells(self, f: FollowUp) -> list[Any]:
        overdue = f.due_on < timezone.localdate()
        return [f.due_on, link(f.placement.person.name, "employment:follow_up_record", f),
                f.placement.enterprise.name, f.months_after,
                gettext("Yes") if overdue else gettext("No")]  # fmt: skip


class FollowUpRecordView(FormPage):
    title = _("Record a follow-up visit")
    required_action = Action.CHANGE
    follow_up: FollowUp

    def prepare(self, **kwargs: Any) -> None:
        self.follow_up = get_object_or_404(
            FollowUp.objects.restrict(self.request.user, Action.VIEW).select_related(
                "placement__unit", "placement__person"
            ),
            pk=kwargs["pk"],
        )
        if not can(self.request.user, Action.CHANGE, self.follow_up):
            raise PermissionDenied

    def back_url(self) -> str:
        return reverse("employment:placement_detail", args=[self.follow_up.placement_id])

    def context(self) -> dict[str, Any]:
        return {"subtitle": f"{self.follow_up.placement.person.name} · {self.follow_up.due_on}"}

    def make_form(self, data: Any = None) -> forms.FollowUpForm:
        return forms.FollowUpForm(data, initial={"done_on": timezone.localdate()})

    def save(self, form: forms.FollowUpForm) -> FollowUp:
        return services.follow_up_record(
            by=self.request.user, follow_up=self.follow_up, **form.cleaned_data
        )

    def success_url(self, obj: Any) -> str:
        return self.back_url()


class LabourExportListView(RecordList):
    model = LabourExportBatch
    title = _("Labour export batches")
    add_url_name = "employment:labour_export_create"
    date_field = "departed_on"
    related = ("unit", "employer")
    headers = [_("Departed on"), _("Destination"), _("Employer"), _("Number of workers"),
               _("Followed up on"), _("Union unit")]  # fmt: skip

    def cells(self, b: LabourExportBatch) -> list[Any]:
        return [b.departed_on, b.destination, b.employer_display, b.workers_count,
                b.follow_up_on, b.unit.name]  # fmt: skip


class LabourExportCreateView(AddPage):
    title = _("Record a labour export batch")
    back_url_name = "employment:labour_export_list"

    def make_form(self, data: Any = None) -> forms.LabourExportForm:
        return forms.LabourExportForm(data)

    def save(self, form: forms.LabourExportForm) -> LabourExportBatch:
        return services.labour_export_create(
            by=self.request.user, unit=self.unit, **form.cleaned_data
        )

    def success_url(self, obj: Any) -> str:
        return reverse(self.back_url_name)


class LoanListView(RecordList):
    model = LoanSubsidy
    title = _("Loan interest subsidies")
    add_url_name = "employment:loan_create"
    date_field = "granted_on"
    related = ("unit", "enterprise", "person")
    headers = [_("Granted on"), _("Borrower"), _("Bank"), _("Loan amount (yuan)"),
               _("Interest subsidy (yuan)"), _("Jobs created"), _("Union unit")]  # fmt: skip

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().defer("person__id_number", "person__phone")

    def cells(self, loan: LoanSubsidy) -> list[Any]:
        borrower = loan.enterprise.name if loan.enterprise else loan.person.name  # type: ignore[union-attr]
        return [loan.granted_on, borrower, loan.bank, loan.loan_amount, loan.subsidy_amount,
                loan.jobs_created, loan.unit.name]  # fmt: skip


class LoanCreateView(AddPage):
    title = _("Record a loan interest subsidy")
    back_url_name = "employment:loan_list"
    employer_picker = True

    def make_form(self, data: Any = None) -> forms.LoanForm:
        return forms.LoanForm(data)

    def save(self, form: forms.LoanForm) -> LoanSubsidy:
        data = dict(form.cleaned_data)
        user = self.request.user
        employer = find_employer(user, data.pop("employer"))
        id_number = data.pop("id_number")
        person = find_person(user, id_number) if id_number else None
        return services.loan_subsidy_create(
            by=user, unit=self.unit, enterprise=employer, person=person, **data
        )

    def success_url(self, obj: Any) -> str:
        return reverse(self.back_url_name)
