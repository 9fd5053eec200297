"""Aid grants (救助): the four kinds, under a yearly cap per household held with a row lock."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.assistance import selectors
from gonghui.assistance.choices import (
    AidKind,
    FileStatus,
    SchoolStage,
)
from gonghui.assistance.models import (
    AidGrant,
    HardshipFile,
    HouseholdMember,
)
from gonghui.assistance.services.common import _choice, _error, _lock, money
from gonghui.assistance.services.files import _ensure_handles
from gonghui.core.audit import audit_record, snapshot
from gonghui.core.choices import AuditAction


@transaction.atomic
def aid_grant_create(
    *,
    by: Any,
    file: HardshipFile,
    kind: str,
    amount: Any,
    granted_on: datetime.date,
    fund: str,
    decided_by: str,
    member: HouseholdMember | None = None,
    school_stage: str = "",
    bill_amount: Any = None,
    note: str = "",
) -> AidGrant:
    """Aid for a household on file, within its yearly cap across every kind of aid.

    The file's row stays locked until the grant is saved: a second grant for the same
    household waits, then sees the first in the year's total.
    """
    file = _lock(file)
    _ensure_handles(by, file)
    kind = _choice(kind, AidKind, "kind")
    amount = money(amount, "amount")
    if file.status != FileStatus.ON_FILE:
        raise ValidationError(_("Aid is granted only to households on file."), code="not_on_file")
    if granted_on > timezone.localdate():
        raise _error("granted_on", _("The date cannot be in the future."), "future")
    if file.opened_on and granted_on < file.opened_on:
        raise _error("granted_on", _("The household was not on file on that date."), "before")
    fund, decided_by = (fund or "").strip(), (decided_by or "").strip()
    if not fund:
        raise _error("fund", _("Please name the fund."), "required")
    if not decided_by:
        raise _error("decided_by", _("Please say who decided."), "required")
    if member is not None and member.file_id != file.pk:
        raise _error("member", _("Not a member of this household."), "other_file")
    bill: Decimal | None = None
    if kind == AidKind.EDUCATION:
        if member is None:
            raise _error("member", _("Education aid names the child."), "required")
        school_stage = _choice(school_stage or member.school_stage, SchoolStage, "school_stage")
    else:
        school_stage = ""
    if kind == AidKind.MEDICAL:
        bill = money(bill_amount, "bill_amount")
        if amount > bill:
            raise ValidationError(
                {
                    "amount": _("Medical aid cannot exceed the bills (%(bill)s yuan).")
                    % {"bill": bill}
                },
                code="over_bill",
            )
    year = granted_on.year
    remaining = selectors.remaining_allowance(file, year)
    if amount > remaining:
        raise ValidationError(
            {
                "amount": _(
                    "This aid exceeds the household's yearly cap of %(cap)s yuan: "
                    "%(remaining)s yuan remain for %(year)s."
                )
                % {
                    "cap": f"{selectors.yearly_cap():.2f}",
                    "remaining": f"{remaining:.2f}",
                    "year": year,
                }
            },
            code="over_cap",
        )
    grant = AidGrant.objects.create(
        file=file, kind=kind, amount=amount, granted_on=granted_on, fund=fund,
        decided_by=decided_by, member=member, school_stage=school_stage, bill_amount=bill,
        note=(note or "").strip(), recorded_by=by,
    )  # fmt: skip
    audit_record(by=by, action=AuditAction.CREATE, obj=grant, after=snapshot(grant), unit=file.unit)
    return grant


# Annual review, lifting out, removal ---------------------------------------------------
