"""Campaigns (送温暖, 金秋助学): list, export, create, detail with each unit's progress against
its quota, allocation down the tree, reallocation between siblings, payments and their list."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.generic import ListView, View

from gonghui.assistance import selectors, services
from gonghui.assistance.choices import CampaignKind, FileStatus, StandardBasis
from gonghui.assistance.forms import (
    CampaignFilterForm,
    CampaignForm,
    CampaignPaymentForm,
    PaymentFilterForm,
    QuotaForm,
    ReallocateForm,
)
from gonghui.assistance.models import Campaign, CampaignPayment, CampaignQuota, HardshipFile
from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import can
from gonghui.core.views.base import (
    PAGE_SIZE,
    Column,
    HtmxListMixin,
    ServiceFormMixin,
    WorkspaceMixin,
    choice_label,
    csv_export,
    iso_date,
)


def filtered_campaigns(
    request: HttpRequest, unit: OrgUnit
) -> tuple[CampaignFilterForm, QuerySet[Campaign]]:
    form = CampaignFilterForm(request.GET or None)
    campaigns = selectors.campaigns_for(request.user, unit)
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("q"):
        campaigns = campaigns.filter(name__contains=data["q"].strip())
    if data.get("kind"):
        campaigns = campaigns.filter(kind=data["kind"])
    if data.get("year"):
        campaigns = campaigns.filter(starts_on__year=data["year"])
    return form, campaigns.order_by("-starts_on", "-pk")


class CampaignListView(WorkspaceMixin, HtmxListMixin, ListView):
    template_name = "assistance/campaign_list.html"
    partial_template_name = "assistance/_campaign_results.html"
    paginate_by = PAGE_SIZE
    context_object_name = "campaigns"

    def get_queryset(self) -> QuerySet[Campaign]:
        self.form, campaigns = filtered_campaigns(self.request, self.unit)
        return campaigns

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            form=self.form, can_add=can(self.request.user, Action.ADD, self.unit), **kwargs
        )


CAMPAIGN_COLUMNS: list[Column] = [
    ("name", gettext_lazy("Name"), None),
    ("kind", gettext_lazy("Campaign kind"), choice_label(CampaignKind.choices)),
    ("unit__name", gettext_lazy("Organising unit"), None),
    ("starts_on", gettext_lazy("Starts on"), iso_date),
    ("ends_on", gettext_lazy("Ends on"), iso_date),
    ("households", gettext_lazy("Planned households"), None),
    ("budget", gettext_lazy("Budget (yuan)"), None),
    ("standard", gettext_lazy("Standard amount (yuan)"), None),
    ("basis", gettext_lazy("Standard per"), choice_label(StandardBasis.choices)),
]


class CampaignExportView(WorkspaceMixin, View):
    def get(self, request: HttpRequest) -> StreamingHttpResponse:
        _form, campaigns = filtered_campaigns(request, self.unit)
        filename = f"campaigns-{timezone.localdate():%Y%m%d}.csv"
        return csv_export(filename, campaigns, CAMPAIGN_COLUMNS)


class CampaignCreateView(WorkspaceMixin, ServiceFormMixin, View):
    """A campaign organised by the picked unit."""

    def prepare(self, **kwargs: Any) -> None:
        if not can(self.request.user, Action.ADD, self.unit):
            raise PermissionDenied

    def make_form(self, data: Any = None) -> CampaignForm:
        return CampaignForm(data)

    def render_form(self, form: Any, status: int = 200) -> HttpResponse:
        context = {"form": form, "title": gettext("New campaign"),
                   "cancel_url": reverse("assistance:campaign_list")}  # fmt: skip
        return render(self.request, "assistance/form_page.html", context, status=status)

    def save(self, form: CampaignForm) -> Campaign:
        return services.campaign_create(by=self.request.user, unit=self.unit, **form.cleaned_data)

    def success_url(self, campaign: Any) -> str:
        return reverse("assistance:campaign_detail", args=[campaign.pk])


def visible_campaign(request: HttpRequest, pk: int) -> Campaign:
    campaign = selectors.visible_campaign_or_none(request.user, pk)
    if campaign is None:
        raise Http404
    return campaign


class CampaignDetailView(WorkspaceMixin, View):
    """Each unit's quota the user may see, with what its subtree has paid."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = visible_campaign(request, pk)
        quotas = CampaignQuota.objects.restrict(request.user, Action.VIEW).filter(campaign=campaign)
        rows = selectors.campaign_progress(campaign, quotas)
        for row in rows:
            row.can_change = can(request.user, Action.CHANGE, row.quota)  # type: ignore[attr-defined]
        payments = (
            CampaignPayment.objects.restrict(request.user, Action.VIEW)
            .filter(campaign=campaign)
            .select_related("file__person", "member", "quota__unit")
            .defer(
                "file__cause_detail",
                "file__bank_account",
                "file__person__id_number",
                "file__person__phone",
            )
            .order_by("-paid_on", "-pk")[:20]
        )
        context = {"campaign": campaign, "rows": rows, "payments": payments}
        return render(request, "assistance/campaign_detail.html", context)


def changeable_quota(request: HttpRequest, pk: int) -> CampaignQuota:
    quotas = CampaignQuota.objects.restrict(request.user, Action.VIEW)
    quota = get_object_or_404(quotas.select_related("campaign", "unit"), pk=pk)
    if not can(request.user, Action.CHANGE, quota):
        raise PermissionDenied
    return quota


class _QuotaFormView(WorkspaceMixin, ServiceFormMixin, View):
    quota: CampaignQuota
    title = ""

    def prepare(self, **kwargs: Any) -> None:
        self.quota = changeable_quota(self.request, kwargs["pk"])

    def render_form(self, form: Any, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "title": f"{self.title} · {self.quota.campaign.name} · {self.quota.unit.name}",
            "cancel_url": reverse("assistance:campaign_detail", args=[self.quota.campaign_id]),
        }
        return render(self.request, "assistance/form_page.html", context, status=status)

    def success_url(self, obj: Any) -> str:
        return reverse("assistance:campaign_detail", args=[self.quota.campaign_id])


class QuotaAllocateView(_QuotaFormView):
    title = gettext_lazy("Allocate to a unit below")  # type: ignore[assignment]

    def make_form(self, data: Any = None) -> QuotaForm:
        units = OrgUnit.objects.filter(parent=self.quota.unit).order_by("path")
        return QuotaForm(data, units=units)

    def save(self, form: QuotaForm) -> CampaignQuota:
        data = form.cleaned_data
        return services.quota_allocate(
            by=self.request.user, parent=self.quota, unit=data["unit"],
            households=data["households"], amount=data["amount"],
        )  # fmt: skip


class QuotaReallocateView(_QuotaFormView):
    title = gettext_lazy("Move quota to a sibling unit")  # type: ignore[assignment]

    def make_form(self, data: Any = None) -> ReallocateForm:
        targets = (
            CampaignQuota.objects.filter(parent_id=self.quota.parent_id)
            .exclude(pk=self.quota.pk)
            .select_related("unit")
            .order_by("unit__path")
        )
        if self.quota.parent_id is None:
            targets = targets.none()
        return ReallocateForm(data, targets=targets)

    def save(self, form: ReallocateForm) -> Any:
        data = form.cleaned_data
        return services.quota_reallocate(
            by=self.request.user, source=self.quota, target=data["target"],
            households=data["households"], amount=data["amount"],
        )  # fmt: skip


class PaymentRecordView(_QuotaFormView):
    """A household visited or paid by the quota's unit."""

    title = gettext_lazy("Record a payment")  # type: ignore[assignment]

    def make_form(self, data: Any = None) -> CampaignPaymentForm:
        initial = {"paid_on": timezone.localdate(), "amount": self.quota.campaign.standard}
        return CampaignPaymentForm(data, initial=initial)

    def save(self, form: CampaignPaymentForm) -> CampaignPayment:
        data = form.cleaned_data
        number = data["file_number"].strip().upper().removeprefix("KN")
        files = HardshipFile.objects.restrict(self.request.user, Action.CHANGE)
        file = files.filter(pk=int(number)).first() if number.isdigit() else None
        if file is None or file.status != FileStatus.ON_FILE:
            raise ValidationError(
                {"file_number": gettext("No hardship file on file with this number in your units.")}
            )
        member = None
        if self.quota.campaign.per_student:
            name = (data.get("student") or "").strip()
            member = file.members.filter(name=name).first() if name else None
            if member is None:
                raise ValidationError(
                    {"student": gettext("Give the name of a member of this household.")}
                )
        return services.campaign_payment_record(
            by=self.request.user, quota=self.quota, file=file, member=member,
            paid_on=data["paid_on"], amount=data.get("amount"), note=data.get("note") or "",
        )  # fmt: skip


def filtered_payments(
    request: HttpRequest, unit: OrgUnit, campaign: Campaign
) -> tuple[PaymentFilterForm, QuerySet[CampaignPayment]]:
    form = PaymentFilterForm(request.GET or None)
    payments = (
        CampaignPayment.objects.restrict(request.user, Action.VIEW)
        .within(unit)
        .filter(campaign=campaign)
    )
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("q"):
        payments = payments.filter(file__person__name__contains=data["q"].strip())
    return form, payments.order_by("-paid_on", "-pk")


class CampaignPaymentListView(WorkspaceMixin, HtmxListMixin, ListView):
    template_name = "assistance/campaign_payments.html"
    partial_template_name = "assistance/_campaign_payment_results.html"
    paginate_by = PAGE_SIZE
    context_object_name = "payments"

    def get_queryset(self) -> QuerySet[CampaignPayment]:
        self.campaign = visible_campaign(self.request, self.kwargs["pk"])
        self.form, payments = filtered_payments(self.request, self.unit, self.campaign)
        return payments.select_related("file__person", "member", "quota__unit").defer(
            "file__cause_detail", "file__bank_account", "file__person__id_number",
            "file__person__phone",
        )  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(form=self.form, campaign=self.campaign, **kwargs)


PAYMENT_COLUMNS: list[Column] = [
    ("file_id", gettext_lazy("File number"), lambda pk: f"KN{pk:06d}"),
    ("file__person__name", gettext_lazy("Worker"), None),
    ("file__person__id_number_masked", gettext_lazy("ID number"), None),
    ("member__name", gettext_lazy("Student"), None),
    ("amount", gettext_lazy("Amount (yuan)"), None),
    ("paid_on", gettext_lazy("Date"), iso_date),
    ("quota__unit__name", gettext_lazy("Paying unit"), None),
]


class CampaignPaymentExportView(WorkspaceMixin, View):
    def get(self, request: HttpRequest, pk: int) -> StreamingHttpResponse:
        campaign = visible_campaign(request, pk)
        _form, payments = filtered_payments(request, self.unit, campaign)
        filename = f"campaign-{campaign.pk}-payments.csv"
        return csv_export(filename, payments, PAYMENT_COLUMNS)
