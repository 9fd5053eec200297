"""Two kinds for the tests: one with a detail model and an urgency-dependent deadline, one
with its own (shorter) transition table and no deadline."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from gonghui.casework.choices import CaseState
from gonghui.casework.kinds import CaseKind
from gonghui.casework.tests.sample_kind.models import SampleRequest

if TYPE_CHECKING:
    from gonghui.casework.models import Case

S = CaseState
URGENT_RESPONSE_HOURS = 2


class SampleRequestKind(CaseKind):
    """Urgent requests need a first response (acceptance) within two hours; after it, and for
    the others, the usual resolution deadline counts."""

    def due_at(self, case: Case) -> datetime.datetime | None:
        detail = self.detail_for(case)
        if case.state == S.SUBMITTED and isinstance(detail, SampleRequest) and detail.urgent:
            return case.submitted_at + datetime.timedelta(hours=URGENT_RESPONSE_HOURS)
        return super().due_at(case)


SAMPLE_REQUEST = SampleRequestKind(
    code="sample.request",
    label="Sample request",
    reference_prefix="SR",
    sla_hours=72,
    detail_model=SampleRequest,
)

SAMPLE_SIGNUP = CaseKind(
    code="sample.signup",
    label="Sample sign-up",
    reference_prefix="SU",
    at_risk_hours=1,
    transitions={
        S.SUBMITTED: frozenset({S.ACCEPTED, S.REJECTED, S.WITHDRAWN}),
        S.ACCEPTED: frozenset({S.RESOLVED, S.WITHDRAWN}),
        S.RESOLVED: frozenset({S.CLOSED}),
        S.REJECTED: frozenset({S.CLOSED}),
        S.WITHDRAWN: frozenset({S.CLOSED}),
    },
)
