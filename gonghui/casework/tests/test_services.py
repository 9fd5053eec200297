"""The casework services: submitting, the state machine, who may move a case, conflicts."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from gonghui.casework import services
from gonghui.casework.choices import CaseState, Channel, EventType
from gonghui.casework.models import Case, CaseEvent, CaseReferenceCounter
from gonghui.casework.services import CaseConflict, case_submit, case_transition
from gonghui.casework.tests.conftest import SIGNUP, submit
from gonghui.casework.tests.sample_kind.models import SampleRequest
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog

pytestmark = [pytest.mark.django_db]

S = CaseState


def frozen(case: Case) -> tuple[Any, ...]:
    """What a refused write must leave as it was."""
    row = Case.objects.values().get(pk=case.pk)
    return (
        row,
        list(CaseEvent.objects.filter(case=case).values_list("pk", "event_type", "note")),
        AuditLog.objects.count(),
    )


def move(by: Any, case: Case, to: str, note: str = "", version: int | None = None) -> Case:
    case.refresh_from_db()
    return case_transition(
        by=by,
        case=case,
        to_state=to,
        note=note,
        expected_version=case.version if version is None else version,
    )


class TestSubmit:
    def test_creates_the_case_its_detail_event_deadline_and_audit(
        self, tree, zhang, county_officer
    ) -> None:
        before = timezone.now()
        case = submit(
            county_officer,
            tree.grassroots_a,
            zhang,
            title="  拖欠   工资 ",
            channel=Channel.HOTLINE,
            detail={"category": "wages", "amount": "3200.00"},
        )
        today = timezone.localdate()
        assert re.fullmatch(rf"SR-{today:%Y%m%d}-0001", case.reference)
        assert (case.state, case.version, case.title) == (S.SUBMITTED, 1, "拖欠 工资")
        assert case.channel == Channel.HOTLINE and case.created_by == county_officer
        detail = SampleRequest.objects.get(pk=case.pk)
        assert (detail.category, str(detail.amount)) == ("wages", "3200.00")
        assert case.due_at == case.submitted_at + datetime.timedelta(hours=72)
        assert case.at_risk_at == case.submitted_at + datetime.timedelta(hours=72 * 0.8)
        assert case.submitted_at >= before
        event = case.events.get()
        assert (event.event_type, event.to_state, event.by) == (
            EventType.SUBMITTED,
            S.SUBMITTED,
            county_officer,
        )
        logs = AuditLog.objects.filter(action=AuditAction.CREATE).order_by("pk")
        assert [log.content_type.model for log in logs] == ["case", "samplerequest"]
        assert all(log.unit_id == tree.grassroots_a.pk for log in logs)

    def test_references_count_per_prefix_and_day(self, tree, zhang, city_admin) -> None:
        first = submit(city_admin, tree.grassroots_a, zhang)
        second = submit(city_admin, tree.grassroots_a, zhang)
        signup = submit(city_admin, tree.grassroots_a, zhang, kind=SIGNUP, title="报名")
        assert first.reference.endswith("-0001") and second.reference.endswith("-0002")
        assert signup.reference.startswith("SU-") and signup.reference.endswith("-0001")
        assert services.next_reference("SR").endswith("-0003")

    def test_the_applicant_submits_their_own_case_through_the_portal(
        self, tree, zhang, worker
    ) -> None:
        case = submit(worker, tree.grassroots_a, zhang, channel=Channel.LETTER)
        assert case.channel == Channel.PORTAL and case.created_by == worker

    @pytest.mark.parametrize("persona", ["outsider", "auditor", "grassroots_officer"])
    def test_refused_submissions_write_nothing(self, tree, zhang, request, persona) -> None:
        user = request.getfixturevalue(persona)
        counts = (Case.objects.count(), AuditLog.objects.count())
        with pytest.raises(PermissionDenied):
            submit(user, tree.grassroots_a, zhang)
        assert (Case.objects.count(), AuditLog.objects.count()) == counts
        assert not CaseReferenceCounter.objects.exists()

    def test_someone_elses_login_is_not_the_applicant(self, tree, zhang, wang, worker) -> None:
        with pytest.raises(PermissionDenied):
            submit(worker, tree.grassroots_b, wang)

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"kind": "nonsense.kind"}, "kind"),
            ({"title": "   "}, "title"),
            ({"channel": "pigeon"}, "channel"),
            ({"detail": {"category": "bribes"}}, "category"),
            (
                {"submitted_at": timezone.now() + datetime.timedelta(days=1)},
                "submitted_at",
            ),
        ],
    )
    def test_bad_input_is_refused_and_writes_nothing(
        self, tree, zhang, city_admin, fields, field
    ) -> None:
        with translation.override("zh-hans"), pytest.raises(ValidationError) as info:
            submit(city_admin, tree.grassroots_a, zhang, **fields)
        assert field in info.value.message_dict
        assert not Case.objects.exists() and not AuditLog.objects.exists()
        assert not CaseReferenceCounter.objects.exists()

    def test_a_dissolved_unit_takes_no_cases(self, tree, zhang, city_admin) -> None:
        tree.grassroots_a.status = "dissolved"
        tree.grassroots_a.save()
        with pytest.raises(ValidationError):
            submit(city_admin, tree.grassroots_a, zhang)

    def test_unknown_detail_fields_are_a_programming_error(self, tree, zhang, city_admin) -> None:
        with pytest.raises(ValueError):
            submit(city_admin, tree.grassroots_a, zhang, detail={"colour": "red"})
        with pytest.raises(ValueError):
            submit(city_admin, tree.grassroots_a, zhang, kind=SIGNUP, detail={"a": 1})

    def test_a_letter_is_dated_when_it_arrived(self, tree, zhang, city_admin) -> None:
        arrived = timezone.now() - datetime.timedelta(days=4)
        case = submit(city_admin, tree.grassroots_a, zhang, submitted_at=arrived)
        assert case.due_at == arrived + datetime.timedelta(hours=72)
        assert case.sla_status == "overdue"


class TestStateMachine:
    def test_the_whole_way_with_timestamps_and_events(self, case_a, county_officer) -> None:
        case = move(county_officer, case_a, S.ACCEPTED)
        assert case.accepted_at is not None and case.version == 2
        case = move(county_officer, case, S.IN_PROGRESS)
        case = services.case_resolve(
            by=county_officer, case=case, reply="已协调企业补发工资。", expected_version=3
        )
        assert case.resolved_at is not None and case.finished_at == case.resolved_at
        case = services.case_close(by=county_officer, case=case, expected_version=4)
        assert case.closed_at is not None and case.state == S.CLOSED
        stored = Case.objects.get(pk=case.pk)
        assert (stored.state, stored.version) == (S.CLOSED, 5)
        moves = list(
            case.events.filter(event_type=EventType.TRANSITION).values_list(
                "from_state", "to_state"
            )
        )
        assert moves == [
            (S.SUBMITTED, S.ACCEPTED),
            (S.ACCEPTED, S.IN_PROGRESS),
            (S.IN_PROGRESS, S.RESOLVED),
            (S.RESOLVED, S.CLOSED),
        ]
        assert case.events.get(to_state=S.RESOLVED).note == "已协调企业补发工资。"
        assert AuditLog.objects.filter(action=AuditAction.UPDATE, object_id=case.pk).count() == 4

    @pytest.mark.parametrize(
        ("path", "target", "words"),
        [
            ([], S.RESOLVED, ("已提交", "办结")),
            ([], S.CLOSED, ("已提交", "归档")),
            ([S.ACCEPTED, S.IN_PROGRESS], S.REJECTED, ("办理中", "不予受理")),
            ([S.WITHDRAWN], S.ACCEPTED, ("已撤回", "受理")),
        ],
    )
    def test_an_illegal_move_is_refused_in_chinese_and_changes_nothing(
        self, case_a, county_officer, path, target, words
    ) -> None:
        for state in path:
            case_a = move(county_officer, case_a, state)
        before = frozen(case_a)
        with translation.override("zh-hans"), pytest.raises(ValidationError) as info:
            move(county_officer, case_a, target, note="理由")
        message = " ".join(info.value.messages)
        assert all(word in message for word in words), message
        assert frozen(case_a) == before

    def test_a_closed_case_is_final(self, case_a, county_officer) -> None:
        for state in (S.REJECTED, S.CLOSED):
            case_a = move(county_officer, case_a, state, note="不属于工会受理范围")
        for target in S.values:
            before = frozen(case_a)
            with pytest.raises(ValidationError):
                move(county_officer, case_a, target, note="x")
            assert frozen(case_a) == before

    @pytest.mark.parametrize(("target", "path"), [(S.REJECTED, []), (S.RESOLVED, [S.ACCEPTED])])
    def test_reject_needs_a_reason_and_resolve_a_reply(
        self, case_a, county_officer, target, path
    ) -> None:
        for state in path:
            case_a = move(county_officer, case_a, state)
        before = frozen(case_a)
        with translation.override("zh-hans"), pytest.raises(ValidationError) as info:
            move(county_officer, case_a, target, note="   ")
        assert "note" in info.value.message_dict
        assert re.search("[\u4e00-\u9fff]", info.value.message_dict["note"][0])
        assert frozen(case_a) == before

    def test_unknown_state(self, case_a, county_officer) -> None:
        with pytest.raises(ValidationError) as info:
            move(county_officer, case_a, "teleported")
        assert "to_state" in info.value.message_dict

    def test_reopening_clears_the_finish(self, case_a, county_officer) -> None:
        case = move(county_officer, case_a, S.ACCEPTED)
        case = move(county_officer, case, S.RESOLVED, note="已答复")
        with pytest.raises(ValidationError):  # reopening needs its reason
            services.case_reopen(by=county_officer, case=case, note="", expected_version=3)
        case = services.case_reopen(
            by=county_officer, case=case, note="职工不满意", expected_version=3
        )
        assert case.state == S.IN_PROGRESS
        assert case.finished_at is None and case.resolved_at is None
        event = case.events.order_by("pk").last()
        assert (event.from_state, event.to_state, event.note) == (
            S.RESOLVED,
            S.IN_PROGRESS,
            "职工不满意",
        )

    def test_a_kind_with_its_own_table(self, tree, zhang, county_officer) -> None:
        case = submit(county_officer, tree.grassroots_a, zhang, kind=SIGNUP, title="报名参加培训")
        assert case.due_at is None and case.sla_status == "none"
        case = move(county_officer, case, S.ACCEPTED)
        with pytest.raises(ValidationError):
            move(county_officer, case, S.IN_PROGRESS)
        case = move(county_officer, case, S.RESOLVED, note="报名成功")
        with pytest.raises(ValidationError):  # no reopening for this kind
            move(county_officer, case, S.IN_PROGRESS, note="x")
        assert move(county_officer, case, S.CLOSED).state == S.CLOSED


@pytest.mark.access("casework.Case", "casework.CaseEvent")
class TestWhoMayMove:
    @pytest.mark.parametrize("persona", ["auditor", "outsider", "grassroots_officer", "worker"])
    def test_refused_handlers_change_nothing(self, case_a, request, persona) -> None:
        user = request.getfixturevalue(persona)
        before = frozen(case_a)
        with pytest.raises(PermissionDenied):
            move(user, case_a, S.ACCEPTED)
        assert frozen(case_a) == before

    def test_officers_in_scope_may_handle(self, case_a, case_b, county_officer, grassroots_officer):
        assert move(county_officer, case_a, S.ACCEPTED).state == S.ACCEPTED
        assert move(grassroots_officer, case_b, S.ACCEPTED).state == S.ACCEPTED
        with pytest.raises(PermissionDenied):
            move(county_officer, case_b, S.ACCEPTED)

    def test_the_applicant_may_withdraw_their_own_case_only(
        self, case_a, case_b, worker, tree, zhang
    ) -> None:
        before = frozen(case_b)
        with pytest.raises(PermissionDenied):
            move(worker, case_b, S.WITHDRAWN)
        assert frozen(case_b) == before
        case = services.case_withdraw(
            by=worker, case=case_a, note="已与公司协商解决", expected_version=1
        )
        assert case.state == S.WITHDRAWN and case.finished_at is not None
        log = AuditLog.objects.filter(action=AuditAction.UPDATE).get()
        assert log.user == worker and log.unit_id == tree.grassroots_a.pk
        with pytest.raises(PermissionDenied):  # closing is the union's
            move(worker, case, S.CLOSED)

    def test_staff_may_record_a_withdrawal(self, case_a, county_officer) -> None:
        assert move(county_officer, case_a, S.WITHDRAWN).state == S.WITHDRAWN


class TestConflicts:
    def test_a_stale_version_is_refused_and_changes_nothing(self, case_a, county_officer) -> None:
        stale = case_a.version
        move(county_officer, case_a, S.ACCEPTED)
        case_a.refresh_from_db()
        before = frozen(case_a)
        with translation.override("zh-hans"), pytest.raises(CaseConflict) as info:
            move(county_officer, case_a, S.REJECTED, note="重复", version=stale)
        assert info.value.messages == ["该事项已被其他人更新，请刷新后重试。"]
        assert frozen(case_a) == before

    def test_two_officers_with_the_same_version_one_wins(
        self, case_a, county_officer, city_admin
    ) -> None:
        version = case_a.version
        first = case_transition(
            by=county_officer, case=case_a, to_state=S.ACCEPTED, expected_version=version
        )
        with pytest.raises(CaseConflict):
            case_transition(
                by=city_admin, case=case_a, to_state=S.REJECTED, note="x", expected_version=version
            )
        with pytest.raises(CaseConflict):
            services.case_assign(
                by=city_admin, case=case_a, assignee=city_admin, expected_version=version
            )
        stored = Case.objects.get(pk=case_a.pk)
        assert (stored.state, stored.version, stored.assignee) == (S.ACCEPTED, first.version, None)

    def test_the_update_itself_is_conditional_on_the_version(
        self, case_a, county_officer, monkeypatch
    ) -> None:
        """Even if the lock were missing, the write over a changed version is refused."""
        real_lock = services._lock

        def lock_then_someone_else_writes(case: Case) -> Case:
            locked = real_lock(case)
            Case.objects.filter(pk=case.pk).update(version=locked.version + 1)
            return locked

        monkeypatch.setattr(services, "_lock", lock_then_someone_else_writes)
        with pytest.raises(CaseConflict):
            case_transition(by=county_officer, case=case_a, to_state=S.ACCEPTED, expected_version=1)
        assert Case.objects.get(pk=case_a.pk).state == S.SUBMITTED


class TestSubmitWithoutDetail:
    def test_kind_given_as_object(self, tree, zhang, city_admin) -> None:
        from gonghui.casework.kinds import get_kind

        case = case_submit(
            by=city_admin,
            kind=get_kind(SIGNUP),
            applicant=zhang,
            unit=tree.grassroots_a,
            title="报名",
        )
        assert case.kind == SIGNUP and get_kind(SIGNUP).detail_for(case) is None


def test_the_timeline_is_append_only(case_a) -> None:
    event = case_a.events.get()
    event.note = "改写"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    assert case_a.events.get().note == ""


def test_staff_recording_their_own_case_keep_the_channel(tree, city_admin) -> None:
    from gonghui.registry.tests.factories import PersonFactory

    own = PersonFactory(unit=tree.grassroots_a, name="赵六", user=city_admin)
    case = submit(city_admin, tree.grassroots_a, own, channel=Channel.WALK_IN)
    assert case.channel == Channel.WALK_IN
