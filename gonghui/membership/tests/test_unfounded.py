"""Employers of 25 or more without a union, per region and park: the page and its CSV."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gonghui.conftest import Tree
from gonghui.core.choices import UnitKind
from gonghui.core.tests.factories import OrgUnitFactory
from gonghui.registry.tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.access("registry.Enterprise")]
URL = reverse("membership:unfounded")


@pytest.fixture
def employers(tree: Tree) -> None:
    park = OrgUnitFactory(code="340802900", name="迎江经开区工会", kind=UnitKind.PARK,
                          parent=tree.county_a, region_code="340802")  # fmt: skip
    EnterpriseFactory(unit=park, name="园区大厂", employee_count=300, union_founded=False,
                      region_code="340802")  # fmt: skip
    EnterpriseFactory(unit=tree.grassroots_a, name="甲小厂", employee_count=25,
                      union_founded=False, region_code="340802")  # fmt: skip
    EnterpriseFactory(unit=tree.grassroots_a, name="甲微企", employee_count=24,
                      union_founded=False, region_code="340802")  # fmt: skip
    EnterpriseFactory(unit=tree.grassroots_b, name="乙已建会", employee_count=500,
                      union_founded=True, region_code="340822")  # fmt: skip
    EnterpriseFactory(unit=tree.grassroots_b, name="乙未建会", employee_count=40,
                      union_founded=False, region_code="340822")  # fmt: skip


def test_each_persona_sees_its_scope_by_region_and_park(
    client, employers, city_admin, county_officer, grassroots_officer
) -> None:
    for user, names in (
        (city_admin, ["园区大厂", "乙未建会", "甲小厂"]),
        (county_officer, ["园区大厂", "甲小厂"]),
        (grassroots_officer, ["乙未建会"]),
    ):
        client.force_login(user)
        response = client.get(URL)
        assert response.status_code == 200
        assert [e.name for e in response.context["enterprises"]] == names
    client.force_login(city_admin)
    context = client.get(URL).context
    assert {r["region_code"]: r["n"] for r in context["by_region"]} == {"340802": 2, "340822": 1}
    assert [(r["unit__name"], r["n"]) for r in context["by_park"]] == [("迎江经开区工会", 1)]
    csv = b"".join(client.get(URL, {"format": "csv"}).streaming_content).decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("单位名称") and "园区大厂" in csv and "甲微企" not in csv


def test_refusals(client, employers, outsider) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(outsider)
    assert client.get(URL).status_code == 403
