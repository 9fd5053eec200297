"""Placements and their follow-up schedule (fixed dates), due and overdue lists, trainings
with capacity and the "found a job after" outcome, labour export and loans."""

from __future__ import annotations

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from gonghui.employment import selectors, services
from gonghui.employment.models import Enrolment, FollowUp, LoanSubsidy
from gonghui.employment.services.outcomes import add_months

pytestmark = pytest.mark.django_db


def at(day: datetime.date):
    moment = datetime.datetime.combine(day, datetime.time(2, 0), tzinfo=datetime.UTC)
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_add_months_keeps_the_day_or_takes_the_month_end():
    assert add_months(datetime.date(2025, 1, 31), 1) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2025, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2025, 11, 15), 3) == datetime.date(2026, 2, 15)


def test_follow_ups_are_scheduled_at_1_3_6_months(city_admin, zhang, factory_a):
    with at(datetime.date(2025, 1, 31)):
        placement = services.placement_record(
            by=city_admin, person=zhang, enterprise=factory_a,
            start_date=datetime.date(2025, 1, 31), monthly_pay=Decimal("5200"), source="fair",
        )  # fmt: skip
    schedule = list(
        placement.follow_ups.order_by("months_after").values_list("months_after", "due_on")
    )
    assert schedule == [
        (1, datetime.date(2025, 2, 28)),
        (3, datetime.date(2025, 4, 30)),
        (6, datetime.date(2025, 7, 31)),
    ]
    visible = FollowUp.objects.all()
    today = datetime.date(2025, 4, 20)
    assert [f.months_after for f in selectors.follow_ups_overdue(visible, today)] == [1]
    assert [f.months_after for f in selectors.follow_ups_due(visible, today)] == [3]
    first = placement.follow_ups.get(months_after=1)
    with at(today):
        services.follow_up_record(by=city_admin, follow_up=first, retained=True, notes="稳定在岗")
        with pytest.raises(ValidationError):
            services.follow_up_record(
                by=city_admin, follow_up=first, retained=True, done_on=datetime.date(2025, 5, 1)
            )
    assert not selectors.follow_ups_overdue(visible, today).exists()


def test_training_capacity_completion_and_job_after(city_admin, tree, zhang, wang, factory_a):
    training = services.training_create(
        by=city_admin, unit=tree.county_a, title="数控车床操作培训", provider="安庆技师学院",
        starts_on=datetime.date(2025, 3, 1), ends_on=datetime.date(2025, 3, 20), capacity=1,
        fee=Decimal("1200"), subsidy=Decimal("800"),
    )  # fmt: skip
    first = services.enrolment_add(by=city_admin, training=training, person=zhang)
    with pytest.raises(ValidationError):
        services.enrolment_add(by=city_admin, training=training, person=wang)
    session = services.session_add(by=city_admin, training=training, date=datetime.date(2025, 3, 2))
    assert services.attendance_record(by=city_admin, session=session, present=[first]) == 1
    services.enrolment_complete(by=city_admin, enrolment=first, certificate_number="ZS2025001")
    with at(datetime.date(2025, 4, 1)):
        services.placement_record(
            by=city_admin, person=zhang, enterprise=factory_a, start_date=datetime.date(2025, 4, 1),
            source="training", training=training,
        )  # fmt: skip
    outcome = selectors.enrolments_with_outcome(Enrolment.objects.all()).get()
    assert outcome.found_job is True and outcome.certificate_number == "ZS2025001"


def test_order_based_training_names_the_employer(city_admin, tree):
    with pytest.raises(ValidationError):
        services.training_create(
            by=city_admin, unit=tree.county_a, title="订单班", provider="学院",
            starts_on=datetime.date(2025, 3, 1), ends_on=datetime.date(2025, 3, 2),
            is_order_based=True,
        )  # fmt: skip


def test_loan_names_one_borrower_and_subsidy_within_loan(city_admin, tree, zhang, factory_a):
    common = {"by": city_admin, "unit": tree.county_a, "bank": "安庆农商银行",
              "granted_on": datetime.date(2025, 2, 1)}  # fmt: skip
    with pytest.raises(ValidationError):
        services.loan_subsidy_create(loan_amount=Decimal("100000"), **common)
    with pytest.raises(ValidationError):
        services.loan_subsidy_create(
            loan_amount=Decimal("1000"), subsidy_amount=Decimal("2000"), person=zhang, **common
        )
    loan = services.loan_subsidy_create(
        loan_amount=Decimal("200000"), subsidy_amount=Decimal("9000"), jobs_created=6,
        enterprise=factory_a, **common,
    )  # fmt: skip
    assert LoanSubsidy.objects.get() == loan
