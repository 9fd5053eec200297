"""Computing indicators: values for a unit's subtree and a period, breakdowns, records.

- ``values(indicators, unit, period)``: the figures of a unit, rolled up over its subtree.
  Indicators over the same model are computed together, one aggregate query per model (each
  indicator a conditional aggregate), whatever their number; an indicator whose filter reaches
  another table or holds a subquery gets a query of its own, its condition in WHERE (see
  ``_needs_join``).
- ``breakdown(indicator, unit, period)``: the value for each child unit (each over the child's
  whole subtree), the unit's own records and the total. Additive indicators (counts and sums)
  take one query per model grouped by the owning unit's path; the per-unit figures are then
  added up into each child's subtree in Python, reading the child off the path. That works at
  any level and for any set of units inside the subtree (the grassroots unions of a city for
  a ranking), with no query per child. Distinct counts cannot be added up, so they take one
  query with a conditional aggregate per unit. Ratios are computed from their rolled-up
  numerator and denominator, never averaged.
- ``values_over(indicators, unit, periods)``: ``values`` for several periods (a monthly series,
  this year and last year) in one query per model, each period a conditional aggregate.
- ``by_owner(indicators, unit, period)``: additive figures of the rows each unit of the subtree
  holds itself, by owning path (the consistency check adds them up independently).
- ``records(indicator, unit, period)``: the queryset of the rows counted in a figure, for the
  drill-down from a figure to the records.

Passing ``user`` restricts every query to what the user may view (``restrict``), on top of the
subtree: pages and the API pass it; a unit outside the user's scope then counts nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Count, Q, QuerySet, Sum

from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import subtree_condition
from gonghui.indicators.periods import Period
from gonghui.indicators.registry import (
    Aggregate,
    Indicator,
    QueryIndicator,
    Timing,
    Value,
)


@dataclass
class BreakdownRow:
    """One unit of a breakdown and its values (over its whole subtree), by code."""

    unit: OrgUnit
    values: dict[str, Value]

    def __getitem__(self, code: str) -> Value:
        return self.values[code]


@dataclass
class Breakdown:
    """Values per unit below ``unit``, the unit's own records, and the subtree's total."""

    unit: OrgUnit
    period: Period
    indicators: list[Indicator]
    rows: list[BreakdownRow]
    own: dict[str, Value] = field(default_factory=dict)
    total: dict[str, Value] = field(default_factory=dict)


# Building blocks ---------------------------------------------------------------------------


def _field_of(model: type[models.Model], lookup: str) -> models.Field[Any, Any]:
    """The model field at the end of a lookup that may follow relations (``case__closed_at``)."""
    parts = lookup.split("__")
    for part in parts[:-1]:
        related = model._meta.get_field(part).related_model
        if related is None or isinstance(related, str):
            raise LookupError(f"{lookup}: {part} is not a relation")
        model = related
    found = model._meta.get_field(parts[-1])
    assert isinstance(found, models.Field)
    return found


def period_condition(indicator: QueryIndicator, period: Period) -> Q:
    """The rows a stock or flow counts in ``period``; datetimes against aware local bounds."""
    if indicator.timing is Timing.NONE:
        return Q()
    lookup = indicator.date_field
    date_field = _field_of(indicator.model, lookup)
    if isinstance(date_field, models.DateField) and not isinstance(
        date_field, models.DateTimeField
    ):
        start: Any = period.start
        end = Q(**{f"{lookup}__lte": period.end})
    else:
        start = period.start_at
        end = Q(**{f"{lookup}__lt": period.end_before})
    if indicator.timing is Timing.STOCK:
        return end
    return Q(**{f"{lookup}__gte": start}) & end


def _base_queryset(
    model: type[models.Model], path_lookup: str, unit: OrgUnit, user: Any
) -> QuerySet[Any]:
    queryset: QuerySet[Any] = model._default_manager.all()
    if user is not None:
        # Fails closed: a model that cannot be restricted cannot be counted for a user.
        queryset = queryset.restrict(user, Action.VIEW)  # type: ignore[attr-defined]
    return queryset.filter(subtree_condition(path_lookup, unit.path, using=queryset.db))


def _aggregate(indicator: QueryIndicator, condition: Q) -> models.Aggregate:
    extra: dict[str, Any] = {"filter": condition} if condition else {}
    if indicator.aggregate is Aggregate.SUM:
        return Sum(indicator.field, **extra)
    distinct = indicator.aggregate is Aggregate.COUNT_DISTINCT
    return Count(indicator.field, distinct=distinct, **extra)


def _clean(indicator: QueryIndicator, raw: Any) -> Value:
    """Counts as int; a sum over no rows is 0 (nothing was paid), not "no value"."""
    if raw is None:
        return 0
    if indicator.aggregate is Aggregate.SUM:
        return raw if isinstance(raw, Decimal) else Decimal(raw)
    return int(raw)


def _add(a: Value, b: Value) -> Value:
    if a is None:
        return b
    if b is None:
        return a
    return a + b


@dataclass
class _Group:
    """Counted indicators over one model and owner path, computed in the same query."""

    model: type[models.Model]
    path_lookup: str
    indicators: list[QueryIndicator]

    def conditions(self, period: Period) -> tuple[Q, list[Q]]:
        """A condition every row must meet (put in WHERE) and what is left for each aggregate.

        Indicators of a model usually share the date condition, or the filter: what they all
        share narrows the rows scanned, the rest becomes the aggregate's FILTER.
        """
        filters = [i.filter for i in self.indicators]
        dated = [period_condition(i, period) for i in self.indicators]
        common = Q()
        if all(f == filters[0] for f in filters):
            common &= filters[0]
            filters = [Q() for _ in filters]
        if all(d == dated[0] for d in dated):
            common &= dated[0]
            dated = [Q() for _ in dated]
        return common, [f & d for f, d in zip(filters, dated, strict=True)]


def _needs_join(model: type[models.Model], condition: Q) -> bool:
    """Whether a filter reaches into another table (``person__user__isnull``) or holds a
    subquery (``Exists``). Such a condition inside a FILTERed aggregate makes every row of
    the group pay for the join or the subquery; in WHERE the planner can start from the
    few rows it keeps, so those indicators are counted in a query of their own."""
    for child in condition.children:
        if isinstance(child, Q):
            if _needs_join(model, child):
                return True
        elif isinstance(child, tuple):
            parts = child[0].split("__")
            try:
                found = model._meta.get_field(parts[0])
            except FieldDoesNotExist:  # an annotation or alias: keep it with the others
                continue
            related = found.related_model if found.is_relation else None
            if isinstance(related, type) and len(parts) > 1 and parts[1] != "pk":
                try:
                    reached = related._meta.get_field(parts[1])
                except FieldDoesNotExist:  # a lookup (``__isnull``), not a field
                    continue
                if reached != related._meta.pk:
                    return True
        else:
            return True
    return False


def _groups(indicators: Iterable[QueryIndicator]) -> list[_Group]:
    """Indicators counted together: same model and owner path; one that needs a join or a
    subquery (see ``_needs_join``) is counted on its own."""
    groups: dict[tuple[type[models.Model], str, str], _Group] = {}
    for indicator in indicators:
        alone = indicator.code if _needs_join(indicator.model, indicator.filter) else ""
        key = (indicator.model, indicator.owner_path_lookup, alone)
        if key not in groups:
            groups[key] = _Group(indicator.model, indicator.owner_path_lookup, [])
        groups[key].indicators.append(indicator)
    return list(groups.values())


def _closure(indicators: Iterable[Indicator]) -> list[Indicator]:
    """The indicators and everything they are derived from, dependencies first."""
    ordered: dict[str, Indicator] = {}

    def visit(indicator: Indicator) -> None:
        if indicator.code in ordered:
            return
        for dependency in indicator.dependencies:
            visit(dependency)
        ordered[indicator.code] = indicator

    for indicator in indicators:
        visit(indicator)
    return list(ordered.values())


def _derive(indicators: Sequence[Indicator], values: dict[str, Value]) -> None:
    for indicator in indicators:
        if not isinstance(indicator, QueryIndicator):
            values[indicator.code] = indicator.derive(values)


# Values of one unit -------------------------------------------------------------------------


def values(
    indicators: Iterable[Indicator], unit: OrgUnit, period: Period, *, user: Any = None
) -> dict[str, Value]:
    """The indicators' values over ``unit``'s subtree in ``period``, by code.

    One query per model counted, whatever the number of indicators.
    """
    return values_over(indicators, unit, [period], user=user)[0]


def values_over(
    indicators: Iterable[Indicator],
    unit: OrgUnit,
    periods: Sequence[Period],
    *,
    user: Any = None,
) -> list[dict[str, Value]]:
    """``values`` for each of several periods (a monthly series, this year and last year), in
    one query per model: each period's figures are conditional aggregates of the same scan."""
    wanted = list(indicators)
    everything = _closure(wanted)
    results: list[dict[str, Value]] = [{} for _ in periods]
    counted = [i for i in everything if isinstance(i, QueryIndicator)]
    for group in _groups(counted):
        aggregates: dict[str, Any] = {}
        split = [group.conditions(period) for period in periods]
        # A condition the same in every period (a state with no date) goes in WHERE.
        shared = split[0][0] if all(c == split[0][0] for c, _ in split) else Q()
        for k, (common, conditions) in enumerate(split):
            for n, (indicator, condition) in enumerate(
                zip(group.indicators, conditions, strict=True)
            ):
                narrowed = condition if shared else common & condition
                aggregates[f"p{k}_v{n}"] = _aggregate(indicator, narrowed)
        row = (
            _base_queryset(group.model, group.path_lookup, unit, user)
            .filter(shared)
            .aggregate(**aggregates)
        )
        for k in range(len(periods)):
            for n, indicator in enumerate(group.indicators):
                results[k][indicator.code] = _clean(indicator, row[f"p{k}_v{n}"])
    for result in results:
        _derive(everything, result)
    return [{i.code: result[i.code] for i in wanted} for result in results]


def by_owner(
    indicators: Iterable[Indicator], unit: OrgUnit, period: Period, *, user: Any = None
) -> dict[str, dict[str, Value]]:
    """The figures of additive counted indicators for each owning unit's path in ``unit``'s
    subtree (the rows each unit holds itself, nothing rolled up): one query per model.
    Paths with no rows are left out; a path need not be a unit's (the consistency check)."""
    wanted = [i for i in indicators if isinstance(i, QueryIndicator) and i.is_additive]
    result: dict[str, dict[str, Value]] = {}
    for group in _groups(wanted):
        common, conditions = group.conditions(period)
        pairs = list(zip(group.indicators, conditions, strict=True))
        aggregates = {f"v{n}": _aggregate(i, c) for n, (i, c) in enumerate(pairs)}
        rows = (
            _base_queryset(group.model, group.path_lookup, unit, user)
            .filter(common)
            .values(group.path_lookup)
            .annotate(**aggregates)
            .order_by()
        )
        for row in rows:
            bucket = result.setdefault(row[group.path_lookup], {})
            for n, (indicator, _c) in enumerate(pairs):
                bucket[indicator.code] = _clean(indicator, row[f"v{n}"])
    return result


def value(indicator: Indicator, unit: OrgUnit, period: Period, *, user: Any = None) -> Value:
    """One indicator's value over ``unit``'s subtree in ``period``."""
    return values([indicator], unit, period, user=user)[indicator.code]


# Breakdown by units below -------------------------------------------------------------------


def _path_ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part]


def child_units(unit: OrgUnit, *, user: Any = None) -> QuerySet[OrgUnit]:
    """The unit's direct children (those the user may view), by code."""
    queryset = OrgUnit.objects.all()
    if user is not None:
        queryset = queryset.restrict(user, Action.VIEW)
    return queryset.filter(parent_id=unit.pk).order_by("code")


def breakdown_many(
    indicators: Iterable[Indicator],
    unit: OrgUnit,
    period: Period,
    *,
    user: Any = None,
    units: Iterable[OrgUnit] | None = None,
) -> Breakdown:
    """The indicators' values for each unit below ``unit``, each over its own subtree.

    ``units`` defaults to the unit's children; any units inside the subtree will do (the
    grassroots unions of a city, a page of children), as long as none contains another.
    Also gives ``own`` (rows owned by ``unit`` itself) and ``total`` (the whole subtree).
    A fixed number of queries: the children (when not given), then one per model counted
    (one more for a model with distinct counts).
    """
    wanted = list(indicators)
    everything = _closure(wanted)
    below = list(child_units(unit, user=user) if units is None else units)
    for other in below:
        if other.pk == unit.pk or not other.path.startswith(unit.path):
            raise ValueError(f"{other} is not below {unit}")
    index = {u.pk: u for u in below}
    own_depth = len(_path_ids(unit.path))
    per_unit: dict[int, dict[str, Value]] = {u.pk: {} for u in below}
    own: dict[str, Value] = {}
    total: dict[str, Value] = {}

    counted = [i for i in everything if isinstance(i, QueryIndicator)]
    for group in _groups(counted):
        common, conditions = group.conditions(period)
        base = _base_queryset(group.model, group.path_lookup, unit, user).filter(common)
        pairs = list(zip(group.indicators, conditions, strict=True))
        additive = [(i, c) for i, c in pairs if i.is_additive]
        if additive:
            _add_up_by_owner(base, group.path_lookup, additive, unit, index, own_depth,
                             per_unit, own, total)  # fmt: skip
        distinct = [(i, c) for i, c in pairs if not i.is_additive]
        if distinct:
            _aggregate_per_unit(base, group.path_lookup, distinct, unit, below,
                                per_unit, own, total)  # fmt: skip

    for bucket in [own, total, *per_unit.values()]:
        _derive(everything, bucket)
    codes = [i.code for i in wanted]
    return Breakdown(
        unit=unit,
        period=period,
        indicators=wanted,
        rows=[BreakdownRow(u, {c: per_unit[u.pk][c] for c in codes}) for u in below],
        own={c: own[c] for c in codes},
        total={c: total[c] for c in codes},
    )


def _add_up_by_owner(
    base: QuerySet[Any],
    path_lookup: str,
    pairs: list[tuple[QueryIndicator, Q]],
    unit: OrgUnit,
    index: dict[int, OrgUnit],
    own_depth: int,
    per_unit: dict[int, dict[str, Value]],
    own: dict[str, Value],
    total: dict[str, Value],
) -> None:
    """One query grouped by the owning unit's path; each group added to the units above it."""
    aggregates = {f"v{n}": _aggregate(i, c) for n, (i, c) in enumerate(pairs)}
    for bucket in [own, total, *per_unit.values()]:
        for indicator, _condition in pairs:
            bucket[indicator.code] = _clean(indicator, None)
    rows = base.values(path_lookup).annotate(**aggregates).order_by()
    for row in rows:
        path = row[path_lookup]
        figures = [_clean(i, row[f"v{n}"]) for n, (i, _c) in enumerate(pairs)]
        targets = [total]
        if path == unit.path:
            targets.append(own)
        else:
            # The units counted are found on the owner's path below ``unit``.
            targets.extend(per_unit[pk] for pk in _path_ids(path)[own_depth:] if pk in index)
        for bucket in targets:
            for (indicator, _c), figure in zip(pairs, figures, strict=True):
                bucket[indicator.code] = _add(bucket[indicator.code], figure)


def _aggregate_per_unit(
    base: QuerySet[Any],
    path_lookup: str,
    pairs: list[tuple[QueryIndicator, Q]],
    unit: OrgUnit,
    below: list[OrgUnit],
    per_unit: dict[int, dict[str, Value]],
    own: dict[str, Value],
    total: dict[str, Value],
) -> None:
    """Distinct counts: one query, a conditional aggregate per unit (they do not add up)."""
    using = base.db
    aggregates: dict[str, Any] = {}
    for n, (indicator, condition) in enumerate(pairs):
        aggregates[f"t{n}"] = _aggregate(indicator, condition)
        aggregates[f"o{n}"] = _aggregate(indicator, condition & Q(**{path_lookup: unit.path}))
        for other in below:
            inside = subtree_condition(path_lookup, other.path, using=using)
            aggregates[f"u{other.pk}_{n}"] = _aggregate(indicator, condition & inside)
    row = base.aggregate(**aggregates)
    for n, (indicator, _condition) in enumerate(pairs):
        total[indicator.code] = _clean(indicator, row[f"t{n}"])
        own[indicator.code] = _clean(indicator, row[f"o{n}"])
        for other in below:
            per_unit[other.pk][indicator.code] = _clean(indicator, row[f"u{other.pk}_{n}"])


def breakdown(
    indicator: Indicator,
    unit: OrgUnit,
    period: Period,
    *,
    user: Any = None,
    units: Iterable[OrgUnit] | None = None,
) -> Breakdown:
    """One indicator's value for each child of ``unit`` (see ``breakdown_many``)."""
    return breakdown_many([indicator], unit, period, user=user, units=units)


# The records behind a figure ----------------------------------------------------------------


def records(
    indicator: Indicator, unit: OrgUnit, period: Period, *, user: Any = None
) -> QuerySet[Any]:
    """The rows counted in the figure (for a rate: its population, e.g. all the employers)."""
    counted = indicator.records_indicator
    if not isinstance(counted, QueryIndicator):
        raise TypeError(f"{indicator.code} has no records of its own")
    return _base_queryset(counted.model, counted.owner_path_lookup, unit, user).filter(
        counted.filter & period_condition(counted, period)
    )
