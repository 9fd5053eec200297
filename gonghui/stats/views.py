"""The statistics pages: dashboard, drill-down, statistical table, targets.

Every page takes ``?unit=`` (any unit the user may view; default the unit picked in the top
bar, 404 outside the user's scope) and ``?period=`` (``2024``, ``2024Q3``, ``2024-09``,
``2024-01-01..2024-06-30``; or the picker's fields; default this year). Figures are read only
through the indicator selectors (``gonghui.stats.figures``).
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from openpyxl import Workbook
from openpyxl.styles import Font

from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.core.views.base import ServiceFormMixin, WorkspaceMixin, parse_id
from gonghui.indicators import formatting, registry, selectors
from gonghui.indicators.forms import period_from_query
from gonghui.indicators.periods import Period
from gonghui.indicators.registry import Indicator, QueryIndicator, Value
from gonghui.stats import figures, services
from gonghui.stats.forms import PushDownForm, TargetForm
from gonghui.stats.models import Target

RECORDS_PAGE = 50
RANKING_LIMIT = 500


def chosen_unit(request: HttpRequest, default: OrgUnit) -> OrgUnit:
    """``?unit=``: any unit the user may view (404 otherwise); default the picked unit."""
    unit_id = parse_id(request.GET.get("unit"))
    if unit_id is None or unit_id == default.pk:
        return default
    return get_object_or_404(OrgUnit.objects.restrict(request.user, Action.VIEW), pk=unit_id)


def trail_of(unit: OrgUnit, user: Any) -> list[OrgUnit]:
    """The units above ``unit`` the user may view, from the top."""
    return list(
        OrgUnit.objects.restrict(user, Action.VIEW)
        .filter(pk__in=unit.ancestor_ids)
        .order_by("depth")
    )


def query(**params: Any) -> str:
    return "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


def drill_url(code: str, unit: OrgUnit, period: Period, **extra: Any) -> str:
    """The drill-down of a figure: ``/stats/drill/<code>/?unit=<id>&period=<value>``."""
    return reverse("stats:drill", args=[code]) + query(unit=unit.pk, period=period.value, **extra)


def _indicator(code: str) -> Indicator:
    try:
        return registry.get(code)
    except LookupError:
        raise Http404 from None


def _display(value: Value, indicator: Indicator) -> str:
    return formatting.number(value, indicator.unit_label)


class _PeriodPage(WorkspaceMixin, View):
    """A page for a unit and a period; a bad period answers 400 with the picker and errors."""

    template_name = ""

    def setup_page(self, request: HttpRequest) -> None:
        self.target = chosen_unit(request, self.unit)
        self.period, self.period_form, self.period_errors = period_from_query(request.GET)

    def base_context(self) -> dict[str, Any]:
        return {
            "unit": self.target,
            "trail": trail_of(self.target, self.request.user),
            "period": self.period,
            "period_form": self.period_form,
            "period_errors": self.period_errors,
            "children": list(selectors.child_units(self.target, user=self.request.user)),
            "hidden": [],
        }


class DashboardView(_PeriodPage):
    def get(self, request: HttpRequest) -> HttpResponse:
        self.setup_page(request)
        context = self.base_context()
        if self.period is None:
            return render(request, "stats/dashboard.html", context, status=400)
        board = figures.dashboard(self.target, self.period, user=request.user)
        context["sections"] = [
            (section, [(f, drill_url(f.indicator.code, self.target, self.period)) for f in items])
            for section, items in board.sections
        ]
        context["previous_period"] = self.period.previous_year()
        context["charts_url"] = reverse("stats:charts") + query(
            unit=self.target.pk, period=self.period.value
        )
        context["rank_choices"] = figures.key_indicators()
        context["here"] = query(unit=self.target.pk, period=self.period.value)
        return render(request, "stats/dashboard.html", context)


class ChartsView(_PeriodPage):
    """The dashboard's charts as JSON (fetched by the page after it is shown)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        self.setup_page(request)
        if self.period is None:
            return JsonResponse({"errors": self.period_errors}, status=400)
        data = figures.charts(
            self.target, self.period, user=request.user, rank_code=request.GET.get("rank", "")
        )
        if "ranking" in data:
            data["ranking"]["links"] = [
                drill_url(data["ranking"]["code"], OrgUnit(pk=pk), self.period)
                for pk in data["ranking"]["unit_ids"]
            ]
        return JsonResponse(data)


SORTS = {"value", "-value", "code", "name"}


class DrillView(_PeriodPage):
    """A figure broken down by the unit's children (each a link to its own drill-down), the
    unit's own records as a row, and the records themselves below a unit with no children
    (or with ``?own=1``, the unit's own records). ``?level=grassroots`` ranks every grassroots
    unit below; ``?sort=`` orders the rows (value, -value, code, name)."""

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        indicator = _indicator(code)
        self.setup_page(request)
        context = self.base_context()
        context["indicator"] = indicator
        if self.period is None:
            return render(request, "stats/drill.html", context, status=400)
        unit, period, user = self.target, self.period, request.user
        level = request.GET.get("level", figures.CHILDREN)
        level = level if level in (figures.CHILDREN, figures.GRASSROOTS) else figures.CHILDREN
        sort = request.GET.get("sort", "-value")
        sort = sort if sort in SORTS else "-value"
        own_only = request.GET.get("own") == "1"
        context.update(
            hidden=[("level", level)],
            level=level,
            sort=sort,
            own_only=own_only,
            base=query(unit=unit.pk, period=period.value),
            sort_base=query(unit=unit.pk, period=period.value, level=level),
            previous_url=drill_url(code, unit, period.previous_year(), level=level),
            grassroots_url=drill_url(code, unit, period, level=figures.GRASSROOTS),
            children_url=drill_url(code, unit, period),
        )
        show_records = own_only or not context["children"]
        if not show_records:
            units = figures.leaf_units(unit, user=user) if level == figures.GRASSROOTS else None
            table = selectors.breakdown(indicator, unit, period, user=user, units=units)
            rows = [(r.unit, r[code]) for r in table.rows]
            rows = _sorted(rows, sort)
            context["rows"] = [
                (u, value, _display(value, indicator), drill_url(code, u, period))
                for u, value in rows[:RANKING_LIMIT]
            ]
            context["more_rows"] = max(0, len(rows) - RANKING_LIMIT)
            context["own"] = _display(table.own[code], indicator)
            context["own_url"] = drill_url(code, unit, period, own=1)
            context["total"] = _display(table.total[code], indicator)
        else:
            total = selectors.value(indicator, unit, period, user=user)
            context["total"] = _display(total, indicator)
            context.update(self._records(indicator, unit, period, own_only))
        return render(request, "stats/drill.html", context)

    def _records(
        self, indicator: Indicator, unit: OrgUnit, period: Period, own_only: bool
    ) -> dict[str, Any]:
        counted = indicator.records_indicator
        if not isinstance(counted, QueryIndicator):
            return {"records": None}
        rows: QuerySet[Any] = selectors.records(indicator, unit, period, user=self.request.user)
        if own_only:
            rows = rows.filter(**{counted.owner_path_lookup: unit.path})
        page = Paginator(rows.order_by("-pk"), RECORDS_PAGE).get_page(self.request.GET.get("page"))
        date_field = counted.date_field
        amount_field = counted.field if counted.field != "pk" else ""
        items = []
        for record in page.object_list:
            items.append(
                {
                    "text": str(record),
                    "date": _follow(record, date_field) if date_field else "",
                    "amount": _follow(record, amount_field) if amount_field else "",
                    "url": record.get_absolute_url() if hasattr(record, "get_absolute_url") else "",
                }
            )
        return {
            "records": items,
            "page": page,
            "counted": counted,
            "record_count": page.paginator.count,
            "date_label": _verbose(counted, date_field),
            "amount_label": _verbose(counted, amount_field),
        }


def _follow(obj: Any, lookup: str) -> Any:
    for name in lookup.split("__"):
        obj = getattr(obj, name, None)
        if obj is None:
            return ""
    if hasattr(obj, "pk") and not isinstance(obj, int | Decimal | str):
        return str(obj)
    return obj


def _verbose(indicator: QueryIndicator, lookup: str) -> str:
    if not lookup:
        return ""
    model: Any = indicator.model
    parts = lookup.split("__")
    try:
        for part in parts[:-1]:
            model = model._meta.get_field(part).related_model
        return str(model._meta.get_field(parts[-1]).verbose_name)
    except (LookupError, AttributeError):  # a label is a nicety
        return lookup


def _sorted(rows: list[tuple[OrgUnit, Value]], sort: str) -> list[tuple[OrgUnit, Value]]:
    if sort == "code":
        return sorted(rows, key=lambda r: r[0].code)
    if sort == "name":
        return sorted(rows, key=lambda r: r[0].name)
    present = [r for r in rows if r[1] is not None]
    missing = [r for r in rows if r[1] is None]
    present.sort(key=lambda r: (Decimal(r[1] or 0), r[0].code), reverse=sort == "-value")
    return present + missing


# The statistical table ----------------------------------------------------------------------


def chosen_indicators(request: HttpRequest) -> list[Indicator]:
    """``?indicator=`` (repeated) or ``?codes=a,b``; default the key indicators; unknown 404."""
    codes = list(request.GET.getlist("indicator"))
    for part in request.GET.get("codes", "").split(","):
        if part.strip():
            codes.append(part.strip())
    if not codes:
        return figures.key_indicators()
    return [_indicator(code) for code in dict.fromkeys(codes)]


def _cell(value: Value) -> Any:
    """An exact figure for a spreadsheet: counts whole, sums to the cent, rates to 0.01."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value.quantize(Decimal("0.01"))
    return value


class TableView(_PeriodPage):
    def get(self, request: HttpRequest) -> HttpResponse:
        indicators = chosen_indicators(request)
        self.setup_page(request)
        context = self.base_context()
        context["indicators"] = indicators
        context["chosen"] = {i.code for i in indicators}
        if request.GET.getlist("indicator") or request.GET.get("codes"):
            context["hidden"] = [("indicator", i.code) for i in indicators]
        context["all_sections"] = figures.by_section(registry.all_indicators())
        if self.period is None:
            return render(request, "stats/table.html", context, status=400)
        table = figures.children_table(self.target, self.period, indicators, user=request.user)
        period = self.period

        def cells(unit: OrgUnit, values: dict[str, Value]) -> list[tuple[str, str]]:
            return [
                (_display(values[i.code], i), drill_url(i.code, unit, period)) for i in indicators
            ]

        context["rows"] = [(row.unit, cells(row.unit, row.values)) for row in table.rows]
        context["own"] = cells(self.target, table.own)
        context["own_url"] = query(own=1)
        context["total"] = cells(self.target, table.total)
        params: list[tuple[str, str]] = [("unit", str(self.target.pk)), ("period", period.value)]
        params += [("indicator", i.code) for i in indicators]
        context["export_url"] = reverse("stats:table_export") + "?" + urlencode(params)
        return render(request, "stats/table.html", context)


class TableExportView(_PeriodPage):
    """The statistical table as xlsx: unit codes, exact figures, the own row and the total."""

    def get(self, request: HttpRequest) -> HttpResponse | FileResponse:
        indicators = chosen_indicators(request)
        self.setup_page(request)
        if self.period is None:
            return HttpResponseBadRequest(
                "\n".join(self.period_errors), content_type="text/plain; charset=utf-8"
            )
        unit, period = self.target, self.period
        table = figures.children_table(unit, period, indicators, user=request.user)
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = _("Statistical table")[:31]
        sheet.append([f"{unit.name} {period.label} {_('Statistical table')}"])
        sheet["A1"].font = Font(bold=True)
        header = [_("Unit"), _("Unit code"), _("Kind")]
        header += [f"{i.name}({i.unit_label})" for i in indicators]
        sheet.append(header)
        codes = [i.code for i in indicators]
        for row in table.rows:
            sheet.append(
                [row.unit.name, row.unit.code, row.unit.get_kind_display()]
                + [_cell(row.values[c]) for c in codes]
            )
        sheet.append(
            [_("The unit itself"), unit.code, unit.get_kind_display()]
            + [_cell(table.own[c]) for c in codes]
        )
        sheet.append([_("Total"), unit.code, ""] + [_cell(table.total[c]) for c in codes])
        sheet.column_dimensions["A"].width = 28
        sheet.column_dimensions["B"].width = 16
        handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
        workbook.save(handle)
        handle.seek(0)
        filename = f"统计报表-{unit.code}-{period.value.replace('..', '_')}.xlsx"
        return FileResponse(handle, as_attachment=True, filename=filename)


# Targets ------------------------------------------------------------------------------------


def _year(request: HttpRequest) -> int:
    year = parse_id(request.GET.get("year"))
    if year is None or not 1949 <= year <= 2199:
        return timezone.localdate().year
    return year


class TargetListView(WorkspaceMixin, View):
    """The targets of a unit and the units below it for a year, with their completion."""

    def get(self, request: HttpRequest) -> HttpResponse:
        unit = chosen_unit(request, self.unit)
        year = _year(request)
        user = request.user
        targets = list(
            Target.objects.restrict(user, Action.VIEW)
            .within(unit)
            .filter(year=year, unit__depth__lte=unit.depth + 1)
            .select_related("unit", "parent", "parent__unit")
            .order_by("unit__depth", "indicator", "unit__code")
        )
        today = timezone.localdate()
        period = Period.year(year)
        rows = []
        by_unit: dict[int, list[Target]] = {}
        for target in targets:
            by_unit.setdefault(target.unit_id, []).append(target)
        for unit_targets in by_unit.values():
            owner = unit_targets[0].unit
            known = [t for t in unit_targets if t.indicator_obj is not None]
            values = selectors.values(
                [t.indicator_obj for t in known if t.indicator_obj], owner, period, user=user
            )
            for target in unit_targets:
                indicator = target.indicator_obj
                done = None
                if indicator is not None:
                    done = services.completion(
                        owner, target.indicator, year, user=user, today=today,
                        value=values[target.indicator], target=target,
                    )  # fmt: skip
                rows.append(
                    {
                        "target": target,
                        "indicator": indicator,
                        "completion": done,
                        "value": _display(done.value, indicator) if done and indicator else "—",
                        "target_display": _display(target.value, indicator)
                        if indicator
                        else str(target.value),
                        "drill": drill_url(target.indicator, owner, period) if indicator else "",
                        "can_push": services.can_push(user, target),
                    }
                )
        context = {
            "unit": unit,
            "trail": trail_of(unit, user),
            "year": year,
            "years": [year - 1, year, year + 1],
            "rows": rows,
            "expected": services.elapsed_share(year, today),
            "children": list(selectors.child_units(unit, user=user)),
        }
        return render(request, "stats/targets.html", context)


class TargetFormView(WorkspaceMixin, ServiceFormMixin, View):
    """Set a unit's target for a year (a new one, or change the one set)."""

    required_action = Action.CHANGE

    def prepare(self, **kwargs: Any) -> None:
        unit = chosen_unit(self.request, self.unit)
        services.ensure_target_rights(self.request.user, unit)
        self.target_unit = unit

    def make_form(self, data: Any = None) -> TargetForm:
        initial = {"year": _year(self.request), "indicator": self.request.GET.get("indicator")}
        return TargetForm(data, initial=initial)

    def render_form(self, form: Any, status: int = 200) -> HttpResponse:
        context = {"form": form, "unit": self.target_unit, "title": _("Set a target")}
        return render(self.request, "stats/target_form.html", context, status=status)

    def save(self, form: Any) -> Target:
        data = form.cleaned_data
        return services.target_set(
            by=self.request.user,
            unit=self.target_unit,
            indicator=data["indicator"],
            year=data["year"],
            value=data["value"],
            note=data["note"],
        )

    def success_url(self, obj: Target) -> str:
        return reverse("stats:targets") + query(unit=obj.unit_id, year=obj.year)


class TargetPushView(WorkspaceMixin, ServiceFormMixin, View):
    """Push a target down to the units directly below, in values or percentages."""

    required_action = Action.CHANGE

    def prepare(self, **kwargs: Any) -> None:
        self.target = get_object_or_404(
            Target.objects.restrict(self.request.user, Action.VIEW).select_related("unit"),
            pk=kwargs["pk"],
        )
        services.ensure_target_rights(self.request.user, self.target.unit)
        self.children = list(selectors.child_units(self.target.unit, user=self.request.user))
        if not self.children:
            raise Http404

    def make_form(self, data: Any = None) -> PushDownForm:
        current = {t.unit_id: t.value for t in Target.objects.filter(parent=self.target)}
        return PushDownForm(data, units=self.children, current=current)

    def render_form(self, form: Any, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "target": self.target,
            "indicator": self.target.indicator_obj,
            "unit": self.target.unit,
            "title": _("Push the target down"),
        }
        return render(self.request, "stats/target_push.html", context, status=status)

    def save(self, form: Any) -> Target:
        services.target_push_down(
            by=self.request.user,
            target=self.target,
            shares=form.shares(),
            percent=form.cleaned_data["mode"] == PushDownForm.PERCENT,
        )
        return self.target

    def success_url(self, obj: Target) -> str:
        return reverse("stats:targets") + query(unit=obj.unit_id, year=obj.year)
