"""Disbursement (发放): the household's bank account, batches of transfers for the bank, the
bank's answer (paid or failed) and the re-issue of failed transfers.

A grant or campaign payment has at most one line awaiting the bank or paid (a partial unique
constraint); its row is locked while a batch takes it, so two batches cannot both take it.
Amounts are Decimal throughout; a batch's total is the sum of its lines.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from gonghui.assistance.choices import LIVE_LINE_STATES, LineStatus
from gonghui.assistance.models import (
    AidGrant,
    CampaignPayment,
    DisbursementBatch,
    DisbursementLine,
    HardshipFile,
)
from gonghui.assistance.services.common import _error, _lock
from gonghui.core.audit import audit_record, audit_save, snapshot
from gonghui.core.choices import Action, AuditAction
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import can, ensure_can

MAX_RETURN_ROWS = 20_000


def mask_account(account: str) -> str:
    """The first four and last four digits of a bank account: 6222********1234."""
    if len(account) <= 8:
        return "*" * len(account)
    return f"{account[:4]}{'*' * (len(account) - 8)}{account[-4:]}"


@transaction.atomic
def bank_account_set(*, by: Any, file: HardshipFile, bank_name: str, account: str) -> HardshipFile:
    """The account aid is paid into (encrypted; lists show it masked)."""
    file = _lock(file)
    ensure_can(by, Action.CHANGE, file)
    account = "".join((account or "").split()).replace("-", "")
    bank_name = " ".join((bank_name or "").split())
    if account and not (account.isdigit() and 8 <= len(account) <= 30):
        raise _error("account", _("A bank account is 8 to 30 digits."), "invalid")
    if account and not bank_name:
        raise _error("bank_name", _("Please name the bank."), "required")
    before = snapshot(file)
    file.bank_name = bank_name
    file.bank_account = account
    file.bank_account_masked = mask_account(account) if account else ""
    file.save(update_fields=["bank_name", "bank_account", "bank_account_masked", "updated_at"])
    audit_save(by=by, obj=file, before=before)
    return file


def unpaid_grants(user: Any, unit: OrgUnit) -> QuerySet[AidGrant]:
    """Aid grants of the unit's subtree with no transfer awaiting the bank or paid."""
    return (
        AidGrant.objects.restrict(user, Action.CHANGE)
        .within(unit)
        .exclude(disbursement_lines__status__in=LIVE_LINE_STATES)
    )


def unpaid_campaign_payments(user: Any, unit: OrgUnit) -> QuerySet[CampaignPayment]:
    return (
        CampaignPayment.objects.restrict(user, Action.CHANGE)
        .within(unit)
        .exclude(disbursement_lines__status__in=LIVE_LINE_STATES)
    )


def _new_batch(by: Any, unit: OrgUnit, note: str, reissue_of: Any = None) -> DisbursementBatch:
    batch = DisbursementBatch.objects.create(
        unit=unit, reference=f"tmp-{timezone.now().timestamp()}", note=(note or "").strip(),
        reissue_of=reissue_of, created_by=by,
    )  # fmt: skip
    batch.reference = f"FF{timezone.localdate():%Y%m%d}{batch.pk:05d}"
    batch.save(update_fields=["reference"])
    return batch


def _add_lines(batch: DisbursementBatch, sources: Iterable[AidGrant | CampaignPayment]) -> int:
    lines = []
    for n, source in enumerate(sources, start=1):
        grant = source if isinstance(source, AidGrant) else None
        payment = source if isinstance(source, CampaignPayment) else None
        lines.append(
            DisbursementLine(
                batch=batch,
                file=source.file,
                grant=grant,
                payment=payment,
                reference=f"{batch.reference}-{n:04d}",
                payee_name=source.file.person.name,
                amount=source.amount,
            )
        )
    try:
        with transaction.atomic():
            made = DisbursementLine.objects.bulk_create(lines)
    except IntegrityError:  # another batch took one of them in the meantime
        raise ValidationError(
            _("Another batch has just taken some of these payments; please try again."),
            code="conflict",
        ) from None
    # A failed transfer of the same grant or payment is now re-issued by this line.
    for line in made:
        source_filter = {"grant": line.grant} if line.grant_id else {"payment": line.payment}
        DisbursementLine.objects.filter(
            status=LineStatus.FAILED, reissued_as__isnull=True, **source_filter
        ).exclude(pk=line.pk).update(reissued_as=line)
    batch.total = sum((line.amount for line in made), Decimal("0"))
    batch.save(update_fields=["total"])
    return len(made)


@transaction.atomic
def disbursement_batch_build(
    *,
    by: Any,
    unit: OrgUnit,
    include_grants: bool = True,
    include_campaign_payments: bool = True,
    campaign: Any = None,
    up_to: datetime.date | None = None,
    note: str = "",
) -> DisbursementBatch:
    """A batch of every unpaid grant and campaign payment of the unit's subtree (up to a date,
    of one campaign) whose household has a bank account."""
    ensure_can(by, Action.CHANGE, unit)
    sources: list[AidGrant | CampaignPayment] = []
    with_account = {"file__bank_account_masked__gt": ""}
    if include_grants and campaign is None:
        grants = unpaid_grants(by, unit).filter(**with_account)
        if up_to:
            grants = grants.filter(granted_on__lte=up_to)
        sources += list(
            grants.select_for_update(of=("self",)).select_related("file__person").order_by("pk")
        )
    if include_campaign_payments:
        payments = unpaid_campaign_payments(by, unit).filter(**with_account)
        if campaign is not None:
            payments = payments.filter(campaign=campaign)
        if up_to:
            payments = payments.filter(paid_on__lte=up_to)
        sources += list(
            payments.select_for_update(of=("self",)).select_related("file__person").order_by("pk")
        )
    if not sources:
        raise ValidationError(
            _("Nothing to pay: no unpaid aid or campaign payment with a bank account."),
            code="empty",
        )
    batch = _new_batch(by, unit, note)
    _add_lines(batch, sources)
    audit_save(by=by, obj=batch, before=None)
    return batch


@transaction.atomic
def disbursement_reissue(*, by: Any, batch: DisbursementBatch, note: str = "") -> DisbursementBatch:
    """A new batch with the failed transfers of ``batch`` not yet re-issued."""
    batch = DisbursementBatch.objects.select_for_update().select_related("unit").get(pk=batch.pk)
    ensure_can(by, Action.CHANGE, batch)
    failed = list(
        batch.lines.filter(status=LineStatus.FAILED, reissued_as__isnull=True)
        .select_related("grant__file__person", "payment__file__person")
        .order_by("pk")
    )
    if not failed:
        raise ValidationError(_("This batch has no failed transfer to re-issue."), code="empty")
    new = _new_batch(by, batch.unit, note or _("Re-issue of %(ref)s") % {"ref": batch.reference},
                     reissue_of=batch)  # fmt: skip
    _add_lines(new, [line.grant or line.payment for line in failed])  # type: ignore[misc]
    audit_save(by=by, obj=new, before=None)
    return new


@transaction.atomic
def disbursement_line_settle(
    *,
    by: Any,
    line: DisbursementLine,
    outcome: str,
    settled_on: datetime.date | None = None,
    reason: str = "",
) -> DisbursementLine:
    """The bank's answer for one transfer: paid, or failed with the reason."""
    line = (
        DisbursementLine.objects.select_for_update().select_related("batch__unit").get(pk=line.pk)
    )
    ensure_can(by, Action.CHANGE, line)
    if outcome not in (LineStatus.PAID, LineStatus.FAILED):
        raise _error("outcome", _("Not a valid choice."), "invalid_choice")
    if line.status != LineStatus.PENDING:
        raise ValidationError(
            _("Transfer %(ref)s is already “%(status)s”; it is settled only once.")
            % {"ref": line.reference, "status": line.get_status_display()},
            code="settled",
        )
    settled_on = settled_on or timezone.localdate()
    if settled_on > timezone.localdate():
        raise _error("settled_on", _("The date cannot be in the future."), "future")
    reason = (reason or "").strip()
    if outcome == LineStatus.FAILED and not reason:
        raise _error("reason", _("Please give the bank's reason."), "required")
    before = snapshot(line)
    line.status = outcome
    line.settled_on = settled_on
    line.failure_reason = reason if outcome == LineStatus.FAILED else ""
    line.save(update_fields=["status", "settled_on", "failure_reason"])
    audit_record(
        by=by, action=AuditAction.UPDATE, obj=line, before=before, after=snapshot(line),
        unit=line.batch.unit,
    )  # fmt: skip
    return line


PAID_WORDS = {"成功", "已支付", "支付成功", "paid", "success", "ok"}
FAILED_WORDS = {"失败", "支付失败", "退回", "failed", "fail", "error"}
REFERENCE_HEADERS = {"参考号", "业务参考号", "reference"}
RESULT_HEADERS = {"结果", "处理结果", "状态", "result", "status"}
REASON_HEADERS = {"原因", "失败原因", "备注", "reason"}


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def _read_return(upload: Any) -> list[tuple[str, str, str]]:
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a file that is not a workbook
        raise _error("workbook", _("This is not an Excel workbook (.xlsx)."), "invalid") from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell or "").strip().lower() for cell in next(rows, ())]

    def column(names: set[str]) -> int | None:
        return next((i for i, name in enumerate(header) if name in names), None)

    ref_col, result_col, reason_col = (
        column(REFERENCE_HEADERS), column(RESULT_HEADERS), column(REASON_HEADERS)
    )  # fmt: skip
    if ref_col is None or result_col is None:
        raise _error(
            "workbook",
            _("The first row must name the columns “参考号” (reference) and “结果” (result)."),
            "header",
        )
    found = []
    for n, row in enumerate(rows, start=2):
        if n > MAX_RETURN_ROWS:
            raise _error("workbook", _("The workbook has too many rows."), "too_big")
        cells = [str(c).strip() if c is not None else "" for c in row]
        if not any(cells):
            continue
        found.append(
            (_cell(cells, ref_col), _cell(cells, result_col).lower(), _cell(cells, reason_col))
        )
    book.close()
    return found


@transaction.atomic
def disbursement_return_apply(
    *, by: Any, batch: DisbursementBatch, upload: Any, settled_on: datetime.date | None = None
) -> dict[str, Any]:
    """Apply the bank's return workbook to the batch, matching lines by reference.

    Returns the counts; unknown references and rows whose result is not understood are listed,
    lines already settled are left as they are.
    """
    ensure_can(by, Action.CHANGE, batch)
    rows = _read_return(upload)
    lines = {line.reference: line for line in batch.lines.all()}
    summary: dict[str, Any] = {"paid": 0, "failed": 0, "already": 0, "unknown": [], "unclear": []}
    for reference, result, reason in rows:
        line = lines.get(reference)
        if line is None:
            summary["unknown"].append(reference)
            continue
        if result in PAID_WORDS:
            outcome = LineStatus.PAID
        elif result in FAILED_WORDS:
            outcome = LineStatus.FAILED
        else:
            summary["unclear"].append(reference)
            continue
        if line.status != LineStatus.PENDING:
            summary["already"] += 1
            continue
        disbursement_line_settle(
            by=by, line=line, outcome=outcome, settled_on=settled_on,
            reason=reason or (_("Returned by the bank") if outcome == LineStatus.FAILED else ""),
        )  # fmt: skip
        summary[outcome] += 1
    return summary


def disbursement_workbook(*, by: Any, batch: DisbursementBatch) -> bytes:
    """The bank-transfer workbook of a batch: full accounts only for the roles that may reveal
    personal data (and that export is audited), masked for the others."""
    ensure_can(by, Action.VIEW, batch)
    full = can(by, Action.REVEAL, batch)
    book = Workbook()
    sheet = book.active
    sheet.title = batch.reference  # type: ignore[union-attr]
    sheet.append(  # type: ignore[union-attr]
        [
            _("Payee name"),
            _("Payee bank"),
            _("Account number"),
            _("Amount (yuan)"),
            _("Transfer reference"),
        ]
    )
    lines = batch.lines.select_related("file").order_by("pk")
    for line in lines:
        account = line.file.bank_account if full else line.file.bank_account_masked
        sheet.append(  # type: ignore[union-attr]
            [line.payee_name, line.file.bank_name, account, line.amount, line.reference]
        )
        sheet.cell(row=sheet.max_row, column=4).number_format = "0.00"  # type: ignore[union-attr]
        sheet.cell(row=sheet.max_row, column=3).number_format = "@"  # type: ignore[union-attr]
    if full:
        audit_record(by=by, action=AuditAction.REVEAL, obj=batch, unit=batch.unit)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
