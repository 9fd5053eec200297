"""Job postings: list with search and filters, review queue, create, edit, review, close."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from gonghui.core.choices import Action
from gonghui.core.scoping import can
from gonghui.core.views.base import WorkspaceMixin, choice_label, iso_date
from gonghui.employment import forms, selectors, services
from gonghui.employment.choices import EducationLevel, PostingStatus
from gonghui.employment.models import JobPosting
from gonghui.employment.screening import flag_labels
from gonghui.employment.views.common import (
    AddPage,
    FormPage,
    RecordExport,
    RecordList,
    find_employer,
    link,
)


class PostingListView(RecordList):
    model = JobPosting
    title = _("Job postings")
    add_url_name = "employment:posting_create"
    export_url_name = "employment:posting_export"
    filter_form = forms.PostingFilterForm
    related = ("unit", "enterprise", "occupation")
    headers = [_("Job title"), _("Employer"), _("Occupation"), _("Openings"),
               _("Pay (yuan/month)"), _("Valid until"), _("Status"), _("Flagged")]  # fmt: skip

    def filter(self, records: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        if data.get("q"):
            records = selectors.search_postings(records, data["q"])
        if data.get("status"):
            records = records.filter(status=data["status"])
        if data.get("flagged"):
            records = records.exclude(flagged_reasons=[])
        return records

    def cells(self, p: JobPosting) -> list[Any]:
        flags = "、".join(flag_labels(p.flagged_reasons)) or "—"
        return [link(p.title, "employment:posting_detail", p), p.enterprise.name,
                p.occupation.name, p.openings, p.pay_display, p.valid_until,
                p.get_status_display(), flags]  # fmt: skip


class ReviewQueueView(PostingListView):
    title = _("Postings waiting for review")
    add_url_name = ""

    def filter(self, records: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        records = super().filter(records, {**data, "status": ""})
        return records.filter(status=PostingStatus.PENDING).order_by("created_at", "pk")


class PostingExportView(RecordExport):
    list_view = PostingListView
    filename = "job-postings"
    columns = [
        ("pk", _("Number"), None),
        ("title", _("Job title"), None),
        ("enterprise__name", _("Employer"), None),
        ("occupation__code", _("Occupation code"), None),
        ("occupation__name", _("Occupation"), None),
        ("openings", _("Openings"), None),
        ("region_code", _("Region code"), None),
        ("pay_min", _("Minimum pay (yuan/month)"), None),
        ("pay_max", _("Maximum pay (yuan/month)"), None),
        ("education_min", _("Minimum education"), choice_label(EducationLevel.choices)),
        ("contact_name", _("Contact person"), None),
        ("contact_phone_masked", _("Contact telephone"), None),
        ("valid_until", _("Valid until"), iso_date),
        ("status", _("Status"), choice_label(PostingStatus.choices)),
        ("unit__name", _("Union unit"), None),
    ]


def visible_posting(user: Any, pk: int, action: str = Action.VIEW) -> JobPosting:
    posting = get_object_or_404(
        JobPosting.objects.restrict(user, Action.VIEW).select_related(
            "unit", "enterprise", "occupation", "reviewed_by"
        ),
        pk=pk,
    )
    if not can(user, action, posting):
        raise PermissionDenied
    return posting


class PostingCreateView(AddPage):
    title = _("New job posting")
    back_url_name = "employment:posting_list"
    employer_picker = True

    def make_form(self, data: Any = None) -> forms.PostingCreateForm:
        return forms.PostingCreateForm(data, initial={"region_code": self.unit.region_code})

    def save(self, form: forms.PostingCreateForm) -> JobPosting:
        data = dict(form.cleaned_data)
        employer = find_employer(self.request.user, data.pop("employer"))
        if employer is None:
            raise ValidationError({"employer": gettext("Choose an employer from the list.")})
        submit = data.pop("submit")
        return services.posting_create(
            by=self.request.user, enterprise=employer, submit=submit, **data
        )

    def success_url(self, obj: Any) -> str:
        return reverse("employment:posting_detail", args=[obj.pk])


class PostingUpdateView(FormPage):
    title = _("Edit job posting")
    required_action = Action.CHANGE
    posting: JobPosting

    def prepare(self, **kwargs: Any) -> None:
        self.posting = visible_posting(self.request.user, kwargs["pk"], Action.CHANGE)

    def back_url(self) -> str:
        return reverse("employment:posting_detail", args=[self.posting.pk])

    def make_form(self, data: Any = None) -> forms.PostingForm:
        initial = {name: getattr(self.posting, name) for name in services.POSTING_FIELDS}
        return forms.PostingForm(data, initial=initial)

    def save(self, form: forms.PostingForm) -> JobPosting:
        return services.posting_update(
            by=self.request.user, posting=self.posting, **form.cleaned_data
        )

    def success_url(self, obj: Any) -> str:
        return reverse("employment:posting_detail", args=[obj.pk])


class PostingDetailView(WorkspaceMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.show(visible_posting(request.user, pk), forms.ReviewForm())

    def show(
        self, posting: JobPosting, review_form: forms.ReviewForm, status: int = 200
    ) -> HttpResponse:
        user = self.request.user
        context = {
            "posting": posting,
            "flags": flag_labels(posting.flagged_reasons),
            "review_form": review_form,
            "can_change": can(user, Action.CHANGE, posting),
            "intents": posting.intents.select_related("seeker__person", "fair")[:50],
            "placements": posting.placements.select_related("person")[:50],
        }
        return render(self.request, "employment/posting_detail.html", context, status=status)


class PostingReviewView(PostingDetailView):
    """Publish or reject a pending posting (POST from the detail page)."""

    required_action = Action.CHANGE

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return HttpResponseRedirect(reverse("employment:posting_detail", args=[pk]))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        posting = visible_posting(request.user, pk, Action.CHANGE)
        form = forms.ReviewForm(request.POST)
        if form.is_valid():
            try:
                services.posting_review(
                    by=request.user, posting=posting,
                    approve=form.cleaned_data["decision"] == "approve",
                    note=form.cleaned_data["note"],
                )  # fmt: skip
            except ValidationError as error:
                from gonghui.core.views.base import add_service_errors

                add_service_errors(form, error)
            else:
                messages.success(request, gettext("Saved."))
                return HttpResponseRedirect(reverse("employment:review_queue"))
        return self.show(visible_posting(request.user, pk), form, status=400)


class _PostingAction(WorkspaceMixin, View):
    required_action = Action.CHANGE

    def act(self, posting: JobPosting) -> Any:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        posting = visible_posting(request.user, pk, Action.CHANGE)
        try:
            self.act(posting)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, gettext("Saved."))
        return HttpResponseRedirect(reverse("employment:posting_detail", args=[pk]))


class PostingSubmitView(_PostingAction):
    def act(self, posting: JobPosting) -> Any:
        return services.posting_submit(by=self.request.user, posting=posting)


class PostingCloseView(_PostingAction):
    def act(self, posting: JobPosting) -> Any:
        return services.posting_close(by=self.request.user, posting=posting)
