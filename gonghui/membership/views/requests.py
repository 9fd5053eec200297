"""Join requests (入会申请) in the workspace: the list with filters and batch approval, one
request with approve and reject."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import ListView, View

from gonghui.core.choices import Action
from gonghui.core.scoping import can
from gonghui.core.views.base import PAGE_SIZE, HtmxListMixin, WorkspaceMixin, parse_id
from gonghui.membership.choices import JoinRequestStatus
from gonghui.membership.forms import JoinRequestFilterForm, RejectForm
from gonghui.membership.models import JoinRequest
from gonghui.membership.selectors import join_request_search
from gonghui.membership.services import (
    join_request_approve,
    join_request_reject,
    join_requests_approve_batch,
)

CLEAR_FIELDS = ("id_number", "phone")
BATCH_LIMIT = 200


def filtered_requests(
    request: HttpRequest, unit: Any
) -> tuple[JoinRequestFilterForm, QuerySet[JoinRequest]]:
    """The picked unit's requests the user may see, pending ones unless asked otherwise."""
    data_in = request.GET.copy()
    if "status" not in data_in:
        data_in["status"] = JoinRequestStatus.PENDING
    form = JoinRequestFilterForm(data_in)
    requests = JoinRequest.objects.restrict(request.user, Action.VIEW).within(unit)
    data = form.cleaned_data if form.is_valid() else {"status": JoinRequestStatus.PENDING}
    requests = join_request_search(requests, data.get("q", ""))
    for name in ("status", "channel"):
        if data.get(name):
            requests = requests.filter(**{name: data[name]})
    if data.get("transfer") in {"yes", "no"}:
        requests = requests.filter(wants_transfer=data["transfer"] == "yes")
    return form, requests


class JoinRequestListView(WorkspaceMixin, HtmxListMixin, ListView):
    template_name = "membership/request_list.html"
    partial_template_name = "membership/_request_results.html"
    paginate_by = PAGE_SIZE
    context_object_name = "join_requests"

    def get_queryset(self) -> QuerySet[JoinRequest]:
        self.form, requests = filtered_requests(self.request, self.unit)
        return requests.select_related("unit", "transfer_from").defer(*CLEAR_FIELDS)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(form=self.form, **kwargs)
        page = context["join_requests"]
        changeable = set(
            JoinRequest.objects.restrict(self.request.user, Action.CHANGE)
            .filter(pk__in=[r.pk for r in page])
            .values_list("pk", flat=True)
        )
        context["changeable"] = changeable
        context["can_batch"] = any(
            r.pk in changeable and r.status == JoinRequestStatus.PENDING for r in page
        )
        return context


def _visible_request(request: HttpRequest, pk: int) -> JoinRequest:
    return get_object_or_404(
        JoinRequest.objects.restrict(request.user, Action.VIEW)
        .select_related("unit", "transfer_from", "decided_by", "employer", "person")
        .defer(*CLEAR_FIELDS),
        pk=pk,
    )


def _detail(
    request: HttpRequest, join_request: JoinRequest, reject_form: RejectForm, status: int = 200
) -> HttpResponse:
    membership = getattr(join_request, "membership", None)
    context = {
        "join_request": join_request,
        "membership": membership,
        "can_decide": join_request.is_pending and can(request.user, Action.CHANGE, join_request),
        "reject_form": reject_form,
    }
    return render(request, "membership/request_detail.html", context, status=status)


class JoinRequestDetailView(WorkspaceMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return _detail(request, _visible_request(request, pk), RejectForm())


def _changeable_request(request: HttpRequest, pk: int) -> JoinRequest:
    join_request = _visible_request(request, pk)
    if not can(request.user, Action.CHANGE, join_request):
        raise PermissionDenied
    return join_request


class JoinRequestApproveView(WorkspaceMixin, View):
    required_action = Action.CHANGE

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        join_request = _changeable_request(request, pk)
        try:
            membership = join_request_approve(by=request.user, join_request=join_request)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(
                request,
                _("Approved: %(name)s is a member, card number %(card)s.")
                % {"name": join_request.name, "card": membership.card_number},
            )
        return HttpResponseRedirect(reverse("membership:request_detail", args=[pk]))


class JoinRequestRejectView(WorkspaceMixin, View):
    required_action = Action.CHANGE

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        join_request = _changeable_request(request, pk)
        form = RejectForm(request.POST)
        if form.is_valid():
            try:
                join_request_reject(
                    by=request.user, join_request=join_request, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    messages.error(request, "；".join(error.messages))
                    return HttpResponseRedirect(reverse("membership:request_detail", args=[pk]))
            else:
                messages.success(request, _("Rejected."))
                return HttpResponseRedirect(reverse("membership:request_detail", args=[pk]))
        return _detail(request, join_request, form, status=400)


class JoinRequestBatchApproveView(WorkspaceMixin, View):
    """Approve the ticked requests, each in its own transaction; say which failed and why."""

    required_action = Action.CHANGE

    def post(self, request: HttpRequest) -> HttpResponse:
        ids = {i for i in (parse_id(v) for v in request.POST.getlist("ids")) if i}
        ids = set(sorted(ids)[:BATCH_LIMIT])
        found = list(
            JoinRequest.objects.restrict(request.user, Action.CHANGE)
            .filter(pk__in=ids)
            .select_related("unit")
            .order_by("submitted_at", "pk")
        )
        missing = len(ids) - len(found)
        result = join_requests_approve_batch(by=request.user, join_requests=found)
        if not ids:
            messages.warning(request, _("Tick the requests to approve first."))
        if result.approved:
            count = len(result.approved)
            messages.success(
                request,
                ngettext("%(count)s request approved.", "%(count)s requests approved.", count)
                % {"count": count},
            )
        for join_request, reason in result.failed:
            messages.error(
                request,
                _("Not approved: %(name)s (%(reason)s)")
                % {"name": join_request.name, "reason": reason},
            )
        if missing:
            messages.error(
                request,
                ngettext(
                    "%(count)s request was not found or is outside your units.",
                    "%(count)s requests were not found or are outside your units.",
                    missing,
                )
                % {"count": missing},
            )
        return HttpResponseRedirect(_back(request, reverse("membership:request_list")))


def _back(request: HttpRequest, default: str) -> str:
    """The list page the batch was sent from, with its filters (same site only)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default
