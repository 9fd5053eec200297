"""Helpers shared by the assistance services: money, choices, the file's row lock."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.assistance.models import (
    MAX_AMOUNT,
    HardshipFile,
)
from gonghui.casework.choices import CaseState
from gonghui.core.choices import UnitKind

S = CaseState
CENT = Decimal("0.01")
# Units that set eligibility rules: the federations, not the grassroots unions.
RULE_ISSUERS = frozenset({UnitKind.NATIONAL, UnitKind.PROVINCE, UnitKind.CITY, UnitKind.COUNTY})


# Checking input ------------------------------------------------------------------------


def _error(field: str, message: Any, code: str) -> ValidationError:
    """An error on one field that keeps its code (a dict of plain messages would lose it)."""
    return ValidationError({field: ValidationError(message, code=code)})


def money(
    value: Any, field: str, *, allow_zero: bool = False, maximum: Decimal = MAX_AMOUNT
) -> Decimal:
    """An amount in 元 as an exact Decimal, or a ValidationError on ``field``."""
    if isinstance(value, float):
        raise _error(
            field, _("Amounts must be given exactly (a decimal number), not as a float."), "float"
        )
    if isinstance(value, bool) or value is None or value == "":
        raise _error(field, _("Please give an amount."), "required")
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise _error(field, _("Not a valid amount."), "invalid") from None
    if not amount.is_finite():
        raise _error(field, _("Not a valid amount."), "invalid")
    if amount != amount.quantize(CENT):
        raise _error(field, _("Amounts are given to the fen (at most two decimals)."), "precision")
    if amount < 0 or (amount == 0 and not allow_zero):
        raise _error(field, _("The amount must be more than zero."), "negative")
    if amount > maximum:
        raise _error(
            field, _("The amount %(amount)s yuan is not plausible.") % {"amount": amount}, "absurd"
        )
    return amount.quantize(CENT)


def _choice(value: str, choices: Any, field: str, *, blank: bool = False) -> str:
    if blank and not value:
        return ""
    if value not in choices.values:
        raise _error(field, _("Not a valid choice."), "invalid_choice")
    return value


def _choices(values: Iterable[str], choices: Any, field: str) -> list[str]:
    result = sorted(set(values or []))
    for value in result:
        _choice(value, choices, field)
    return result


def _already_filed(existing: HardshipFile) -> ValidationError:
    return ValidationError(
        _(
            "This household already has hardship file %(number)s (%(status)s, %(unit)s); "
            "one household has one file."
        )
        % {
            "number": existing.file_number,
            "status": existing.get_status_display(),
            "unit": existing.unit.name,
        },
        code="already_filed",
        params={"file_id": existing.pk},
    )


def _lock(file: HardshipFile) -> HardshipFile:
    return (
        HardshipFile.objects.select_for_update(of=("self",))
        .select_related("unit", "person")
        .get(pk=file.pk)
    )


# Eligibility rules ---------------------------------------------------------------------
