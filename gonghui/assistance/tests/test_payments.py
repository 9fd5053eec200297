"""Disbursement: bank accounts, batches and their totals, the workbook masked per role, the
bank's answer, re-issue of failed transfers; a grant or payment is never paid twice."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from gonghui.assistance import services
from gonghui.assistance.choices import LineStatus
from gonghui.assistance.models import (
    DisbursementBatch,
    DisbursementLine,
    HardshipFile,
)
from gonghui.assistance.tests.conftest import grant
from gonghui.assistance.tests.test_campaigns import make_campaign, root
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.access("assistance.DisbursementBatch", "assistance.DisbursementLine"),
]

ACCOUNT_A = "6222021234567890123"
ACCOUNT_B = "6217002345678901"


@pytest.fixture
def paid_out(city_admin, file_a, file_b, tree) -> dict[str, Any]:
    """张三: two grants (1000 + 250.50) and a campaign payment (500); 王五: one grant (800)."""
    services.bank_account_set(by=city_admin, file=file_a, bank_name="工商银行", account=ACCOUNT_A)
    services.bank_account_set(by=city_admin, file=file_b, bank_name="建设银行", account=ACCOUNT_B)
    campaign = make_campaign(city_admin, tree.city)
    return {
        "grants": [
            grant(city_admin, file_a, "1000"),
            grant(city_admin, file_a, "250.50"),
            grant(city_admin, file_b, "800"),
        ],
        "payment": services.campaign_payment_record(
            by=city_admin, quota=root(campaign), file=file_a, paid_on=timezone.localdate()
        ),
        "campaign": campaign,
    }


def sheet_rows(content: bytes) -> list[tuple[Any, ...]]:
    book = load_workbook(io.BytesIO(content))
    return list(book.worksheets[0].iter_rows(values_only=True))


def test_the_account_is_encrypted_and_masked(city_admin, file_a) -> None:
    services.bank_account_set(
        by=city_admin, file=file_a, bank_name="工商银行", account="6222 0212 3456 7890 123"
    )
    stored = HardshipFile.objects.get(pk=file_a.pk)
    assert stored.bank_account == ACCOUNT_A
    assert stored.bank_account_masked == "6222***********0123"
    raw = HardshipFile.objects.filter(pk=file_a.pk).values_list("bank_account", flat=True)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT bank_account FROM assistance_hardshipfile WHERE id = %s", [file_a.pk]
        )
        assert ACCOUNT_A not in cursor.fetchone()[0]
    assert list(raw) == [ACCOUNT_A]
    for bad in ("12345", "6222abc1234567", "1" * 31):
        with pytest.raises(ValidationError) as refused:
            services.bank_account_set(by=city_admin, file=file_a, bank_name="工行", account=bad)
        assert "银行账号应为8至30位数字" in str(refused.value)
    assert HardshipFile.objects.get(pk=file_a.pk).bank_account == ACCOUNT_A


def test_a_batch_takes_every_unpaid_item_once_and_totals_its_lines(
    city_admin, tree, paid_out, file_b
) -> None:
    batch = services.disbursement_batch_build(by=city_admin, unit=tree.city)
    lines = list(batch.lines.order_by("pk"))
    assert len(lines) == 4
    assert batch.total == Decimal("2550.50")
    assert batch.total == batch.lines.aggregate(total=Sum("amount"))["total"]
    assert [line.reference for line in lines] == [
        f"{batch.reference}-{n:04d}" for n in (1, 2, 3, 4)
    ]
    with pytest.raises(ValidationError) as refused:
        services.disbursement_batch_build(by=city_admin, unit=tree.city)
    assert refused.value.code == "empty" and "没有可发放的款项" in str(refused.value)
    assert DisbursementBatch.objects.count() == 1


def test_households_without_an_account_wait(city_admin, tree, file_a, file_b) -> None:
    services.bank_account_set(by=city_admin, file=file_b, bank_name="建设银行", account=ACCOUNT_B)
    grant(city_admin, file_a, "1000")
    grant(city_admin, file_b, "300")
    batch = services.disbursement_batch_build(by=city_admin, unit=tree.city)
    assert list(batch.lines.values_list("payee_name", "amount")) == [("王五", Decimal("300.00"))]


def test_a_county_batches_only_its_own_households(county_officer, tree, paid_out) -> None:
    batch = services.disbursement_batch_build(by=county_officer, unit=tree.county_a)
    assert set(batch.lines.values_list("payee_name", flat=True)) == {"张三"}
    assert batch.total == Decimal("1750.50")


@pytest.mark.parametrize(
    ("persona", "full"),
    [("city_admin", True), ("county_officer", True), ("auditor", False)],
)
def test_the_workbook_shows_full_accounts_only_to_roles_that_reveal(
    request, city_admin, tree, paid_out, persona, full
) -> None:
    batch = services.disbursement_batch_build(by=city_admin, unit=tree.county_a)
    user = request.getfixturevalue(persona)
    rows = sheet_rows(services.disbursement_workbook(by=user, batch=batch))
    assert rows[0] == ("姓名", "开户银行", "账号", "金额（元）", "参考号")
    accounts = {row[2] for row in rows[1:]}
    assert accounts == ({ACCOUNT_A} if full else {"6222***********0123"})
    assert sum(Decimal(str(row[3])) for row in rows[1:]) == batch.total
    reveals = AuditLog.objects.filter(action=AuditAction.REVEAL, object_id=str(batch.pk))
    assert reveals.filter(user=user).count() == (1 if full else 0)


def test_a_grassroots_officer_exports_masked(grassroots_officer, tree, paid_out) -> None:
    batch = services.disbursement_batch_build(by=grassroots_officer, unit=tree.grassroots_b)
    rows = sheet_rows(services.disbursement_workbook(by=grassroots_officer, batch=batch))
    assert [row[2] for row in rows[1:]] == ["6217********8901"]
    assert not AuditLog.objects.filter(action=AuditAction.REVEAL).exists()


def test_paid_failed_and_reissued_never_pays_twice(city_admin, tree, paid_out) -> None:
    batch = services.disbursement_batch_build(by=city_admin, unit=tree.city)
    first, second, third, fourth = batch.lines.order_by("pk")
    services.disbursement_line_settle(by=city_admin, line=first, outcome="paid")
    with pytest.raises(ValidationError) as refused:
        services.disbursement_line_settle(by=city_admin, line=first, outcome="paid")
    assert "不能重复处理" in str(refused.value)
    with pytest.raises(ValidationError):  # a failure needs the bank's reason
        services.disbursement_line_settle(by=city_admin, line=second, outcome="failed")
    services.disbursement_line_settle(by=city_admin, line=second, outcome="failed",
                                      reason="账号不存在")  # fmt: skip
    services.disbursement_line_settle(by=city_admin, line=third, outcome="paid")
    with pytest.raises(ValidationError):  # a failed line is not paid afterwards
        services.disbursement_line_settle(by=city_admin, line=second, outcome="paid")

    again = services.disbursement_reissue(by=city_admin, batch=batch)
    assert again.reissue_of == batch
    (new,) = again.lines.all()
    assert (new.grant_id, new.amount, again.total) == (
        second.grant_id,
        second.amount,
        second.amount,
    )
    second.refresh_from_db()
    assert second.reissued_as == new and second.status == LineStatus.FAILED
    with pytest.raises(ValidationError) as refused:
        services.disbursement_reissue(by=city_admin, batch=batch)
    assert refused.value.code == "empty"
    # Only the untouched fourth line is still open; a new batch finds nothing new to take.
    with pytest.raises(ValidationError):
        services.disbursement_batch_build(by=city_admin, unit=tree.city)
    services.disbursement_line_settle(by=city_admin, line=new, outcome="paid")
    assert DisbursementLine.objects.filter(grant=second.grant, status="paid").count() == 1
    assert fourth.status == LineStatus.PENDING


def test_a_failed_line_left_alone_is_taken_by_the_next_batch(city_admin, tree, paid_out):
    batch = services.disbursement_batch_build(by=city_admin, unit=tree.county_a)
    line = batch.lines.order_by("pk").first()
    services.disbursement_line_settle(by=city_admin, line=line, outcome="failed", reason="冻结")
    later = services.disbursement_batch_build(by=city_admin, unit=tree.county_a)
    (taken,) = later.lines.all()
    line.refresh_from_db()
    assert line.reissued_as == taken and taken.grant_id == line.grant_id


def _return_book(rows: list[list[Any]]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(["参考号", "收款人", "结果", "失败原因"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_the_banks_return_workbook_settles_lines_by_reference(city_admin, tree, paid_out):
    batch = services.disbursement_batch_build(by=city_admin, unit=tree.city)
    one, two, three, _four = batch.lines.order_by("pk")
    upload = _return_book([
        [one.reference, "张三", "成功", ""],
        [two.reference, "张三", "失败", "户名不符"],
        [three.reference, "王五", "处理中", ""],
        ["FF000-9999", "某某", "成功", ""],
    ])  # fmt: skip
    summary = services.disbursement_return_apply(by=city_admin, batch=batch, upload=upload)
    assert (summary["paid"], summary["failed"], summary["already"]) == (1, 1, 0)
    assert summary["unknown"] == ["FF000-9999"] and summary["unclear"] == [three.reference]
    statuses = dict(batch.lines.values_list("reference", "status"))
    assert statuses[one.reference] == "paid" and statuses[two.reference] == "failed"
    assert DisbursementLine.objects.get(pk=two.pk).failure_reason == "户名不符"
    # The same workbook again changes nothing.
    again = services.disbursement_return_apply(
        by=city_admin, batch=batch, upload=_return_book([[one.reference, "张三", "成功", ""]])
    )
    assert (again["paid"], again["already"]) == (0, 1)


def test_a_broken_return_workbook_is_refused(city_admin, tree, paid_out) -> None:
    batch = services.disbursement_batch_build(by=city_admin, unit=tree.city)
    with pytest.raises(ValidationError) as refused:
        services.disbursement_return_apply(
            by=city_admin, batch=batch, upload=io.BytesIO(b"not a workbook")
        )
    assert "这不是Excel工作簿" in str(refused.value)
    book = Workbook()
    book.active.append(["姓名", "金额"])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    with pytest.raises(ValidationError) as refused:
        services.disbursement_return_apply(by=city_admin, batch=batch, upload=out)
    assert "参考号" in str(refused.value)
    assert set(batch.lines.values_list("status", flat=True)) == {"pending"}
