"""Disbursement (发放): the household's bank account, batches, the bank-transfer workbook
(full accounts only for roles that reveal personal data, audited), the bank's answer per line
or as a return workbook, and the re-issue of failed transfers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, View

from gonghui.assistance import selectors, services
from gonghui.assistance.forms import (
    BankAccountForm,
    BatchBuildForm,
    BatchFilterForm,
    LineSettleForm,
    ReturnUploadForm,
)
from gonghui.assistance.models import DisbursementBatch, DisbursementLine, HardshipFile
from gonghui.assistance.views.files import handled_file
from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import can
from gonghui.core.views.base import (
    PAGE_SIZE,
    Column,
    HtmxListMixin,
    ServiceFormMixin,
    WorkspaceMixin,
    add_service_errors,
    csv_export,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class BankAccountView(WorkspaceMixin, ServiceFormMixin, View):
    """The account aid is paid into; the form shows the current one masked only."""

    file: HardshipFile

    def prepare(self, **kwargs: Any) -> None:
        self.file = handled_file(self.request, kwargs["pk"])

    def make_form(self, data: Any = None) -> BankAccountForm:
        return BankAccountForm(data, initial={"bank_name": self.file.bank_name})

    def render_form(self, form: Any, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "title": gettext("Bank account") + " · " + self.file.person.name,
            "lead": self.file.bank_account_masked,
            "cancel_url": reverse("assistance:file_detail", args=[self.file.pk]),
        }
        return render(self.request, "assistance/form_page.html", context, status=status)

    def save(self, form: BankAccountForm) -> HardshipFile:
        return services.bank_account_set(by=self.request.user, file=self.file, **form.cleaned_data)

    def success_url(self, obj: Any) -> str:
        return reverse("assistance:file_detail", args=[self.file.pk])


def filtered_batches(
    request: HttpRequest, unit: OrgUnit
) -> tuple[BatchFilterForm, QuerySet[DisbursementBatch]]:
    form = BatchFilterForm(request.GET or None)
    batches = DisbursementBatch.objects.restrict(request.user, Action.VIEW).within(unit)
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("q"):
        batches = batches.filter(reference__contains=data["q"].strip().upper())
    return form, batches.select_related("unit", "created_by").order_by("-created_at", "-pk")


class BatchListView(WorkspaceMixin, HtmxListMixin, ListView):
    template_name = "assistance/batch_list.html"
    partial_template_name = "assistance/_batch_results.html"
    paginate_by = PAGE_SIZE
    context_object_name = "batches"

    def get_queryset(self) -> QuerySet[DisbursementBatch]:
        self.form, batches = filtered_batches(self.request, self.unit)
        return batches

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            form=self.form, can_add=can(self.request.user, Action.CHANGE, self.unit), **kwargs
        )


BATCH_COLUMNS: list[Column] = [
    ("reference", gettext_lazy("Reference"), None),
    ("unit__name", gettext_lazy("Paying unit"), None),
    ("total", gettext_lazy("Total (yuan)"), None),
    ("created_at", gettext_lazy("Created at"), lambda v: timezone.localtime(v).isoformat()),
]


class BatchExportView(WorkspaceMixin, View):
    def get(self, request: HttpRequest) -> StreamingHttpResponse:
        _form, batches = filtered_batches(request, self.unit)
        return csv_export(f"batches-{timezone.localdate():%Y%m%d}.csv", batches, BATCH_COLUMNS)


class BatchBuildView(WorkspaceMixin, ServiceFormMixin, View):
    """A batch of the unpaid aid and campaign payments of the picked unit's subtree."""

    def prepare(self, **kwargs: Any) -> None:
        if not can(self.request.user, Action.CHANGE, self.unit):
            raise PermissionDenied

    def make_form(self, data: Any = None) -> BatchBuildForm:
        campaigns = selectors.campaigns_for(self.request.user, self.unit).order_by("-starts_on")
        return BatchBuildForm(data, campaigns=campaigns)

    def render_form(self, form: Any, status: int = 200) -> HttpResponse:
        context = {"form": form, "title": gettext("New disbursement batch"),
                   "cancel_url": reverse("assistance:batch_list")}  # fmt: skip
        return render(self.request, "assistance/form_page.html", context, status=status)

    def save(self, form: BatchBuildForm) -> DisbursementBatch:
        return services.disbursement_batch_build(
            by=self.request.user, unit=self.unit, **form.cleaned_data
        )

    def success_url(self, batch: Any) -> str:
        return reverse("assistance:batch_detail", args=[batch.pk])


def visible_batch(request: HttpRequest, pk: int) -> DisbursementBatch:
    batches = DisbursementBatch.objects.restrict(request.user, Action.VIEW)
    return get_object_or_404(batches.select_related("unit", "reissue_of"), pk=pk)


def changeable_batch(request: HttpRequest, pk: int) -> DisbursementBatch:
    batch = visible_batch(request, pk)
    if not can(request.user, Action.CHANGE, batch):
        raise PermissionDenied
    return batch


@method_decorator(never_cache, name="dispatch")
class BatchDetailView(WorkspaceMixin, View):
    """The lines with masked accounts, their state, and the forms for the bank's answer."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = visible_batch(request, pk)
        lines = batch.lines.select_related("file", "reissued_as__batch").defer(
            "file__cause_detail", "file__bank_account"
        )
        context = {
            "batch": batch,
            "lines": lines,
            "can_change": can(request.user, Action.CHANGE, batch),
            "can_reveal": can(request.user, Action.REVEAL, batch),
            "settle_form": LineSettleForm(initial={"settled_on": timezone.localdate()}),
            "return_form": ReturnUploadForm(),
            "failed_open": any(line.can_reissue for line in lines),
        }
        return render(request, "assistance/batch_detail.html", context)


class BatchWorkbookView(WorkspaceMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = visible_batch(request, pk)
        content = services.disbursement_workbook(by=request.user, batch=batch)
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(
            True, f"{batch.reference}.xlsx"
        )
        response["Cache-Control"] = "no-store"
        return response


class LineSettleView(WorkspaceMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        lines = DisbursementLine.objects.restrict(request.user, Action.VIEW)
        line = get_object_or_404(lines.select_related("batch"), pk=pk)
        if not can(request.user, Action.CHANGE, line):
            raise PermissionDenied
        form = LineSettleForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(list(form.errors.values()))
            services.disbursement_line_settle(by=request.user, line=line, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, gettext("Saved."))
        return HttpResponseRedirect(reverse("assistance:batch_detail", args=[line.batch_id]))


class BatchReturnView(WorkspaceMixin, View):
    """The bank's return workbook, matched to the lines by reference."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = changeable_batch(request, pk)
        form = ReturnUploadForm(request.POST, request.FILES)
        try:
            if not form.is_valid():
                raise ValidationError(list(form.errors.values()))
            summary = services.disbursement_return_apply(
                by=request.user, batch=batch, upload=form.cleaned_data["workbook"],
                settled_on=form.cleaned_data.get("settled_on"),
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                gettext(
                    "%(paid)s paid, %(failed)s failed, %(already)s settled before; "
                    "unknown references: %(unknown)s; results not understood: %(unclear)s."
                )
                % {
                    **summary,
                    "unknown": "、".join(summary["unknown"]) or "—",
                    "unclear": "、".join(summary["unclear"]) or "—",
                },
            )
        return HttpResponseRedirect(reverse("assistance:batch_detail", args=[batch.pk]))


class BatchReissueView(WorkspaceMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch = changeable_batch(request, pk)
        try:
            new = services.disbursement_reissue(by=request.user, batch=batch)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("assistance:batch_detail", args=[batch.pk]))
        return HttpResponseRedirect(reverse("assistance:batch_detail", args=[new.pk]))
