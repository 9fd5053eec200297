"""The annual review (年审): income and status, lifting out (脱困) and removal (退档)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.assistance.choices import (
    FileStatus,
    ReviewDecision,
)
from gonghui.assistance.models import (
    AnnualReview,
    HardshipFile,
)
from gonghui.assistance.services.common import CENT, _choice, _error, _lock, money
from gonghui.assistance.services.files import _ensure_handles
from gonghui.assistance.services.rules import decision_for
from gonghui.core.audit import audit_record, audit_save, snapshot
from gonghui.core.choices import AuditAction


@transaction.atomic
def annual_review_record(
    *,
    by: Any,
    file: HardshipFile,
    reviewed_on: datetime.date,
    decision: str,
    household_size: int,
    monthly_income_total: Any,
    notes: str = "",
) -> AnnualReview:
    """The annual review (年审): the household's income now, and whether it stays on file.

    Lifted out (脱困) or removed (退档), the file is closed and keeps its members, aid and
    reviews; the household may apply again later.
    """
    file = _lock(file)
    _ensure_handles(by, file)
    decision = _choice(decision, ReviewDecision, "decision")
    if file.status != FileStatus.ON_FILE:
        raise ValidationError(_("Only a file on file is reviewed."), code="not_on_file")
    if reviewed_on > timezone.localdate():
        raise _error("reviewed_on", _("The date cannot be in the future."), "future")
    size = int(household_size)
    if not 1 <= size <= 30:
        raise _error("household_size", _("A household has 1 to 30 members."), "invalid")
    total = money(monthly_income_total, "monthly_income_total", allow_zero=True)
    per_head = (total / size).quantize(CENT)
    notes = (notes or "").strip()
    if decision != ReviewDecision.KEEP and not notes:
        raise _error("notes", _("Please say why the household leaves the file."), "required")
    before = snapshot(file)
    file.household_size = size
    file.monthly_income_total = total
    file.monthly_income_per_head = per_head
    file.last_reviewed_on = reviewed_on
    result = decision_for(file, on=reviewed_on)
    if decision != ReviewDecision.KEEP:
        file.status = (
            FileStatus.LIFTED_OUT if decision == ReviewDecision.LIFTED_OUT else FileStatus.REMOVED
        )
        file.closed_on = reviewed_on
        file.closed_reason = notes
    file.save()
    audit_save(by=by, obj=file, before=before)
    review = AnnualReview.objects.create(
        file=file, reviewed_on=reviewed_on, household_size=size, monthly_income_per_head=per_head,
        decision=decision, rule=result.rule, decision_reasons=result.text, notes=notes,
        reviewed_by=by,
    )  # fmt: skip
    audit_record(
        by=by, action=AuditAction.CREATE, obj=review, after=snapshot(review), unit=file.unit
    )
    return review
