"""Transfers (会员关系转接) in the workspace: the list, starting one from a membership or a
join request, and the two approvals and the refusal (the buttons sit on the case page)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import ListView, View

from gonghui.casework.views import visible_case
from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import can
from gonghui.core.views.base import PAGE_SIZE, WorkspaceMixin
from gonghui.membership import services
from gonghui.membership.forms import TransferDecisionForm, TransferRejectForm, TransferStartForm
from gonghui.membership.models import JoinRequest, Membership, MembershipTransfer

STEPS = frozenset({"release", "complete", "reject"})


class TransferListView(WorkspaceMixin, ListView):
    template_name = "membership/transfer_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "transfers"

    def get_queryset(self) -> QuerySet[MembershipTransfer]:
        return (
            MembershipTransfer.objects.restrict(self.request.user, Action.VIEW)
            .within(self.unit)
            .select_related("case", "case__unit", "membership__person", "from_unit", "to_unit")
            .defer("membership__person__id_number", "membership__person__phone")
            .order_by("-case__submitted_at", "-pk")
        )


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class TransferStartView(WorkspaceMixin, View):
    """Staff start a transfer of a membership they may see, to a union named by its code."""

    required_action = Action.ADD

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        membership = get_object_or_404(
            Membership.objects.restrict(request.user, Action.VIEW).select_related("unit"), pk=pk
        )
        if not can(request.user, Action.ADD, membership.unit):
            raise PermissionDenied
        form = TransferStartForm(request.POST)
        back = reverse("membership:member_detail", args=[pk])
        if not form.is_valid():
            messages.error(request, _("Please give the code of the union joined."))
            return HttpResponseRedirect(back)
        to_unit = OrgUnit.objects.filter(code=form.cleaned_data["to_unit_code"].strip()).first()
        if to_unit is None:
            messages.error(request, _("No union has this code."))
            return HttpResponseRedirect(back)
        try:
            case = services.transfer_start(
                by=request.user, membership=membership, to_unit=to_unit,
                note=form.cleaned_data["note"],
            )  # fmt: skip
        except ValidationError as error:
            _errors(request, error)
            return HttpResponseRedirect(back)
        messages.success(request, _("The transfer has been started."))
        return HttpResponseRedirect(reverse("casework:detail", args=[case.pk]))


class TransferFromRequestView(WorkspaceMixin, View):
    """A join request asking for a transfer becomes a transfer case (staff of the union left,
    or above it, start it)."""

    required_action = Action.ADD

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        join_request = get_object_or_404(
            JoinRequest.objects.restrict(request.user, Action.VIEW).select_related("unit"), pk=pk
        )
        back = reverse("membership:request_detail", args=[pk])
        active = None
        if join_request.transfer_from_id is not None:
            active = Membership.objects.filter(
                person__id_number_hash=join_request.id_number_hash,
                status="active",
                unit_id=join_request.transfer_from_id,
            ).first()
        if active is None:
            messages.error(request, _("The applicant is no longer a member of that union."))
            return HttpResponseRedirect(back)
        try:
            case = services.transfer_start(
                by=request.user, membership=active, to_unit=join_request.unit,
                join_request=join_request, note=join_request.note,
            )  # fmt: skip
        except PermissionDenied:
            messages.error(
                request,
                _(
                    "Only staff of the union left (or above it), or the worker in the portal, "
                    "can start this transfer."
                ),
            )
            return HttpResponseRedirect(back)
        except ValidationError as error:
            _errors(request, error)
            return HttpResponseRedirect(back)
        return HttpResponseRedirect(reverse("casework:detail", args=[case.pk]))


class TransferDecideView(WorkspaceMixin, View):
    """Approve (as the union left or the union joined) or refuse; ``step`` says which."""

    required_action = Action.CHANGE

    def post(self, request: HttpRequest, pk: int, step: str) -> HttpResponse:
        if step not in STEPS:
            raise Http404
        case = visible_case(request, pk)
        get_object_or_404(MembershipTransfer, pk=case.pk)
        if not can(request.user, Action.CHANGE, case):
            raise PermissionDenied
        back = reverse("casework:detail", args=[case.pk])
        form: Any = (TransferRejectForm if step == "reject" else TransferDecisionForm)(request.POST)
        if not form.is_valid():
            messages.error(
                request,
                _("Please give the reason for the rejection.")
                if step == "reject"
                else _("The form was incomplete; please try again."),
            )
            return HttpResponseRedirect(back)
        data = form.cleaned_data
        try:
            if step == "release":
                services.transfer_release(
                    by=request.user, case=case, note=data["note"],
                    expected_version=data["version"],
                )  # fmt: skip
                messages.success(
                    request, _("Approved; the transfer now waits for the union joined.")
                )
                # The case has moved to the union joined: this user may no longer see it.
                if not can(request.user, Action.VIEW, case.__class__.objects.get(pk=case.pk)):
                    return HttpResponseRedirect(reverse("membership:transfer_list"))
            elif step == "complete":
                services.transfer_complete(
                    by=request.user, case=case, note=data["note"],
                    expected_version=data["version"],
                )  # fmt: skip
                messages.success(request, _("The membership has been transferred."))
            else:
                services.transfer_reject(
                    by=request.user, case=case, reason=data["reason"],
                    expected_version=data["version"],
                )  # fmt: skip
                messages.success(request, _("The transfer was rejected."))
        except ValidationError as error:
            _errors(request, error)
        return HttpResponseRedirect(back)
