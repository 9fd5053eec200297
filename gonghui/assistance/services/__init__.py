"""Writes of hardship assistance. One transaction each, audited, scope re-checked.

Money comes in as ``Decimal``, ``int`` or a numeric string in 元; a float is refused (it
cannot hold cents exactly), and so are negative, absurd or over-precise amounts. The file's
row is locked (``SELECT ... FOR UPDATE``) before anything that depends on what the household
already has, so two officers granting aid at once cannot both pass the yearly cap.
"""

from __future__ import annotations

from gonghui.assistance.services.aid import aid_grant_create
from gonghui.assistance.services.applications import (
    application_approve,
    application_check_income,
    application_record_visit,
    application_refuse,
    application_start_notice,
    application_submit,
    objection_handle,
    objection_record,
)
from gonghui.assistance.services.campaigns import (
    campaign_create,
    campaign_payment_record,
    quota_allocate,
    quota_reallocate,
)
from gonghui.assistance.services.common import CENT, RULE_ISSUERS, money
from gonghui.assistance.services.files import (
    hardship_file_open,
    hardship_file_view,
    household_member_add,
    household_member_remove,
)
from gonghui.assistance.services.payments import (
    bank_account_set,
    disbursement_batch_build,
    disbursement_line_settle,
    disbursement_reissue,
    disbursement_return_apply,
    disbursement_workbook,
    mask_account,
)
from gonghui.assistance.services.plans import employment_plan_create, employment_plan_update
from gonghui.assistance.services.reviews import annual_review_record
from gonghui.assistance.services.rules import (
    MemberData,
    decision_for,
    eligibility_rule_create,
    eligibility_rule_revise,
)

__all__ = [
    "CENT",
    "RULE_ISSUERS",
    "MemberData",
    "aid_grant_create",
    "annual_review_record",
    "application_approve",
    "application_check_income",
    "application_record_visit",
    "application_refuse",
    "application_start_notice",
    "application_submit",
    "bank_account_set",
    "campaign_create",
    "campaign_payment_record",
    "decision_for",
    "disbursement_batch_build",
    "disbursement_line_settle",
    "disbursement_reissue",
    "disbursement_return_apply",
    "disbursement_workbook",
    "eligibility_rule_create",
    "eligibility_rule_revise",
    "employment_plan_create",
    "employment_plan_update",
    "hardship_file_open",
    "hardship_file_view",
    "household_member_add",
    "household_member_remove",
    "mask_account",
    "money",
    "objection_handle",
    "objection_record",
    "quota_allocate",
    "quota_reallocate",
]
