from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from gonghui.conftest import Tree
from gonghui.core import services
from gonghui.core.choices import AuditAction, Role
from gonghui.core.models import AuditLog, Grant
from gonghui.core.tests.api_client import client_for, core_state, refused
from gonghui.core.tests.factories import GrantFactory, UserFactory

pytestmark = pytest.mark.django_db

GRANTS = "/api/v1/grants/"
AUDIT = "/api/v1/audit-log/"


@pytest.fixture
def county_admin(tree: Tree):
    user = UserFactory(username="county_admin")
    GrantFactory(user=user, unit=tree.county_a, role=Role.FEDERATION_ADMIN)
    return user


@pytest.mark.access("core.Grant")
class TestGrants:
    def test_list_for_managers_only(
        self, tree: Tree, city_admin, county_admin, county_officer, grassroots_officer, auditor
    ) -> None:
        rows = client_for(city_admin).get(GRANTS).json()["results"]
        assert {row["user"] for row in rows} == {
            "city_admin", "county_admin", "county_officer", "grassroots_officer", "auditor",
        }  # fmt: skip
        rows = client_for(county_admin).get(GRANTS).json()["results"]
        assert {row["user"] for row in rows} == {"county_admin", "county_officer"}
        for user in (county_officer, grassroots_officer, auditor):
            assert client_for(user).get(GRANTS).status_code == 403
        assert refused(client_for().get(GRANTS).status_code)

    def test_filters(self, tree: Tree, city_admin, county_officer, grassroots_officer) -> None:
        client = client_for(city_admin)
        rows = client.get(GRANTS, {"within": tree.county_b.pk}).json()["results"]
        assert [row["user"] for row in rows] == ["grassroots_officer"]
        rows = client.get(GRANTS, {"role": Role.FEDERATION_OFFICER}).json()["results"]
        assert [row["user"] for row in rows] == ["county_officer"]
        rows = client.get(GRANTS, {"user": "county_officer"}).json()["results"]
        assert [row["unit_name"] for row in rows] == ["迎江区总工会"]

    def test_create_is_audited_and_takes_effect(self, tree: Tree, city_admin, outsider) -> None:
        payload = {"user": "outsider", "unit": tree.county_b.pk, "role": Role.AUDITOR}
        response = client_for(city_admin).post(GRANTS, payload, format="json")
        assert response.status_code == 201, response.json()
        assert response.json()["unit_name"] == "怀宁县总工会"
        assert AuditLog.objects.get().action == AuditAction.CREATE
        units = client_for(outsider).get("/api/v1/units/").json()["results"]
        assert [u["name"] for u in units] == ["怀宁县总工会", "怀宁纺织厂工会"]

    def test_create_refused(self, tree: Tree, county_admin, county_officer, outsider) -> None:
        before = core_state()
        payload = {"user": "outsider", "unit": tree.county_b.pk, "role": Role.FEDERATION_ADMIN}
        assert client_for(county_officer).post(GRANTS, payload).status_code == 403
        assert client_for(outsider).post(GRANTS, payload).status_code == 403
        response = client_for(county_admin).post(GRANTS, payload)
        assert response.status_code == 400
        assert "unit" in response.json()
        assert core_state() == before

    def test_delete(self, tree: Tree, city_admin, grassroots_officer) -> None:
        grant = Grant.objects.get(user=grassroots_officer)
        assert client_for(city_admin).delete(f"{GRANTS}{grant.pk}/").status_code == 204
        assert not Grant.objects.filter(pk=grant.pk).exists()
        log = AuditLog.objects.get()
        assert (log.action, log.before["role"]) == (AuditAction.DELETE, Role.GRASSROOTS_OFFICER)
        assert client_for(grassroots_officer).get("/api/v1/units/").status_code == 403

    def test_delete_refused(
        self, tree: Tree, county_admin, county_officer, grassroots_officer, auditor
    ) -> None:
        before = core_state()
        other_county = Grant.objects.get(user=grassroots_officer)
        own_county = Grant.objects.get(user=county_officer)
        assert client_for(county_admin).delete(f"{GRANTS}{other_county.pk}/").status_code == 404
        assert client_for(county_officer).delete(f"{GRANTS}{own_county.pk}/").status_code == 403
        assert client_for(auditor).delete(f"{GRANTS}{own_county.pk}/").status_code == 403
        assert core_state() == before

    def test_list_query_count(self, tree: Tree, city_admin, django_assert_max_num_queries) -> None:
        for n in range(30):
            GrantFactory(user=UserFactory(), unit=tree.grassroots_a if n % 2 else tree.county_b)
        client = client_for(city_admin)
        with django_assert_max_num_queries(8):
            assert client.get(GRANTS).json()["count"] == 31


@pytest.mark.access("core.AuditLog")
class TestAuditLog:
    @pytest.fixture
    def logged(self, tree: Tree, city_admin) -> None:
        """One audited write in each county."""
        services.unit_update(by=city_admin, unit=tree.grassroots_a, short_name="机械厂")
        services.unit_update(by=city_admin, unit=tree.grassroots_b, short_name="纺织厂")

    def test_auditors_read_it(self, logged: None, tree: Tree, auditor, city_admin) -> None:
        rows = client_for(auditor).get(AUDIT).json()["results"]
        assert [row["object_repr"] for row in rows] == ["怀宁纺织厂工会", "迎江机械厂工会"]
        assert rows[0]["model"] == "orgunit"
        assert rows[0]["after"]["short_name"] == "纺织厂"
        assert client_for(city_admin).get(AUDIT).json()["count"] == 2

    def test_others_are_refused(
        self, logged: None, county_officer, grassroots_officer, outsider
    ) -> None:
        for user in (county_officer, grassroots_officer, outsider):
            assert client_for(user).get(AUDIT).status_code == 403
        assert refused(client_for().get(AUDIT).status_code)

    def test_scoped_to_the_auditors_subtree(self, logged: None, tree: Tree) -> None:
        county_auditor = UserFactory()
        GrantFactory(user=county_auditor, unit=tree.county_b, role=Role.AUDITOR)
        client = client_for(county_auditor)
        rows = client.get(AUDIT).json()["results"]
        assert [row["object_repr"] for row in rows] == ["怀宁纺织厂工会"]
        other = AuditLog.objects.get(object_id=str(tree.grassroots_a.pk))
        assert client.get(f"{AUDIT}{other.pk}/").status_code == 404

    def test_filters(self, logged: None, tree: Tree, auditor) -> None:
        client = client_for(auditor)

        def reprs(**params) -> list[str]:
            return [row["object_repr"] for row in client.get(AUDIT, params).json()["results"]]

        assert reprs(within=tree.county_a.pk) == ["迎江机械厂工会"]
        assert reprs(username="city_admin", model="orgunit", action="update") != []
        assert reprs(model="person") == []
        assert reprs(action="reveal") == []
        now = timezone.now()
        assert len(reprs(at_from=(now - datetime.timedelta(hours=1)).isoformat())) == 2
        assert reprs(at_to=(now - datetime.timedelta(hours=1)).isoformat()) == []

    def test_request_id_is_recorded_and_filterable(self, tree: Tree, city_admin, auditor) -> None:
        response = client_for(city_admin).patch(
            f"/api/v1/units/{tree.county_b.pk}/", {"short_name": "怀宁"}, format="json",
            headers={"X-Request-ID": "trace-1234567890"},
        )  # fmt: skip
        assert response.status_code == 200
        rows = client_for(auditor).get(AUDIT, {"request_id": "trace-1234567890"}).json()
        assert [row["object_repr"] for row in rows["results"]] == ["怀宁县总工会"]

    def test_never_writable(self, logged: None, city_admin, auditor) -> None:
        entry = AuditLog.objects.first()
        assert entry is not None
        before = list(AuditLog.objects.values())
        for user in (city_admin, auditor):
            client = client_for(user)
            assert client.post(AUDIT, {"action": "create"}).status_code in {403, 405}
            assert client.patch(f"{AUDIT}{entry.pk}/", {"username": "x"}).status_code in {403, 405}
            assert client.put(f"{AUDIT}{entry.pk}/", {"username": "x"}).status_code in {403, 405}
            assert client.delete(f"{AUDIT}{entry.pk}/").status_code in {403, 405}
        assert list(AuditLog.objects.values()) == before

    def test_list_query_count(
        self, tree: Tree, city_admin, auditor, django_assert_max_num_queries
    ) -> None:
        for n in range(30):
            services.unit_update(by=city_admin, unit=tree.grassroots_a, short_name=f"简称{n}")
        client = client_for(auditor)
        with django_assert_max_num_queries(8):
            assert client.get(AUDIT).json()["count"] == 30
