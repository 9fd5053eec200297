"""The workspace shell: login, lockout, who may enter, the unit picker, home and units."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from gonghui.core.choices import Role, UnitKind
from gonghui.core.tests.factories import GrantFactory, OrgUnitFactory, UserFactory
from gonghui.core.views.base import SESSION_UNIT_KEY
from gonghui.registry.tests.factories import EnterpriseFactory, PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.access("core.OrgUnit")]

PAGES = [
    "workspace:home",
    "workspace:units",
    "workspace:unit_picker",
    "workspace:audit_log",
    "registry:person_list",
    "registry:person_export",
    "registry:person_create",
    "registry:enterprise_list",
    "registry:enterprise_export",
    "registry:enterprise_lookup",
    "registry:enterprise_create",
]


@pytest.fixture
def records(tree):
    """Two workers and an employer with a union in county A; one of each, no union, in B."""
    employer_a = EnterpriseFactory(unit=tree.grassroots_a, name="迎江机械厂", union_founded=True)
    employer_b = EnterpriseFactory(unit=tree.grassroots_b, name="怀宁纺织厂")
    PersonFactory(unit=tree.grassroots_a, employer=employer_a)
    PersonFactory(unit=tree.township_a)
    PersonFactory(unit=tree.grassroots_b, employer=employer_b)
    return tree


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_users_are_sent_to_login(client, tree, name) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", PAGES)
def test_logins_without_a_grant_are_refused(client, outsider, name) -> None:
    client.force_login(outsider)
    assert client.get(reverse(name)).status_code == 403


def test_a_workers_login_is_refused_and_cannot_pick_a_unit(client, tree) -> None:
    worker = UserFactory(username="worker")
    PersonFactory(unit=tree.grassroots_a, user=worker)
    client.force_login(worker)
    assert client.get(reverse("workspace:home")).status_code == 403
    response = client.post(reverse("workspace:unit_picker"), {"unit": tree.city.pk})
    assert response.status_code == 403
    assert SESSION_UNIT_KEY not in client.session


def test_login_page_and_login(client, county_officer) -> None:
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content and b'name="password"' in response.content
    response = client.post(
        reverse("login"), {"username": "county_officer", "password": "pw-for-tests-123"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("workspace:home")
    home = client.get(reverse("workspace:home"))
    assert home.status_code == 200
    assert "迎江区总工会" in home.content.decode()


def test_bad_password_shows_the_form_again(client, county_officer) -> None:
    response = client.post(reverse("login"), {"username": "county_officer", "password": "nope"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert b"alert-danger" in response.content


def test_repeated_failures_show_the_locked_out_page(client, county_officer) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "county_officer", "password": "nope"})
    response = client.post(
        reverse("login"), {"username": "county_officer", "password": "pw-for-tests-123"}
    )
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post(client, county_officer) -> None:
    client.force_login(county_officer)
    page = client.get(reverse("workspace:home")).content.decode()
    assert f'method="post" action="{reverse("logout")}"' in page
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_default_unit_is_the_highest_grant(client, tree, county_officer) -> None:
    GrantFactory(user=county_officer, unit=tree.grassroots_b, role=Role.GRASSROOTS_OFFICER)
    client.force_login(county_officer)
    response = client.get(reverse("workspace:home"))
    assert response.context["workspace_unit"] == tree.county_a


def _figures(context) -> tuple[object, ...]:
    values = {indicator.code: value for indicator, value in context["figures"]}
    return (
        values["registry.persons"],
        values["registry.enterprises"],
        values["registry.enterprises_founded"],
    )


def test_home_counts_the_picked_subtree_within_the_grants(
    client, records, city_admin, county_officer
) -> None:
    client.force_login(city_admin)
    context = client.get(reverse("workspace:home")).context
    assert _figures(context) == (3, 2, 1)
    assert dict(context["units_by_kind"]) == {
        "市总工会数": 1,
        "县(市、区)总工会数": 2,
        "乡镇(街道)工会数": 1,
        "基层工会数": 2,
    }
    assert context["units_total"] == 6
    assert "50.0%" in client.get(reverse("workspace:home")).content.decode()
    client.force_login(county_officer)
    context = client.get(reverse("workspace:home")).context
    assert _figures(context) == (2, 1, 1)
    assert context["units_total"] == 3


def test_home_shows_the_case_queues(client, records, county_officer) -> None:
    client.force_login(county_officer)
    response = client.get(reverse("workspace:home"))
    assert response.context["queues"] == {"unit": 0, "mine": 0, "overdue": 0, "at_risk": 0}
    assert 'href="/cases/?tab=overdue"' in response.content.decode()


def test_home_takes_a_fixed_number_of_queries(
    client, records, city_admin, django_assert_max_num_queries
) -> None:
    for _ in range(5):
        unit = OrgUnitFactory(parent=records.county_b)
        PersonFactory(unit=unit)
        EnterpriseFactory(unit=unit)
    client.force_login(city_admin)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("workspace:home")).status_code == 200


def test_unit_picker_searches_only_units_the_user_may_see(client, tree, county_officer) -> None:
    client.force_login(county_officer)
    url = reverse("workspace:unit_picker")
    found = client.get(url, {"q": "街道"}, headers={"HX-Request": "true"})
    assert found.status_code == 200 and "<html" not in found.content.decode()
    assert list(found.context["units"]) == [tree.township_a]
    assert list(client.get(url, {"q": "340802001"}).context["units"]) == [
        tree.township_a,
        tree.grassroots_a,
    ]
    assert list(client.get(url, {"q": "怀宁"}).context["units"]) == []
    # Without a query: the units of the user's grants.
    assert list(client.get(url).context["units"]) == [tree.county_a]


def test_picking_a_unit_scopes_the_workspace(client, records, county_officer) -> None:
    client.force_login(county_officer)
    response = client.post(
        reverse("workspace:unit_picker"),
        {"unit": records.township_a.pk, "next": reverse("registry:person_list")},
    )
    assert response.status_code == 302 and response["Location"] == reverse("registry:person_list")
    assert client.session[SESSION_UNIT_KEY] == records.township_a.pk
    context = client.get(reverse("workspace:home")).context
    assert context["workspace_unit"] == records.township_a
    assert _figures(context)[0] == 2


def test_picking_a_unit_outside_the_grants_is_refused(client, records, county_officer) -> None:
    client.force_login(county_officer)
    url = reverse("workspace:unit_picker")
    for value in (records.county_b.pk, records.city.pk, "abc", ""):
        assert client.post(url, {"unit": value}).status_code == 404
    assert SESSION_UNIT_KEY not in client.session


def test_picker_never_redirects_off_site(client, tree, county_officer) -> None:
    client.force_login(county_officer)
    response = client.post(
        reverse("workspace:unit_picker"),
        {"unit": tree.county_a.pk, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("workspace:home")


def test_a_unit_no_longer_visible_falls_back_to_the_default(client, tree, county_officer) -> None:
    client.force_login(county_officer)
    session = client.session
    session[SESSION_UNIT_KEY] = tree.county_b.pk  # e.g. a grant removed since it was picked
    session.save()
    assert client.get(reverse("workspace:home")).context["workspace_unit"] == tree.county_a
    assert SESSION_UNIT_KEY not in client.session


def test_units_lists_children_with_subtree_counts(client, records, city_admin) -> None:
    client.force_login(city_admin)
    rows = client.get(reverse("workspace:units")).context["rows"]
    summary = [(r["unit"], r["units"], r["persons"], r["enterprises"], r["founded"]) for r in rows]
    assert summary == [
        (records.county_a, 2, 2, 1, 1),
        (records.county_b, 1, 1, 1, 0),
    ]
    drilled = client.get(reverse("workspace:units"), {"parent": records.county_a.pk}).context
    assert [r["unit"] for r in drilled["rows"]] == [records.township_a]
    assert drilled["trail"] == [records.city]


def test_units_drill_is_limited_to_the_picked_subtree(client, records, county_officer) -> None:
    client.force_login(county_officer)
    url = reverse("workspace:units")
    assert client.get(url, {"parent": records.county_b.pk}).status_code == 404
    assert client.get(url, {"parent": records.city.pk}).status_code == 404
    assert client.get(url, {"parent": "x"}).context["parent"] == records.county_a


def test_units_counts_take_a_fixed_number_of_queries(
    client, records, city_admin, django_assert_max_num_queries
) -> None:
    for _ in range(12):
        unit = OrgUnitFactory(parent=records.city, kind=UnitKind.COUNTY)
        PersonFactory(unit=OrgUnitFactory(parent=unit))
        EnterpriseFactory(unit=unit)
    client.force_login(city_admin)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("workspace:units"))
    assert len(response.context["rows"]) == 14
    assert all(row["persons"] == 1 for row in response.context["rows"][2:])
