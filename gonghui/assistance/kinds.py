"""The application for a hardship file as a case kind of the casework engine.

The engine's states carry the steps: submitted (申请), accepted (初审通过), in progress (入户核查,
收入核对, 公示), resolved (审批建档), rejected (不予建档). Approval is only reached through
``services.application_approve``, which checks the consent, the rule's decision, the end of the
public notice and the objections: the kind hides the move to "resolved" from the engine's
generic buttons and API unless that service is the one moving the case.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from gonghui.assistance.models import HardshipApplication
from gonghui.casework.choices import CaseState
from gonghui.casework.kinds import CaseKind

S = CaseState
KIND_CODE = "assistance.application"

_approving: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "assistance_approving", default=False
)


@contextlib.contextmanager
def approving() -> Iterator[None]:
    """Within this block the application service may move a case to "resolved"."""
    token = _approving.set(True)
    try:
        yield
    finally:
        _approving.reset(token)


class ApplicationKind(CaseKind):
    def targets(self, state: str) -> frozenset[str]:
        targets = super().targets(state)
        if S.RESOLVED in targets and not _approving.get():
            return targets - {S.RESOLVED}
        return targets


APPLICATION_KIND = ApplicationKind(
    code=KIND_CODE,
    label=_("Hardship file application"),
    reference_prefix="KN",
    # From the application to the end of the public notice: thirty days are usual.
    sla_hours=30 * 24,
    detail_model=HardshipApplication,
    detail_template="assistance/_case_detail.html",
    transitions={
        S.SUBMITTED: frozenset({S.ACCEPTED, S.REJECTED, S.WITHDRAWN}),
        S.ACCEPTED: frozenset({S.IN_PROGRESS, S.REJECTED, S.WITHDRAWN}),
        S.IN_PROGRESS: frozenset({S.RESOLVED, S.REJECTED, S.WITHDRAWN}),
        S.RESOLVED: frozenset({S.CLOSED}),
        S.REJECTED: frozenset({S.CLOSED}),
        S.WITHDRAWN: frozenset({S.CLOSED}),
    },
)
