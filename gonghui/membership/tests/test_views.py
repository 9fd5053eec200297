"""Workspace pages of membership: what each persona sees and may do, and refusals that change
nothing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from gonghui.conftest import Tree
from gonghui.core.models import AuditLog
from gonghui.core.tests.factories import UserFactory
from gonghui.membership.choices import EndReason, JoinRequestStatus, MembershipStatus
from gonghui.membership.models import JoinRequest, Membership, MembershipSettings
from gonghui.membership.tests.factories import JoinRequestFactory, MembershipFactory
from gonghui.registry.tests.factories import PersonFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.access(
        "membership.JoinRequest", "membership.Membership", "membership.MembershipSettings"
    ),
]

REQUESTS = reverse("membership:request_list")
MEMBERS = reverse("membership:member_list")
UNITS = reverse("membership:unit_list")


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
        list(JoinRequest.objects.order_by("pk").values_list("pk", "status", "reject_reason")),
        list(Membership.objects.order_by("pk").values_list("pk", "status", "end_reason")),
        list(
            MembershipSettings.objects.order_by("pk").values_list(
                "pk", "join_token", "takes_members", "auto_approve", "last_card_number"
            )
        ),
        AuditLog.objects.count(),
    )


def names(response: Any, key: str) -> list[str]:
    assert response.status_code == 200, response.status_code
    rows = response.context[key]
    return sorted(getattr(r, "name", None) or r.person.name for r in rows)


class TestLists:
    def test_each_persona_sees_its_subtree(
        self, client, data, city_admin, county_officer, grassroots_officer, auditor
    ) -> None:
        for user, requests, members in (
            (city_admin, ["乙申请人", "甲申请人"], ["乙会员", "甲会员"]),
            (auditor, ["乙申请人", "甲申请人"], ["乙会员", "甲会员"]),
            (county_officer, ["甲申请人"], ["甲会员"]),
            (grassroots_officer, ["乙申请人"], ["乙会员"]),
        ):
            client.force_login(user)
            assert names(client.get(REQUESTS), "join_requests") == requests
            assert names(client.get(MEMBERS), "memberships") == members

    def test_pending_by_default_and_filters(self, client, data, tree: Tree, city_admin) -> None:
        JoinRequest.objects.filter(pk=data["req_b"].pk).update(
            status=JoinRequestStatus.REJECTED, reject_reason="x"
        )
        client.force_login(city_admin)
        assert names(client.get(REQUESTS), "join_requests") == ["甲申请人"]
        assert names(client.get(REQUESTS, {"status": ""}), "join_requests") == [
            "乙申请人",
            "甲申请人",
        ]
        found = client.get(REQUESTS, {"status": "", "q": data["req_b"].id_number})
        assert names(found, "join_requests") == ["乙申请人"]
        assert names(client.get(MEMBERS, {"q": data["mem_a"].card_number}), "memberships") == [
            "甲会员"
        ]
        assert names(client.get(MEMBERS, {"q": "乙"}), "memberships") == ["乙会员"]

    def test_lists_show_masked_numbers_only(self, client, data, city_admin) -> None:
        client.force_login(city_admin)
        page = client.get(REQUESTS).content.decode()
        assert data["req_a"].id_number_masked in page and data["req_a"].id_number not in page
        assert data["req_a"].phone not in page
        page = client.get(MEMBERS).content.decode()
        person = data["mem_a"].person
        assert person.id_number_masked in page and person.id_number not in page

    def test_query_counts_do_not_grow_with_the_page(
        self, client, tree: Tree, intake, city_admin, django_assert_max_num_queries
    ) -> None:
        for _ in range(30):
            JoinRequestFactory(unit=tree.grassroots_a)
            MembershipFactory(unit=tree.grassroots_a, person__unit=tree.grassroots_a)
        client.force_login(city_admin)
        with django_assert_max_num_queries(10):
            assert len(client.get(REQUESTS).context["join_requests"]) == 30
        with django_assert_max_num_queries(10):
            assert len(client.get(MEMBERS).context["memberships"]) == 30
        with django_assert_max_num_queries(10):
            client.get(UNITS)

    @pytest.mark.parametrize("url", [REQUESTS, MEMBERS, UNITS])
    def test_refusals(self, client, data, outsider, url) -> None:
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]
        client.force_login(outsider)
        assert client.get(url).status_code == 403
        worker = UserFactory()
        PersonFactory(user=worker)
        client.force_login(worker)
        assert client.get(url).status_code == 403


class TestDecisions:
    def test_approve_from_the_detail_page(self, client, data, tree: Tree, county_officer) -> None:
        client.force_login(county_officer)
        detail = reverse("membership:request_detail", args=[data["req_a"].pk])
        page = client.get(detail)
        assert page.status_code == 200 and page.context["can_decide"]
        response = client.post(reverse("membership:request_approve", args=[data["req_a"].pk]))
        assert response.status_code == 302
        data["req_a"].refresh_from_db()
        assert data["req_a"].status == JoinRequestStatus.APPROVED
        page = client.get(detail).content.decode()
        assert f"{tree.grassroots_a.code}-000001" in page

    def test_reject_needs_a_reason(self, client, data, county_officer) -> None:
        client.force_login(county_officer)
        url = reverse("membership:request_reject", args=[data["req_a"].pk])
        before = state()
        response = client.post(url, {"reason": "  "})
        assert response.status_code == 400 and state() == before
        response = client.post(url, {"reason": "身份信息有误"})
        assert response.status_code == 302
        data["req_a"].refresh_from_db()
        assert data["req_a"].status == JoinRequestStatus.REJECTED
        assert data["req_a"].reject_reason == "身份信息有误"

    @pytest.mark.parametrize(
        ("persona", "status"),
        [("grassroots_officer", 404), ("auditor", 403), ("outsider", 403)],
    )
    def test_decisions_outside_the_grants_change_nothing(
        self, client, data, request, persona, status
    ) -> None:
        client.force_login(request.getfixturevalue(persona))
        before = state()
        pk = data["req_a"].pk
        assert client.post(reverse("membership:request_approve", args=[pk])).status_code == status
        response = client.post(reverse("membership:request_reject", args=[pk]), {"reason": "x"})
        assert response.status_code == status
        assert state() == before

    def test_the_detail_outside_the_grants_is_404(self, client, data, county_officer) -> None:
        client.force_login(county_officer)
        url = reverse("membership:request_detail", args=[data["req_b"].pk])
        assert client.get(url).status_code == 404

    def test_batch_approval_reports_and_skips_what_is_out_of_scope(
        self, client, data, tree: Tree, county_officer
    ) -> None:
        extra = JoinRequestFactory(unit=tree.grassroots_a, name="丙申请人")
        transfer = JoinRequestFactory(
            unit=tree.grassroots_a, name="丁申请人", wants_transfer=True,
            transfer_from=tree.grassroots_b,
        )  # fmt: skip
        client.force_login(county_officer)
        response = client.post(
            reverse("membership:request_batch_approve"),
            {
                "ids": [data["req_a"].pk, extra.pk, transfer.pk, data["req_b"].pk, "x"],
                "next": REQUESTS + "?status=pending",
            },
            follow=True,
        )
        texts = [str(m) for m in response.context["messages"]]
        assert any("已通过 2 份申请" in t for t in texts)
        assert any("丁申请人" in t for t in texts)
        assert any("有 1 份申请不存在或不在您的管理范围内" in t for t in texts)
        statuses = dict(JoinRequest.objects.values_list("name", "status"))
        assert statuses == {
            "甲申请人": "approved",
            "丙申请人": "approved",
            "丁申请人": "pending",
            "乙申请人": "pending",
        }
        assert response.redirect_chain[-1][0] == REQUESTS + "?status=pending"


class TestMembers:
    def test_ending_a_membership(self, client, data, county_officer) -> None:
        client.force_login(county_officer)
        url = reverse("membership:member_end", args=[data["mem_a"].pk])
        response = client.post(url, {"reason": EndReason.RETIRED, "ended_on": "2025-06-30"})
        assert response.status_code == 302
        data["mem_a"].refresh_from_db()
        assert data["mem_a"].status == MembershipStatus.ENDED
        assert data["mem_a"].ended_on == datetime.date(2025, 6, 30)

    @pytest.mark.parametrize(
        "post",
        [
            {"reason": EndReason.TRANSFERRED, "ended_on": "2025-06-30"},
            {"reason": EndReason.LEFT, "ended_on": "2999-01-01"},
            {"reason": EndReason.LEFT, "ended_on": "not a date"},
            {"reason": "", "ended_on": "2025-06-30"},
        ],
    )
    def test_bad_endings_change_nothing(self, client, data, county_officer, post) -> None:
        client.force_login(county_officer)
        before = state()
        response = client.post(reverse("membership:member_end", args=[data["mem_a"].pk]), post)
        assert response.status_code == 400 and state() == before

    @pytest.mark.parametrize(("persona", "status"), [("grassroots_officer", 404), ("auditor", 403)])
    def test_ending_outside_the_grants(self, client, data, request, persona, status) -> None:
        client.force_login(request.getfixturevalue(persona))
        before = state()
        response = client.post(
            reverse("membership:member_end", args=[data["mem_a"].pk]),
            {"reason": EndReason.LEFT, "ended_on": "2025-01-01"},
        )
        assert response.status_code == status and state() == before

    def test_the_detail_shows_the_history(self, client, data, tree: Tree, city_admin) -> None:
        old = MembershipFactory(
            person=data["mem_a"].person, unit=tree.grassroots_b, status=MembershipStatus.ENDED,
            ended_on=datetime.date(2019, 12, 31), end_reason=EndReason.LEFT,
            joined_on=datetime.date(2015, 1, 1),
        )  # fmt: skip
        client.force_login(city_admin)
        response = client.get(reverse("membership:member_detail", args=[data["mem_a"].pk]))
        assert list(response.context["history"]) == [data["mem_a"], old]
        assert response.context["can_end"]


class TestJoinCodes:
    def test_the_unit_list_counts_members_and_requests(self, client, data, city_admin) -> None:
        client.force_login(city_admin)
        units = {u.name: u for u in client.get(UNITS).context["units"]}
        assert set(units) == {"迎江机械厂工会", "怀宁纺织厂工会"}
        assert units["迎江机械厂工会"].active_members == 1
        assert units["迎江机械厂工会"].pending_requests == 1

    def test_settings_page_code_and_poster(self, client, data, intake, tree: Tree, auditor) -> None:
        client.force_login(auditor)
        pk = tree.grassroots_b.pk
        page = client.get(reverse("membership:unit_settings", args=[pk]))
        body = page.content.decode()
        assert page.status_code == 200 and "<svg" in body
        assert f"/portal/join/{intake['b'].join_token}/?c=qr" in body
        assert not page.context["can_change"]
        png = client.get(reverse("membership:unit_join_code_png", args=[pk]))
        assert png["Content-Type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"
        assert "attachment" in png["Content-Disposition"]
        svg = client.get(reverse("membership:unit_join_code_svg", args=[pk]))
        assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
        poster = client.get(reverse("membership:unit_poster", args=[pk])).content.decode()
        assert "@page { size: A4" in poster and tree.grassroots_b.name in poster
        assert "<svg" in poster and "扫码加入工会" in poster
        assert "http" not in poster.split("<body>")[0].replace("http://www.w3.org", "")

    def test_the_public_address_setting_is_used_in_the_code(
        self, client, intake, tree: Tree, city_admin, settings
    ) -> None:
        settings.PORTAL_PUBLIC_URL = "https://gonghui.example.org"
        client.force_login(city_admin)
        page = client.get(reverse("membership:unit_settings", args=[tree.grassroots_b.pk]))
        assert page.context["join_url"] == (
            f"https://gonghui.example.org/portal/join/{intake['b'].join_token}/?c=qr"
        )

    def test_changing_settings_and_making_a_new_code(
        self, client, intake, tree: Tree, grassroots_officer
    ) -> None:
        client.force_login(grassroots_officer)
        pk = tree.grassroots_b.pk
        response = client.post(
            reverse("membership:unit_settings", args=[pk]),
            {"takes_members": "on", "auto_approve": "on"},
        )
        assert response.status_code == 302
        row = MembershipSettings.objects.get(unit=tree.grassroots_b)
        assert row.auto_approve
        old = row.join_token
        client.post(reverse("membership:unit_regenerate", args=[pk]))
        row.refresh_from_db()
        assert row.join_token != old
        assert client.get(reverse("portal:join", args=[old])).status_code == 404

    def test_setting_up_a_unit(self, client, tree: Tree, county_officer) -> None:
        client.force_login(county_officer)
        pk = tree.grassroots_a.pk
        assert client.get(reverse("membership:unit_settings", args=[pk])).context["row"] is None
        assert client.get(reverse("membership:unit_poster", args=[pk])).status_code == 404
        client.post(reverse("membership:unit_enable", args=[pk]))
        assert MembershipSettings.objects.filter(unit=tree.grassroots_a).exists()
        county = reverse("membership:unit_settings", args=[tree.county_a.pk])
        assert client.get(county).status_code == 404  # a federation takes no members

    @pytest.mark.parametrize(("persona", "status"), [("grassroots_officer", 404), ("auditor", 403)])
    def test_settings_outside_the_grants(
        self, client, intake, tree: Tree, request, persona, status
    ) -> None:
        client.force_login(request.getfixturevalue(persona))
        before = state()
        pk = tree.grassroots_a.pk
        urls = [
            reverse("membership:unit_settings", args=[pk]),
            reverse("membership:unit_regenerate", args=[pk]),
            reverse("membership:unit_enable", args=[pk]),
        ]
        for url in urls:
            assert client.post(url, {"auto_approve": "on"}).status_code == status
        assert state() == before
        if persona == "grassroots_officer":
            png = reverse("membership:unit_join_code_png", args=[pk])
            assert client.get(png).status_code == 404
