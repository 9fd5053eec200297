"""Who reaches the campaign, disbursement and employment-plan pages and endpoints: each
persona its subtree, refused writes change nothing, visitors go to the login, outsiders and
workers get 403; the workspace forms drive the services end to end."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from gonghui.assistance import services
from gonghui.assistance.models import (
    Campaign,
    CampaignPayment,
    CampaignQuota,
    DisbursementBatch,
    DisbursementLine,
    EmploymentPlan,
    HardshipFile,
)
from gonghui.assistance.tests.conftest import grant
from gonghui.assistance.tests.test_campaigns import make_campaign, root
from gonghui.assistance.tests.test_plans import PLAN, graduate
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog
from gonghui.core.tests.api_client import client_for, refused

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.access(
        "assistance.Campaign",
        "assistance.CampaignQuota",
        "assistance.CampaignPayment",
        "assistance.DisbursementBatch",
        "assistance.DisbursementLine",
        "assistance.EmploymentPlan",
    ),
]

TODAY = timezone.localdate()
LISTS = [
    "assistance:campaign_list",
    "assistance:campaign_export",
    "assistance:campaign_create",
    "assistance:batch_list",
    "assistance:batch_export",
    "assistance:batch_build",
    "assistance:plan_list",
    "assistance:plan_export",
]
ENDPOINTS = [
    "aidcampaign",
    "aidcampaignquota",
    "aidcampaignpayment",
    "disbursementbatch",
    "disbursementline",
    "employmentplan",
]


def state() -> tuple[Any, ...]:
    return (
        list(CampaignQuota.objects.order_by("pk").values_list("pk", "households", "amount")),
        Campaign.objects.count(),
        CampaignPayment.objects.count(),
        list(DisbursementLine.objects.order_by("pk").values_list("pk", "status")),
        DisbursementBatch.objects.count(),
        list(EmploymentPlan.objects.order_by("pk").values_list("pk", "status", "measures")),
        list(HardshipFile.objects.order_by("pk").values_list("pk", "bank_account_masked")),
    )


@pytest.fixture
def world(tree, city_admin, county_officer, file_a, file_b) -> dict[str, Any]:
    """A city campaign with a quota in each county, a payment and a batch in each county, and
    an employment plan in county A."""
    for file, account in ((file_a, "6222021234567890123"), (file_b, "6217002345678901")):
        services.bank_account_set(by=city_admin, file=file, bank_name="工商银行", account=account)
    campaign = make_campaign(city_admin, tree.city)
    quotas = {}
    for unit in (tree.county_a, tree.county_b):
        quotas[unit.pk] = services.quota_allocate(
            by=city_admin, parent=root(campaign), unit=unit, households=40, amount="20000"
        )
    services.campaign_payment_record(by=city_admin, quota=quotas[tree.county_a.pk], file=file_a,
                                     paid_on=TODAY)  # fmt: skip
    services.campaign_payment_record(by=city_admin, quota=quotas[tree.county_b.pk], file=file_b,
                                     paid_on=TODAY)  # fmt: skip
    grant(city_admin, file_a, "1000")
    batch_a = services.disbursement_batch_build(by=city_admin, unit=tree.county_a)
    batch_b = services.disbursement_batch_build(by=city_admin, unit=tree.county_b)
    member = graduate(county_officer, file_a)
    plan = services.employment_plan_create(by=county_officer, file=file_a, member=member, **PLAN)
    return {"campaign": campaign, "quota_a": quotas[tree.county_a.pk],
            "quota_b": quotas[tree.county_b.pk], "batch_a": batch_a, "batch_b": batch_b,
            "plan": plan, "member": member}  # fmt: skip


def detail_pages(world: dict[str, Any], file_a: HardshipFile) -> list[str]:
    return [
        reverse("assistance:campaign_detail", args=[world["campaign"].pk]),
        reverse("assistance:campaign_payments", args=[world["campaign"].pk]),
        reverse("assistance:campaign_payment_export", args=[world["campaign"].pk]),
        reverse("assistance:quota_allocate", args=[world["quota_a"].pk]),
        reverse("assistance:quota_move", args=[world["quota_a"].pk]),
        reverse("assistance:payment_record", args=[world["quota_a"].pk]),
        reverse("assistance:bank_account", args=[file_a.pk]),
        reverse("assistance:batch_detail", args=[world["batch_a"].pk]),
        reverse("assistance:batch_workbook", args=[world["batch_a"].pk]),
        reverse("assistance:plan_create", args=[file_a.pk]),
        reverse("assistance:plan_edit", args=[world["plan"].pk]),
        reverse("assistance:file_detail", args=[file_a.pk]),
    ]


def test_visitors_go_to_login_outsiders_and_workers_are_refused(
    client, outsider, worker, world, file_a
) -> None:
    urls = [reverse(name) for name in LISTS] + detail_pages(world, file_a)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    for user in (outsider, worker):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403, url


def test_staff_reach_every_page(client, city_admin, county_officer, world, file_a) -> None:
    for user in (city_admin, county_officer):
        client.force_login(user)
        for url in [reverse(name) for name in LISTS] + detail_pages(world, file_a):
            assert client.get(url).status_code == 200, (user, url)


def test_another_subtree_gets_404_and_writes_change_nothing(
    client, grassroots_officer, world, file_a
) -> None:
    client.force_login(grassroots_officer)
    for url in detail_pages(world, file_a)[3:]:
        assert client.get(url).status_code == 404, url
    before = state()
    line = world["batch_a"].lines.first()
    posts = [
        (reverse("assistance:quota_allocate", args=[world["quota_a"].pk]),
         {"unit": file_a.unit.parent_id, "households": 1, "amount": "1"}),
        (reverse("assistance:payment_record", args=[world["quota_a"].pk]),
         {"file_number": file_a.file_number, "paid_on": TODAY.isoformat()}),
        (reverse("assistance:line_settle", args=[line.pk]), {"outcome": "paid"}),
        (reverse("assistance:batch_reissue", args=[world["batch_a"].pk]), {}),
        (reverse("assistance:batch_return", args=[world["batch_a"].pk]), {}),
        (reverse("assistance:bank_account", args=[file_a.pk]),
         {"bank_name": "农行", "account": "6228480000000000"}),
        (reverse("assistance:plan_edit", args=[world["plan"].pk]), {**PLAN, "status": "closed"}),
    ]  # fmt: skip
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    assert state() == before


@pytest.mark.parametrize(
    ("persona", "campaigns", "batches", "plans"),
    [
        ("city_admin", 1, 2, 1),
        ("county_officer", 1, 1, 1),
        ("grassroots_officer", 0, 0, 0),  # its county holds the quota and the batch
        ("auditor", 1, 2, 1),
    ],
)
def test_lists_show_each_persona_its_scope(
    client, request, world, persona, campaigns, batches, plans
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert len(client.get(reverse("assistance:campaign_list")).context["campaigns"]) == campaigns
    assert len(client.get(reverse("assistance:batch_list")).context["batches"]) == batches
    assert len(client.get(reverse("assistance:plan_list")).context["plans"]) == plans
    detail = client.get(reverse("assistance:campaign_detail", args=[world["campaign"].pk]))
    if not campaigns:
        assert detail.status_code == 404
        return
    shown = {row.quota.unit.name for row in detail.context["rows"]}
    everything = {"安庆市总工会", "迎江区总工会", "怀宁县总工会"}
    assert shown == ({"迎江区总工会"} if persona == "county_officer" else everything)


def test_the_auditor_reads_masked_and_cannot_write(client, auditor, world, file_a) -> None:
    client.force_login(auditor)
    response = client.get(reverse("assistance:batch_workbook", args=[world["batch_a"].pk]))
    rows = list(
        load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)
    )
    assert rows[1][2] == "6222***********0123"
    before = state()
    line = world["batch_a"].lines.first()
    for url, data in (
        (reverse("assistance:line_settle", args=[line.pk]), {"outcome": "paid"}),
        (reverse("assistance:batch_build"), {"include_grants": "on"}),
        (reverse("assistance:quota_allocate", args=[world["quota_a"].pk]), {}),
        (reverse("assistance:campaign_create"), {}),
    ):
        assert client.post(url, data).status_code == 403, url
    assert state() == before
    body = client.get(reverse("assistance:batch_detail", args=[world["batch_a"].pk])).content
    assert "6222021234567890123" not in body.decode()


def test_the_forms_drive_a_campaign_and_a_batch(
    client, tree, city_admin, county_officer, file_a
) -> None:
    client.force_login(city_admin)
    response = client.post(reverse("assistance:campaign_create"), {
        "kind": "winter_warmth", "starts_on": TODAY.isoformat(), "ends_on": TODAY.isoformat(),
        "households": "10", "budget": "5000", "standard": "500",
    })  # fmt: skip
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    top = root(campaign)
    allocate = reverse("assistance:quota_allocate", args=[top.pk])
    response = client.post(allocate, {"unit": tree.county_a.pk, "households": "11", "amount": "1"})
    assert response.status_code == 400 and "还可分配10户" in response.content.decode()
    client.post(reverse("assistance:quota_allocate", args=[top.pk]),
                {"unit": tree.county_a.pk, "households": "6", "amount": "3000"})  # fmt: skip
    quota = CampaignQuota.objects.get(unit=tree.county_a)
    client.force_login(county_officer)
    pay = reverse("assistance:payment_record", args=[quota.pk])
    data = {"file_number": file_a.file_number, "paid_on": TODAY.isoformat(), "amount": ""}
    assert client.post(pay, data).status_code == 302
    response = client.post(pay, data)
    assert response.status_code == 400 and "张三已在本次活动中领取" in response.content.decode()
    assert CampaignPayment.objects.get().amount == Decimal("500.00")
    response = client.post(reverse("assistance:bank_account", args=[file_a.pk]),
                           {"bank_name": "工商银行", "account": "6222021234567890123"})  # fmt: skip
    assert response.status_code == 302
    response = client.post(reverse("assistance:batch_build"),
                           {"include_campaign_payments": "on"})  # fmt: skip
    assert response.status_code == 302
    batch = DisbursementBatch.objects.get()
    line = batch.lines.get()
    assert batch.total == Decimal("500.00")
    workbook = client.get(reverse("assistance:batch_workbook", args=[batch.pk]))
    assert workbook["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditLog.objects.filter(action=AuditAction.REVEAL, object_id=str(batch.pk)).exists()
    book = Workbook()
    book.active.append(["参考号", "结果", "原因"])
    book.active.append([line.reference, "失败", "账户冻结"])
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    upload.name = "return.xlsx"
    response = client.post(reverse("assistance:batch_return", args=[batch.pk]),
                           {"workbook": upload})  # fmt: skip
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.status, line.failure_reason) == ("failed", "账户冻结")
    response = client.post(reverse("assistance:batch_reissue", args=[batch.pk]))
    new = DisbursementBatch.objects.exclude(pk=batch.pk).get()
    assert response["Location"] == reverse("assistance:batch_detail", args=[new.pk])
    new_line = new.lines.get()
    client.post(reverse("assistance:line_settle", args=[new_line.pk]), {"outcome": "paid"})
    client.post(reverse("assistance:line_settle", args=[new_line.pk]), {"outcome": "paid"})
    assert DisbursementLine.objects.filter(status="paid").count() == 1


def test_the_plan_forms(client, county_officer, file_a) -> None:
    member = graduate(county_officer, file_a)
    client.force_login(county_officer)
    url = reverse("assistance:plan_create", args=[file_a.pk])
    form = client.get(url).context["form"]
    assert list(form.fields["member"].queryset) == [member]
    response = client.post(url, {**PLAN, "member": member.pk, "responsible": county_officer.pk})
    assert response.status_code == 302
    plan = EmploymentPlan.objects.get()
    response = client.post(reverse("assistance:plan_edit", args=[plan.pk]),
                           {**PLAN, "status": "employed", "measures": "已就业"})  # fmt: skip
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.measures, plan.responsible) == ("employed", "已就业", None)
    body = client.get(reverse("assistance:file_detail", args=[file_a.pk])).content.decode()
    assert "已就业" in body


# API -------------------------------------------------------------------------------------


def test_endpoints_refuse_visitors_and_outsiders(outsider, world) -> None:
    for basename in ENDPOINTS:
        url = reverse(f"api:{basename}-list")
        assert refused(client_for().get(url).status_code), basename
        assert refused(client_for(outsider).get(url).status_code), basename


@pytest.mark.parametrize(
    ("persona", "counts"),
    [
        ("city_admin", {"aidcampaign": 1, "aidcampaignquota": 3, "aidcampaignpayment": 2,
                        "disbursementbatch": 2, "disbursementline": 3, "employmentplan": 1}),
        ("county_officer", {"aidcampaign": 1, "aidcampaignquota": 1, "aidcampaignpayment": 1,
                            "disbursementbatch": 1, "disbursementline": 2, "employmentplan": 1}),
        ("grassroots_officer", {"aidcampaign": 0, "aidcampaignquota": 0,
                                "aidcampaignpayment": 1, "disbursementbatch": 0,
                                "disbursementline": 0, "employmentplan": 0}),
    ],
)  # fmt: skip
def test_endpoints_list_the_scope(request, world, persona, counts) -> None:
    client = client_for(request.getfixturevalue(persona))
    for basename, count in counts.items():
        response = client.get(reverse(f"api:{basename}-list"))
        assert response.status_code == 200 and response.data["count"] == count, basename


def test_api_writes(tree, city_admin, county_officer, grassroots_officer, world, file_a) -> None:
    county = client_for(county_officer)
    other = client_for(grassroots_officer)
    before = state()
    response = other.post(reverse("api:aidcampaignquota-move", args=[world["quota_a"].pk]),
                          {"target": world["quota_b"].pk, "households": 1, "amount": "1"},
                          format="json")  # fmt: skip
    assert response.status_code == 404
    response = county.post(reverse("api:aidcampaignpayment-list"), {
        "quota": world["quota_a"].pk, "file": file_a.pk, "paid_on": TODAY.isoformat(),
    }, format="json")  # fmt: skip
    assert response.status_code == 400 and "张三已在本次活动中领取" in str(response.data)
    response = county.post(reverse("api:aidcampaignquota-list"), {
        "parent_quota": world["quota_a"].pk, "unit": tree.township_a.pk, "households": 5,
        "amount": 100.5,
    }, format="json")  # fmt: skip
    assert response.status_code == 400
    assert state() == before
    response = county.post(reverse("api:aidcampaignquota-list"), {
        "parent_quota": world["quota_a"].pk, "unit": tree.township_a.pk, "households": 5,
        "amount": "100.50",
    }, format="json")  # fmt: skip
    assert response.status_code == 201 and response.data["amount"] == "100.50"
    admin = client_for(city_admin)
    response = admin.post(reverse("api:aidcampaignquota-move", args=[world["quota_a"].pk]),
                          {"target": world["quota_b"].pk, "households": 10, "amount": "5000"},
                          format="json")  # fmt: skip
    assert response.status_code == 200 and response.data["households"] == 30
    line = world["batch_a"].lines.order_by("pk").first()
    response = other.post(reverse("api:disbursementline-settle", args=[line.pk]),
                          {"outcome": "paid"}, format="json")  # fmt: skip
    assert response.status_code == 404
    response = county.post(reverse("api:disbursementline-settle", args=[line.pk]),
                           {"outcome": "failed", "reason": "户名不符"}, format="json")  # fmt: skip
    assert response.status_code == 200 and response.data["status"] == "failed"
    response = county.post(reverse("api:disbursementbatch-reissue", args=[world["batch_a"].pk]))
    assert response.status_code == 201 and response.data["total"] == str(line.amount)
    assert "bank_account" not in str(county.get(reverse("api:disbursementline-list")).data).replace(
        "bank_account_masked", ""
    )


def test_lists_do_not_grow_queries_with_rows(client, tree, city_admin, world, file_a) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.registry.tests.factories import PersonFactory

    from .conftest import open_file

    urls = [
        reverse("assistance:campaign_list"),
        reverse("assistance:batch_list"),
        reverse("assistance:plan_list"),
        reverse("assistance:campaign_payments", args=[world["campaign"].pk]),
        reverse("assistance:campaign_detail", args=[world["campaign"].pk]),
        reverse("assistance:batch_detail", args=[world["batch_a"].pk]),
    ]
    client.force_login(city_admin)

    def counts() -> list[int]:
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    before = counts()
    for n in range(3):
        person = PersonFactory(unit=tree.grassroots_a, name=f"李{n}")
        file = open_file(city_admin, person, members=[])
        services.campaign_payment_record(by=city_admin, quota=world["quota_a"], file=file,
                                         paid_on=TODAY)  # fmt: skip
        make_campaign(city_admin, tree.city, kind="other", name=f"慰问{n}")
        member = graduate(city_admin, file, id_number=PLAN_IDS[n], name=f"李小{n}")
        services.employment_plan_create(by=city_admin, file=file, member=member, **PLAN)
    assert counts() == before


PLAN_IDS = ["340802200105050030", "340802200106060054", "340802200107070078"]


def test_the_admin_reads_in_scope_and_writes_nothing(
    client, city_admin, county_officer, world
) -> None:
    names = ["campaign", "campaignpayment", "disbursementbatch", "employmentplan"]
    client.force_login(county_officer)
    for name in names:
        response = client.get(reverse(f"admin:assistance_{name}_changelist"))
        assert response.status_code == 200, name
    rows = client.get(reverse("admin:assistance_disbursementbatch_changelist"))
    assert rows.context["cl"].result_count == 1  # county A's batch only
    batch = world["batch_a"]
    page = client.get(reverse("admin:assistance_disbursementbatch_change", args=[batch.pk]))
    assert page.status_code == 200 and "6222021234567890123" not in page.content.decode()
    before = state()
    client.post(
        reverse("admin:assistance_disbursementbatch_delete", args=[batch.pk]), {"post": "yes"}
    )
    assert state() == before
