"""The part B figures counted from the records, computed by hand: mediations (agreements,
amount, bodies), offers sent and answered, special contracts, inspections, hazards found,
rectified (rate) and overdue, and the safety competition. Coverage without double counting is
in test_bargaining."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from gonghui.conftest import Tree
from gonghui.indicators.periods import Period
from gonghui.indicators.registry import get
from gonghui.indicators.selectors import values
from gonghui.registry.tests.factories import EnterpriseFactory
from gonghui.rights import services_bargaining, services_mediation, services_safety

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
CODES = [
    "rights.mediation_cases",
    "rights.mediation_court_referred",
    "rights.mediation_agreements",
    "rights.mediation_agreement_rate",
    "rights.mediation_amount",
    "rights.mediation_bodies",
    "rights.offers_sent",
    "rights.offers_answered",
    "rights.contracts_signed",
    "rights.contracts_women",
    "rights.contracts_safety",
    "rights.inspections",
    "rights.hazards_found",
    "rights.hazards_rectified",
    "rights.hazards_rectified_rate",
    "rights.hazards_overdue",
]


def test_part_b_figures(tree: Tree, city_admin, zhang, wang):
    by = city_admin
    start = TODAY - 60 * DAY
    period = Period.range(start, TODAY)
    room = services_mediation.mediation_body_create(
        by=by, unit=tree.county_a, name="调解室", established_on=start - DAY
    )
    court = services_mediation.mediation_body_create(
        by=by,
        unit=tree.county_b,
        name="诉调对接",
        kind="court_referred",
        court_name="怀宁法院",
        established_on=TODAY - 200 * DAY,
    )
    services_mediation.mediation_body_create(
        by=by, unit=tree.county_b, name="已撤销", established_on=start, is_active=False
    )
    services_mediation.mediation_body_create(  # established after the period's end: not yet
        by=by, unit=tree.city, name="明日", established_on=TODAY)  # fmt: skip
    agreed = [Decimal("12000.50"), Decimal("8000")]
    for n, amount in enumerate(agreed):
        case = services_mediation.mediation_open(
            by=by, body=room if n else court, worker=zhang, dispute="欠薪",
            opened_on=TODAY - 10 * DAY, court_reference="（2025）皖0822民诉前调1号")  # fmt: skip
        services_mediation.mediation_conclude(
            by=by, case=case, outcome="agreement", outcome_on=TODAY, amount_agreed=amount
        )
    failed = services_mediation.mediation_open(
        by=by, body=room, worker=wang, dispute="解除", opened_on=TODAY - 5 * DAY
    )
    services_mediation.mediation_conclude(by=by, case=failed, outcome="failure", outcome_on=TODAY)
    services_mediation.mediation_open(
        by=by, body=room, worker=wang, dispute="工伤", opened_on=TODAY - 3 * DAY
    )
    services_mediation.mediation_open(
        by=by, body=room, worker=wang, dispute="去年", opened_on=start - DAY
    )  # outside the period

    plant: Any = EnterpriseFactory(unit=tree.grassroots_a, name="迎江机械厂")
    mill: Any = EnterpriseFactory(unit=tree.grassroots_b, name="怀宁纺织厂")
    for n in range(3):
        offer = services_bargaining.offer_create(
            by=by, unit=tree.county_a, enterprise=plant, sent_on=TODAY - (n + 1) * DAY
        )
        if n:
            services_bargaining.offer_answer(
                by=by, offer=offer, answer="accepted", answered_on=TODAY
            )
    services_bargaining.offer_create(
        by=by, unit=tree.county_b, enterprise=mill, sent_on=start - 5 * DAY
    )  # outside
    for n, kind in enumerate(["women", "safety", "safety", "comprehensive"]):
        services_bargaining.contract_create(
            by=by,
            unit=tree.county_a,
            enterprises=[(plant, 100)],
            title=f"合同{n}",
            union_party="工会",
            employer_party="企业",
            contract_type=kind,
            signed_on=TODAY - DAY if n < 3 else start - DAY,
            starts_on=TODAY,
            expires_on=TODAY + 700 * DAY,
        )

    inspection = services_safety.inspection_create(
        by=by, unit=tree.county_a, enterprise=plant, date=TODAY - 30 * DAY, inspectors="王"
    )
    services_safety.inspection_create(
        by=by, unit=tree.county_b, enterprise=mill, date=start - DAY, inspectors="李"
    )
    hazards = [
        services_safety.hazard_add(
            by=by,
            inspection=inspection,
            description=f"隐患{n}",
            deadline=TODAY + (n - 2) * 10 * DAY,
        )
        for n in range(4)
    ]  # deadlines: -20, -10, today, +10 days
    services_safety.hazard_rectify(by=by, hazard=hazards[0], rectified_on=TODAY - 25 * DAY)
    services_safety.hazard_rectify(by=by, hazard=hazards[3], rectified_on=TODAY)
    services_safety.hazard_verify(by=by, hazard=hazards[3], verified_on=TODAY)

    year = TODAY.year
    services_safety.safety_entry_create(
        by=by, unit=tree.county_a, enterprise=plant, year=year, workers=300
    )
    services_safety.safety_entry_create(by=by, unit=tree.county_b, year=year, workers=1200)
    services_safety.safety_entry_create(by=by, unit=tree.county_b, year=year - 1, workers=900)

    city = values([get(code) for code in CODES], tree.city, period)
    assert city == {
        "rights.mediation_cases": 4,
        "rights.mediation_court_referred": 1,
        "rights.mediation_agreements": 2,
        "rights.mediation_agreement_rate": Decimal(50),
        "rights.mediation_amount": Decimal("20000.50"),
        "rights.mediation_bodies": 3,  # the one out of operation is not counted
        "rights.offers_sent": 3,
        "rights.offers_answered": 2,
        "rights.contracts_signed": 3,
        "rights.contracts_women": 1,
        "rights.contracts_safety": 2,
        "rights.inspections": 1,
        "rights.hazards_found": 4,
        "rights.hazards_rectified": 2,
        "rights.hazards_rectified_rate": Decimal(50),
        "rights.hazards_overdue": 1,  # the one due 10 days ago; due 20 days ago is rectified
    }
    county_b = values([get(c) for c in CODES[:6]], tree.county_b, period)
    assert county_b["rights.mediation_cases"] == 1
    assert county_b["rights.mediation_amount"] == Decimal("12000.50")
    assert county_b["rights.mediation_bodies"] == 1
    # Safety competition entries are yearly: a year's figure, and the year before's.
    last_year = values([get("rights.safety_competition_units"),
                        get("rights.safety_competition_workers")], tree.city,
                       Period.year(year - 1))  # fmt: skip
    assert last_year == {"rights.safety_competition_units": 1,
                         "rights.safety_competition_workers": 900}  # fmt: skip
    this_year = values(
        [get("rights.safety_competition_units"), get("rights.safety_competition_workers")],
        tree.city,
        Period.year(year),
    )
    assert this_year == {"rights.safety_competition_units": 2,
                         "rights.safety_competition_workers": 1500}  # fmt: skip
