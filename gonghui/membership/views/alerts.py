"""Data-quality alerts (会员信息预警) in the workspace: filters, counts by kind, closing one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import ListView, View

from gonghui.core.choices import Action
from gonghui.core.scoping import can
from gonghui.core.views.base import PAGE_SIZE, HtmxListMixin, WorkspaceMixin
from gonghui.membership.choices import AlertKind, AlertStatus
from gonghui.membership.forms import AlertCloseForm, AlertFilterForm
from gonghui.membership.models import DataAlert
from gonghui.membership.services import alert_close


class AlertListView(WorkspaceMixin, HtmxListMixin, ListView):
    template_name = "membership/alert_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "alerts"

    def get_queryset(self) -> QuerySet[DataAlert]:
        data_in = self.request.GET.copy()
        if "status" not in data_in:
            data_in["status"] = AlertStatus.OPEN
        self.form = AlertFilterForm(data_in)
        data = self.form.cleaned_data if self.form.is_valid() else {"status": AlertStatus.OPEN}
        self.base = DataAlert.objects.restrict(self.request.user, Action.VIEW).within(self.unit)
        alerts = self.base
        if data.get("status"):
            alerts = alerts.filter(status=data["status"])
        self.status_filtered = alerts
        if data.get("kind"):
            alerts = alerts.filter(kind=data["kind"])
        return alerts.select_related("unit").order_by("-last_seen_at", "-pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        counts = dict(self.status_filtered.order_by().values_list("kind").annotate(n=Count("pk")))
        by_kind = [(kind, kind.label, counts.get(kind.value, 0)) for kind in AlertKind]
        return super().get_context_data(
            form=self.form,
            by_kind=by_kind,
            total=sum(counts.values()),
            close_form=AlertCloseForm(),
            can_change=can(self.request.user, Action.CHANGE, self.unit),
            **kwargs,
        )


class AlertCloseView(WorkspaceMixin, View):
    required_action = Action.CHANGE

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        alert = get_object_or_404(DataAlert.objects.restrict(request.user, Action.VIEW), pk=pk)
        if not can(request.user, Action.CHANGE, alert):
            raise PermissionDenied
        form = AlertCloseForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Please give the reason."))
        else:
            try:
                alert_close(by=request.user, alert=alert, **form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("The alert is closed."))
        return HttpResponseRedirect(reverse("membership:alert_list"))
