"""Writes of employment services, split by sub-domain; one transaction each, audited, the
scope re-checked; keyword-only arguments and Chinese ValidationErrors."""

from gonghui.employment.services.fairs import (
    fair_add_participant,
    fair_check_in,
    fair_create,
    fair_register,
    intent_record,
    intent_set_outcome,
)
from gonghui.employment.services.outcomes import (
    follow_up_record,
    labour_export_create,
    loan_subsidy_create,
    placement_record,
)
from gonghui.employment.services.postings import (
    POSTING_FIELDS,
    posting_close,
    posting_create,
    posting_review,
    posting_submit,
    posting_update,
    postings_close_expired,
)
from gonghui.employment.services.seekers import SEEKER_FIELDS, seeker_save
from gonghui.employment.services.training import (
    attendance_record,
    enrolment_add,
    enrolment_complete,
    enrolment_drop,
    session_add,
    training_create,
)

__all__ = [
    "POSTING_FIELDS",
    "SEEKER_FIELDS",
    "attendance_record",
    "enrolment_add",
    "enrolment_complete",
    "enrolment_drop",
    "fair_add_participant",
    "fair_check_in",
    "fair_create",
    "fair_register",
    "follow_up_record",
    "intent_record",
    "intent_set_outcome",
    "labour_export_create",
    "loan_subsidy_create",
    "placement_record",
    "posting_close",
    "posting_create",
    "posting_review",
    "posting_submit",
    "posting_update",
    "postings_close_expired",
    "seeker_save",
    "session_add",
    "training_create",
]
