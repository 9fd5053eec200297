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

HOUSEHOLDS = 24
CAUSES = [
    HardshipCause.ILLNESS, HardshipCause.ILLNESS, HardshipCause.EDUCATION,
    HardshipCause.DISABILITY, HardshipCause.UNEMPLOYMENT, HardshipCause.SINGLE_PARENT,
    HardshipCause.ACCIDENT,
]  # fmt: skip
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
    return made
