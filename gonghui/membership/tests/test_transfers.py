"""Transfers (会员关系转接): the union left approves, then the union joined; the membership moves
in one transaction, same date; a refusal at either step changes no membership; the worker is
told by text message and sees it in the portal; pages and the API answer by scope."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from gonghui.casework.choices import CaseState
from gonghui.casework.models import Case
from gonghui.casework.services import case_transition
from gonghui.conftest import Tree
from gonghui.core.tests.api_client import client_for, refused
from gonghui.core.tests.factories import UserFactory
from gonghui.membership.choices import (
    EndReason,
    JoinChannel,
    JoinRequestStatus,
    MembershipStatus,
)
from gonghui.membership.models import JoinRequest, Membership, MembershipTransfer
from gonghui.membership.services import (
    join_request_submit,
    transfer_complete,
    transfer_reject,
    transfer_release,
    transfer_start,
)
from gonghui.membership.tests.factories import MembershipFactory
from gonghui.registry.tests.factories import PersonFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.access("membership.MembershipTransfer", "membership.Membership"),
]
S = CaseState


@pytest.fixture
def member(tree: Tree, intake) -> Membership:
    person = PersonFactory(unit=tree.grassroots_a, name="转接人", phone="13911112222")
    return MembershipFactory(person=person, unit=tree.grassroots_a, worker_group="courier")


def memberships(person_id: int) -> list[tuple[Any, ...]]:
    return list(
        Membership.objects.filter(person_id=person_id)
        .order_by("pk")
        .values_list("unit_id", "status", "end_reason", "joined_on", "ended_on", "card_number")
    )


def fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


class TestTwoSteps:
    def test_left_then_joined_moves_the_membership_on_one_date(
        self,
        tree: Tree,
        member,
        county_officer,
        grassroots_officer,
        sms,
        django_capture_on_commit_callbacks,
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            self._left_then_joined(tree, member, county_officer, grassroots_officer)
        assert [m.template for m in sms.outbox] == ["transfer_released", "transfer_completed"]
        assert "340822001-000001" in sms.outbox[-1].text

    def _left_then_joined(self, tree, member, county_officer, grassroots_officer) -> None:
        case = transfer_start(by=county_officer, membership=member, to_unit=tree.grassroots_b)
        assert case.kind == "membership.transfer" and case.state == S.SUBMITTED
        assert case.unit == tree.grassroots_a
        # The union joined cannot decide before the union left.
        with pytest.raises((PermissionDenied, ValidationError)):
            transfer_complete(by=grassroots_officer, case=case, expected_version=case.version)
        case = transfer_release(by=county_officer, case=case, expected_version=case.version)
        case = fresh(case)
        assert case.state == S.ACCEPTED and case.unit == tree.grassroots_b
        assert memberships(member.person_id)[0][1] == MembershipStatus.ACTIVE
        # The union left has handed it on: it may no longer decide.
        with pytest.raises(PermissionDenied):
            transfer_complete(by=county_officer, case=case, expected_version=case.version)

        new = transfer_complete(by=grassroots_officer, case=case, expected_version=case.version)
        today = timezone.localdate()
        old = Membership.objects.get(pk=member.pk)
        assert old.status == MembershipStatus.TRANSFERRED_OUT
        assert old.end_reason == EndReason.TRANSFERRED and old.ended_on == today
        assert new.status == MembershipStatus.ACTIVE and new.joined_on == today
        assert new.unit == tree.grassroots_b and new.previous == old
        assert new.card_number == "340822001-000001" and new.worker_group == "courier"
        assert fresh(case).state == S.RESOLVED
        assert MembershipTransfer.objects.get(pk=case.pk).new_membership == new
        assert (
            Membership.objects.filter(person=member.person, status=MembershipStatus.ACTIVE).count()
            == 1
        )
        # The worker's record now belongs to the union joined.
        assert Membership.objects.get(pk=new.pk).person.unit == tree.grassroots_b

    @pytest.mark.parametrize("step", ["left", "joined"])
    def test_a_refusal_at_either_step_changes_no_membership(
        self,
        tree: Tree,
        member,
        county_officer,
        grassroots_officer,
        sms,
        step,
        django_capture_on_commit_callbacks,
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            self._refuse(tree, member, county_officer, grassroots_officer, step)
        assert sms.outbox[-1].template == "transfer_rejected" and "材料不全" in sms.outbox[-1].text

    def _refuse(self, tree, member, county_officer, grassroots_officer, step) -> None:
        before = memberships(member.person_id)
        case = transfer_start(by=county_officer, membership=member, to_unit=tree.grassroots_b)
        decider = county_officer
        if step == "joined":
            case = transfer_release(by=county_officer, case=case, expected_version=case.version)
            decider = grassroots_officer
        case = fresh(case)
        with pytest.raises(ValidationError):
            transfer_reject(by=decider, case=case, reason="  ", expected_version=case.version)
        transfer_reject(by=decider, case=case, reason="材料不全", expected_version=case.version)
        assert fresh(case).state == S.REJECTED
        assert memberships(member.person_id) == before
        # A new transfer may be started after a refusal.
        transfer_start(by=county_officer, membership=member, to_unit=tree.grassroots_b)

    def test_the_generic_case_moves_cannot_bypass_the_transfer(
        self, tree: Tree, member, county_officer
    ) -> None:
        case = transfer_start(by=county_officer, membership=member, to_unit=tree.grassroots_b)
        for to_state in (S.ACCEPTED, S.REJECTED):
            with pytest.raises(ValidationError):
                case_transition(
                    by=county_officer, case=case, to_state=to_state, note="x",
                    expected_version=case.version,
                )  # fmt: skip
        assert fresh(case).state == S.SUBMITTED

    def test_refused_starts(self, tree: Tree, member, county_officer, grassroots_officer) -> None:
        with pytest.raises(PermissionDenied):  # not staff of the union left
            transfer_start(by=grassroots_officer, membership=member, to_unit=tree.grassroots_b)
        with pytest.raises(ValidationError):  # the same union
            transfer_start(by=county_officer, membership=member, to_unit=tree.grassroots_a)
        with pytest.raises(ValidationError):  # a unit that takes no members
            transfer_start(by=county_officer, membership=member, to_unit=tree.county_b)
        transfer_start(by=county_officer, membership=member, to_unit=tree.grassroots_b)
        with pytest.raises(ValidationError):  # one open transfer at a time
            transfer_start(by=county_officer, membership=member, to_unit=tree.grassroots_b)
        assert Case.objects.count() == 1

    def test_a_stale_version_is_refused(self, tree: Tree, member, county_officer) -> None:
        case = transfer_start(by=county_officer, membership=member, to_unit=tree.grassroots_b)
        with pytest.raises(ValidationError):
            transfer_release(by=county_officer, case=case, expected_version=case.version + 5)
        assert fresh(case).state == S.SUBMITTED


class TestWorker:
    def test_the_verified_worker_starts_it_from_the_join_request_and_follows_it(
        self, client, tree: Tree, member, county_officer
    ) -> None:
        user = UserFactory(username="worker-t")
        member.person.user = user
        member.person.save()
        request = join_request_submit(
            by=user, applicant=user, unit=tree.grassroots_b, channel=JoinChannel.QR,
            name="转接人", id_number=member.person.id_number, phone="13911112222",
            wants_transfer=True,
        ).request  # fmt: skip
        assert request.wants_transfer and request.transfer_from == tree.grassroots_a
        client.force_login(user)
        response = client.post(reverse("portal:request_transfer", args=[request.pk]))
        assert response.status_code == 302
        request.refresh_from_db()
        assert request.status == JoinRequestStatus.TRANSFER
        detail = MembershipTransfer.objects.get()
        assert detail.join_request == request and detail.case.unit == tree.grassroots_a
        case = transfer_release(
            by=county_officer, case=detail.case, expected_version=detail.case.version
        )
        transfer_reject(
            by=_joined_staff(tree), case=fresh(case),
            reason="不在本单位工作", expected_version=fresh(case).version,
        )  # fmt: skip
        page = client.get(reverse("portal:me")).content.decode()
        assert "不在本单位工作" in page and detail.case.reference in page
        status = client.get(reverse("portal:request_status", args=[request.pk]))
        assert detail.case.reference in status.content.decode()

    def test_someone_elses_request_is_not_found(self, client, tree: Tree, member) -> None:
        other = UserFactory()
        request = JoinRequest.objects.create(
            unit=tree.grassroots_b, channel=JoinChannel.QR, name="转接人",
            id_number=member.person.id_number, applicant=UserFactory(), wants_transfer=True,
            transfer_from=tree.grassroots_a,
        )  # fmt: skip
        PersonFactory(unit=tree.grassroots_a, user=other)
        client.force_login(other)
        response = client.post(reverse("portal:request_transfer", args=[request.pk]))
        assert response.status_code in (302, 404)
        assert not MembershipTransfer.objects.exists()


def _joined_staff(tree: Tree) -> Any:
    from gonghui.core.choices import Role
    from gonghui.core.tests.factories import GrantFactory

    user = UserFactory()
    GrantFactory(user=user, unit=tree.grassroots_b, role=Role.GRASSROOTS_OFFICER)
    return user


LIST = reverse("membership:transfer_list")


class TestPagesAndApi:
    @pytest.fixture
    def open_case(self, tree: Tree, member, county_officer) -> Case:
        return transfer_start(by=county_officer, membership=member, to_unit=tree.grassroots_b)

    def test_the_list_shows_each_persona_its_handling_units(
        self, client, open_case, city_admin, county_officer, grassroots_officer, auditor
    ) -> None:
        for user, expected in (
            (city_admin, [open_case.pk]),
            (auditor, [open_case.pk]),
            (county_officer, [open_case.pk]),
            (grassroots_officer, []),
        ):
            client.force_login(user)
            response = client.get(LIST)
            assert response.status_code == 200
            assert [t.pk for t in response.context["transfers"]] == expected

    def test_decisions_through_the_pages(
        self, client, open_case, tree: Tree, county_officer, grassroots_officer, auditor
    ) -> None:
        url = reverse("membership:transfer_decide", args=[open_case.pk, "release"])
        client.force_login(auditor)  # may view, not change
        assert client.post(url, {"version": open_case.version}).status_code == 403
        client.force_login(grassroots_officer)  # cannot see it yet
        assert client.post(url, {"version": open_case.version}).status_code == 404
        assert fresh(open_case).state == S.SUBMITTED
        client.force_login(county_officer)
        page = client.get(reverse("casework:detail", args=[open_case.pk])).content.decode()
        assert 'id="transfer-release"' in page
        assert client.post(url, {"version": open_case.version}).status_code == 302
        case = fresh(open_case)
        assert case.state == S.ACCEPTED
        client.force_login(grassroots_officer)
        page = client.get(reverse("casework:detail", args=[case.pk])).content.decode()
        assert 'id="transfer-complete"' in page
        complete = reverse("membership:transfer_decide", args=[case.pk, "complete"])
        assert client.post(complete, {"version": case.version}).status_code == 302
        assert fresh(case).state == S.RESOLVED
        assert Membership.objects.get(status=MembershipStatus.ACTIVE).unit == tree.grassroots_b
        bad = reverse("membership:transfer_decide", args=[case.pk, "explode"])
        assert client.post(bad, {"version": 1}).status_code == 404

    def test_starting_from_the_member_page(
        self, client, member, tree: Tree, county_officer, grassroots_officer
    ) -> None:
        url = reverse("membership:member_transfer", args=[member.pk])
        client.force_login(grassroots_officer)
        assert client.post(url, {"to_unit_code": tree.grassroots_b.code}).status_code == 404
        client.force_login(county_officer)
        page = client.get(reverse("membership:member_detail", args=[member.pk])).content.decode()
        assert 'id="start-transfer"' in page
        response = client.post(url, {"to_unit_code": tree.grassroots_b.code})
        assert response.status_code == 302
        assert MembershipTransfer.objects.get().to_unit == tree.grassroots_b

    def test_refusals(self, client, open_case, outsider) -> None:
        for url in (LIST, reverse("membership:transfer_decide", args=[open_case.pk, "reject"])):
            response = client.get(url) if url == LIST else client.post(url, {"version": 1})
            assert response.status_code == 302 and "login" in response["Location"]
        client.force_login(outsider)
        assert client.get(LIST).status_code == 403

    def test_api(
        self, open_case, member, tree: Tree, county_officer, grassroots_officer, auditor, outsider
    ) -> None:
        url = "/api/v1/member-transfers/"
        assert [r["case"] for r in client_for(county_officer).get(url).json()["results"]] == [
            open_case.pk
        ]
        assert client_for(grassroots_officer).get(url).json()["results"] == []
        assert refused(client_for(outsider).get(url).status_code)
        assert refused(client_for().get(url).status_code)
        release = f"{url}{open_case.pk}/release/"
        assert client_for(auditor).post(release, {"version": 1}).status_code == 403
        assert client_for(grassroots_officer).post(release, {"version": 1}).status_code == 404
        stale = client_for(county_officer).post(release, {"version": 99}, format="json")
        assert stale.status_code == 409
        done = client_for(county_officer).post(
            release, {"version": open_case.version}, format="json"
        )
        assert done.status_code == 200 and done.json()["state"] == S.ACCEPTED
        complete = f"{url}{open_case.pk}/complete/"
        done = client_for(grassroots_officer).post(
            complete, {"version": fresh(open_case).version}, format="json"
        )
        assert done.status_code == 200 and done.json()["new_membership"]
        started = client_for(grassroots_officer).post(
            f"{url}start/",
            {"membership": done.json()["new_membership"], "to_unit": tree.grassroots_a.pk},
            format="json",
        )
        assert started.status_code == 201


def test_open_transfers_are_counted_at_the_union_left(tree: Tree, member, county_officer) -> None:
    from gonghui.indicators.periods import Period
    from gonghui.indicators.registry import get
    from gonghui.indicators.selectors import values

    code = "membership.transfers_open"
    count = lambda unit: values([get(code)], unit, Period.current_year())[code]  # noqa: E731
    assert count(tree.city) == 0
    case = transfer_start(by=county_officer, membership=member, to_unit=tree.grassroots_b)
    assert count(tree.city) == 1 and count(tree.county_a) == 1 and count(tree.county_b) == 0
    transfer_reject(by=county_officer, case=case, reason="否", expected_version=case.version)
    assert count(tree.city) == 0
