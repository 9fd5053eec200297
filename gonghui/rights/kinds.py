"""The three kinds of case of rights protection, registered in ``RightsConfig.ready``.

A worker request runs two clocks (the engine evaluates ``due_at`` after every move): while it
is submitted, the first response (acceptance) is due within the category's response hours (an
urgent one within its urgent hours); once accepted, the reply is due within the category's
resolution hours. Both count from submission; a request reopened after its reply counts its
resolution time again from the reopening.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.casework.choices import CaseState, EventType
from gonghui.casework.kinds import CaseKind
from gonghui.casework.workflow import FINISHED_STATES, OPEN_STATES
from gonghui.rights.choices import LEGAL_AID_KIND, REQUEST_KIND, WAGE_ARREARS_KIND
from gonghui.rights.models import LegalAidCase, WageArrearsCase, WorkerRequest

if TYPE_CHECKING:
    from gonghui.casework.models import Case

S = CaseState


def reopened_at(case: Case) -> datetime.datetime | None:
    """When the case was last reopened after being finished; None if it never was.

    Called while a move is being written (before its timeline entry): an open case whose last
    finishing move has no reopening after it is being reopened right now.
    """
    if case.pk is None or case.state not in OPEN_STATES:
        return None
    events = case.events.filter(event_type=EventType.TRANSITION).order_by("-at", "-id")
    last_finished = events.filter(to_state__in=FINISHED_STATES).values_list("at", flat=True)
    finished_at = last_finished.first()
    if finished_at is None:
        return None
    reopened = events.filter(
        from_state__in=FINISHED_STATES, to_state__in=OPEN_STATES, at__gte=finished_at
    ).values_list("at", flat=True)
    return reopened.first() or timezone.now()


class RequestKind(CaseKind):
    def due_at(self, case: Case) -> datetime.datetime | None:
        detail = self.detail_for(case)
        if not isinstance(detail, WorkerRequest):
            return super().due_at(case)
        category = detail.category
        if case.state == S.SUBMITTED:
            hours = category.urgent_response_hours if detail.urgent else category.response_hours
            return case.submitted_at + datetime.timedelta(hours=hours)
        start = reopened_at(case) or case.submitted_at
        return start + datetime.timedelta(hours=category.resolution_hours)

    def at_risk_at(self, case: Case, due_at: datetime.datetime | None) -> datetime.datetime | None:
        if due_at is None:
            return None
        start = min(reopened_at(case) or case.submitted_at, due_at)
        return start + (due_at - start) * self.at_risk_ratio


REQUEST = RequestKind(
    code=REQUEST_KIND,
    label=_("Worker request"),
    reference_prefix="SQ",
    sla_hours=15 * 24,
    detail_model=WorkerRequest,
    detail_template="rights/detail_request.html",
)

# Legal aid runs for months through arbitration and courts: no engine deadline; the one that
# matters, the limitation for arbitration, is shown and warned about on the case itself.
LEGAL_AID = CaseKind(
    code=LEGAL_AID_KIND,
    label=_("Legal aid"),
    reference_prefix="FY",
    detail_model=LegalAidCase,
    detail_template="rights/detail_legal_aid.html",
)

WAGE_ARREARS = CaseKind(
    code=WAGE_ARREARS_KIND,
    label=_("Wage arrears"),
    reference_prefix="QX",
    sla_hours=30 * 24,
    detail_model=WageArrearsCase,
    detail_template="rights/detail_wage_arrears.html",
)
