"""Deciding eligibility (困难认定) against a rule: the decision and its reasons in Chinese.

The reasons are written in Chinese whatever the reader's language, because they are stored
with the decision as the record of why it was made.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from gonghui.assistance.choices import Exclusion, HardshipCause
from gonghui.assistance.models import EligibilityRule

RECORD_LANGUAGE = "zh-hans"


@dataclass(frozen=True)
class Decision:
    eligible: bool
    reasons: list[str]
    rule: EligibilityRule | None

    @property
    def text(self) -> str:
        return "；".join(self.reasons)


def _yuan(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"


def decide(
    *,
    rule: EligibilityRule | None,
    income_per_head: Decimal,
    cause: str,
    exclusions_found: Iterable[str] = (),
) -> Decision:
    """Whether a household with this income, cause and circumstances qualifies under ``rule``."""
    with translation.override(RECORD_LANGUAGE):
        if rule is None:
            return Decision(
                False, [_("No eligibility rule applies to this region and year.")], None
            )
        reasons: list[str] = []
        eligible = True
        values = {"income": _yuan(income_per_head), "threshold": _yuan(rule.income_threshold)}
        if income_per_head < rule.income_threshold:
            reasons.append(
                _(
                    "Monthly income per head %(income)s yuan, below the local threshold "
                    "%(threshold)s yuan"
                )
                % values
            )
        else:
            eligible = False
            reasons.append(
                _(
                    "Monthly income per head %(income)s yuan, not below the local threshold "
                    "%(threshold)s yuan"
                )
                % values
            )
        cause_label = str(HardshipCause(cause).label) if cause in HardshipCause.values else cause
        if rule.qualifying_causes and cause not in rule.qualifying_causes:
            eligible = False
            reasons.append(
                _("The cause “%(cause)s” does not qualify under this rule") % {"cause": cause_label}
            )
        else:
            reasons.append(_("The cause “%(cause)s” qualifies") % {"cause": cause_label})
        found = [code for code in exclusions_found if code in (rule.exclusions or [])]
        for code in found:
            eligible = False
            label = str(Exclusion(code).label) if code in Exclusion.values else code
            reasons.append(_("Excluded: %(exclusion)s") % {"exclusion": label})
        reasons.append(
            _("Rule %(region)s, %(year)s, version %(version)s")
            % {"region": rule.region_code, "year": rule.year, "version": rule.version}
        )
        return Decision(eligible, reasons, rule)
