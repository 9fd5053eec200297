"""API of memberships and join requests: scope, masking, decisions, refusals."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from gonghui.conftest import Tree
from gonghui.core.models import AuditLog
from gonghui.core.tests.api_client import client_for, refused
from gonghui.membership.choices import EndReason, JoinRequestStatus, MembershipStatus
from gonghui.membership.models import JoinRequest, Membership
from gonghui.membership.tests.factories import JoinRequestFactory, MembershipFactory
from gonghui.registry.tests.factories import PersonFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.access("membership.JoinRequest", "membership.Membership"),
]

MEMBERSHIPS = "/api/v1/memberships/"
REQUESTS = "/api/v1/join-requests/"


@pytest.fixture
def data(tree: Tree, intake) -> dict[str, Any]:
    return {
        "req_a": JoinRequestFactory(unit=tree.grassroots_a, name="甲申请人"),
        "req_b": JoinRequestFactory(unit=tree.grassroots_b, name="乙申请人"),
        "mem_a": MembershipFactory(
            person=PersonFactory(unit=tree.grassroots_a, name="甲会员"), unit=tree.grassroots_a
        ),
        "mem_b": MembershipFactory(
            person=PersonFactory(unit=tree.grassroots_b, name="乙会员"), unit=tree.grassroots_b
        ),
    }


def state() -> tuple[Any, ...]:
    return (
        list(JoinRequest.objects.order_by("pk").values_list("pk", "status")),
        list(Membership.objects.order_by("pk").values_list("pk", "status", "card_number")),
        AuditLog.objects.count(),
    )


def rows(response: Any, key: str = "name") -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(row[key] for row in response.json()["results"])


class TestReads:
    def test_lists_are_scoped_and_masked(
        self, data, city_admin, county_officer, grassroots_officer, auditor
    ) -> None:
        response = client_for(county_officer).get(REQUESTS)
        assert rows(response) == ["甲申请人"]
        row = response.json()["results"][0]
        assert row["id_number_masked"] == data["req_a"].id_number_masked
        assert "id_number" not in row and "phone" not in row
        assert data["req_a"].id_number not in response.content.decode()
        assert rows(client_for(grassroots_officer).get(REQUESTS)) == ["乙申请人"]
        assert rows(client_for(auditor).get(MEMBERSHIPS), "person_name") == ["乙会员", "甲会员"]
        response = client_for(county_officer).get(MEMBERSHIPS)
        assert rows(response, "person_name") == ["甲会员"]
        assert data["mem_a"].person.id_number not in response.content.decode()

    def test_filters(self, data, tree: Tree, city_admin) -> None:
        client = client_for(city_admin)
        assert rows(client.get(REQUESTS, {"within": tree.county_b.pk})) == ["乙申请人"]
        assert rows(client.get(REQUESTS, {"q": data["req_a"].phone})) == ["甲申请人"]
        assert rows(client.get(REQUESTS, {"status": "approved"})) == []
        found = client.get(MEMBERSHIPS, {"q": data["mem_b"].card_number})
        assert rows(found, "person_name") == ["乙会员"]
        assert rows(client.get(MEMBERSHIPS, {"status": "ended"}), "person_name") == []

    def test_refusals(self, data, outsider, county_officer) -> None:
        for url in (REQUESTS, MEMBERSHIPS):
            assert refused(client_for().get(url).status_code)
            assert client_for(outsider).get(url).status_code == 403
        other = client_for(county_officer)
        assert other.get(f"{REQUESTS}{data['req_b'].pk}/").status_code == 404
        assert other.get(f"{MEMBERSHIPS}{data['mem_b'].pk}/").status_code == 404

    def test_list_query_count(
        self, tree: Tree, intake, city_admin, django_assert_max_num_queries
    ) -> None:
        for _ in range(20):
            JoinRequestFactory(unit=tree.grassroots_a)
            MembershipFactory(unit=tree.grassroots_a, person__unit=tree.grassroots_a)
        client = client_for(city_admin)
        with django_assert_max_num_queries(8):
            assert len(client.get(REQUESTS).json()["results"]) == 20
        with django_assert_max_num_queries(8):
            assert len(client.get(MEMBERSHIPS).json()["results"]) == 20


class TestWrites:
    def test_approve_and_reject(self, data, tree: Tree, county_officer, grassroots_officer) -> None:
        response = client_for(county_officer).post(f"{REQUESTS}{data['req_a'].pk}/approve/")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["status"] == JoinRequestStatus.APPROVED
        assert body["card_number"] == f"{tree.grassroots_a.code}-000001"
        client = client_for(grassroots_officer)
        assert client.post(f"{REQUESTS}{data['req_b'].pk}/reject/", {}).status_code == 400
        response = client.post(f"{REQUESTS}{data['req_b'].pk}/reject/", {"reason": "重复申请"})
        assert response.status_code == 200 and response.json()["reject_reason"] == "重复申请"
        again = client.post(f"{REQUESTS}{data['req_b'].pk}/reject/", {"reason": "再次"})
        assert again.status_code == 400 and "已审核" in again.content.decode()

    def test_batch_approve(self, data, tree: Tree, county_officer) -> None:
        transfer = JoinRequestFactory(
            unit=tree.grassroots_a, wants_transfer=True, transfer_from=tree.grassroots_b
        )
        response = client_for(county_officer).post(
            f"{REQUESTS}batch-approve/",
            {"ids": [data["req_a"].pk, transfer.pk, data["req_b"].pk]},
            format="json",
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert [a["id"] for a in body["approved"]] == [data["req_a"].pk]
        assert [f["id"] for f in body["failed"]] == [transfer.pk]
        assert body["not_found"] == [data["req_b"].pk]
        data["req_b"].refresh_from_db()
        assert data["req_b"].status == JoinRequestStatus.PENDING

    def test_end_a_membership(self, data, county_officer) -> None:
        client = client_for(county_officer)
        url = f"{MEMBERSHIPS}{data['mem_a'].pk}/end/"
        bad = client.post(url, {"reason": EndReason.TRANSFERRED, "ended_on": "2025-01-01"})
        assert bad.status_code == 400
        response = client.post(url, {"reason": EndReason.DECEASED, "ended_on": "2025-01-01"})
        assert response.status_code == 200
        assert response.json()["status"] == MembershipStatus.ENDED
        assert response.json()["ended_on"] == "2025-01-01"
        data["mem_a"].refresh_from_db()
        assert data["mem_a"].ended_on == datetime.date(2025, 1, 1)

    @pytest.mark.parametrize(
        ("persona", "allowed"),
        [
            ("grassroots_officer", {404}),
            ("auditor", {403}),
            ("outsider", {403}),
            (None, {401, 403}),
        ],
    )
    def test_writes_outside_the_grants_change_nothing(
        self, data, request, persona, allowed
    ) -> None:
        client = client_for(request.getfixturevalue(persona) if persona else None)
        before = state()
        responses = [
            client.post(f"{REQUESTS}{data['req_a'].pk}/approve/"),
            client.post(f"{REQUESTS}{data['req_a'].pk}/reject/", {"reason": "x"}),
            client.post(
                f"{MEMBERSHIPS}{data['mem_a'].pk}/end/",
                {"reason": EndReason.LEFT, "ended_on": "2025-01-01"},
            ),
        ]
        assert {r.status_code for r in responses} <= allowed
        if persona == "grassroots_officer":
            batch = client.post(
                f"{REQUESTS}batch-approve/", {"ids": [data["req_a"].pk]}, format="json"
            )
            assert batch.json()["not_found"] == [data["req_a"].pk]
        assert state() == before

    def test_no_delete_or_update_routes(self, data, city_admin) -> None:
        client = client_for(city_admin)
        assert client.delete(f"{MEMBERSHIPS}{data['mem_a'].pk}/").status_code == 405
        assert client.patch(f"{REQUESTS}{data['req_a'].pk}/", {}).status_code == 405
