"""Writes of membership: join settings, join requests and their approval, memberships, member
verification. One transaction each, audited, scope re-checked.

Member cards: a number is allocated when a request is approved, inside the approval's
transaction, from the unit's counter (``MembershipSettings.last_card_number``, locked with
``select_for_update``), so a rejected or rolled-back request consumes none. A card number is
``<unit code>-<six-digit sequence>`` (``340802001001-000123``): unit codes are unique and
the hyphen keeps codes of different lengths apart, so the number is unique and says which
union issued it.
"""

from gonghui.membership.services.alerts import CLOSING as ALERT_CLOSING
from gonghui.membership.services.alerts import alert_close
from gonghui.membership.services.common import (
    CARD_SEQUENCE_DIGITS,
    NAME_MAX_LENGTH,
    card_number,
    normalize_name,
    same_name,
)
from gonghui.membership.services.join_settings import (
    join_token_regenerate,
    membership_settings_enable,
    membership_settings_update,
)
from gonghui.membership.services.joining import (
    ActiveElsewhere,
    BatchResult,
    Submission,
    join_request_approve,
    join_request_reject,
    join_request_submit,
    join_requests_approve_batch,
)
from gonghui.membership.services.memberships import (
    ENDING_REASONS,
    membership_delete,
    membership_end,
    membership_register,
)
from gonghui.membership.services.transfers import (
    open_transfer,
    transfer_complete,
    transfer_reject,
    transfer_release,
    transfer_start,
)
from gonghui.membership.services.verification import VERIFY_FAILURES_PER_HOUR, member_verify

__all__ = [
    "ALERT_CLOSING",
    "CARD_SEQUENCE_DIGITS",
    "ENDING_REASONS",
    "NAME_MAX_LENGTH",
    "VERIFY_FAILURES_PER_HOUR",
    "ActiveElsewhere",
    "BatchResult",
    "Submission",
    "alert_close",
    "card_number",
    "join_request_approve",
    "join_request_reject",
    "join_request_submit",
    "join_requests_approve_batch",
    "join_token_regenerate",
    "member_verify",
    "membership_delete",
    "membership_end",
    "membership_register",
    "membership_settings_enable",
    "membership_settings_update",
    "normalize_name",
    "open_transfer",
    "same_name",
    "transfer_complete",
    "transfer_reject",
    "transfer_release",
    "transfer_start",
]
