"""Membership services: submitting, approving and rejecting join requests, card numbers,
ending and deleting memberships, member verification."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from gonghui.conftest import Tree
from gonghui.core.choices import AuditAction, UnitKind
from gonghui.core.models import AuditLog
from gonghui.core.tests.factories import OrgUnitFactory, UserFactory
from gonghui.membership import services
from gonghui.membership.choices import (
    EndReason,
    JoinChannel,
    JoinRequestStatus,
    MembershipStatus,
)
from gonghui.membership.models import JoinRequest, Membership, MembershipSettings
from gonghui.membership.tests.factories import MembershipFactory
from gonghui.registry.models import Person
from gonghui.registry.tests.factories import EnterpriseFactory, PersonFactory
from gonghui.utils.idcard import make_id_number

pytestmark = pytest.mark.django_db

ID = make_id_number("340822", datetime.date(1990, 6, 1), 21, "male")
PHONE = "13912345678"


def submit(unit: Any, applicant: Any, **overrides: Any) -> services.Submission:
    fields: dict[str, Any] = {
        "by": applicant,
        "applicant": applicant,
        "unit": unit,
        "channel": JoinChannel.QR,
        "name": "周  小 明",
        "id_number": ID,
        "phone": PHONE,
    }
    fields.update(overrides)
    return services.join_request_submit(**fields)


def state() -> tuple[Any, ...]:
    return (
        list(JoinRequest.objects.order_by("pk").values_list("pk", "status", "unit_id")),
        list(Membership.objects.order_by("pk").values_list("pk", "status", "card_number")),
        list(MembershipSettings.objects.order_by("pk").values_list("pk", "last_card_number")),
        Person.objects.count(),
        AuditLog.objects.count(),
    )


@pytest.fixture
def applicant() -> Any:
    return UserFactory(username="applicant")


class TestSubmit:
    def test_a_request_keeps_numbers_encrypted_and_masked(self, intake, tree, applicant) -> None:
        employer = EnterpriseFactory(unit=tree.grassroots_b)
        submission = submit(tree.grassroots_b, applicant, employer=employer, worker_group="courier")
        request = submission.request
        assert submission.created and request.status == JoinRequestStatus.PENDING
        assert request.name == "周小明"
        assert request.id_number_masked == ID[:4] + "*" * 10 + ID[-4:]
        assert request.phone_masked == "139****5678"
        with connection.cursor() as cursor:
            table = JoinRequest._meta.db_table
            cursor.execute(f"SELECT id_number, phone FROM {table} WHERE id = %s", [request.pk])
            raw = cursor.fetchone()
        assert ID not in raw[0] and PHONE not in raw[1]
        assert JoinRequest.objects.get(pk=request.pk).id_number == ID
        entry = AuditLog.objects.get(action=AuditAction.CREATE, object_id=str(request.pk))
        assert entry.after["id_number"] == "<encrypted>" and entry.unit == tree.grassroots_b

    def test_a_double_click_makes_one_request(self, intake, tree, applicant) -> None:
        first = submit(tree.grassroots_b, applicant)
        second = submit(tree.grassroots_b, applicant)
        assert not second.created and second.request.pk == first.request.pk
        assert JoinRequest.objects.count() == 1

    def test_someone_else_with_a_pending_number_is_refused(self, intake, tree, applicant) -> None:
        submit(tree.grassroots_b, applicant)
        before = state()
        with pytest.raises(ValidationError) as caught:
            submit(tree.grassroots_a, UserFactory(), name="周小明")
        assert "已有" in caught.value.messages[0] or caught.value.code == "pending_exists"
        assert state() == before

    def test_one_pending_request_per_id_number_is_a_database_constraint(
        self, intake, tree, applicant
    ) -> None:
        request = submit(tree.grassroots_b, applicant).request
        twin = JoinRequest(unit=tree.grassroots_a, channel=JoinChannel.WEB, name="x", id_number=ID)
        with pytest.raises(IntegrityError), transaction.atomic():
            twin.save()
        JoinRequest.objects.filter(pk=request.pk).update(
            status=JoinRequestStatus.REJECTED, reject_reason="重复"
        )
        twin.save()  # a new request once the first is decided

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("id_number", "34082219900601002"),
            ("id_number", ID[:-1] + ("0" if ID[-1] != "0" else "1")),
            ("name", "   "),
            ("name", "Robert'); DROP TABLE"),
            ("name", "张" * 31),
            ("phone", "12345"),
            ("worker_group", "astronaut"),
        ],
    )
    def test_bad_input_is_refused_in_chinese_and_writes_nothing(
        self, intake, tree, applicant, field, value
    ) -> None:
        before = state()
        with pytest.raises(ValidationError) as caught:
            submit(tree.grassroots_b, applicant, **{field: value})
        assert any("\u4e00" <= ch <= "\u9fff" for ch in " ".join(caught.value.messages))
        assert state() == before

    def test_an_employer_outside_the_unit_is_refused(self, intake, tree, applicant) -> None:
        far = OrgUnitFactory(parent=tree.county_a, region_code="340802")
        elsewhere = EnterpriseFactory(unit=far, region_code="340802")
        with pytest.raises(ValidationError):
            submit(tree.grassroots_b, applicant, employer=elsewhere)
        assert JoinRequest.objects.count() == 0

    def test_units_that_do_not_take_members_refuse(self, intake, tree, applicant) -> None:
        MembershipSettings.objects.filter(unit=tree.grassroots_b).update(takes_members=False)
        with pytest.raises(ValidationError):
            submit(tree.grassroots_b, applicant)
        with pytest.raises(ValidationError):
            submit(tree.county_b, applicant)
        assert JoinRequest.objects.count() == 0


class TestApprove:
    def test_approval_registers_the_worker_and_issues_a_card(
        self, intake, tree, applicant, county_officer, django_capture_on_commit_callbacks, sms
    ) -> None:
        employer = EnterpriseFactory(unit=tree.grassroots_a)
        request = submit(tree.grassroots_a, applicant, employer=employer).request
        with django_capture_on_commit_callbacks(execute=True):
            membership = services.join_request_approve(by=county_officer, join_request=request)
        assert membership.card_number == f"{tree.grassroots_a.code}-000001"
        assert membership.status == MembershipStatus.ACTIVE
        assert membership.joined_on == timezone.localdate()
        person = membership.person
        assert person.name == "周小明" and person.unit == tree.grassroots_a
        assert person.phone == PHONE and person.employer == employer
        assert person.user == applicant  # the record was made from this request
        request.refresh_from_db()
        assert request.status == JoinRequestStatus.APPROVED and request.person == person
        assert request.decided_by == county_officer and not request.decided_automatically
        assert sms.last_to(PHONE) is not None
        assert membership.card_number in sms.last_to(PHONE).text
        actions = set(AuditLog.objects.values_list("content_type__model", "action"))
        assert {
            ("person", "create"),
            ("membership", "create"),
            ("joinrequest", "update"),
        } <= actions

    def test_cards_are_numbered_in_order_per_unit(self, intake, tree, city_admin) -> None:
        cards = []
        for n in range(3):
            request = submit(
                tree.grassroots_a,
                UserFactory(),
                id_number=make_id_number("340802", datetime.date(1980, 1, 1 + n), 7, "male"),
                name=f"工人{'甲乙丙'[n]}",
                phone="",
            ).request
            cards.append(
                services.join_request_approve(by=city_admin, join_request=request).card_number
            )
        code = tree.grassroots_a.code
        assert cards == [f"{code}-000001", f"{code}-000002", f"{code}-000003"]

    def test_an_existing_worker_is_found_by_id_number(self, intake, tree, city_admin) -> None:
        person = PersonFactory(
            unit=tree.township_a, name="周小明", id_number=ID, phone="13700000001"
        )
        request = submit(tree.grassroots_a, UserFactory(), name="周小明").request
        membership = services.join_request_approve(by=city_admin, join_request=request)
        assert membership.person == person and Person.objects.count() == 1
        person.refresh_from_db()
        assert person.user is None  # another phone: the worker verifies to bind the account

    def test_rejection_and_rollback_consume_no_card_number(
        self, intake, tree, city_admin, django_capture_on_commit_callbacks, sms
    ) -> None:
        rejected = submit(tree.grassroots_a, UserFactory()).request
        with pytest.raises(ValidationError):
            services.join_request_reject(by=city_admin, join_request=rejected, reason="  ")
        with django_capture_on_commit_callbacks(execute=True):
            services.join_request_reject(
                by=city_admin, join_request=rejected, reason="非本单位职工"
            )
        rejected.refresh_from_db()
        assert rejected.status == JoinRequestStatus.REJECTED
        assert "非本单位职工" in sms.last_to(PHONE).text
        # A request refused before the allocation, and one whose membership cannot be
        # saved after it, leave the counter where it was.
        other = make_id_number("340802", datetime.date(1970, 2, 2), 9, "male")
        holder = PersonFactory(unit=tree.grassroots_b, name="王大", id_number=other)
        MembershipFactory(person=holder, unit=tree.grassroots_b)
        doomed = submit(tree.grassroots_a, UserFactory(), name="王小", id_number=other).request
        with pytest.raises(ValidationError):
            services.join_request_approve(by=city_admin, join_request=doomed)
        code = tree.grassroots_a.code
        clash = MembershipFactory(
            unit=tree.grassroots_a, person__unit=tree.grassroots_a, card_number=f"{code}-000001",
            status=MembershipStatus.ENDED, ended_on=datetime.date(2024, 1, 1),
            end_reason=EndReason.LEFT,
        )  # fmt: skip
        good = submit(
            tree.grassroots_a,
            UserFactory(),
            id_number=make_id_number("340802", datetime.date(1999, 9, 9), 3, "female"),
        ).request
        people = Person.objects.count()
        with pytest.raises(IntegrityError):
            services.join_request_approve(by=city_admin, join_request=good)
        assert MembershipSettings.objects.get(unit=tree.grassroots_a).last_card_number == 0
        assert Person.objects.count() == people
        good.refresh_from_db()
        assert good.status == JoinRequestStatus.PENDING
        Membership.objects.filter(pk=clash.pk).delete()
        card = services.join_request_approve(by=city_admin, join_request=good).card_number
        assert card == f"{code}-000001"

    def test_a_decided_request_cannot_be_decided_again(self, intake, tree, city_admin) -> None:
        request = submit(tree.grassroots_a, UserFactory()).request
        services.join_request_approve(by=city_admin, join_request=request)
        before = state()
        with pytest.raises(ValidationError):
            services.join_request_approve(by=city_admin, join_request=request)
        with pytest.raises(ValidationError):
            services.join_request_reject(by=city_admin, join_request=request, reason="x")
        assert state() == before

    @pytest.mark.parametrize("persona", ["grassroots_officer", "auditor", "outsider"])
    def test_approval_outside_the_grants_is_refused(self, intake, tree, request, persona) -> None:
        join_request = submit(tree.grassroots_a, UserFactory()).request
        before = state()
        with pytest.raises(PermissionDenied):
            services.join_request_approve(
                by=request.getfixturevalue(persona), join_request=join_request
            )
        with pytest.raises(PermissionDenied):
            services.join_request_reject(
                by=request.getfixturevalue(persona), join_request=join_request, reason="x"
            )
        assert state() == before

    def test_automatic_approval_happens_at_submission(self, intake, tree, applicant) -> None:
        MembershipSettings.objects.filter(unit=tree.grassroots_b).update(auto_approve=True)
        submission = submit(tree.grassroots_b, applicant)
        request = submission.request
        assert request.status == JoinRequestStatus.APPROVED and request.decided_automatically
        assert request.decided_by is None
        assert request.membership.card_number == f"{tree.grassroots_b.code}-000001"
        assert request.person.user == applicant
        again = submit(tree.grassroots_b, applicant)
        assert not again.created and again.request.pk == request.pk
        assert Membership.objects.count() == 1 and JoinRequest.objects.count() == 1

    def test_batch_approval_reports_each_failure(self, intake, tree, city_admin) -> None:
        holder = PersonFactory(unit=tree.grassroots_b, name="王大", id_number=ID)
        MembershipFactory(person=holder, unit=tree.grassroots_b)
        transfer = submit(tree.grassroots_a, UserFactory(), name="王大", wants_transfer=True)
        fine = [
            submit(
                tree.grassroots_a,
                UserFactory(),
                name="新会员",
                id_number=make_id_number("340802", datetime.date(1991, 1, 1 + n), 5, "male"),
            ).request
            for n in range(2)
        ]
        result = services.join_requests_approve_batch(
            by=city_admin, join_requests=[fine[0], transfer.request, fine[1]]
        )
        assert [m.join_request_id for m in result.approved] == [fine[0].pk, fine[1].pk]
        assert [r.pk for r, _reason in result.failed] == [transfer.request.pk]
        assert "转" in result.failed[0][1]


class TestActiveElsewhere:
    @pytest.fixture
    def member(self, tree: Tree) -> Membership:
        person = PersonFactory(unit=tree.grassroots_b, name="周小明", id_number=ID)
        return MembershipFactory(person=person, unit=tree.grassroots_b)

    def test_the_applicant_is_told_where_and_nothing_is_written(
        self, intake, tree, applicant, member
    ) -> None:
        before = state()
        with pytest.raises(services.ActiveElsewhere) as caught:
            submit(tree.grassroots_a, applicant, name="周小明")
        assert caught.value.membership == member
        assert tree.grassroots_b.name in caught.value.messages[0]
        assert state() == before

    def test_a_transfer_wish_is_recorded_and_cannot_be_approved_as_a_new_membership(
        self, intake, tree, applicant, member, city_admin
    ) -> None:
        MembershipSettings.objects.filter(unit=tree.grassroots_a).update(auto_approve=True)
        request = submit(
            tree.grassroots_a, applicant, name="周小明", wants_transfer=True, note="三月换了工作"
        ).request
        assert request.status == JoinRequestStatus.PENDING  # never approved automatically
        assert request.wants_transfer and request.transfer_from == tree.grassroots_b
        assert request.note == "三月换了工作"
        with pytest.raises(ValidationError) as caught:
            services.join_request_approve(by=city_admin, join_request=request)
        assert caught.value.code == "transfer"
        member.refresh_from_db()
        assert member.status == MembershipStatus.ACTIVE

    def test_a_member_of_the_same_union_is_told_so(self, intake, tree, applicant, member) -> None:
        with pytest.raises(ValidationError) as caught:
            submit(tree.grassroots_b, applicant, name="周小明")
        assert caught.value.code == "already_member"

    def test_a_different_name_reveals_nothing_and_is_flagged_for_staff(
        self, intake, tree, applicant, member
    ) -> None:
        MembershipSettings.objects.filter(unit=tree.grassroots_a).update(auto_approve=True)
        submission = submit(tree.grassroots_a, applicant, name="李四")
        request = submission.request
        assert submission.created and request.registered_name_differs
        assert request.status == JoinRequestStatus.PENDING and not request.wants_transfer


class TestMembership:
    def test_at_most_one_active_membership_is_a_database_constraint(self, tree) -> None:
        first = MembershipFactory(unit=tree.grassroots_a, person__unit=tree.grassroots_a)
        with pytest.raises(IntegrityError), transaction.atomic():
            MembershipFactory(person=first.person, unit=tree.grassroots_b)
        first.status = MembershipStatus.ENDED
        first.ended_on = datetime.date(2024, 1, 1)
        first.end_reason = EndReason.LEFT
        first.save()
        MembershipFactory(person=first.person, unit=tree.grassroots_b)
        assert first.person.memberships.count() == 2

    def test_an_ended_membership_needs_a_date_and_a_reason(self, tree) -> None:
        membership = MembershipFactory(unit=tree.grassroots_a, person__unit=tree.grassroots_a)
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.filter(pk=membership.pk).update(status=MembershipStatus.ENDED)

    def test_ending_keeps_the_history(self, tree, county_officer) -> None:
        membership = MembershipFactory(unit=tree.grassroots_a, person__unit=tree.grassroots_a)
        ended = services.membership_end(
            by=county_officer,
            membership=membership,
            reason=EndReason.RETIRED,
            ended_on=datetime.date(2025, 3, 31),
            note="到龄退休",
        )
        assert ended.status == MembershipStatus.ENDED and ended.end_reason == EndReason.RETIRED
        assert Membership.objects.filter(pk=membership.pk).exists()
        with pytest.raises(ValidationError):
            services.membership_end(
                by=county_officer,
                membership=membership,
                reason=EndReason.LEFT,
                ended_on=datetime.date(2025, 4, 1),
            )

    @pytest.mark.parametrize(
        ("reason", "ended_on"),
        [
            (EndReason.TRANSFERRED, datetime.date(2025, 1, 1)),
            ("fired", datetime.date(2025, 1, 1)),
            (EndReason.LEFT, datetime.date(2019, 1, 1)),  # before joining
            (EndReason.LEFT, datetime.date(2999, 1, 1)),
        ],
    )
    def test_ending_refuses_bad_input(self, tree, county_officer, reason, ended_on) -> None:
        membership = MembershipFactory(unit=tree.grassroots_a, person__unit=tree.grassroots_a)
        with pytest.raises(ValidationError):
            services.membership_end(
                by=county_officer, membership=membership, reason=reason, ended_on=ended_on
            )
        membership.refresh_from_db()
        assert membership.status == MembershipStatus.ACTIVE

    def test_a_verified_member_is_never_deleted(self, tree, city_admin) -> None:
        membership = MembershipFactory(unit=tree.grassroots_a, person__unit=tree.grassroots_a)
        Person.objects.filter(pk=membership.person_id).update(user=UserFactory())
        with pytest.raises(ValidationError):
            services.membership_delete(by=city_admin, membership=membership)
        with pytest.raises(PermissionDenied):
            Membership.objects.get(pk=membership.pk).delete()
        with pytest.raises(PermissionDenied):
            Membership.objects.filter(pk=membership.pk).delete()
        with pytest.raises(ProtectedError):
            Person.objects.get(pk=membership.person_id).delete()
        assert Membership.objects.filter(pk=membership.pk).exists()

    def test_an_unverified_mistake_can_be_deleted_by_an_admin_only(
        self, tree, city_admin, county_officer
    ) -> None:
        membership = MembershipFactory(unit=tree.grassroots_a, person__unit=tree.grassroots_a)
        with pytest.raises(PermissionDenied):
            services.membership_delete(by=county_officer, membership=membership)
        services.membership_delete(by=city_admin, membership=membership)
        assert not Membership.objects.filter(pk=membership.pk).exists()
        assert AuditLog.objects.filter(action=AuditAction.DELETE).count() == 1

    def test_registering_at_the_desk(self, tree, grassroots_officer, county_officer) -> None:
        person = PersonFactory(unit=tree.grassroots_b)
        membership = services.membership_register(
            by=grassroots_officer, person=person, unit=tree.grassroots_b
        )
        assert membership.channel == JoinChannel.DESK
        assert membership.card_number == f"{tree.grassroots_b.code}-000001"
        with pytest.raises(ValidationError):
            services.membership_register(
                by=grassroots_officer, person=person, unit=tree.grassroots_b
            )
        with pytest.raises(PermissionDenied):
            services.membership_register(
                by=county_officer,
                person=PersonFactory(unit=tree.grassroots_b),
                unit=tree.grassroots_b,
            )


class TestSettings:
    def test_only_member_taking_units_get_a_join_code(self, tree, city_admin) -> None:
        with pytest.raises(ValidationError):
            services.membership_settings_enable(by=city_admin, unit=tree.county_a)
        joint = OrgUnitFactory(parent=tree.township_a, kind=UnitKind.JOINT)
        row = services.membership_settings_enable(by=city_admin, unit=joint)
        other = services.membership_settings_enable(
            by=city_admin, unit=OrgUnitFactory(parent=tree.township_a, kind=UnitKind.JOINT)
        )
        assert len(row.join_token) >= 20 and row.join_token != other.join_token
        assert services.membership_settings_enable(by=city_admin, unit=joint) == row

    def test_a_new_token_retires_the_old_one(self, intake, tree, grassroots_officer) -> None:
        from gonghui.membership.selectors import settings_for_join

        old = intake["b"].join_token
        row = services.join_token_regenerate(by=grassroots_officer, settings_row=intake["b"])
        assert row.join_token != old
        assert settings_for_join(old) is None and settings_for_join(row.join_token) == row

    def test_settings_of_another_unit_are_refused(self, intake, grassroots_officer) -> None:
        with pytest.raises(PermissionDenied):
            services.membership_settings_update(
                by=grassroots_officer, settings_row=intake["a"], takes_members=False,
                auto_approve=True,
            )  # fmt: skip
        with pytest.raises(PermissionDenied):
            services.join_token_regenerate(by=grassroots_officer, settings_row=intake["a"])
        intake["a"].refresh_from_db()
        assert intake["a"].takes_members and not intake["a"].auto_approve


class TestVerify:
    @pytest.fixture
    def member(self, tree: Tree) -> Membership:
        person = PersonFactory(unit=tree.grassroots_b, name="周小明", id_number=ID)
        return MembershipFactory(person=person, unit=tree.grassroots_b)

    def test_name_and_id_number_bind_the_account(self, member) -> None:
        user = UserFactory()
        person = services.member_verify(user=user, name="周小明", id_number=ID.lower())
        assert person == member.person
        member.person.refresh_from_db()
        assert member.person.user == user
        assert AuditLog.objects.filter(object_id=str(person.pk), action="update").exists()

    def test_wrong_name_and_unknown_number_get_the_same_answer(self, member, tree) -> None:
        unknown = make_id_number("340822", datetime.date(1960, 1, 1), 1, "male")
        ended = PersonFactory(unit=tree.grassroots_b, name="钱七")
        MembershipFactory(
            person=ended, unit=tree.grassroots_b, status=MembershipStatus.ENDED,
            ended_on=datetime.date(2024, 1, 1), end_reason=EndReason.LEFT,
        )  # fmt: skip
        answers = set()
        for name, number in (("李四", ID), ("周小明", unknown), ("钱七", ended.id_number)):
            with pytest.raises(ValidationError) as caught:
                services.member_verify(user=UserFactory(), name=name, id_number=number)
            answers.add((caught.value.code, tuple(caught.value.messages)))
        assert len(answers) == 1
        member.person.refresh_from_db()
        assert member.person.user is None

    def test_a_record_bound_to_another_account_is_refused(self, member) -> None:
        Person.objects.filter(pk=member.person_id).update(user=UserFactory())
        with pytest.raises(ValidationError) as caught:
            services.member_verify(user=UserFactory(), name="周小明", id_number=ID)
        assert caught.value.code == "no_match"

    def test_tries_are_limited(self, member) -> None:
        user = UserFactory()
        for _ in range(services.VERIFY_FAILURES_PER_HOUR):
            with pytest.raises(ValidationError):
                services.member_verify(user=user, name="错误", id_number=ID)
        with pytest.raises(ValidationError) as caught:
            services.member_verify(user=user, name="周小明", id_number=ID)
        assert caught.value.code == "rate_limited"
        assert "秒" in caught.value.messages[0]
        member.person.refresh_from_db()
        assert member.person.user is None
