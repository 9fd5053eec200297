"""Join codes (入会二维码) in the workspace: the member-taking units, each unit's settings,
its QR code as PNG and SVG, and a printable A4 poster."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.generic import ListView, View

from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import can
from gonghui.core.views.base import PAGE_SIZE, WorkspaceMixin
from gonghui.membership import qr
from gonghui.membership.choices import MEMBER_UNIT_KINDS, JoinRequestStatus, MembershipStatus
from gonghui.membership.forms import SettingsForm
from gonghui.membership.models import MembershipSettings
from gonghui.membership.selectors import takes_members
from gonghui.membership.services import (
    join_token_regenerate,
    membership_settings_enable,
    membership_settings_update,
)


class MemberUnitListView(WorkspaceMixin, ListView):
    """The units in the picked unit's subtree that take members, with their figures."""

    template_name = "membership/unit_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "units"

    def get_queryset(self) -> QuerySet[OrgUnit]:
        return (
            OrgUnit.objects.restrict(self.request.user, Action.VIEW)
            .within(self.unit)
            .filter(kind__in=MEMBER_UNIT_KINDS)
            .select_related("membership_settings")
            .annotate(
                active_members=Count(
                    "memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE)
                )
            )
            .order_by("path")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        ids = [unit.pk for unit in context["units"]]
        pending = dict(
            OrgUnit.objects.filter(pk__in=ids)
            .annotate(
                n=Count("join_requests", filter=Q(join_requests__status=JoinRequestStatus.PENDING))
            )
            .values_list("pk", "n")
        )
        for unit in context["units"]:
            unit.pending_requests = pending.get(unit.pk, 0)
        return context


def _visible_unit(request: HttpRequest, pk: int) -> OrgUnit:
    return get_object_or_404(
        OrgUnit.objects.restrict(request.user, Action.VIEW).filter(kind__in=MEMBER_UNIT_KINDS),
        pk=pk,
    )


def _settings_of(unit: OrgUnit) -> MembershipSettings | None:
    return MembershipSettings.objects.select_related("unit").filter(unit=unit).first()


class UnitSettingsView(WorkspaceMixin, View):
    """A unit's join settings and its join code; POST changes the settings."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        unit = _visible_unit(request, pk)
        row = _settings_of(unit)
        form = (
            SettingsForm(
                initial={"takes_members": row.takes_members, "auto_approve": row.auto_approve}
            )
            if row
            else None
        )
        return self.render(unit, row, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        unit = _visible_unit(request, pk)
        row = _settings_of(unit)
        if row is None:
            raise Http404
        if not can(request.user, Action.CHANGE, row):
            raise PermissionDenied
        form = SettingsForm(request.POST)
        if form.is_valid():
            membership_settings_update(by=request.user, settings_row=row, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(reverse("membership:unit_settings", args=[pk]))
        return self.render(unit, row, form, status=400)

    def render(
        self,
        unit: OrgUnit,
        row: MembershipSettings | None,
        form: SettingsForm | None,
        status: int = 200,
    ) -> HttpResponse:
        url = qr.join_url(row, self.request) if row else ""
        context = {
            "member_unit": unit,
            "row": row,
            "form": form,
            "join_url": url,
            "qr_svg": mark_safe(qr.svg_inline(url)) if row else "",
            "can_change": can(self.request.user, Action.CHANGE, unit),
            "open": takes_members(unit),
        }
        return render(self.request, "membership/unit_settings.html", context, status=status)


class UnitEnableView(WorkspaceMixin, View):
    required_action = Action.CHANGE

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        unit = _visible_unit(request, pk)
        if not can(request.user, Action.CHANGE, unit):
            raise PermissionDenied
        try:
            membership_settings_enable(by=request.user, unit=unit)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, _("Online joining is on; the join code is ready."))
        return HttpResponseRedirect(reverse("membership:unit_settings", args=[pk]))


class UnitRegenerateView(WorkspaceMixin, View):
    required_action = Action.CHANGE

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        unit = _visible_unit(request, pk)
        row = _settings_of(unit)
        if row is None:
            raise Http404
        if not can(request.user, Action.CHANGE, row):
            raise PermissionDenied
        join_token_regenerate(by=request.user, settings_row=row)
        messages.success(
            request, _("A new join code was made; posters with the old one no longer work.")
        )
        return HttpResponseRedirect(reverse("membership:unit_settings", args=[pk]))


def _existing_settings(request: HttpRequest, pk: int) -> MembershipSettings:
    unit = _visible_unit(request, pk)
    row = _settings_of(unit)
    if row is None:
        raise Http404
    return row


class JoinCodeImageView(WorkspaceMixin, View):
    """The join code to download: ``png`` for phones and documents, ``svg`` for print."""

    def get(self, request: HttpRequest, pk: int, kind: str) -> HttpResponse:
        row = _existing_settings(request, pk)
        url = qr.join_url(row, request)
        if kind == "png":
            body, content_type = qr.png(url), "image/png"
        else:
            body, content_type = qr.svg(url), "image/svg+xml"
        response = HttpResponse(body, content_type=content_type)
        filename = f"{row.unit.code}-join.{kind}"
        response["Content-Disposition"] = content_disposition_header(True, filename)
        response["Cache-Control"] = "no-store"
        return response


class JoinPosterView(WorkspaceMixin, View):
    """A print-ready A4 poster: the union's name, the code, and how to join."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        row = _existing_settings(request, pk)
        url = qr.join_url(row, request)
        context = {
            "member_unit": row.unit,
            "qr_svg": mark_safe(qr.svg_inline(url)),
            "join_url": url,
        }
        return render(request, "membership/poster.html", context)
