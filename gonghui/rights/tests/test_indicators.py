"""The rights figures counted from the records: received, answered (rate), in time (rate),
legal aid and amounts recovered, wage arrears, consultations, outreach."""

from __future__ import annotations

import datetime
from decimal import Decimal
from unittest import mock

import pytest

from gonghui.casework.services import case_accept, case_resolve
from gonghui.conftest import Tree
from gonghui.indicators.periods import Period
from gonghui.indicators.registry import get
from gonghui.indicators.selectors import values
from gonghui.rights import services
from gonghui.rights.tests.conftest import open_arrears, open_legal_aid, record_request

pytestmark = pytest.mark.django_db
T0 = datetime.datetime(2025, 3, 3, 9, 0, tzinfo=datetime.UTC)
CODES = [
    "rights.requests",
    "rights.requests_hotline",
    "rights.requests_answered",
    "rights.requests_answered_rate",
    "rights.requests_answered_in_time",
    "rights.requests_in_time_rate",
    "rights.legal_aid_cases",
    "rights.legal_aid_recovered",
    "rights.wage_arrears_cases",
    "rights.wage_arrears_workers",
    "rights.wage_arrears_migrant_workers",
    "rights.wage_arrears_owed",
    "rights.wage_arrears_recovered",
    "rights.consultations",
    "rights.outreach_events",
    "rights.outreach_attendees",
]


def test_rights_figures(tree: Tree, city_admin, zhang):
    with mock.patch("django.utils.timezone.now", return_value=T0):
        answered_in_time = record_request(city_admin, zhang, tree.county_a)
        answered_late = record_request(city_admin, zhang, tree.county_a, channel="walk_in")
        record_request(city_admin, zhang, tree.grassroots_b)  # open, in county B
        aid = open_legal_aid(
            city_admin, zhang, tree.county_a, dispute_date=datetime.date(2025, 2, 1)
        )
        open_arrears(
            city_admin,
            zhang,
            tree.county_a,
            amount_owed=Decimal("200000"),
            amount_recovered=Decimal("150000.50"),
        )
        for case in (answered_in_time, answered_late):
            case_accept(by=city_admin, case=case, expected_version=case.version)
    with mock.patch("django.utils.timezone.now", return_value=T0 + datetime.timedelta(days=1)):
        case_resolve(
            by=city_admin,
            case=answered_in_time.__class__.objects.get(pk=answered_in_time.pk),
            reply="答复",
            expected_version=2,
        )
        services.legal_aid_update(by=city_admin, case=aid, amount_recovered=Decimal("12716000"))
    with mock.patch("django.utils.timezone.now", return_value=T0 + datetime.timedelta(days=40)):
        case_resolve(
            by=city_admin,
            case=answered_late.__class__.objects.get(pk=answered_late.pk),
            reply="答复",
            expected_version=2,
        )
    services.consultation_create(
        by=city_admin,
        unit=tree.county_a,
        date=datetime.date(2025, 4, 1),
        channel="lawyer_on_duty",
        topic="dismissal",
    )
    services.outreach_create(
        by=city_admin,
        unit=tree.township_a,
        date=datetime.date(2025, 4, 2),
        place="宜城路社区",
        topic="劳动合同法",
        attendees=85,
    )
    services.outreach_create(
        by=city_admin,
        unit=tree.county_b,
        date=datetime.date(2024, 4, 2),
        place="怀宁",
        topic="去年",
        attendees=40,
    )

    period = Period.year(2025)
    city = values([get(code) for code in CODES], tree.city, period)
    assert city["rights.requests"] == 3
    assert city["rights.requests_hotline"] == 2
    assert city["rights.requests_answered"] == 2
    assert city["rights.requests_answered_rate"] == pytest.approx(Decimal(200) / 3)
    assert city["rights.requests_answered_in_time"] == 1
    assert city["rights.requests_in_time_rate"] == Decimal(50)
    assert city["rights.legal_aid_cases"] == 1
    assert city["rights.legal_aid_recovered"] == Decimal("12716000")
    assert city["rights.wage_arrears_cases"] == 1
    assert city["rights.wage_arrears_workers"] == 12
    assert city["rights.wage_arrears_migrant_workers"] == 10
    assert city["rights.wage_arrears_owed"] == Decimal("200000")
    assert city["rights.wage_arrears_recovered"] == Decimal("150000.50")
    assert city["rights.consultations"] == 1
    assert city["rights.outreach_events"] == 1
    assert city["rights.outreach_attendees"] == 85
    county_b = values(
        [get("rights.requests"), get("rights.requests_answered_rate")], tree.county_b, period
    )
    assert county_b == {"rights.requests": 1, "rights.requests_answered_rate": Decimal(0)}
