"""The indicator registry (统计指标): every figure of the platform, declared once.

An indicator has a dotted ``code`` (``registry.persons``), a translatable name, the unit its
value is given in (人, 家, 个, 元, %), and how to count it for a unit's subtree and a period.
Each app declares its indicators in ``gonghui/<app>/indicators.py``::

    from gonghui.indicators.registry import QueryIndicator, RatioIndicator, register

    PERSONS = register(QueryIndicator(
        code="registry.persons", name=_("Number of workers"), unit_label="人",
        section=REGISTRY, model=Person, date_field="created_at", timing=Timing.STOCK,
    ))

Those modules are imported when the app registry is ready (``IndicatorsConfig.ready``), or on
first use if that comes earlier, so the order of ``INSTALLED_APPS`` does not matter.
Dashboards, exports and reports read figures only through ``gonghui.indicators.selectors``.

Two kinds of indicator:

- ``QueryIndicator``: rows of a model owned by the unit's subtree, narrowed by a ``Q``,
  counted (``COUNT``), counted distinct on a field, or summed over a field (amounts in 元).
  ``timing`` says how the period applies: a *stock* counts what exists at the period's end
  (``date_field`` before the end), a *flow* what happened within it (``date_field`` inside
  the period), and ``Timing.NONE`` ignores the period (a state with no date).
- ``RatioIndicator``: ``numerator / denominator × scale`` computed from the two rolled-up
  values (never an average of children's ratios); a zero denominator gives no value (None),
  shown as "—".
"""

from __future__ import annotations

import contextlib
import enum
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q
from django.utils.module_loading import autodiscover_modules

Value = int | Decimal | None
"""An indicator's value: an int for counts, a Decimal for sums and ratios, None for no value."""


class Timing(enum.Enum):
    STOCK = "stock"  # what exists at the end of the period (记录数 截至期末)
    FLOW = "flow"  # what happened within the period (期内发生数)
    NONE = "none"  # the current state, whatever the period


class Aggregate(enum.Enum):
    COUNT = "count"
    COUNT_DISTINCT = "count_distinct"
    SUM = "sum"


@dataclass(frozen=True)
class Section:
    """A group of indicators on pages and in tables, shown in ``order``."""

    code: str
    name: Any  # a lazy translatable string
    order: int = 100


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class Indicator:
    """What every indicator has: identity, name, unit of measure and where it is shown."""

    code: str
    name: Any  # lazy translatable: str(indicator.name) is the Chinese name
    unit_label: str
    section: Section
    description: Any = ""
    order: int = 100

    def __post_init__(self) -> None:
        if not self.code or self.code != self.code.strip() or " " in self.code:
            raise ImproperlyConfigured(f"bad indicator code {self.code!r}")

    def __str__(self) -> str:
        return str(self.name)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.code}>"

    def __hash__(self) -> int:
        return hash(self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Indicator) and other.code == self.code

    @property
    def dependencies(self) -> tuple[Indicator, ...]:
        """The indicators whose values this one is computed from."""
        return ()

    @property
    def is_additive(self) -> bool:
        """Whether the value of a subtree is the sum of the values of its parts."""
        return False

    def derive(self, values: dict[str, Value]) -> Value:
        """The value from the values of ``dependencies`` (indicators computed, not counted)."""
        raise NotImplementedError(f"{self.code} is counted, not derived")

    @property
    def records_indicator(self) -> Indicator:
        """The counted indicator whose rows are "the records behind" this figure."""
        return self


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class QueryIndicator(Indicator):
    """Rows of ``model`` owned by a subtree, filtered, counted or summed (see module doc)."""

    model: type[models.Model]
    filter: Q = dataclass_field(default_factory=Q)
    aggregate: Aggregate = Aggregate.COUNT
    field: str = "pk"
    date_field: str = ""
    timing: Timing = Timing.NONE
    path_lookup: str = ""  # default: the model's ``scope_path_lookup``

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.timing is not Timing.NONE and not self.date_field:
            raise ImproperlyConfigured(f"{self.code}: a stock or flow needs a date_field")
        if self.aggregate is Aggregate.SUM and self.field == "pk":
            raise ImproperlyConfigured(f"{self.code}: a sum needs the field to add up")
        if not hasattr(self.model, "scope_path_lookup") or not hasattr(
            self.model._default_manager, "restrict"
        ):
            # Figures are counted for a user through ``restrict``: an unscoped model would fail
            # at the first request instead of here.
            raise ImproperlyConfigured(
                f"{self.code}: {self.model.__name__} is not a scoped model (ScopedRecord with a "
                "ScopedManager)"
            )

    @property
    def owner_path_lookup(self) -> str:
        """The lookup from a row to the tree path of the unit that owns it."""
        return self.path_lookup or self.model.scope_path_lookup  # type: ignore[attr-defined,no-any-return]

    @property
    def is_additive(self) -> bool:
        return self.aggregate is not Aggregate.COUNT_DISTINCT


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class RatioIndicator(Indicator):
    """``numerator / denominator × scale``, from the rolled-up values; None when dividing by 0."""

    numerator: Indicator
    denominator: Indicator
    scale: int = 100

    @property
    def dependencies(self) -> tuple[Indicator, ...]:
        return (self.numerator, self.denominator)

    def derive(self, values: dict[str, Value]) -> Value:
        numerator, denominator = values[self.numerator.code], values[self.denominator.code]
        if numerator is None or not denominator:
            return None
        return Decimal(numerator) * self.scale / Decimal(denominator)

    @property
    def records_indicator(self) -> Indicator:
        """A rate's records are its population: the founding rate's are all the employers."""
        return self.denominator.records_indicator


class Registry:
    """Indicators by code, in the order they were registered."""

    def __init__(self) -> None:
        self._indicators: dict[str, Indicator] = {}

    def register(self, indicator: Indicator) -> Indicator:
        if indicator.code in self._indicators:
            raise ImproperlyConfigured(f"indicator {indicator.code!r} is registered twice")
        # A part need not be shown on its own, but a code means one thing.
        clashing = [
            d.code
            for d in indicator.dependencies
            if d.code in self._indicators and self._indicators[d.code] is not d
        ]
        if clashing:
            raise ImproperlyConfigured(
                f"{indicator.code}: {', '.join(clashing)} is registered as another indicator"
            )
        self._indicators[indicator.code] = indicator
        return indicator

    def get(self, code: str) -> Indicator:
        try:
            return self._indicators[code]
        except KeyError:
            raise LookupError(f"no indicator {code!r}") from None

    def all(self) -> list[Indicator]:
        """Every indicator in display order: by section, then order, then registration."""
        position = {code: n for n, code in enumerate(self._indicators)}
        return sorted(
            self._indicators.values(),
            key=lambda i: (i.section.order, i.section.code, i.order, position[i.code]),
        )

    def __contains__(self, code: object) -> bool:
        return code in self._indicators

    def __len__(self) -> int:
        return len(self._indicators)


IndicatorT = TypeVar("IndicatorT", bound=Indicator)

_registry = Registry()
_discovered = False
_discover_lock = threading.Lock()


def discover() -> None:
    """Import every installed app's ``indicators`` module, once."""
    global _discovered
    if _discovered:
        return
    with _discover_lock:
        if not _discovered:
            autodiscover_modules("indicators")
            _discovered = True


def register(indicator: IndicatorT) -> IndicatorT:
    """Add an indicator; registering a code twice is an error. Returns the indicator."""
    _registry.register(indicator)
    return indicator


def get(code: str) -> Indicator:
    """The indicator with this code; LookupError when there is none."""
    discover()
    return _registry.get(code)


def all_indicators() -> list[Indicator]:
    discover()
    return _registry.all()


@contextlib.contextmanager
def override(*indicators: Indicator) -> Iterator[Registry]:
    """Use a registry holding only ``indicators`` for a while (tests of pages and the API)."""
    global _registry
    discover()  # so that a later discovery does not fill the temporary registry
    saved = _registry
    _registry = Registry()
    try:
        for indicator in indicators:
            _registry.register(indicator)
        yield _registry
    finally:
        _registry = saved
