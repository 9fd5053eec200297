"""What the statistics pages compute, read only through the indicator selectors.

- ``key_indicators()``: the key figures of each section of the registry: those named in
  ``KEY_INDICATORS`` (codes not registered are skipped), or for a section none of whose
  indicators is named (a module that landed later), all its additive indicators;
- ``dashboard(unit, period)``: the key figures, the same period last year, 同比 and the target's
  completion where one is set;
- ``charts(unit, period)``: the data of the dashboard's charts (a chart whose indicators are
  not registered is left out);
- ``children_table(unit, period, indicators)``: the indicators of the unit's children, its
  own records and the total (the statistical table, 统计报表);
- ``ranking(indicator, unit, period, level)``: the units below, ranked.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from typing import Any

from django.db.models import Exists, OuterRef

from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.indicators import formatting, registry, selectors
from gonghui.indicators.periods import Period
from gonghui.indicators.registry import Indicator, QueryIndicator, Section, Timing, Value
from gonghui.stats import services

# The key figures of the dashboard and the default columns of the statistical table, in the
# order shown within each section. Codes of modules not installed are skipped.
KEY_INDICATORS: tuple[str, ...] = (
    "core.units",
    "core.units.grassroots",
    "registry.persons",
    "registry.enterprises",
    "registry.founding_rate",
    "registry.unions_founded",
    "membership.members",
    "membership.new_members",
    "membership.new_form_members",
    "membership.verified_share",
    "assistance.files_on_file",
    "assistance.files_lifted_out",
    "assistance.aid_all_households",
    "assistance.aid_all_amount",
    "rights.requests",
    "rights.requests_answered_rate",
    "rights.legal_aid_cases",
    "rights.legal_aid_recovered",
    "rights.wage_arrears_cases",
    "rights.wage_arrears_recovered",
    "rights.consultations",
    "rights.outreach_attendees",
    "rights.mediation_cases",
    "rights.contracts_signed",
    "rights.contract_workers_covered",
    "rights.hazards_rectified_rate",
    "assistance.campaign_all_times",
    "assistance.campaign_all_amount",
    "employment.enterprises_collected",
    "employment.postings_published",
    "employment.openings_offered",
    "employment.fairs",
    "employment.placements",
    "employment.retention_6m_rate",
    "employment.trainees",
)

MEMBERS = "membership.members"
PLACEMENTS = ("employment.placements",)
REQUEST_CODES = (
    "rights.requests",
    "rights.requests_answered",
    "rights.requests_answered_in_time",
)


def registered(codes: Iterable[str]) -> list[Indicator]:
    """The indicators of ``codes`` that are registered, in the order given."""
    found = []
    for code in codes:
        try:
            found.append(registry.get(code))
        except LookupError:
            continue
    return found


def key_indicators() -> list[Indicator]:
    """The key indicators, grouped by section in the registry's order (see the module doc)."""
    named = {i.code: n for n, i in enumerate(registered(KEY_INDICATORS))}
    chosen: list[Indicator] = []
    for _section, members_iter in groupby(registry.all_indicators(), key=lambda i: i.section):
        members = list(members_iter)
        keys = [i for i in members if i.code in named]
        if keys:
            chosen.extend(sorted(keys, key=lambda i: named[i.code]))
        else:
            chosen.extend(i for i in members if i.is_additive)
    return chosen


def by_section(indicators: Iterable[Indicator]) -> list[tuple[Section, list[Indicator]]]:
    return [(s, list(m)) for s, m in groupby(indicators, key=lambda i: i.section)]


# Dashboard ---------------------------------------------------------------------------------


@dataclass
class KeyFigure:
    indicator: Indicator
    value: Value
    previous: Value
    completion: services.Completion | None = None

    @property
    def display(self) -> str:
        return formatting.number(self.value, self.indicator.unit_label)

    @property
    def previous_display(self) -> str:
        return formatting.number(self.previous, self.indicator.unit_label)

    @property
    def change(self) -> str:
        return formatting.change(self.value, self.previous)

    @property
    def change_rate(self) -> Decimal | None:
        return formatting.change_rate(self.value, self.previous)


@dataclass
class Dashboard:
    unit: OrgUnit
    period: Period
    sections: list[tuple[Section, list[KeyFigure]]] = field(default_factory=list)


def target_year(period: Period) -> int | None:
    """Targets are yearly: they are shown for a period within one calendar year."""
    return period.start.year if period.start.year == period.end.year else None


def dashboard(
    unit: OrgUnit,
    period: Period,
    *,
    user: Any = None,
    today: datetime.date | None = None,
    indicators: list[Indicator] | None = None,
) -> Dashboard:
    """The key figures of ``unit`` for ``period`` and the same period last year, in one query
    per model; completion against the targets set for the unit in the period's year (the
    year's value up to the period's end)."""
    indicators = indicators if indicators is not None else key_indicators()
    current, previous = selectors.values_over(
        indicators, unit, [period, period.previous_year()], user=user
    )
    year = target_year(period)
    targets = services.targets_of(unit, year) if year is not None else {}
    to_date: dict[str, Value] = current
    wanted = [i for i in indicators if i.code in targets]
    if wanted and year is not None and period.start != datetime.date(year, 1, 1):
        to_date = selectors.values(
            wanted, unit, Period(datetime.date(year, 1, 1), period.end), user=user
        )
    figures: list[KeyFigure] = []
    for indicator in indicators:
        code = indicator.code
        done = None
        if code in targets and year is not None:
            done = services.completion(
                unit, code, year, user=user, today=_as_of(period, today), value=to_date[code],
                target=targets[code],
            )  # fmt: skip
        figures.append(KeyFigure(indicator, current[code], previous[code], done))
    result = Dashboard(unit, period)
    result.sections = [(s, list(m)) for s, m in groupby(figures, key=lambda f: f.indicator.section)]
    return result


def _as_of(period: Period, today: datetime.date | None) -> datetime.date:
    """The day the calendar is read at: today, or the period's end when it is over."""
    from django.utils import timezone

    today = today or timezone.localdate()
    return min(today, period.end)


# Charts --------------------------------------------------------------------------------------


def months_to(period: Period, count: int = 12) -> list[Period]:
    """The months of the period (at most ``count``, the last ones)."""
    months: list[Period] = []
    year, month = period.end.year, period.end.month
    while len(months) < count:
        candidate = Period.month(year, month)
        if candidate.end < period.start:
            break
        months.append(candidate)
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def _series(indicator: Indicator, unit: OrgUnit, months: list[Period], user: Any) -> list[Any]:
    figures = selectors.values_over([indicator], unit, months, user=user)
    return [_number(f[indicator.code]) for f in figures]


def _named_series(
    indicator: Indicator, unit: OrgUnit, months: list[Period], user: Any
) -> dict[str, Any]:
    return {"name": str(indicator.name), "data": _series(indicator, unit, months, user)}


def _number(value: Value) -> Any:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value.quantize(Decimal("0.01")))
    return value


def aid_indicators() -> list[Indicator]:
    """Aid granted by kind: the amount of each kind (not the total)."""
    return [
        i
        for i in registry.all_indicators()
        if i.code.startswith("assistance.aid_")
        and i.code.endswith("_amount")
        and i.code != "assistance.aid_all_amount"
    ]


def placement_indicator() -> Indicator | None:
    found = registered(PLACEMENTS)
    if found:
        return found[0]
    for indicator in registry.all_indicators():
        if (
            indicator.code.startswith("employment.")
            and "placement" in indicator.code
            and isinstance(indicator, QueryIndicator)
            and indicator.timing is Timing.FLOW
        ):
            return indicator
    return None


def charts(
    unit: OrgUnit, period: Period, *, user: Any = None, rank_code: str = ""
) -> dict[str, Any]:
    """The charts' data: ``{name: {"title", "labels", "series": [{"name", "data"}]}}``."""
    result: dict[str, Any] = {}
    months = months_to(period)
    labels = [f"{m.start.year}年{m.start.month}月" for m in months]
    members = registered([MEMBERS])
    if members:
        result["members"] = {
            "title": str(members[0].name),
            "unit_label": members[0].unit_label,
            "labels": labels,
            "series": [_named_series(members[0], unit, months, user)],
        }
    aid = aid_indicators()
    if aid:
        figures = selectors.values(aid, unit, period, user=user)
        result["aid"] = {
            "labels": [str(i.name) for i in aid],
            "unit_label": "元",
            "series": [{"name": "", "data": [_number(figures[i.code]) for i in aid]}],
        }
    requests = registered(REQUEST_CODES)
    if requests:
        figures = selectors.values(requests, unit, period, user=user)
        category = [
            i for i in registry.all_indicators() if i.code.startswith("rights.requests.category.")
        ]
        result["requests"] = {
            "labels": [str(i.name) for i in requests],
            "unit_label": "件",
            "series": [{"name": "", "data": [_number(figures[i.code]) for i in requests]}],
        }
        if category:
            by_category = selectors.values(category, unit, period, user=user)
            result["requests_by_category"] = {
                "labels": [str(i.name) for i in category],
                "unit_label": "件",
                "series": [{"name": "", "data": [_number(by_category[i.code]) for i in category]}],
            }  # fmt: skip
    placement = placement_indicator()
    if placement is not None:
        result["placements"] = {
            "title": str(placement.name),
            "unit_label": placement.unit_label,
            "labels": labels,
            "series": [_named_series(placement, unit, months, user)],
        }
    fallback = registered([MEMBERS]) or key_indicators()
    rank_indicator = _indicator_or_none(rank_code) or (fallback[0] if fallback else None)
    if rank_indicator is not None:
        rows = ranking(rank_indicator, unit, period, user=user)
        result["ranking"] = {
            "code": rank_indicator.code,
            "title": str(rank_indicator.name),
            "unit_label": rank_indicator.unit_label,
            "labels": [row.unit.name for row, _v in rows],
            "unit_ids": [row.unit.pk for row, _v in rows],
            "series": [{"name": str(rank_indicator.name), "data": [_number(v) for _r, v in rows]}],
        }  # fmt: skip
    return result


def _indicator_or_none(code: str) -> Indicator | None:
    if not code:
        return None
    try:
        return registry.get(code)
    except LookupError:
        return None


# Breakdowns, rankings, tables --------------------------------------------------------------

CHILDREN = "children"
GRASSROOTS = "grassroots"


def leaf_units(unit: OrgUnit, *, user: Any = None) -> list[OrgUnit]:
    """The units below ``unit`` that have no unit below them (the grassroots of a city)."""
    queryset = OrgUnit.objects.all()
    if user is not None:
        queryset = queryset.restrict(user, Action.VIEW)
    children = OrgUnit.objects.filter(parent_id=OuterRef("pk"))
    return list(
        queryset.within(unit).exclude(pk=unit.pk).filter(~Exists(children)).order_by("code")
    )


def _sort_key(value: Value) -> tuple[int, Decimal]:
    return (0, Decimal(value)) if value is not None else (1, Decimal(0))


def ranking(
    indicator: Indicator,
    unit: OrgUnit,
    period: Period,
    *,
    user: Any = None,
    level: str = CHILDREN,
    descending: bool = True,
) -> list[tuple[selectors.BreakdownRow, Value]]:
    """The units below ``unit`` (its children, or all its grassroots units) by value."""
    units = leaf_units(unit, user=user) if level == GRASSROOTS else None
    table = selectors.breakdown(indicator, unit, period, user=user, units=units)
    rows = [(row, row[indicator.code]) for row in table.rows]
    with_value = [r for r in rows if r[1] is not None]
    without = [r for r in rows if r[1] is None]
    with_value.sort(key=lambda r: (_sort_key(r[1]), r[0].unit.code), reverse=descending)
    return with_value + without


def children_table(
    unit: OrgUnit,
    period: Period,
    indicators: list[Indicator] | None = None,
    *,
    user: Any = None,
) -> selectors.Breakdown:
    """The statistical table: the indicators for each child unit, the own records, the total."""
    indicators = indicators if indicators is not None else key_indicators()
    return selectors.breakdown_many(indicators, unit, period, user=user)
