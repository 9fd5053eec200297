"""The employment figures counted from the records, computed by hand below."""

from __future__ import annotations

import datetime
from decimal import Decimal
from unittest import mock

import pytest

from gonghui.conftest import Tree
from gonghui.employment import services
from gonghui.employment.tests.helpers import make_posting
from gonghui.indicators.periods import Period
from gonghui.indicators.registry import all_indicators
from gonghui.indicators.selectors import values
from gonghui.registry.tests.factories import EnterpriseFactory, PersonFactory

pytestmark = pytest.mark.django_db


def at(day: datetime.date):
    moment = datetime.datetime.combine(day, datetime.time(2, 0), tzinfo=datetime.UTC)
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_employment_figures(tree: Tree, city_admin, factory_a, mill_b, zhang, wang):
    other_a = EnterpriseFactory(unit=tree.grassroots_a, name="迎江电子厂")
    li = PersonFactory(unit=tree.grassroots_a, name="李四")
    with at(datetime.date(2025, 3, 1)):
        # Postings published in 2025: factory_a 5 + 3 openings, other_a 10, mill_b 4 -> 3
        # employers, 4 postings, 22 openings. One pending (not published) and one of 2024.
        p1 = make_posting(city_admin, factory_a, publish=True, openings=5)
        make_posting(city_admin, factory_a, publish=True, openings=3)
        p3 = make_posting(city_admin, other_a, publish=True, openings=10)
        make_posting(city_admin, mill_b, publish=True, openings=4)
        make_posting(city_admin, mill_b, openings=50)  # pending
        # Fairs: one on site (2 employers: p1's 5 and p3's 10 openings), one online (1
        # employer, no posting taken).
        onsite = services.fair_create(
            by=city_admin,
            unit=tree.county_a,
            title="线下",
            mode="offline",
            starts_on=datetime.date(2025, 3, 5),
            ends_on=datetime.date(2025, 3, 5),
        )
        online = services.fair_create(
            by=city_admin,
            unit=tree.county_b,
            title="线上",
            mode="online",
            starts_on=datetime.date(2025, 3, 6),
            ends_on=datetime.date(2025, 3, 8),
        )
        services.fair_add_participant(
            by=city_admin, fair=onsite, enterprise=factory_a, postings=[p1]
        )
        services.fair_add_participant(by=city_admin, fair=onsite, enterprise=other_a, postings=[p3])
        services.fair_add_participant(by=city_admin, fair=online, enterprise=mill_b)
        # Seekers: 3; intents: 2 reached (intent, hired) and 1 "no".
        s_zhang = services.seeker_save(by=city_admin, person=zhang)
        s_wang = services.seeker_save(by=city_admin, person=wang)
        s_li = services.seeker_save(by=city_admin, person=li)
        services.intent_record(by=city_admin, seeker=s_zhang, enterprise=factory_a, fair=onsite)
        services.intent_record(
            by=city_admin, seeker=s_li, enterprise=other_a, fair=onsite, outcome="hired"
        )
        services.intent_record(by=city_admin, seeker=s_wang, enterprise=mill_b, outcome="no")
        # Training: zhang and li enrolled, zhang completes and is placed after it.
        course = services.training_create(
            by=city_admin,
            unit=tree.county_a,
            title="焊工班",
            provider="学院",
            starts_on=datetime.date(2025, 3, 1),
            ends_on=datetime.date(2025, 3, 10),
        )
        e_zhang = services.enrolment_add(by=city_admin, training=course, person=zhang)
        services.enrolment_add(by=city_admin, training=course, person=li)
        services.enrolment_complete(by=city_admin, enrolment=e_zhang, certificate_number="H1")
        # Placements: zhang (1 Jan 2025, before the course), li and wang; zhang placed twice
        # counts once.
        pz = services.placement_record(
            by=city_admin, person=zhang, enterprise=factory_a, start_date=datetime.date(2025, 1, 10)
        )
        services.placement_record(
            by=city_admin,
            person=zhang,
            enterprise=other_a,
            start_date=datetime.date(2025, 3, 1),
            training=course,
        )
        pl = services.placement_record(
            by=city_admin, person=li, enterprise=other_a, start_date=datetime.date(2025, 2, 1)
        )
        pw = services.placement_record(
            by=city_admin, person=wang, enterprise=mill_b, start_date=datetime.date(2025, 1, 20)
        )
        services.labour_export_create(
            by=city_admin,
            unit=tree.county_a,
            destination="苏州",
            departed_on=datetime.date(2025, 2, 1),
            workers_count=30,
            employer_name="苏州电子",
        )
        services.labour_export_create(
            by=city_admin,
            unit=tree.county_b,
            destination="上海",
            departed_on=datetime.date(2025, 2, 2),
            workers_count=12,
            employer_name="上海物流",
        )
        services.loan_subsidy_create(
            by=city_admin,
            unit=tree.county_a,
            loan_amount=Decimal("300000"),
            subsidy_amount=Decimal("12500.50"),
            jobs_created=8,
            bank="农商行",
            granted_on=datetime.date(2025, 2, 3),
            enterprise=factory_a,
        )
        services.loan_subsidy_create(
            by=city_admin,
            unit=tree.county_b,
            loan_amount=Decimal("50000"),
            subsidy_amount=Decimal("2000"),
            jobs_created=2,
            bank="农行",
            granted_on=datetime.date(2025, 2, 4),
            person=wang,
        )
    with at(datetime.date(2024, 6, 1)):
        make_posting(
            city_admin, factory_a, publish=True, openings=7, valid_until=datetime.date(2024, 12, 31)
        )
    # Follow-ups at 3 months: zhang (pz) retained, li lost, wang retained; at 6 months only
    # zhang visited, retained.
    with at(datetime.date(2025, 8, 1)):
        for placement, retained in ((pz, True), (pl, False), (pw, True)):
            visit = placement.follow_ups.get(months_after=3)
            services.follow_up_record(by=city_admin, follow_up=visit, retained=retained)
        services.follow_up_record(
            by=city_admin, follow_up=pz.follow_ups.get(months_after=6), retained=True
        )

    employment = [i for i in all_indicators() if i.code.startswith("employment.")]
    city = values(employment, tree.city, Period.year(2025))
    assert city["employment.enterprises_collected"] == 3
    assert city["employment.postings_published"] == 4
    assert city["employment.openings_offered"] == 22
    assert city["employment.fairs_online"] == 1
    assert city["employment.fairs_offline"] == 1
    assert city["employment.fairs"] == 2
    assert city["employment.fair_employers"] == 3
    assert city["employment.fair_openings"] == 15
    assert city["employment.employers_per_fair"] == Decimal("1.5")
    assert city["employment.openings_per_fair"] == Decimal("7.5")
    assert city["employment.seekers"] == 3
    assert city["employment.intents"] == 2
    assert city["employment.placements"] == 3
    assert city["employment.follow_ups_3m"] == 3
    assert city["employment.retained_3m"] == 2
    assert city["employment.retention_3m_rate"] == pytest.approx(Decimal(200) / 3)
    assert city["employment.follow_ups_6m"] == 1
    assert city["employment.retention_6m_rate"] == Decimal(100)
    assert city["employment.trainees"] == 2
    assert city["employment.trainees_completed"] == 1
    assert city["employment.trainees_placed"] == 1
    assert city["employment.labour_export_workers"] == 42
    assert city["employment.loan_subsidies"] == 2
    assert city["employment.loan_subsidy_amount"] == Decimal("14500.50")
    assert city["employment.loan_jobs_created"] == 10
    county_b = values(employment, tree.county_b, Period.year(2025))
    assert county_b["employment.postings_published"] == 1
    assert county_b["employment.openings_offered"] == 4
    assert county_b["employment.fairs_online"] == 1 and county_b["employment.fairs_offline"] == 0
    assert county_b["employment.placements"] == 1
    assert county_b["employment.retention_3m_rate"] == Decimal(100)
    assert county_b["employment.labour_export_workers"] == 12
    last_year = values(employment, tree.city, Period.year(2024))
    assert last_year["employment.postings_published"] == 1
    assert last_year["employment.openings_offered"] == 7
