"""Workspace pages for employers: scope, search, filters, export, forms."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gonghui.core.models import AuditLog
from gonghui.registry.choices import EnterpriseKind, EnterpriseSize, Industry
from gonghui.registry.models import Enterprise
from gonghui.registry.tests.factories import EnterpriseFactory
from gonghui.utils.credit_code import make_credit_code

pytestmark = [pytest.mark.django_db, pytest.mark.access("registry.Enterprise")]

LIST = reverse("registry:enterprise_list")
CREATE = reverse("registry:enterprise_create")


@pytest.fixture
def employers(tree):
    return {
        "machine": EnterpriseFactory(
            unit=tree.grassroots_a, name="迎江机械厂", union_founded=True,
            size=EnterpriseSize.SMALL, industry=Industry.C,
        ),
        "shop": EnterpriseFactory(
            unit=tree.township_a, name="宜城超市", size=EnterpriseSize.MICRO, industry=Industry.F,
            kind=EnterpriseKind.SOCIAL_ORGANISATION,
        ),
        "textile": EnterpriseFactory(unit=tree.grassroots_b, name="怀宁纺织厂"),
    }  # fmt: skip


def _names(response) -> list[str]:
    return sorted(e.name for e in response.context["enterprises"])


def _counts() -> tuple[int, int]:
    return Enterprise.objects.count(), AuditLog.objects.count()


def _data(**overrides: object) -> dict[str, object]:
    data = {
        "name": "迎江物流有限公司",
        "credit_code": make_credit_code("340802", 9001),
        "kind": EnterpriseKind.ENTERPRISE,
        "industry": Industry.G,
        "size": EnterpriseSize.SMALL,
        "region_code": "340802",
        "address": "",
        "employee_count": 12,
        "union_founded": "on",
    }
    data.update(overrides)
    return data


def test_the_list_shows_what_the_grants_cover(
    client, employers, city_admin, county_officer, grassroots_officer
) -> None:
    for user, expected in (
        (city_admin, ["宜城超市", "怀宁纺织厂", "迎江机械厂"]),
        (county_officer, ["宜城超市", "迎江机械厂"]),
        (grassroots_officer, ["怀宁纺织厂"]),
    ):
        client.force_login(user)
        assert _names(client.get(LIST)) == expected


def test_search_and_filters(client, employers, city_admin) -> None:
    client.force_login(city_admin)
    machine = employers["machine"]
    assert _names(client.get(LIST, {"q": "机械"})) == ["迎江机械厂"]
    assert _names(client.get(LIST, {"q": "yjjxc"})) == ["迎江机械厂"]
    assert _names(client.get(LIST, {"q": machine.credit_code})) == ["迎江机械厂"]
    assert _names(client.get(LIST, {"q": machine.credit_code.lower()})) == ["迎江机械厂"]
    assert _names(client.get(LIST, {"union_founded": "yes"})) == ["迎江机械厂"]
    assert _names(client.get(LIST, {"union_founded": "no"})) == ["宜城超市", "怀宁纺织厂"]
    assert _names(client.get(LIST, {"size": EnterpriseSize.MICRO})) == ["宜城超市"]
    assert _names(client.get(LIST, {"industry": Industry.C})) == ["迎江机械厂"]
    assert _names(client.get(LIST, {"kind": EnterpriseKind.SOCIAL_ORGANISATION})) == ["宜城超市"]


def test_list_query_count(client, tree, city_admin, django_assert_max_num_queries) -> None:
    for _ in range(55):
        EnterpriseFactory(unit=tree.grassroots_a)
    client.force_login(city_admin)
    with django_assert_max_num_queries(8):
        response = client.get(LIST, headers={"HX-Request": "true"})
    assert len(response.context["enterprises"]) == 50
    assert "<html" not in response.content.decode()


def test_export(client, employers, county_officer) -> None:
    client.force_login(county_officer)
    response = client.get(reverse("registry:enterprise_export"), {"union_founded": "yes"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    lines = body.strip().splitlines()
    assert (
        len(lines) == 2
        and "迎江机械厂" in lines[1]
        and employers["machine"].credit_code in lines[1]
    )
    everything = b"".join(client.get(reverse("registry:enterprise_export")).streaming_content)
    assert "怀宁纺织厂" not in everything.decode()


def test_detail_inside_and_outside_the_scope(client, employers, county_officer) -> None:
    client.force_login(county_officer)
    inside = client.get(reverse("registry:enterprise_detail", args=[employers["machine"].pk]))
    assert inside.status_code == 200 and inside.context["can_change"]
    outside = reverse("registry:enterprise_detail", args=[employers["textile"].pk])
    assert client.get(outside).status_code == 404


def test_create_in_the_picked_unit(client, employers, county_officer) -> None:
    client.force_login(county_officer)
    assert client.get(CREATE).status_code == 200
    response = client.post(CREATE, _data())
    assert response.status_code == 302
    created = Enterprise.objects.get(name="迎江物流有限公司")
    assert created.unit == employers["machine"].unit.parent.parent  # county A
    assert created.union_founded and created.employee_count == 12


def test_bad_credit_code_shows_the_chinese_message(client, employers, county_officer) -> None:
    client.force_login(county_officer)
    before = _counts()
    good = make_credit_code("340802", 9001)
    response = client.post(CREATE, _data(credit_code=good[:17] + ("0" if good[17] != "0" else "1")))
    assert response.status_code == 400
    assert response.context["form"].errors["credit_code"]
    assert "校验" in response.content.decode()
    assert _counts() == before


def test_bad_region_and_duplicate_credit_code(client, employers, county_officer) -> None:
    client.force_login(county_officer)
    before = _counts()
    response = client.post(CREATE, _data(region_code="999999"))
    assert response.status_code == 400 and response.context["form"].errors["region_code"]
    response = client.post(CREATE, _data(credit_code=employers["textile"].credit_code))
    assert response.status_code == 400 and response.context["form"].errors["credit_code"]
    assert _counts() == before


@pytest.mark.parametrize("persona", ["auditor", "outsider"])
def test_users_who_may_not_add_are_refused(client, employers, request, persona) -> None:
    client.force_login(request.getfixturevalue(persona))
    before = _counts()
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, _data()).status_code == 403
    assert _counts() == before


def test_edit(client, employers, county_officer) -> None:
    client.force_login(county_officer)
    machine = employers["machine"]
    url = reverse("registry:enterprise_update", args=[machine.pk])
    assert client.get(url).status_code == 200
    data = _data(name="迎江机械厂（新）", credit_code=machine.credit_code, union_founded="")
    assert client.post(url, data).status_code == 302
    machine.refresh_from_db()
    assert machine.name == "迎江机械厂（新）" and not machine.union_founded


@pytest.mark.parametrize(
    ("persona", "status"),
    [("grassroots_officer", 404), ("auditor", 403), ("outsider", 403)],
)
def test_refused_edits_change_nothing(client, employers, request, persona, status) -> None:
    client.force_login(request.getfixturevalue(persona))
    machine = employers["machine"]
    url = reverse("registry:enterprise_update", args=[machine.pk])
    before = _counts()
    assert client.get(url).status_code == status
    assert client.post(url, _data(name="改名")).status_code == status
    machine.refresh_from_db()
    assert machine.name == "迎江机械厂" and _counts() == before
