"""Lists and list endpoints read a page in a fixed number of queries, whatever its length."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gonghui.core.tests.api_client import client_for
from gonghui.employment import services
from gonghui.employment.tests.helpers import make_posting
from gonghui.registry.tests.factories import EnterpriseFactory, PersonFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "employment:posting_list", "employment:seeker_list", "employment:fair_list",
    "employment:training_list", "employment:placement_list", "employment:intent_list",
    "employment:loan_list",
]  # fmt: skip
ENDPOINTS = [
    "api:employment-posting-list", "api:employment-seeker-list", "api:employment-fair-list",
    "api:employment-placement-list",
]  # fmt: skip


def _add(tree, city_admin, count: int) -> None:
    today = datetime.date.today()
    for n in range(count):
        employer = EnterpriseFactory(unit=tree.grassroots_a)
        person = PersonFactory(unit=tree.grassroots_a)
        posting = make_posting(city_admin, employer, publish=True)
        seeker = services.seeker_save(by=city_admin, person=person, skills=["电工"])
        fair = services.fair_create(by=city_admin, unit=tree.county_a, title=f"招聘会{n}",
                                    mode="online", starts_on=today, ends_on=today)  # fmt: skip
        services.fair_add_participant(by=city_admin, fair=fair, enterprise=employer)
        services.intent_record(by=city_admin, seeker=seeker, enterprise=employer, fair=fair,
                               posting=posting)  # fmt: skip
        services.training_create(by=city_admin, unit=tree.county_a, title=f"培训{n}",
                                 provider="学院", starts_on=today, ends_on=today)  # fmt: skip
        services.placement_record(by=city_admin, person=person, enterprise=employer,
                                  start_date=today)  # fmt: skip
        services.loan_subsidy_create(by=city_admin, unit=tree.county_a, loan_amount=1000,
                                     bank="银行", granted_on=today, person=person)  # fmt: skip


def _counts(client, api, names: list[str], endpoints: list[str]) -> list[int]:
    counts = []
    for name in names:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name)).status_code == 200
        counts.append(len(queries))
    for name in endpoints:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(reverse(name)).status_code == 200
        counts.append(len(queries))
    return counts


def test_lists_do_not_grow_with_the_rows(client, tree, city_admin):
    client.force_login(city_admin)
    api = client_for(city_admin)
    _add(tree, city_admin, 2)
    few = _counts(client, api, PAGES, ENDPOINTS)
    _add(tree, city_admin, 6)
    many = _counts(client, api, PAGES, ENDPOINTS)
    assert many == few, list(zip(PAGES + ENDPOINTS, few, many, strict=True))
