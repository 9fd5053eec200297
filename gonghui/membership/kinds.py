"""The transfer case kind (会员关系转接) on the casework engine.

States: ``submitted`` (waiting for the unit left) → ``accepted`` (the unit left approved it;
the case is routed to the unit joined) → ``resolved`` (the unit joined approved it and the
membership moved) → ``closed``; ``rejected`` with a reason at either step; ``withdrawn`` by
the worker or staff. Approving and rejecting also change memberships and send a text
message, so those moves are made only through ``services.transfers``: the generic case page
offers only withdrawing and closing (``TransferKind.targets``).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from gonghui.casework.choices import CaseState
from gonghui.casework.kinds import CaseKind
from gonghui.membership.models import MembershipTransfer

S = CaseState
KIND_CODE = "membership.transfer"
# Moves that change memberships or notify the worker: only through the transfer services.
SERVICE_MOVES = frozenset({S.ACCEPTED, S.RESOLVED, S.REJECTED})
_service_move: contextvars.ContextVar[bool] = contextvars.ContextVar("transfer_move", default=False)


@contextlib.contextmanager
def service_move() -> Iterator[None]:
    token = _service_move.set(True)
    try:
        yield
    finally:
        _service_move.reset(token)


class TransferKind(CaseKind):
    def targets(self, state: str) -> frozenset[str]:
        allowed = super().targets(state)
        if _service_move.get():
            return allowed
        return allowed - SERVICE_MOVES


TRANSFER = TransferKind(
    code=KIND_CODE,
    label=_("Membership transfer"),
    reference_prefix="ZJ",
    sla_hours=30 * 24,
    detail_model=MembershipTransfer,
    detail_template="membership/transfer_case_detail.html",
    transitions={
        S.SUBMITTED: frozenset({S.ACCEPTED, S.REJECTED, S.WITHDRAWN}),
        S.ACCEPTED: frozenset({S.RESOLVED, S.REJECTED, S.WITHDRAWN}),
        S.RESOLVED: frozenset({S.CLOSED}),
        S.REJECTED: frozenset({S.CLOSED}),
        S.WITHDRAWN: frozenset({S.CLOSED}),
    },
)
