"""Members (会员) in the workspace: the list with filters, one membership with the worker's
history, and ending a membership."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import ListView, View

from gonghui.core.choices import Action
from gonghui.core.scoping import can
from gonghui.core.views.base import PAGE_SIZE, HtmxListMixin, WorkspaceMixin, add_service_errors
from gonghui.membership.choices import MembershipStatus
from gonghui.membership.forms import EndForm, MembershipFilterForm
from gonghui.membership.models import Membership
from gonghui.membership.selectors import membership_search
from gonghui.membership.services import membership_end, open_transfer

PERSON_CLEAR_FIELDS = ("person__id_number", "person__phone")


def filtered_memberships(
    request: HttpRequest, unit: Any
) -> tuple[MembershipFilterForm, QuerySet[Membership]]:
    data_in = request.GET.copy()
    if "status" not in data_in:
        data_in["status"] = MembershipStatus.ACTIVE
    form = MembershipFilterForm(data_in)
    memberships = Membership.objects.restrict(request.user, Action.VIEW).within(unit)
    data = form.cleaned_data if form.is_valid() else {"status": MembershipStatus.ACTIVE}
    memberships = membership_search(memberships, data.get("q", ""))
    for name in ("status", "worker_group", "channel"):
        if data.get(name):
            memberships = memberships.filter(**{name: data[name]})
    return form, memberships


class MembershipListView(WorkspaceMixin, HtmxListMixin, ListView):
    template_name = "membership/member_list.html"
    partial_template_name = "membership/_member_results.html"
    paginate_by = PAGE_SIZE
    context_object_name = "memberships"

    def get_queryset(self) -> QuerySet[Membership]:
        self.form, memberships = filtered_memberships(self.request, self.unit)
        return (
            memberships.select_related("person", "unit")
            .defer(*PERSON_CLEAR_FIELDS)
            .order_by("-joined_on", "-pk")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(form=self.form, **kwargs)


def _visible_membership(request: HttpRequest, pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.restrict(request.user, Action.VIEW)
        .select_related("person", "person__unit", "unit", "join_request", "previous__unit")
        .defer(*PERSON_CLEAR_FIELDS),
        pk=pk,
    )


def _detail(
    request: HttpRequest, membership: Membership, end_form: EndForm, status: int = 200
) -> HttpResponse:
    history = (
        Membership.objects.restrict(request.user, Action.VIEW)
        .filter(person_id=membership.person_id)
        .select_related("unit")
        .order_by("-joined_on", "-pk")
    )
    context = {
        "membership": membership,
        "person": membership.person,
        "history": history,
        "verified": membership.person.user_id is not None,
        "can_end": membership.is_active and can(request.user, Action.CHANGE, membership),
        "can_transfer": membership.is_active and can(request.user, Action.ADD, membership.unit),
        "open_transfer": open_transfer(membership) if membership.is_active else None,
        "end_form": end_form,
    }
    return render(request, "membership/member_detail.html", context, status=status)


class MembershipDetailView(WorkspaceMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        membership = _visible_membership(request, pk)
        return _detail(request, membership, EndForm(initial={"ended_on": timezone.localdate()}))


class MembershipEndView(WorkspaceMixin, View):
    required_action = Action.CHANGE

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        membership = _visible_membership(request, pk)
        if not can(request.user, Action.CHANGE, membership):
            raise PermissionDenied
        form = EndForm(request.POST)
        if form.is_valid():
            try:
                membership_end(by=request.user, membership=membership, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The membership has ended."))
                return HttpResponseRedirect(reverse("membership:member_detail", args=[pk]))
        return _detail(request, membership, form, status=400)
