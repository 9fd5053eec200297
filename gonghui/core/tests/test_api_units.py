from __future__ import annotations

import pytest

from gonghui.conftest import Tree
from gonghui.core.choices import AuditAction, Role, UnitKind, UnitStatus
from gonghui.core.models import AuditLog, OrgUnit
from gonghui.core.tests.api_client import client_for, core_state, refused
from gonghui.core.tests.factories import GrantFactory, OrgUnitFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.access("core.OrgUnit")]

LIST = "/api/v1/units/"


def detail(unit: OrgUnit, route: str = "") -> str:
    return f"{LIST}{unit.pk}/{route + '/' if route else ''}"


def names(response) -> list[str]:
    data = response.json()
    rows = data["results"] if isinstance(data, dict) else data
    return [row["name"] for row in rows]


@pytest.fixture
def county_admin(tree: Tree):
    """A federation admin of county A: may manage units there, not in county B."""
    user = UserFactory(username="county_admin")
    GrantFactory(user=user, unit=tree.county_a, role=Role.FEDERATION_ADMIN)
    return user


def test_anonymous_and_outsider_are_refused(tree: Tree, outsider) -> None:
    assert refused(client_for().get(LIST).status_code)
    assert client_for(outsider).get(LIST).status_code == 403


def test_list_is_scoped_to_the_subtree(tree: Tree, county_officer, grassroots_officer) -> None:
    response = client_for(county_officer).get(LIST)
    assert response.status_code == 200
    assert names(response) == ["迎江区总工会", "宜城路街道工会", "迎江机械厂工会"]
    assert names(client_for(grassroots_officer).get(LIST)) == ["怀宁纺织厂工会"]


def test_retrieve_outside_scope_is_404(tree: Tree, county_officer) -> None:
    client = client_for(county_officer)
    assert client.get(detail(tree.grassroots_a)).json()["path"] == tree.grassroots_a.path
    assert client.get(detail(tree.county_b)).status_code == 404
    assert client.get(detail(tree.city)).status_code == 404


def test_filters(tree: Tree, city_admin, county_officer) -> None:
    client = client_for(city_admin)
    assert names(client.get(LIST, {"within": tree.county_b.pk})) == [
        "怀宁县总工会",
        "怀宁纺织厂工会",
    ]
    assert names(client.get(LIST, {"kind": UnitKind.COUNTY})) == ["迎江区总工会", "怀宁县总工会"]
    assert names(client.get(LIST, {"parent": tree.city.pk})) == ["迎江区总工会", "怀宁县总工会"]
    assert names(client.get(LIST, {"region_code": "340822"})) == ["怀宁县总工会", "怀宁纺织厂工会"]
    assert names(client.get(LIST, {"q": "纺织"})) == ["怀宁纺织厂工会"]
    assert names(client.get(LIST, {"q": "340802001"})) == ["宜城路街道工会", "迎江机械厂工会"]
    assert names(client.get(LIST, {"status": UnitStatus.DISSOLVED})) == []
    # A unit outside the user's scope cannot even be named in a filter.
    response = client_for(county_officer).get(LIST, {"within": tree.county_b.pk})
    assert response.status_code == 400


def test_children_and_ancestors(tree: Tree, city_admin, county_officer) -> None:
    client = client_for(city_admin)
    assert names(client.get(detail(tree.city, "children"))) == ["迎江区总工会", "怀宁县总工会"]
    assert names(client.get(detail(tree.grassroots_a, "ancestors"))) == [
        "安庆市总工会", "迎江区总工会", "宜城路街道工会",
    ]  # fmt: skip
    officer = client_for(county_officer)
    # The breadcrumb stops where the officer's scope begins.
    assert names(officer.get(detail(tree.grassroots_a, "ancestors"))) == [
        "迎江区总工会", "宜城路街道工会",
    ]  # fmt: skip
    assert officer.get(detail(tree.county_b, "children")).status_code == 404


def test_create_by_manager_is_audited(tree: Tree, city_admin) -> None:
    payload = {
        "parent": tree.county_b.pk, "code": "340822002", "name": "怀宁建材厂工会",
        "kind": UnitKind.GRASSROOTS, "region_code": "340822",
    }  # fmt: skip
    response = client_for(city_admin).post(LIST, payload, format="json")
    assert response.status_code == 201, response.json()
    unit = OrgUnit.objects.get(code="340822002")
    assert response.json()["path"] == f"{tree.county_b.path}{unit.pk}/"
    assert response.json()["parent_name"] == "怀宁县总工会"
    log = AuditLog.objects.get()
    assert (log.action, log.object_id, log.username) == (
        AuditAction.CREATE,
        str(unit.pk),
        "city_admin",
    )


@pytest.mark.parametrize("persona", ["county_officer", "auditor", "grassroots_officer"])
def test_create_refused_without_manage(tree: Tree, persona: str, request) -> None:
    user = request.getfixturevalue(persona)
    before = core_state()
    payload = {"parent": tree.county_a.pk, "code": "X1", "name": "新工会", "kind": "grassroots",
               "region_code": "340802"}  # fmt: skip
    assert client_for(user).post(LIST, payload, format="json").status_code == 403
    assert core_state() == before


def test_create_under_unmanaged_parent_changes_nothing(tree: Tree, county_admin) -> None:
    before = core_state()
    payload = {"parent": tree.county_b.pk, "code": "X1", "name": "新工会", "kind": "grassroots",
               "region_code": "340822"}  # fmt: skip
    response = client_for(county_admin).post(LIST, payload, format="json")
    assert response.status_code == 400
    assert "parent" in response.json()
    assert core_state() == before


def test_create_with_bad_region_code_says_why(tree: Tree, city_admin) -> None:
    before = core_state()
    payload = {"parent": tree.city.pk, "code": "X1", "name": "新工会", "kind": "grassroots",
               "region_code": "999999"}  # fmt: skip
    response = client_for(city_admin).post(LIST, payload, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["region_code"]
    assert core_state() == before


def test_partial_update(tree: Tree, county_admin) -> None:
    client = client_for(county_admin)
    response = client.patch(detail(tree.township_a), {"short_name": "宜城路"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["short_name"] == "宜城路"
    log = AuditLog.objects.get()
    assert (log.action, log.before["short_name"], log.after["short_name"]) == (
        "update",
        "",
        "宜城路",
    )


def test_partial_update_refused(tree: Tree, county_admin, county_officer, auditor) -> None:
    before = core_state()
    assert (
        client_for(county_admin)
        .patch(detail(tree.county_b), {"name": "改名"}, format="json")
        .status_code
        == 404
    )
    assert (
        client_for(county_officer)
        .patch(detail(tree.township_a), {"name": "改名"}, format="json")
        .status_code
        == 403
    )
    assert (
        client_for(auditor)
        .patch(detail(tree.township_a), {"name": "改名"}, format="json")
        .status_code
        == 403
    )
    assert (
        client_for(county_admin)
        .put(detail(tree.township_a), {"name": "改名"}, format="json")
        .status_code
        == 405
    )
    assert core_state() == before


def test_move_subtree(tree: Tree, city_admin) -> None:
    client = client_for(city_admin)
    response = client.post(detail(tree.township_a, "move"), {"parent": tree.county_b.pk})
    assert response.status_code == 200, response.json()
    tree.grassroots_a.refresh_from_db()
    assert tree.grassroots_a.path.startswith(tree.county_b.path)
    assert response.json()["parent"] == tree.county_b.pk
    assert AuditLog.objects.get().action == AuditAction.MOVE


def test_move_refused(tree: Tree, city_admin, county_admin, county_officer) -> None:
    before = core_state()
    response = client_for(city_admin).post(
        detail(tree.county_a, "move"), {"parent": tree.grassroots_a.pk}
    )
    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]  # the service's message
    # The new parent is outside what the county admin manages: it is not found.
    assert (
        client_for(county_admin)
        .post(detail(tree.grassroots_a, "move"), {"parent": tree.county_b.pk})
        .status_code
        == 400
    )
    assert (
        client_for(county_admin)
        .post(detail(tree.grassroots_b, "move"), {"parent": tree.county_a.pk})
        .status_code
        == 404
    )
    assert (
        client_for(county_officer)
        .post(detail(tree.grassroots_a, "move"), {"parent": tree.county_a.pk})
        .status_code
        == 403
    )
    assert core_state() == before


def test_list_query_count_is_constant(
    tree: Tree, city_admin, django_assert_max_num_queries
) -> None:
    for _ in range(30):
        OrgUnitFactory(parent=tree.township_a)
    client = client_for(city_admin)
    # session, user, grants, count, page, and the session's save (three with its savepoint)
    with django_assert_max_num_queries(8):
        response = client.get(LIST, {"page_size": 100})
    assert response.json()["count"] == 36
    with django_assert_max_num_queries(9):
        assert client.get(detail(tree.township_a, "children")).json()["count"] == 31
