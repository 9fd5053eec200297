"""An employer's own union and its founding date (建会): services, form, API, indicator."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gonghui.conftest import Tree
from gonghui.core.choices import UnitKind
from gonghui.core.tests.api_client import client_for
from gonghui.core.tests.factories import OrgUnitFactory
from gonghui.indicators.periods import Period
from gonghui.indicators.selectors import value
from gonghui.registry.indicators import UNIONS_FOUNDED
from gonghui.registry.models import Enterprise
from gonghui.registry.services import enterprise_create, enterprise_update
from gonghui.registry.tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.access("registry.Enterprise")]


def test_naming_the_union_and_date_marks_the_employer_founded(tree: Tree, county_officer) -> None:
    founded_on = datetime.date(2024, 5, 1)
    enterprise = enterprise_create(
        by=county_officer, unit=tree.township_a, name="迎江机械厂", region_code="340802",
        own_union=tree.grassroots_a, union_founded_on=founded_on,
    )  # fmt: skip
    enterprise.refresh_from_db()
    assert enterprise.union_founded and enterprise.own_union == tree.grassroots_a
    assert enterprise.union_founded_on == founded_on


def test_a_future_date_a_federation_or_a_union_out_of_scope_is_refused(
    tree: Tree, county_officer
) -> None:
    enterprise = EnterpriseFactory(unit=tree.township_a)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    for fields, field, words in (
        ({"union_founded_on": tomorrow}, "union_founded_on", "不能晚于今天"),
        ({"own_union": tree.county_a}, "own_union", "基层工会或联合工会"),
        ({"own_union": tree.grassroots_b}, "own_union", "不在您可以修改的范围内"),
    ):
        with pytest.raises(ValidationError) as refused:
            enterprise_update(by=county_officer, enterprise=enterprise, **fields)
        assert words in " ".join(refused.value.message_dict[field])
        enterprise.refresh_from_db()
        assert not enterprise.union_founded and enterprise.own_union is None


def test_the_form_offers_the_unions_the_user_may_change(client, tree: Tree, county_officer):
    enterprise = EnterpriseFactory(unit=tree.township_a, region_code="340802")
    joint = OrgUnitFactory(
        code="340802001901", name="宜城路小微企业联合工会", kind=UnitKind.JOINT,
        parent=tree.township_a, region_code="340802",
    )  # fmt: skip
    client.force_login(county_officer)
    url = reverse("registry:enterprise_update", args=[enterprise.pk])
    options = client.get(url).context["form"].fields["own_union"].queryset
    assert set(options) == {tree.grassroots_a, joint}
    response = client.post(
        url,
        {
            "name": enterprise.name, "kind": enterprise.kind, "region_code": "340802",
            "employee_count": 30, "own_union": joint.pk, "union_founded_on": "2023-03-08",
        },
    )  # fmt: skip
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.own_union == joint and enterprise.union_founded
    assert enterprise.union_founded_on == datetime.date(2023, 3, 8)
    page = client.get(reverse("registry:enterprise_detail", args=[enterprise.pk])).content
    assert "2023年3月8日" in page.decode() and "宜城路小微企业联合工会" in page.decode()


def test_the_api_reads_and_writes_the_founding(tree: Tree, county_officer) -> None:
    enterprise = EnterpriseFactory(unit=tree.township_a)
    client = client_for(county_officer)
    url = f"/api/v1/enterprises/{enterprise.pk}/"
    response = client.patch(
        url, {"own_union": tree.grassroots_a.pk, "union_founded_on": "2022-01-05"}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["own_union"] == tree.grassroots_a.pk and body["union_founded"] is True
    outside = client.patch(url, {"own_union": tree.grassroots_b.pk}, format="json")
    assert outside.status_code == 400  # out of scope: answered as if it did not exist
    assert Enterprise.objects.get(pk=enterprise.pk).own_union == tree.grassroots_a


def test_unions_founded_in_a_period_are_counted_by_the_founding_date(tree: Tree) -> None:
    EnterpriseFactory(unit=tree.grassroots_a, union_founded=True,
                      union_founded_on=datetime.date(2024, 3, 1))  # fmt: skip
    EnterpriseFactory(unit=tree.grassroots_b, union_founded=True,
                      union_founded_on=datetime.date(2025, 3, 1))  # fmt: skip
    EnterpriseFactory(unit=tree.grassroots_b, union_founded=True)  # date unknown
    assert value(UNIONS_FOUNDED, tree.city, Period.year(2024)) == 1
    assert value(UNIONS_FOUNDED, tree.city, Period.year(2025)) == 1
    assert value(UNIONS_FOUNDED, tree.county_a, Period.year(2025)) == 0
