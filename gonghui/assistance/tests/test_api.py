"""The API: masked lists, the audited detail for handlers, aid grants, rules, applications."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.assistance.models import AidGrant, EligibilityRule, HardshipApplication, HardshipFile
from gonghui.assistance.tests.test_views import state
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog
from gonghui.core.tests.api_client import client_for, refused

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.access(
        "assistance.HardshipFile",
        "assistance.AidGrant",
        "assistance.EligibilityRule",
        "assistance.HardshipApplication",
    ),
]

FILES = "/api/v1/hardship-files/"
GRANTS = "/api/v1/aid-grants/"
RULES = "/api/v1/eligibility-rules/"
APPLICATIONS = "/api/v1/hardship-applications/"


def names(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["person_name"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("city_admin", {"张三", "王五"}),
        ("county_officer", {"张三"}),
        ("grassroots_officer", {"王五"}),
        ("auditor", {"张三", "王五"}),
    ],
)
def test_file_list_is_scoped_and_masked(request, persona, expected, file_a, file_b) -> None:
    response = client_for(request.getfixturevalue(persona)).get(FILES)
    assert names(response) == expected
    row = response.json()["results"][0]
    assert "monthly_income_per_head" not in row and "members" not in row
    assert "*" in row["person_id_number_masked"]


def test_file_detail_for_handlers_only_and_audited(
    county_officer, auditor, grassroots_officer, file_a
) -> None:
    response = client_for(county_officer).get(f"{FILES}{file_a.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["monthly_income_per_head"] == "800.00" and len(data["members"]) == 3
    assert AuditLog.objects.filter(action=AuditAction.REVEAL, user=county_officer).count() == 1
    assert refused(client_for(auditor).get(f"{FILES}{file_a.pk}/").status_code)
    assert client_for(grassroots_officer).get(f"{FILES}{file_a.pk}/").status_code == 404


def test_anonymous_and_outsiders_are_refused(outsider, file_a) -> None:
    for client in (client_for(None), client_for(outsider)):
        for url in (FILES, f"{FILES}{file_a.pk}/", GRANTS, RULES, APPLICATIONS):
            assert refused(client.get(url).status_code), url
        before = state()
        assert refused(client.post(GRANTS, {"file": file_a.pk}, format="json").status_code)
        assert refused(client.post(APPLICATIONS, {}, format="json").status_code)
        assert state() == before


def test_aid_grants_create_list_and_refusals(
    county_officer, grassroots_officer, auditor, file_a, file_b
) -> None:
    body = {
        "file": file_a.pk, "kind": "living", "amount": "1200.00",
        "granted_on": timezone.localdate().isoformat(), "fund": "帮扶资金",
        "decided_by": "区总工会",
    }  # fmt: skip
    client = client_for(county_officer)
    response = client.post(GRANTS, body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["amount"] == "1200.00"
    # A float is refused, whatever its value.
    assert client.post(GRANTS, {**body, "amount": 100.5}, format="json").status_code == 400
    before = state()
    # Out of scope: the file is unknown to a county B officer; auditors may not add.
    assert client_for(grassroots_officer).post(GRANTS, body, format="json").status_code == 400
    assert client.post(GRANTS, {**body, "file": file_b.pk}, format="json").status_code == 400
    assert refused(client_for(auditor).post(GRANTS, body, format="json").status_code)
    assert state() == before
    assert len(client_for(county_officer).get(GRANTS).json()["results"]) == 1
    assert client_for(grassroots_officer).get(GRANTS).json()["results"] == []
    assert AidGrant.objects.count() == 1


def test_rules_list_is_scoped(city_admin, grassroots_officer, rule) -> None:
    assert len(client_for(city_admin).get(RULES).json()["results"]) == 1
    assert client_for(grassroots_officer).get(RULES).json()["results"] == []
    assert EligibilityRule.objects.count() == 1


def test_application_create(county_officer, grassroots_officer, zhang, rule) -> None:
    body = {
        "id_number": zhang.id_number, "cause": "illness", "worker_income": "1500",
        "members": [{"name": "李梅", "relationship": "spouse", "monthly_income": "300"}],
    }  # fmt: skip
    before = state()
    # 张三 is in county A: unknown to the county B officer.
    assert client_for(grassroots_officer).post(APPLICATIONS, body, format="json").status_code == 400
    assert state() == before
    response = client_for(county_officer).post(APPLICATIONS, body, format="json")
    assert response.status_code == 201, response.content
    application = HardshipApplication.objects.get()
    assert response.json()["reference"].startswith("KN-")
    assert application.file.monthly_income_per_head == Decimal("900.00")
    assert HardshipFile.objects.get().status == "pending"
    again = client_for(county_officer).post(APPLICATIONS, body, format="json")
    assert again.status_code == 400 and application.file.file_number in again.content.decode()
    # The engine's API never offers approval for this kind.
    moved = client_for(county_officer).post(
        f"/api/v1/cases/{application.pk}/transition/",
        {"to": "resolved", "note": "同意", "version": 1},
        format="json",
    )
    assert moved.status_code == 400


def test_lists_take_a_fixed_number_of_queries(
    city_admin, county_officer, file_a, file_b, django_assert_max_num_queries
) -> None:
    from gonghui.assistance.tests.conftest import grant

    for amount in ("100", "200", "300"):
        grant(county_officer, file_a, amount)
    client = client_for(city_admin)
    for url in (FILES, GRANTS):
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200
