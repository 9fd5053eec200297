"""Eligibility rules (认定标准): versioned per region and year, and the decision a rule gives."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.assistance import selectors
from gonghui.assistance.choices import (
    Exclusion,
    HardshipCause,
)
from gonghui.assistance.eligibility import Decision, decide
from gonghui.assistance.models import (
    EligibilityRule,
    HardshipFile,
)
from gonghui.assistance.services.common import RULE_ISSUERS, _choices, _error, money
from gonghui.core.audit import audit_save, snapshot
from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ensure_can


def _rule_values(
    *, region_code: str, income_threshold: Any, qualifying_causes: Iterable[str],
    exclusions: Iterable[str],
) -> dict[str, Any]:  # fmt: skip
    region_code = (region_code or "").strip()
    if not (region_code.isdigit() and 2 <= len(region_code) <= 6):
        raise _error(
            "region_code", _("Give 2 to 6 digits of an administrative division code."), "invalid"
        )
    return {
        "region_code": region_code,
        "income_threshold": money(income_threshold, "income_threshold"),
        "qualifying_causes": _choices(qualifying_causes, HardshipCause, "qualifying_causes"),
        "exclusions": _choices(exclusions, Exclusion, "exclusions"),
    }


def _area_prefix(region_code: str) -> str:
    """The digits that name a unit's area: 340800 (a city) covers 3408xx."""
    prefix = region_code
    while len(prefix) > 2 and prefix.endswith("00"):
        prefix = prefix[:-2]
    return prefix


def _ensure_rule_issuer(by: Any, unit: OrgUnit) -> None:
    ensure_can(by, Action.CHANGE, unit)
    if unit.kind not in RULE_ISSUERS:
        raise PermissionDenied(_("Eligibility rules are set by a federation, not by this unit."))


@transaction.atomic
def eligibility_rule_create(
    *,
    by: Any,
    unit: OrgUnit,
    region_code: str,
    year: int,
    income_threshold: Any,
    qualifying_causes: Iterable[str] = (),
    exclusions: Iterable[str] = (),
    note: str = "",
) -> EligibilityRule:
    """The first version of a region's rule for a year; later changes are revisions."""
    _ensure_rule_issuer(by, unit)
    values = _rule_values(
        region_code=region_code, income_threshold=income_threshold,
        qualifying_causes=qualifying_causes, exclusions=exclusions,
    )  # fmt: skip
    if not 2000 <= int(year) <= 2100:
        raise _error("year", _("Not a plausible year."), "invalid")
    if not values["region_code"].startswith(_area_prefix(unit.region_code)):
        raise _error(
            "region_code",
            _("The region is outside the area of %(unit)s.") % {"unit": unit},
            "outside",
        )
    if EligibilityRule.objects.filter(region_code=values["region_code"], year=year).exists():
        raise ValidationError(
            _("A rule for this region and year exists already: revise it instead."),
            code="exists",
        )
    rule = EligibilityRule.objects.create(
        unit=unit, year=int(year), version=1, note=note.strip(), created_by=by, **values
    )
    audit_save(by=by, obj=rule, before=None)
    return rule


@transaction.atomic
def eligibility_rule_revise(
    *,
    by: Any,
    rule: EligibilityRule,
    income_threshold: Any,
    qualifying_causes: Iterable[str] = (),
    exclusions: Iterable[str] = (),
    note: str = "",
) -> EligibilityRule:
    """A new version of the rule; the version revised is kept, read-only, as superseded."""
    current = (
        EligibilityRule.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=rule.pk)
    )
    _ensure_rule_issuer(by, current.unit)
    if current.superseded_at is not None:
        raise ValidationError(
            _("Only the current version of a rule can be revised."), code="superseded"
        )
    values = _rule_values(
        region_code=current.region_code, income_threshold=income_threshold,
        qualifying_causes=qualifying_causes, exclusions=exclusions,
    )  # fmt: skip
    before = snapshot(current)
    current.superseded_at = timezone.now()
    current.save(update_fields=["superseded_at"])
    audit_save(by=by, obj=current, before=before)
    revised = EligibilityRule.objects.create(
        unit=current.unit,
        year=current.year,
        version=current.version + 1,
        note=note.strip(),
        created_by=by,
        **values,
    )
    audit_save(by=by, obj=revised, before=None)
    return revised


def decision_for(file: HardshipFile, *, on: datetime.date) -> Decision:
    rule = selectors.current_rule(file.unit.region_code, on.year)
    return decide(
        rule=rule,
        income_per_head=file.monthly_income_per_head,
        cause=file.cause,
        exclusions_found=file.exclusions_found,
    )


# Files and households ------------------------------------------------------------------


MemberData = Mapping[str, Any]
