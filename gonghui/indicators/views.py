"""The indicators page: every registered figure of a unit for a period, and its breakdown.

``?unit=`` picks a unit inside the workspace's picked unit (404 outside it), ``?period=``
a period (``2024``, ``2024Q3``, ``2024-09``, ``2024-01-01..2024-06-30``; or the picker's
fields), ``?indicator=`` the figure broken down by the unit's children, each child a link to
drill further down. The CSV export gives the breakdown (all figures when no indicator is
chosen) as a table of the children.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import groupby
from typing import Any

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.generic import TemplateView, View

from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.core.views.base import WorkspaceMixin, csv_response, parse_id
from gonghui.indicators import registry, selectors
from gonghui.indicators.forms import period_from_query
from gonghui.indicators.periods import Period
from gonghui.indicators.registry import Indicator, Value


def chosen_unit(request: HttpRequest, workspace_unit: OrgUnit) -> OrgUnit:
    """``?unit=`` when it is inside the picked unit and visible to the user, else 404."""
    unit_id = parse_id(request.GET.get("unit"))
    if unit_id is None or unit_id == workspace_unit.pk:
        return workspace_unit
    visible = OrgUnit.objects.restrict(request.user, Action.VIEW).within(workspace_unit)
    return get_object_or_404(visible, pk=unit_id)


def chosen_indicator(request: HttpRequest) -> Indicator | None:
    code = request.GET.get("indicator", "").strip()
    if not code:
        return None
    try:
        return registry.get(code)
    except LookupError:
        raise Http404 from None


def query_string(**params: Any) -> str:
    return "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


class IndicatorValuesView(WorkspaceMixin, TemplateView):
    template_name = "indicators/values.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.target = chosen_unit(request, self.unit)
        self.indicator = chosen_indicator(request)
        self.period, self.period_form, self.period_errors = period_from_query(request.GET)
        context = self.get_context_data(**kwargs)
        return self.render_to_response(context, status=400 if self.period_errors else 200)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user, unit, period, indicator = (
            self.request.user, self.target, self.period, self.indicator
        )  # fmt: skip
        trail = list(
            OrgUnit.objects.restrict(user, Action.VIEW)
            .filter(pk__in=unit.ancestor_ids, depth__gte=self.unit.depth)
            .order_by("depth")
        )
        context: dict[str, Any] = {
            "unit": unit,
            "trail": trail,
            "period": period,
            "period_form": self.period_form,
            "period_errors": self.period_errors,
            "indicator": indicator,
        }
        if period is None:
            return super().get_context_data(**context, **kwargs)
        link = {"period": period.value}
        indicators = registry.all_indicators()
        figures = selectors.values(indicators, unit, period, user=user)
        context["sections"] = [
            (section, [(i, figures[i.code]) for i in members])
            for section, members in groupby(indicators, key=lambda i: i.section)
        ]
        context["link"] = query_string(unit=unit.pk, **link)
        context["previous_year"] = query_string(
            unit=unit.pk,
            period=period.previous_year().value,
            indicator=indicator and indicator.code,
        )
        if indicator is not None:
            table = selectors.breakdown(indicator, unit, period, user=user)
            context["breakdown"] = table
            context["breakdown_rows"] = [(row.unit, row[indicator.code]) for row in table.rows]
            context["breakdown_own"] = table.own[indicator.code]
            context["breakdown_total"] = table.total[indicator.code]
            context["drill_link"] = query_string(indicator=indicator.code, **link)
            context["export_link"] = query_string(unit=unit.pk, indicator=indicator.code, **link)
        return super().get_context_data(**context, **kwargs)


def _cell(number: Value) -> Any:
    """A value for a spreadsheet: a plain number, rates to two decimals, nothing for none."""
    if number is None:
        return ""
    if isinstance(number, Decimal):
        return number.quantize(Decimal("0.01"))
    return number


class BreakdownExportView(WorkspaceMixin, View):
    """The breakdown by children as CSV: one column per indicator (or the chosen one)."""

    def get(self, request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
        unit = chosen_unit(request, self.unit)
        indicator = chosen_indicator(request)
        period, _form, errors = period_from_query(request.GET)
        if period is None:
            return HttpResponseBadRequest(
                "\n".join(errors), content_type="text/plain; charset=utf-8"
            )
        indicators = [indicator] if indicator else registry.all_indicators()
        table = selectors.breakdown_many(indicators, unit, period, user=request.user)
        header = [
            gettext("Unit"),
            gettext("Unit code"),
            gettext("Kind"),
            *(f"{i.name}({i.unit_label})" for i in indicators),
        ]
        codes = [i.code for i in indicators]
        rows: list[list[Any]] = [
            [row.unit.name, row.unit.code, row.unit.get_kind_display()]
            + [_cell(row.values[c]) for c in codes]
            for row in table.rows
        ]
        rows.append([gettext("The unit itself"), unit.code, unit.get_kind_display()]
                    + [_cell(table.own[c]) for c in codes])  # fmt: skip
        rows.append([gettext("Total"), "", ""] + [_cell(table.total[c]) for c in codes])
        filename = f"indicators-{unit.code}-{_file_part(period)}.csv"
        return csv_response(filename, header, rows)


def _file_part(period: Period) -> str:
    return period.value.replace("..", "_")
