"""API: the registered indicators and their values, scoped by the user's grants."""

from __future__ import annotations

import pytest

from gonghui.core.tests.api_client import client_for, refused
from gonghui.core.tests.factories import UserFactory
from gonghui.indicators import registry
from gonghui.indicators.periods import Period
from gonghui.indicators.tests.conftest import MIGRANT_SHARE, MIGRANTS, PERSONS, STAFF
from gonghui.registry.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/indicators/"
VALUES = "/api/v1/indicator-values/"


def by_code(rows: list[dict]) -> dict[str, dict]:
    return {row["code"]: row for row in rows}


@pytest.mark.parametrize("url", [LIST, VALUES])
def test_anonymous_and_outsiders_are_refused(records, outsider, url) -> None:
    assert refused(client_for().get(url).status_code)
    assert client_for(outsider).get(url).status_code == 403
    worker = UserFactory(username="worker")
    PersonFactory(unit=records.tree.grassroots_a, user=worker)
    assert client_for(worker).get(url, {"unit": records.tree.city.pk}).status_code == 403


def test_list_of_indicators(tree, county_officer) -> None:
    response = client_for(county_officer).get(LIST)
    assert response.status_code == 200
    rows = by_code(response.json())
    assert rows["registry.persons"] == {
        "code": "registry.persons", "name": "职工人数", "unit_label": "人",
        "section": "registry", "section_name": "职工和用人单位",
        "description": "本单位及下属各级工会登记的职工(一人一档)。",
    }  # fmt: skip
    assert [r["code"] for r in response.json()] == [i.code for i in registry.all_indicators()]


def test_values_of_a_unit(records, city_admin) -> None:
    response = client_for(city_admin).get(VALUES, {"unit": records.tree.city.pk, "period": "2024"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["unit"] == {
        "id": records.tree.city.pk, "code": "340800", "name": "安庆市总工会", "kind": "city",
    }  # fmt: skip
    assert body["period"] == {
        "value": "2024", "label": "2024年", "start": "2024-01-01", "end": "2024-12-31",
    }  # fmt: skip
    values = by_code(body["values"])
    assert values["registry.persons"] == {
        "code": "registry.persons", "name": "职工人数", "unit_label": "人", "value": 5,
        "display": "5人",
    }  # fmt: skip
    assert values["registry.founding_rate"]["value"] == 66.67
    assert values["registry.founding_rate"]["display"] == "66.7%"
    assert "children" not in body


def test_codes_and_children(records, county_officer) -> None:
    tree = records.tree
    response = client_for(county_officer).get(
        VALUES,
        {"unit": tree.county_a.pk, "period": "2024", "children": "1",
         "codes": "registry.persons, registry.founding_rate"},
    )  # fmt: skip
    assert response.status_code == 200, response.content
    body = response.json()
    assert [(v["code"], v["value"]) for v in body["values"]] == [
        ("registry.persons", 4), ("registry.founding_rate", 50.0),
    ]  # fmt: skip
    assert [(v["code"], v["value"], v["display"]) for v in body["own"]] == [
        ("registry.persons", 1, "1人"), ("registry.founding_rate", None, "—"),
    ]  # fmt: skip
    assert [
        (child["unit"]["id"], [v["value"] for v in child["values"]]) for child in body["children"]
    ] == [(tree.township_a.pk, [3, 50.0])]


def test_default_unit_and_period(records, county_officer) -> None:
    body = client_for(county_officer).get(VALUES, {"codes": "registry.persons"}).json()
    assert body["unit"]["id"] == records.tree.county_a.pk
    assert body["period"]["value"] == Period.current_year().value
    assert body["values"][0]["value"] == 4  # all of county A's workers, registered by now


def test_units_outside_the_scope_answer_404(records, county_officer, grassroots_officer) -> None:
    tree = records.tree
    for unit in (tree.county_b, tree.city, 999999):
        pk = unit if isinstance(unit, int) else unit.pk
        assert client_for(county_officer).get(VALUES, {"unit": pk}).status_code == 404
    assert client_for(grassroots_officer).get(VALUES, {"unit": tree.county_b.pk}).status_code == 404
    response = client_for(grassroots_officer).get(
        VALUES, {"unit": tree.grassroots_b.pk, "period": "2024", "codes": "registry.persons"}
    )
    assert response.json()["values"][0]["value"] == 1


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"period": "去年"}, "period", "统计期格式不正确"),
        ({"period": "2024Q5"}, "period", "统计期格式不正确"),
        ({"period": "2024-02-30..2024-03-01"}, "period", "日期不存在"),
        ({"codes": "registry.persons,no.such"}, "codes", "没有代码为 no.such 的指标"),
        ({"unit": "abc"}, "unit", "整数"),
    ],
)
def test_bad_input_is_a_400_in_chinese(records, city_admin, query, field, message) -> None:
    response = client_for(city_admin).get(VALUES, query)
    assert response.status_code == 400
    assert message in response.json()[field][0]


def test_indicators_registered_by_other_apps_are_served(records, city_admin) -> None:
    with registry.override(PERSONS, MIGRANTS, MIGRANT_SHARE, STAFF):
        assert [r["code"] for r in client_for(city_admin).get(LIST).json()] == [
            "t.persons", "t.migrants", "t.migrant_share", "t.staff",
        ]  # fmt: skip
        body = client_for(city_admin).get(VALUES, {"period": "2024", "children": "1"}).json()
    values = by_code(body["values"])
    assert values["t.migrant_share"]["value"] == 40.0
    assert values["t.staff"] == {
        "code": "t.staff", "name": "单位职工总数", "unit_label": "人", "value": 170.0,
        "display": "170人",
    }  # fmt: skip
    assert [by_code(c["values"])["t.migrant_share"]["value"] for c in body["children"]] == [
        50.0, 0.0,
    ]  # fmt: skip


def test_values_take_a_fixed_number_of_queries(
    records, city_admin, django_assert_max_num_queries, kernel_indicators_only
) -> None:
    from gonghui.core.tests.factories import OrgUnitFactory

    for _ in range(6):
        PersonFactory(unit=OrgUnitFactory(parent=records.tree.city))
    client = client_for(city_admin)
    with django_assert_max_num_queries(10):
        response = client.get(VALUES, {"period": "2024", "children": "1"})
    assert len(response.json()["children"]) == 8
