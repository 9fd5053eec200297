"""Targets (目标任务): setting them, pushing them down in shares, and their completion.

- ``target_set``: a unit's target for a year on an indicator (created or changed, audited);
- ``target_push_down``: the shares of a target given to the unit's children, as values or
  percentages; they must add up to the target (refused otherwise, the difference shown);
- ``find_target(unit, code, year)`` and ``completion(...)``: what dashboards and the annual
  report show: the indicator's value for the year against the target, and whether it is
  behind the calendar (completion below the share of the year gone by).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import audit_record, audit_save, snapshot
from gonghui.core.choices import Action, AuditAction
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import can, ensure_can
from gonghui.indicators import registry, selectors
from gonghui.indicators.periods import Period
from gonghui.indicators.registry import Value
from gonghui.stats.models import Target

CENT = Decimal("0.01")
TENTH = Decimal("0.1")
HUNDRED = Decimal(100)


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _check_code(code: str) -> None:
    try:
        registry.get(code)
    except LookupError:
        raise ValidationError(
            {"indicator": _("No indicator with the code %(code)s.") % {"code": code}}
        ) from None


@transaction.atomic
def target_set(
    *,
    by: Any,
    unit: OrgUnit,
    indicator: str,
    year: int,
    value: Decimal,
    note: str = "",
    parent: Target | None = None,
) -> Target:
    """Set (create or change) ``unit``'s target on ``indicator`` for ``year``."""
    ensure_can(by, Action.CHANGE, unit)
    _check_code(indicator)
    target = (
        Target.objects.select_for_update().filter(unit=unit, indicator=indicator, year=year).first()
    )
    before = snapshot(target) if target is not None else None
    if target is None:
        target = Target(unit=unit, indicator=indicator, year=year)
    target.value = Decimal(value)
    target.note = note
    if parent is not None:
        target.parent = parent
    target.set_by = _user(by)
    target.full_clean()
    target.save()
    audit_save(by=by, obj=target, before=before)
    return target


def _differs(shown: Decimal, places: Decimal = CENT) -> str:
    return f"{shown.quantize(places, rounding=ROUND_HALF_UP)}"


@transaction.atomic
def target_push_down(
    *,
    by: Any,
    target: Target,
    shares: Mapping[OrgUnit, Decimal],
    percent: bool = False,
) -> list[Target]:
    """Give each child unit of the target's unit its share (a value, or a percentage of the
    target with ``percent``). The shares must add up to the target (100%); a child left out
    or given 0 gets no share, and a share pushed before to a child left out is withdrawn.
    Returns the children's targets."""
    target = Target.objects.select_for_update().select_related("unit").get(pk=target.pk)
    ensure_can(by, Action.CHANGE, target.unit)
    children = {u.pk: u for u in OrgUnit.objects.filter(parent_id=target.unit_id)}
    given: dict[int, Decimal] = {}
    for unit, share in shares.items():
        if unit.pk not in children:
            raise ValidationError(
                _("%(unit)s is not directly below %(parent)s.")
                % {"unit": unit.name, "parent": target.unit.name}
            )
        share = Decimal(share)
        if share < 0:
            raise ValidationError(_("A share cannot be negative."))
        if share > 0:
            given[unit.pk] = share
    if not given:
        raise ValidationError(_("Give at least one unit a share."))
    total = sum(given.values(), Decimal(0))
    if percent:
        if total != HUNDRED:
            raise ValidationError(
                _("The shares add up to %(total)s%%, not 100%%: %(difference)s%% to go.")
                % {"total": _differs(total), "difference": _differs(HUNDRED - total)}
            )
        values = {pk: (target.value * p / HUNDRED).quantize(CENT) for pk, p in given.items()}
        # What rounding lost or gained goes to the largest share.
        largest = max(values, key=lambda pk: (values[pk], -pk))
        values[largest] += target.value - sum(values.values(), Decimal(0))
    else:
        if total != target.value:
            raise ValidationError(
                _(
                    "The shares add up to %(total)s, not the target's %(value)s: "
                    "a difference of %(difference)s."
                )
                % {
                    "total": _differs(total),
                    "value": _differs(target.value),
                    "difference": _differs(target.value - total),
                }
            )
        values = given
    made = [
        target_set(
            by=by,
            unit=children[pk],
            indicator=target.indicator,
            year=target.year,
            value=share,
            note=target.note,
            parent=target,
        )
        for pk, share in sorted(values.items(), key=lambda item: children[item[0]].code)
    ]
    for stale in Target.objects.filter(parent=target).exclude(unit_id__in=values.keys()):
        ensure_can(by, Action.CHANGE, stale)
        audit_record(by=by, action=AuditAction.DELETE, obj=stale, before=snapshot(stale))
        stale.delete()
    return made


# Reading targets --------------------------------------------------------------------------


def find_target(unit: OrgUnit, code: str, year: int) -> Target | None:
    """The unit's target (the record) on the indicator for the year, if one is set."""
    return Target.objects.filter(unit=unit, indicator=code, year=year).first()


def elapsed_share(year: int, today: datetime.date | None = None) -> Decimal:
    """The share of ``year`` gone by at the end of ``today``, in percent (100 for past years,
    0 for years to come)."""
    today = today or timezone.localdate()
    if year < today.year:
        return HUNDRED
    if year > today.year:
        return Decimal(0)
    days = (datetime.date(year, 12, 31) - datetime.date(year, 1, 1)).days + 1
    gone = (today - datetime.date(year, 1, 1)).days + 1
    return (Decimal(gone) * HUNDRED / Decimal(days)).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass
class Completion:
    """How far a target is done: ``rate`` = value / target in percent (one decimal)."""

    target: Target
    value: Value
    rate: Decimal | None
    expected: Decimal  # the share of the year gone by, in percent
    behind: bool  # behind the calendar: shown in red

    @property
    def target_value(self) -> Decimal:
        return self.target.value


def completion(
    unit: OrgUnit,
    code: str,
    year: int,
    *,
    user: Any = None,
    today: datetime.date | None = None,
    value: Value = None,
    target: Target | None = None,
) -> Completion | None:
    """The completion of the unit's target for the year (None when no target is set).

    ``value`` is the indicator's value for the year when the caller has it already; else it is
    computed over the year up to ``today`` (the whole year for a past year)."""
    target = target or find_target(unit, code, year)
    if target is None:
        return None
    if value is None:
        value = selectors.value(registry.get(code), unit, Period.year(year), user=user)
    expected = elapsed_share(year, today)
    rate = None
    if value is not None:
        rate = (Decimal(value) * HUNDRED / target.value).quantize(TENTH, rounding=ROUND_HALF_UP)
    behind = rate is not None and rate < expected
    return Completion(target=target, value=value, rate=rate, expected=expected, behind=behind)


def targets_of(unit: OrgUnit, year: int) -> dict[str, Target]:
    """The unit's targets for the year, by indicator code."""
    return {t.indicator: t for t in Target.objects.filter(unit=unit, year=year)}


def ensure_target_rights(user: Any, unit: OrgUnit) -> None:
    """Setting and pushing down targets needs the change action on the unit."""
    ensure_can(user, Action.CHANGE, unit)


def can_push(user: Any, target: Target) -> bool:
    return can(user, Action.CHANGE, target)
