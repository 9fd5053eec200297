"""What other apps call for targets (the annual report's 目标/完成率 clauses).

- ``target_for(unit, code, year)``: the unit's yearly target on the indicator as a number
  (``Decimal``), None when none is set;
- ``completion(unit, code, year, *, user=None, today=None, value=None)``: the ``Completion``
  (value, rate in percent, the share of the year gone by, behind the calendar), None when no
  target is set.
"""

from __future__ import annotations

from decimal import Decimal

from gonghui.core.models import OrgUnit
from gonghui.stats.services import Completion, completion, elapsed_share, find_target

__all__ = ["Completion", "completion", "elapsed_share", "target_for"]


def target_for(unit: OrgUnit, code: str, year: int) -> Decimal | None:
    target = find_target(unit, code, year)
    return target.value if target is not None else None
