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
    services.annual_review_record(
        by=city_admin, file=file_b, reviewed_on=today, decision=ReviewDecision.LIFTED_OUT,
        household_size=1, monthly_income_total=Decimal("5000"), notes="再就业",
    )  # fmt: skip
    year = Period.year(today.year)
    assert value("assistance.files_on_file", tree.city, year) == 1
    assert value("assistance.files_lifted_out", tree.city, year) == 1
    assert value("assistance.aid_all_times", tree.city, year) == 2
    assert value("assistance.aid_all_households", tree.city, year) == 1
    assert value("assistance.aid_education_persons", tree.city, year) == 1
    assert value("assistance.aid_all_amount", tree.city, year) == Decimal("1800.00")
    assert value("assistance.aid_all_amount", tree.county_b, year) == Decimal("0")
    assert value("assistance.aid_coverage", tree.city, year) == Decimal("100")
