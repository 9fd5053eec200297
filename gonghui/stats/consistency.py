"""The consistency of the figures over the tree (口径一致): for every additive indicator and
every unit, the unit's figure equals the sum of its children's figures plus its own records.

A unit's figure is what ``selectors.values`` counts for it: the rows whose owning path starts
with the unit's path. The check reads, in one query per model (``selectors.by_owner``), what
each owning path holds itself, rolls it up to every prefix of the path (the unit figures),
checks the top unit's against ``selectors.values``, and then compares each unit's figure with
its own rows plus its children's figures, the children taken from the tree's parent links.
A row whose owner path is wrong (no unit has it, or a unit's path disagrees with its parent)
shows as a difference at the unit above it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from gonghui.core.models import OrgUnit
from gonghui.indicators import registry, selectors
from gonghui.indicators.periods import Period
from gonghui.indicators.registry import Indicator, QueryIndicator, Value


@dataclass
class Difference:
    unit: OrgUnit
    indicator: Indicator
    figure: Value
    own: Value
    children: Value

    @property
    def difference(self) -> Any:
        return (self.figure or 0) - (self.own or 0) - (self.children or 0)


def additive_indicators() -> list[QueryIndicator]:
    return [i for i in registry.all_indicators() if isinstance(i, QueryIndicator) and i.is_additive]


def _prefixes(path: str) -> list[str]:
    parts = [p for p in path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[: n + 1]) + "/" for n in range(len(parts))]


def check(
    top: OrgUnit, period: Period, indicators: list[QueryIndicator] | None = None
) -> list[Difference]:
    """Every difference found in ``top``'s subtree for ``period`` (none when consistent)."""
    indicators = indicators if indicators is not None else additive_indicators()
    codes = [i.code for i in indicators]
    held = selectors.by_owner(indicators, top, period)
    figures: dict[str, dict[str, Any]] = defaultdict(lambda: dict.fromkeys(codes, 0))
    for path, bucket in held.items():
        for prefix in _prefixes(path):
            if not prefix.startswith(top.path):
                continue
            rolled = figures[prefix]
            for code, number in bucket.items():
                rolled[code] += number or 0
    differences: list[Difference] = []
    # The roll-up must give what the selectors count for the top unit.
    counted = selectors.values(indicators, top, period)
    for indicator in indicators:
        if counted[indicator.code] != figures[top.path][indicator.code]:
            differences.append(
                Difference(top, indicator, counted[indicator.code],
                           figures[top.path][indicator.code], 0)
            )  # fmt: skip
    units = list(OrgUnit.objects.within(top).order_by("path"))
    children: dict[int, list[OrgUnit]] = defaultdict(list)
    for unit in units:
        if unit.parent_id is not None:
            children[unit.parent_id].append(unit)
    zero = dict.fromkeys(codes, 0)
    for unit in units:
        figure = figures.get(unit.path, zero)
        own = held.get(unit.path, {})
        for indicator in indicators:
            code = indicator.code
            below = sum((figures.get(child.path, zero)[code] for child in children[unit.pk]), 0)
            if figure[code] != (own.get(code) or 0) + below:
                differences.append(
                    Difference(unit, indicator, figure[code], own.get(code) or 0, below)
                )
    return differences
