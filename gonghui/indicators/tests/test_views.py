"""The indicators page and its CSV export: who may see what, values, breakdown, periods."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from gonghui.core.choices import UnitKind
from gonghui.core.tests.factories import OrgUnitFactory, UserFactory
from gonghui.core.views.base import SESSION_UNIT_KEY
from gonghui.indicators import registry
from gonghui.indicators.tests.conftest import MIGRANT_SHARE, MIGRANTS, PERSONS
from gonghui.registry.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("indicators:values")
EXPORT = reverse("indicators:breakdown_export")
URLS = [PAGE, EXPORT]


def shown(response) -> dict[str, str]:
    """The value cell of each indicator row, by code."""
    assert response.status_code == 200, response.content.decode()[:500]
    return {
        item.code: cell
        for _section, members in response.context["sections"]
        for item, cell in ((i, _format(i, v)) for i, v in members)
    }


def _format(indicator, number) -> str:
    from gonghui.core.templatetags.gonghui_format import figure

    return figure(number, indicator.unit_label)


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


# Access -------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", URLS)
def test_anonymous_users_are_sent_to_login(client, tree, url) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url", URLS)
def test_logins_without_a_grant_are_refused(client, records, outsider, url) -> None:
    client.force_login(outsider)
    assert client.get(url, {"unit": records.tree.city.pk}).status_code == 403
    worker = UserFactory(username="worker")
    PersonFactory(unit=records.tree.grassroots_a, user=worker)
    client.force_login(worker)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", URLS)
def test_units_outside_the_scope_or_the_picked_unit_answer_404(
    client, records, county_officer, city_admin, url
) -> None:
    tree = records.tree
    client.force_login(county_officer)
    for unit in (tree.county_b, tree.grassroots_b, tree.city, 999999):
        pk = unit if isinstance(unit, int) else unit.pk
        assert client.get(url, {"unit": pk, "period": "2024"}).status_code == 404
    assert client.get(url, {"unit": tree.grassroots_a.pk, "period": "2024"}).status_code == 200
    # A city admin working in county A reaches only county A's subtree from there.
    client.force_login(city_admin)
    session = client.session
    session[SESSION_UNIT_KEY] = tree.county_a.pk
    session.save()
    assert client.get(url, {"unit": tree.county_b.pk}).status_code == 404


def test_each_persona_sees_its_own_subtree(
    client, records, city_admin, county_officer, grassroots_officer, auditor
) -> None:
    expected = {
        city_admin: "5人", auditor: "5人", county_officer: "4人", grassroots_officer: "1人",
    }  # fmt: skip
    for user, persons in expected.items():
        client.force_login(user)
        assert shown(client.get(PAGE, {"period": "2024"}))["registry.persons"] == persons


# The page -----------------------------------------------------------------------------------


def test_the_page_shows_every_indicator_by_section(
    client, records, city_admin, kernel_indicators_only
) -> None:
    client.force_login(city_admin)
    response = client.get(PAGE, {"period": "2024"})
    values = shown(response)
    assert values["registry.persons"] == "5人"
    assert values["registry.enterprises"] == "3家"
    assert values["registry.enterprises_founded"] == "2家"
    assert values["registry.founding_rate"] == "66.7%"
    assert [s.code for s, _members in response.context["sections"]] == ["organisation", "registry"]
    page = response.content.decode()
    assert "统计指标" in page and "2024年" in page and "职工人数" in page and "66.7%" in page
    assert 'class="nav-link active" href="/indicators/"' in page
    assert "breakdown_rows" not in response.context


def test_a_rate_without_a_denominator_shows_a_dash(client, records, city_admin) -> None:
    client.force_login(city_admin)
    response = client.get(PAGE, {"period": "2019"})  # before any employer was registered
    assert shown(response)["registry.founding_rate"] == "—"
    assert shown(response)["registry.enterprises"] == "0家"


def test_breakdown_by_children_with_drill_down(client, records, city_admin) -> None:
    tree = records.tree
    client.force_login(city_admin)
    response = client.get(PAGE, {"period": "2024", "indicator": "registry.persons"})
    assert response.status_code == 200
    assert response.context["breakdown_rows"] == [(tree.county_a, 4), (tree.county_b, 1)]
    assert (response.context["breakdown_own"], response.context["breakdown_total"]) == (0, 5)
    page = response.content.decode()
    assert f"?indicator=registry.persons&amp;period=2024&amp;unit={tree.county_a.pk}" in page
    # Drill down twice: the breadcrumb leads back up.
    response = client.get(
        PAGE, {"period": "2024", "indicator": "registry.persons", "unit": tree.township_a.pk}
    )
    assert response.context["trail"] == [tree.city, tree.county_a]
    assert response.context["breakdown_rows"] == [(tree.grassroots_a, 2)]
    assert response.context["breakdown_own"] == 1
    assert f'href="?unit={tree.county_a.pk}&amp;period=2024&amp;indicator=registry.persons"' in (
        response.content.decode()
    )


def test_a_rate_is_broken_down_from_its_parts(client, records, city_admin) -> None:
    client.force_login(city_admin)
    response = client.get(PAGE, {"period": "2024", "indicator": "registry.founding_rate"})
    rows = response.context["breakdown_rows"]
    assert [(unit.pk, str(rate)) for unit, rate in rows] == [
        (records.tree.county_a.pk, "50"),
        (records.tree.county_b.pk, "100"),
    ]
    assert "50.0%" in response.content.decode() and "100.0%" in response.content.decode()


def test_unknown_indicator_is_404(client, records, city_admin) -> None:
    client.force_login(city_admin)
    assert client.get(PAGE, {"indicator": "no.such"}).status_code == 404
    assert client.get(EXPORT, {"indicator": "no.such"}).status_code == 404


def test_a_bad_unit_parameter_means_the_picked_unit(client, records, county_officer) -> None:
    client.force_login(county_officer)
    assert client.get(PAGE, {"unit": "abc"}).context["unit"] == records.tree.county_a


# Periods ------------------------------------------------------------------------------------


def test_the_default_period_is_this_year(client, records, city_admin) -> None:
    from gonghui.indicators.periods import Period

    client.force_login(city_admin)
    response = client.get(PAGE)
    assert response.context["period"] == Period.current_year()
    assert shown(response)["registry.persons"] == "6人"


@pytest.mark.parametrize(
    ("query", "label", "persons"),
    [
        ({"period": "2024Q3"}, "2024年第三季度", "4人"),
        ({"period": "2024-03"}, "2024年3月", "2人"),
        ({"kind": "quarter", "year": "2024", "quarter": "1"}, "2024年第一季度", "2人"),
        ({"kind": "month", "year": "2024", "month": "12"}, "2024年12月", "5人"),
        ({"kind": "year", "year": "2023"}, "2023年", "1人"),
        ({"kind": "range", "start": "2024-01-01", "end": "2024-06-30"},
         "2024年1月1日至2024年6月30日", "2人"),
    ],
)  # fmt: skip
def test_the_period_picker(client, records, city_admin, query, label, persons) -> None:
    client.force_login(city_admin)
    response = client.get(PAGE, query)
    assert response.context["period"].label == label
    assert shown(response)["registry.persons"] == persons
    assert label in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"period": "去年"}, "统计期格式不正确"),
        ({"period": "2024-13"}, "月份须为1至12"),
        ({"kind": "range", "start": "2024-06-30", "end": ""}, "请填写区间的起始日期和截止日期"),
        ({"kind": "range", "start": "2024-06-30", "end": "2024-01-01"}, "结束日期早于开始日期"),
        ({"kind": "fortnight"}, "选择"),
    ],
)
def test_a_bad_period_is_explained(client, records, city_admin, query, message) -> None:
    client.force_login(city_admin)
    response = client.get(PAGE, query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "sections" not in response.context
    export = client.get(EXPORT, query)
    assert export.status_code == 400 and message in export.content.decode()


def test_the_page_takes_a_fixed_number_of_queries(
    client, records, city_admin, django_assert_max_num_queries, kernel_indicators_only
) -> None:
    client.force_login(city_admin)
    query = {"period": "2024", "indicator": "registry.founding_rate"}
    client.get(PAGE, query)
    for _ in range(10):
        county = OrgUnitFactory(parent=records.tree.city, kind=UnitKind.COUNTY)
        PersonFactory(unit=OrgUnitFactory(parent=county))
    with django_assert_max_num_queries(12):
        response = client.get(PAGE, query)
    assert len(response.context["breakdown_rows"]) == 12


def test_indicators_defined_elsewhere_appear_without_changes(client, records, city_admin) -> None:
    client.force_login(city_admin)
    with registry.override(PERSONS, MIGRANTS, MIGRANT_SHARE):
        response = client.get(PAGE, {"period": "2024", "indicator": "t.migrant_share"})
        assert shown(response) == {
            "t.persons": "5人",
            "t.migrants": "2人",
            "t.migrant_share": "40.0%",
        }
        assert [str(v) for _u, v in response.context["breakdown_rows"]] == ["50", "0"]


# CSV export ---------------------------------------------------------------------------------


def test_export_of_one_indicator(client, records, city_admin) -> None:
    tree = records.tree
    client.force_login(city_admin)
    response = client.get(EXPORT, {"period": "2024Q3", "indicator": "registry.founding_rate"})
    assert "indicators-340800-2024Q3.csv" in response["Content-Disposition"]
    assert read_csv(response) == [
        ["单位", "单位代码", "类型", "建会率(%)"],
        [tree.county_a.name, tree.county_a.code, "县(市、区)总工会", "50.00"],
        [tree.county_b.name, tree.county_b.code, "县(市、区)总工会", "100.00"],
        ["本级", tree.city.code, "市总工会", ""],
        ["合计", "", "", "66.67"],
    ]


def test_export_of_every_indicator_for_a_unit(client, records, county_officer) -> None:
    client.force_login(county_officer)
    rows = read_csv(client.get(EXPORT, {"period": "2024", "unit": records.tree.county_a.pk}))
    header = rows[0]
    assert header[:3] == ["单位", "单位代码", "类型"] and "职工人数(人)" in header
    column = header.index("职工人数(人)")
    assert [(r[0], r[column]) for r in rows[1:]] == [
        (records.tree.township_a.name, "3"), ("本级", "1"), ("合计", "4"),
    ]  # fmt: skip


def test_the_units_page_reads_the_registry_indicators(client, records, city_admin) -> None:
    client.force_login(city_admin)
    response = client.get(reverse("workspace:units"))
    rows = {row["unit"]: row for row in response.context["rows"]}
    county_a = rows[records.tree.county_a]
    assert (county_a["persons"], county_a["enterprises"], county_a["founded"]) == (4, 2, 1)
    assert str(county_a["rate"]) == "50"
    page = response.content.decode()
    assert "50.0%" in page and "100.0%" in page
    empty = OrgUnitFactory(parent=records.tree.township_a, code="340802001999")
    drilled = client.get(reverse("workspace:units"), {"parent": records.tree.township_a.pk})
    # A grassroots union without employers: its rate has no value.
    assert [(r["unit"], r["rate"]) for r in drilled.context["rows"]] == [
        (records.tree.grassroots_a, 100), (empty, None),
    ]  # fmt: skip
    assert "—" in drilled.content.decode()
