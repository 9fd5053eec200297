"""Hardship assistance in the demo: the city's eligibility rule for this year, households on
file in the login county with aid of every kind, one lifted out, one overdue for its annual
review and one application waiting for its first review. Written through the services as the
demo city admin; small on purpose so the build stays fast."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.assistance import services
from gonghui.assistance.choices import AidKind, HardshipCause, ReviewDecision
from gonghui.assistance.models import HardshipFile
from gonghui.core.models import OrgUnit, User
from gonghui.registry.models import Person
from gonghui.utils.idcard import make_id_number

HOUSEHOLDS = 24
CAUSES = [
    HardshipCause.ILLNESS, HardshipCause.ILLNESS, HardshipCause.EDUCATION,
    HardshipCause.DISABILITY, HardshipCause.UNEMPLOYMENT, HardshipCause.SINGLE_PARENT,
    HardshipCause.ACCIDENT,
]  # fmt: skip
BANKS = ["中国工商银行", "中国农业银行", "中国建设银行", "安庆农村商业银行"]
FUNDS = ["帮扶资金", "重大疾病专项救助资金", "金秋助学资金", "送温暖资金"]


def write_assistance(*, city: OrgUnit, county: OrgUnit, seed: int) -> dict[str, int]:
    rng = random.Random(seed + 6)
    admin = User.objects.get(username="city_admin")
    today = timezone.localdate()
    services.eligibility_rule_create(
        by=admin, unit=city, region_code=city.region_code[:4], year=today.year,
        income_threshold=Decimal("900.00"),
        qualifying_causes=[c for c in HardshipCause.values if c != HardshipCause.OTHER],
        exclusions=["owns_vehicle", "multiple_homes", "public_servant"],
        note="按当地城市居民最低生活保障标准的1.5倍确定",
    )  # fmt: skip
    persons = list(
        Person.objects.filter(unit__path__startswith=county.path, user__isnull=True)
        .select_related("unit")
        .order_by("pk")[: HOUSEHOLDS + 1]
    )
    made = {"files": 0, "grants": 0}
    for n, person in enumerate(persons[:HOUSEHOLDS]):
        cause = CAUSES[n % len(CAUSES)]
        members = [
            {"name": f"{person.name[0]}{'梅兰芳红'[n % 4]}", "relationship": "spouse",
             "monthly_income": Decimal(rng.choice(["0", "600", "900"])),
             "situations": ["illness"] if cause == HardshipCause.ILLNESS else []},
            {"name": f"{person.name[0]}小{'明亮强华'[n % 4]}", "relationship": "child",
             "monthly_income": Decimal("0"), "situations": ["in_school"],
             "school_stage": ["primary", "junior", "senior", "college"][n % 4]},
        ]  # fmt: skip
        opened = today - datetime.timedelta(days=rng.randint(40, 300))
        if n == 1:
            opened = today - datetime.timedelta(days=420)  # overdue for its annual review
        file = services.hardship_file_open(
            by=admin, person=person, unit=person.unit, level=["county", "city"][n % 2],
            cause=cause, worker_income=Decimal(rng.randint(900, 2200)), members=members,
            opened_on=opened,
        )  # fmt: skip
        made["files"] += 1
        child = file.members.get(relationship="child")
        grants: list[tuple[str, str, dict[str, Any]]] = [(AidKind.LIVING, "1500", {})]
        if n % 3 == 0:
            grants.append((AidKind.EDUCATION, "2000", {"member": child}))
        if cause == HardshipCause.ILLNESS:
            grants.append((AidKind.MEDICAL, "3000", {"bill_amount": Decimal("8600")}))
        if n % 7 == 0:
            grants.append((AidKind.CRITICAL_ILLNESS, "10000", {}))
        for kind, amount, extra in grants:
            services.aid_grant_create(
                by=admin, file=file, kind=kind, amount=Decimal(amount),
                granted_on=max(opened, today - datetime.timedelta(days=rng.randint(1, 30))),
                fund=FUNDS[n % len(FUNDS)], decided_by="市总工会", **extra,
            )  # fmt: skip
            made["grants"] += 1
        if n == 2:
            services.annual_review_record(
                by=admin, file=file, reviewed_on=today, decision=ReviewDecision.LIFTED_OUT,
                household_size=3, monthly_income_total=Decimal("4800"), notes="妻子康复后重新就业",
            )  # fmt: skip
    if len(persons) > HOUSEHOLDS:
        services.application_submit(
            by=admin, person=persons[HOUSEHOLDS], cause=HardshipCause.ILLNESS,
            worker_income=Decimal("1600"),
            members=[{"name": "陈芳", "relationship": "spouse", "monthly_income": Decimal("0"),
                      "situations": ["illness"], "health_notes": "乳腺癌术后化疗"}],
        )  # fmt: skip
    made["on_file"] = HardshipFile.objects.filter(status="on_file").count()
    made.update(write_campaigns_and_payments(admin=admin, city=city, county=county, rng=rng))
    return made


def write_campaigns_and_payments(
    *, admin: User, city: OrgUnit, county: OrgUnit, rng: random.Random
) -> dict[str, int]:
    """Bank accounts, the two festivals' winter warmth and the autumn education aid with quotas
    down to the login county, a disbursement batch with a failed transfer re-issued, and
    employment plans (一人一策) for two households' unemployed graduates."""
    today = timezone.localdate()
    files = list(
        HardshipFile.objects.filter(status="on_file", unit__path__startswith=county.path)
        .select_related("unit", "person")
        .order_by("pk")
    )
    for n, file in enumerate(files):
        services.bank_account_set(
            by=admin, file=file, bank_name=BANKS[n % len(BANKS)],
            account=f"6222{rng.randint(10**14, 10**15 - 1)}",
        )  # fmt: skip
    made = {"campaign_payments": 0, "plans": 0}
    start = today - datetime.timedelta(days=20)
    for kind, standard in (("winter_warmth", "500"), ("autumn_education", "1000")):
        campaign = services.campaign_create(
            by=admin, unit=city, kind=kind, starts_on=start,
            ends_on=today + datetime.timedelta(days=40), households=400,
            budget=Decimal("300000"), standard=Decimal(standard),
        )  # fmt: skip
        top = campaign.quotas.get(parent__isnull=True)
        quota = services.quota_allocate(
            by=admin, parent=top, unit=county, households=len(files) + 10,
            amount=Decimal(standard) * (len(files) + 10),
        )  # fmt: skip
        for file in files[: len(files) * 2 // 3]:
            paid_on = today - datetime.timedelta(days=rng.randint(0, 19))
            if campaign.per_student:
                for child in file.members.filter(relationship="child").exclude(school_stage=""):
                    services.campaign_payment_record(
                        by=admin, quota=quota, file=file, member=child, paid_on=paid_on
                    )
                    made["campaign_payments"] += 1
            else:
                services.campaign_payment_record(by=admin, quota=quota, file=file, paid_on=paid_on)
                made["campaign_payments"] += 1
    if files:
        batch = services.disbursement_batch_build(by=admin, unit=county, note="演示发放批次")
        lines = list(batch.lines.order_by("pk"))
        for line in lines[:-1]:
            services.disbursement_line_settle(by=admin, line=line, outcome="paid")
        services.disbursement_line_settle(
            by=admin, line=lines[-1], outcome="failed", reason="账户已冻结"
        )
        services.disbursement_reissue(by=admin, batch=batch)
        made["batches"] = 2
    for n, file in enumerate(files[3:5]):
        id_number = make_id_number(
            file.unit.region_code, datetime.date(2001 + n, 3, 15), rng.randint(0, 499),
            "female" if n else "male",
        )  # fmt: skip
        member = services.household_member_add(
            by=admin, file=file, name=file.person.name[0] + "婷俊"[n], relationship="child",
            id_number=id_number, monthly_income=Decimal("0"), situations=["unemployed"],
            school_stage="college",
        )  # fmt: skip
        services.employment_plan_create(
            by=admin, file=file, member=member, school=["安庆师范大学", "安徽工业大学"][n],
            major=["汉语言文学", "机械设计制造及其自动化"][n], graduation_year=today.year - 1,
            wanted_occupation=["教师", "机械工程师"][n], responsible=admin,
            measures="建立求职档案；推荐参加工会就业援助月专场招聘会；提供职业技能培训补贴。",
        )  # fmt: skip
        made["plans"] += 1
    return made
