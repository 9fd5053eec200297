"""A small fixed data set for the statistics tests: consultations and outreach events in the
``tree`` of gonghui/conftest.py, in 2024 and 2025, whose figures the tests add up by hand.

    consultations 2025: city own 1, county_a own 2, township_a own 1, grassroots_a 3,
                        grassroots_b 4                      → city 11, county_a 6, county_b 4
    consultations 2024: grassroots_a 2, grassroots_b 2      → city 4
    outreach attendees 2025: grassroots_a 30, county_b own 120   → city 150
    outreach attendees 2024: city own 100                        → city 100
"""

from __future__ import annotations

import datetime

import pytest

from gonghui.conftest import Tree
from gonghui.core.models import User
from gonghui.core.tests.factories import UserFactory
from gonghui.rights.models import Consultation, OutreachEvent


def _consultations(unit, *days: datetime.date) -> None:
    for day in days:
        Consultation.objects.create(unit=unit, date=day, topic="wages")


@pytest.fixture
def data(tree: Tree) -> Tree:
    d = datetime.date
    _consultations(tree.city, d(2025, 2, 1))
    _consultations(tree.county_a, d(2025, 1, 15), d(2025, 11, 30))
    _consultations(tree.township_a, d(2025, 5, 5))
    _consultations(tree.grassroots_a, d(2025, 3, 1), d(2025, 6, 1), d(2025, 12, 31))
    _consultations(tree.grassroots_b, d(2025, 1, 1), d(2025, 4, 1), d(2025, 4, 2), d(2025, 8, 8))
    _consultations(tree.grassroots_a, d(2024, 3, 1), d(2024, 6, 1))
    _consultations(tree.grassroots_b, d(2024, 1, 1), d(2024, 12, 31))
    # Outside both years: never counted.
    _consultations(tree.grassroots_b, d(2023, 12, 31), d(2026, 1, 1))
    OutreachEvent.objects.create(
        unit=tree.grassroots_a, date=d(2025, 7, 1), place="厂区", topic="劳动法", attendees=30
    )
    OutreachEvent.objects.create(
        unit=tree.county_b, date=d(2025, 9, 1), place="广场", topic="工资", attendees=120
    )
    OutreachEvent.objects.create(
        unit=tree.city, date=d(2024, 9, 1), place="会堂", topic="安全", attendees=100
    )
    return tree


@pytest.fixture
def worker(db: None) -> User:
    """A worker's portal login: no grant, so no workspace page."""
    return UserFactory(username="worker_stats")
