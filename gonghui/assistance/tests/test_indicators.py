"""The indicators: households on file, opened and lifted out, aid by kind, coverage."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.assistance import services
from gonghui.assistance.choices import AidKind, ReviewDecision
from gonghui.assistance.tests.conftest import grant
from gonghui.indicators import selectors as figures
from gonghui.indicators.periods import Period
from gonghui.indicators.registry import get

pytestmark = [pytest.mark.django_db, pytest.mark.access("assistance.HardshipFile")]


def value(code: str, unit, period) -> object:
    return figures.value(get(code), unit, period)


def test_figures_roll_up(tree, city_admin, county_officer, file_a, file_b) -> None:
    today = timezone.localdate()
    child = file_a.members.get(relationship="child")
    grant(county_officer, file_a, "1000")
    grant(county_officer, file_a, "800", kind=AidKind.EDUCATION, member=child)
    grant(city_admin, file_b, "500")  # then lifted out: aided, but no longer on file
    services.annual_review_record(
        by=city_admin, file=file_b, reviewed_on=today, decision=ReviewDecision.LIFTED_OUT,
        household_size=1, monthly_income_total=Decimal("5000"), notes="再就业",
    )  # fmt: skip
    year = Period.year(today.year)
    assert value("assistance.files_on_file", tree.city, year) == 1
    assert value("assistance.files_lifted_out", tree.city, year) == 1
    assert value("assistance.aid_all_times", tree.city, year) == 3
    assert value("assistance.aid_all_households", tree.city, year) == 2
    assert value("assistance.aid_on_file_households", tree.city, year) == 1
    assert value("assistance.aid_education_persons", tree.city, year) == 1
    assert value("assistance.aid_all_amount", tree.city, year) == Decimal("2300.00")
    assert value("assistance.aid_all_amount", tree.county_a, year) == Decimal("1800.00")
    # 1 household on file, aided: 100%, not 2 aided / 1 on file.
    assert value("assistance.aid_coverage", tree.city, year) == Decimal("100")


def test_campaign_coverage_persons_and_plans(tree, city_admin, county_officer, file_a, file_b):
    """By hand: winter warmth pays 张三 500 and 王五 600 (2 households, 1,100 元); the autumn
    education aid pays 张三's child and spouse 1,000 each (1 household, 2 payments, 2,000 元);
    living aid to both workers (2 persons) and critical illness aid to 张三 (1 person)."""
    from gonghui.assistance.tests.test_campaigns import make_campaign, root
    from gonghui.assistance.tests.test_plans import PLAN, graduate

    today = timezone.localdate()
    year = Period.year(today.year)
    winter = make_campaign(city_admin, tree.city)
    services.campaign_payment_record(by=city_admin, quota=root(winter), file=file_a, paid_on=today)
    services.campaign_payment_record(by=city_admin, quota=root(winter), file=file_b,
                                     paid_on=today, amount="600")  # fmt: skip
    autumn = make_campaign(city_admin, tree.city, kind="autumn_education", standard="1000")
    for member in file_a.members.exclude(relationship="self"):
        services.campaign_payment_record(by=city_admin, quota=root(autumn), file=file_a,
                                         member=member, paid_on=today)  # fmt: skip
    grant(county_officer, file_a, "1000")
    grant(county_officer, file_a, "300")
    grant(city_admin, file_b, "700")
    grant(county_officer, file_a, "5000", kind=AidKind.CRITICAL_ILLNESS)
    member = graduate(county_officer, file_a)
    services.employment_plan_create(by=county_officer, file=file_a, member=member, **PLAN)

    assert value("assistance.campaign_all_households", tree.city, year) == 2
    assert value("assistance.campaign_all_times", tree.city, year) == 4
    assert value("assistance.campaign_all_amount", tree.city, year) == Decimal("3100.00")
    assert value("assistance.campaign_winter_warmth_amount", tree.city, year) == Decimal("1100.00")
    assert value("assistance.campaign_autumn_education_households", tree.city, year) == 1
    assert value("assistance.campaign_autumn_education_times", tree.city, year) == 2
    assert value("assistance.campaign_all_amount", tree.county_b, year) == Decimal("600.00")
    assert value("assistance.aid_living_persons", tree.city, year) == 2
    assert value("assistance.aid_living_times", tree.city, year) == 3
    assert value("assistance.aid_living_households", tree.county_a, year) == 1
    assert value("assistance.aid_critical_illness_persons", tree.city, year) == 1
    assert value("assistance.graduates_with_plan", tree.city, year) == 1
    assert value("assistance.graduates_with_plan", tree.county_b, year) == 0
    assert value("assistance.aid_coverage", tree.city, year) == Decimal("100")
    last_year = Period.year(today.year - 1)
    assert value("assistance.campaign_all_times", tree.city, last_year) == 0
