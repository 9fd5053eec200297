"""Home (the picked unit's figures), the units below it, and the unit picker."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import TemplateView, View

from gonghui.casework.selectors import queue_counts
from gonghui.core.choices import Action
from gonghui.core.indicators import UNITS, UNITS_BY_KIND
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import user_grants
from gonghui.core.views.base import PAGE_SIZE, WorkspaceMixin, is_htmx, parse_id, pick_unit
from gonghui.indicators.periods import Period
from gonghui.indicators.selectors import breakdown_many, values
from gonghui.registry.indicators import (
    ENTERPRISES,
    ENTERPRISES_FOUNDED,
    FOUNDING_RATE,
    PERSONS,
)

PICKER_LIMIT = 20
KEY_INDICATORS = [PERSONS, ENTERPRISES, ENTERPRISES_FOUNDED, FOUNDING_RATE]


class HomeView(WorkspaceMixin, TemplateView):
    """The picked unit at a glance: its figures (from the indicator registry, this year) and
    the case queues; a fixed number of queries whatever the subtree's size."""

    template_name = "workspace/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user, unit = self.request.user, self.unit
        period = Period.current_year()
        kinds = list(UNITS_BY_KIND.values())
        figures = values([*KEY_INDICATORS, UNITS, *kinds], unit, period, user=user)
        return super().get_context_data(
            period=period,
            figures=[(indicator, figures[indicator.code]) for indicator in KEY_INDICATORS],
            units_by_kind=[(k.name, figures[k.code]) for k in kinds if figures[k.code]],
            units_total=figures[UNITS.code],
            queues=queue_counts(user, unit, timezone.now()),
            **kwargs,
        )


class UnitsView(WorkspaceMixin, TemplateView):
    """The children of a unit (the picked one, or one below it) with their subtree counts.

    Workers, employers and the founding rate are the registry's indicators (as they stand
    now), broken down over the children on the page: one grouped query per model. The units
    below each child, which decide whether it can be opened, are one conditional ``Count``
    per child in one query. No query per child.
    """

    template_name = "workspace/units.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user, unit = self.request.user, self.unit
        visible = OrgUnit.objects.restrict(user, Action.VIEW)
        parent = unit
        parent_id = parse_id(self.request.GET.get("parent"))
        if parent_id is not None:
            parent = get_object_or_404(visible.within(unit), pk=parent_id)
        trail = list(
            visible.filter(pk__in=parent.ancestor_ids, depth__gte=unit.depth).order_by("depth")
        )
        children = visible.filter(parent=parent).order_by("code")
        page = Paginator(children, PAGE_SIZE).get_page(self.request.GET.get("page"))
        rows = self._rows(parent, list(page.object_list))
        return super().get_context_data(
            parent=parent, trail=trail, page_obj=page, rows=rows, **kwargs
        )

    def _rows(self, parent: OrgUnit, children: list[OrgUnit]) -> list[dict[str, Any]]:
        if not children:
            return []
        user = self.request.user
        units = (
            OrgUnit.objects.restrict(user, Action.VIEW)
            .within(parent)
            .aggregate(
                **{
                    f"u{c.pk}": Count("pk", filter=Q(path__startswith=c.path, depth__gt=c.depth))
                    for c in children
                }
            )
        )
        figures = breakdown_many(
            KEY_INDICATORS, parent, Period.current_year(), user=user, units=children
        )
        return [
            {
                "unit": c,
                "units": units[f"u{c.pk}"],
                "persons": row[PERSONS.code],
                "enterprises": row[ENTERPRISES.code],
                "founded": row[ENTERPRISES_FOUNDED.code],
                "rate": row[FOUNDING_RATE.code],
            }
            for c, row in zip(children, figures.rows, strict=True)
        ]


class UnitPickerView(WorkspaceMixin, View):
    """GET: the units matching a name or code (htmx typeahead). POST: work in that unit."""

    def get(self, request: HttpRequest) -> HttpResponse:
        query = request.GET.get("q", "").strip()[:50]
        if query:
            units = (
                OrgUnit.objects.restrict(request.user, Action.VIEW)
                .filter(
                    Q(name__contains=query)
                    | Q(short_name__contains=query)
                    | Q(code__startswith=query)
                )
                .order_by("depth", "path")[:PICKER_LIMIT]
            )
        else:
            units = sorted({g.unit for g in user_grants(request.user)}, key=lambda u: u.path)
        template = "workspace/_unit_picker_results.html"
        if not is_htmx(request):
            template = "workspace/unit_picker.html"
        return render(
            request,
            template,
            {"units": units, "query": query, "next": self._next(request)},
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        unit = get_object_or_404(
            OrgUnit.objects.restrict(request.user, Action.VIEW),
            pk=parse_id(request.POST.get("unit")) or 0,
        )
        pick_unit(request, unit)
        return HttpResponseRedirect(self._next(request))

    @staticmethod
    def _next(request: HttpRequest) -> str:
        target = request.POST.get("next") or request.GET.get("next") or ""
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
        return reverse("workspace:home")
