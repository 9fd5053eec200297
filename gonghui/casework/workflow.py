"""The case state machine in one table, and the words for each move.

Every kind uses ``TRANSITIONS`` unless it names its own table (``CaseKind.transitions``);
services are the only writers and refuse any move the table does not list.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gonghui.casework.choices import CaseState

S = CaseState

Table = Mapping[str, frozenset[str]]

TRANSITIONS: Table = {
    S.SUBMITTED: frozenset({S.ACCEPTED, S.REJECTED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset({S.IN_PROGRESS, S.RESOLVED, S.REJECTED, S.WITHDRAWN}),
    S.IN_PROGRESS: frozenset({S.RESOLVED, S.WITHDRAWN}),
    S.RESOLVED: frozenset({S.CLOSED, S.IN_PROGRESS}),  # back to in progress: reopened
    S.REJECTED: frozenset({S.CLOSED}),
    S.WITHDRAWN: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),  # final
}

# Still waiting for the union: these count against the deadline. Plain strings in a fixed
# order, because they also make the partial indexes' condition and the queues' filter, whose
# SQL must read the same for SQLite to use those indexes.
OPEN_STATES: tuple[str, ...] = (S.SUBMITTED.value, S.ACCEPTED.value, S.IN_PROGRESS.value)
# The union's work is done (answered, refused, or the applicant withdrew); closed follows.
FINISHED_STATES: tuple[str, ...] = (
    S.RESOLVED.value,
    S.REJECTED.value,
    S.WITHDRAWN.value,
    S.CLOSED.value,
)

# The applicant may take back their own case; every other move is the handling unit's.
APPLICANT_MOVES: frozenset[str] = frozenset({S.WITHDRAWN})
# A refusal needs its reason and a resolution its reply to the applicant (件件有答复).
NOTE_REQUIRED: frozenset[str] = frozenset({S.REJECTED, S.RESOLVED})

_VERBS: dict[str, Promise] = {
    S.ACCEPTED: _("Accept case"),
    S.IN_PROGRESS: _("Start handling"),
    S.RESOLVED: _("Resolve case"),
    S.REJECTED: _("Reject case"),
    S.WITHDRAWN: _("Withdraw case"),
    S.CLOSED: _("Close case"),
}
_REOPEN = _("Reopen case")


def move_label(from_state: str, to_state: str) -> Promise:
    """The button's word for moving a case from one state to another ("受理", "办结")."""
    if from_state in FINISHED_STATES and to_state == S.IN_PROGRESS:
        return _REOPEN
    return _VERBS.get(to_state, _("Change case state"))


def validate_table(table: Table) -> dict[str, frozenset[str]]:
    """A complete table over every state; closed stays final. Raises ValueError otherwise."""
    states = set(S.values)
    unknown = (set(table) | {t for targets in table.values() for t in targets}) - states
    if unknown:
        raise ValueError(f"unknown case states in transition table: {sorted(unknown)}")
    complete = {state: frozenset(table.get(state, ())) for state in S.values}
    if complete[S.CLOSED]:
        raise ValueError("a closed case is final: no transition may leave it")
    for state, targets in complete.items():
        if state in targets:
            raise ValueError(f"a transition from {state} to itself is not a move")
    return complete
