"""Worker requests: routing, the two clocks, the life cycle with reply, rating and reopening,
every illegal move refused, escalation of overdue requests as a job."""

from __future__ import annotations

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from gonghui.background.models import BackgroundJob, JobStatus
from gonghui.casework.choices import CaseState, Channel, EventType
from gonghui.casework.kinds import get_kind
from gonghui.casework.models import Case
from gonghui.casework.services import (
    case_accept,
    case_add_note,
    case_close,
    case_reject,
    case_resolve,
    case_start,
    case_transition,
    case_withdraw,
)
from gonghui.conftest import Tree
from gonghui.core.tests.factories import UserFactory
from gonghui.rights import services
from gonghui.rights.choices import LEGAL_AID_KIND, REQUEST_KIND, WAGE_ARREARS_KIND
from gonghui.rights.models import RequestCategory, RequestEscalation, WorkerRequest
from gonghui.rights.tests.conftest import open_arrears, open_legal_aid, record_request

pytestmark = pytest.mark.django_db
S = CaseState
T0 = datetime.datetime(2025, 6, 2, 9, 0, tzinfo=datetime.UTC)


def at(moment: datetime.datetime) -> mock._patch:  # type: ignore[type-arg]
    return mock.patch("django.utils.timezone.now", return_value=moment)


def fresh(case: Case) -> Case:
    return Case.objects.select_related("unit").get(pk=case.pk)


# Routing --------------------------------------------------------------------------------


def test_a_hotline_request_goes_to_the_employers_union(tree: Tree, city_admin, zhang, factory_a):
    case = record_request(city_admin, zhang, tree.city, employer=factory_a)
    assert case.unit == tree.grassroots_a
    assert case.channel == Channel.HOTLINE
    assert case.reference.startswith("SQ-")
    assert WorkerRequest.objects.get(pk=case.pk).employer == factory_a


def test_without_employer_the_receiving_unit_handles_it(tree: Tree, city_admin, zhang):
    case = record_request(city_admin, zhang, tree.county_a, employer_name="某个体工地")
    assert case.unit == tree.county_a
    assert WorkerRequest.objects.get(pk=case.pk).employer_display == "某个体工地"


def test_an_employer_outside_the_recorders_scope_is_refused(tree: Tree, grassroots_officer, zhang):
    with pytest.raises(PermissionDenied):
        record_request(grassroots_officer, zhang, tree.grassroots_b)
    assert not Case.objects.exists()


def test_a_request_without_description_is_refused(tree: Tree, city_admin, zhang):
    with pytest.raises(ValidationError) as error:
        record_request(city_admin, zhang, tree.city, description="   ")
    assert "description" in error.value.message_dict
    assert not Case.objects.exists()


def test_an_inactive_category_is_refused(tree: Tree, city_admin, zhang, wages):
    RequestCategory.objects.filter(pk=wages.pk).update(is_active=False)
    wages.refresh_from_db()
    with pytest.raises(ValidationError):
        record_request(city_admin, zhang, tree.city, category=wages)


# The two clocks --------------------------------------------------------------------------


def test_urgent_request_first_response_within_two_hours(tree: Tree, city_admin, zhang):
    with at(T0):
        case = record_request(city_admin, zhang, tree.city, urgent=True)
    assert case.due_at == T0 + datetime.timedelta(hours=2)
    assert case.sla_status_at(T0 + datetime.timedelta(minutes=30)) == "on_time"
    assert case.sla_status_at(T0 + datetime.timedelta(hours=1, minutes=45)) == "at_risk"
    assert case.sla_status_at(T0 + datetime.timedelta(hours=2, minutes=1)) == "overdue"


def test_after_acceptance_the_resolution_clock_runs(tree: Tree, city_admin, zhang, wages):
    with at(T0):
        case = record_request(city_admin, zhang, tree.city)
    assert case.due_at == T0 + datetime.timedelta(hours=wages.response_hours)
    with at(T0 + datetime.timedelta(hours=1)):
        case = case_accept(by=city_admin, case=case, expected_version=case.version)
    assert case.due_at == T0 + datetime.timedelta(hours=wages.resolution_hours)
    with at(T0 + datetime.timedelta(days=3)):
        case = case_resolve(
            by=city_admin, case=case, reply="已协调发放。", expected_version=case.version
        )
    assert case.sla_status_at(T0 + datetime.timedelta(days=20)) == "met"


def test_category_hours_are_data_staff_change(tree: Tree, city_admin, zhang, wages):
    RequestCategory.objects.filter(pk=wages.pk).update(response_hours=8, urgent_response_hours=1)
    with at(T0):
        normal = record_request(city_admin, zhang, tree.city)
        urgent = record_request(city_admin, zhang, tree.city, urgent=True)
    assert normal.due_at == T0 + datetime.timedelta(hours=8)
    assert urgent.due_at == T0 + datetime.timedelta(hours=1)


def test_a_reopened_request_counts_its_time_again_from_the_reopening(
    tree: Tree, city_admin, zhang, wages
):
    with at(T0):
        case = record_request(city_admin, zhang, tree.city)
        case = case_accept(by=city_admin, case=case, expected_version=case.version)
        case = case_resolve(
            by=city_admin, case=case, reply="已答复。", expected_version=case.version
        )
    reopened = T0 + datetime.timedelta(days=30)
    with at(reopened):
        case = services.request_reopen(
            by=city_admin, case=case, reason="职工不满意。", expected_version=case.version
        )
    assert case.state == S.IN_PROGRESS
    assert case.due_at == reopened + datetime.timedelta(hours=wages.resolution_hours)


# The life cycle ---------------------------------------------------------------------------


def test_full_life_cycle_with_reply_rating_and_reopening(tree: Tree, city_admin, worker, zhang):
    case = record_request(city_admin, zhang, tree.city, employer=zhang.employer)
    case = case_accept(by=city_admin, case=case, expected_version=case.version)
    case = case_start(by=city_admin, case=case, expected_version=case.version)
    case_add_note(by=city_admin, case=case, note="已联系企业人事部门。")  # internal
    with pytest.raises(ValidationError):  # every request gets its reply
        case_resolve(by=city_admin, case=case, reply="  ", expected_version=case.version)
    case = case_resolve(
        by=city_admin, case=case, reply="企业已补发工资。", expected_version=case.version
    )
    # the worker rates the reply, unhappy, and asks for reopening
    detail = services.request_rate(
        by=worker, case=case, score=2, comment="只补发了一半", ask_reopen=True
    )
    assert detail.satisfaction == 2 and detail.reopen_requested
    with pytest.raises(ValidationError):  # once per reply
        services.request_rate(by=worker, case=case, score=5)
    case = services.request_reopen(
        by=city_admin,
        case=fresh(case),
        reason="职工反映只补发一半。",
        expected_version=fresh(case).version,
    )
    assert case.state == S.IN_PROGRESS and case.resolved_at is None
    assert not WorkerRequest.objects.get(pk=case.pk).reopen_requested
    case = case_resolve(
        by=city_admin, case=case, reply="已全部补发。", expected_version=case.version
    )
    detail = services.request_rate(by=worker, case=case, score=5)  # the new reply can be rated
    assert detail.satisfaction == 5
    case = case_close(by=city_admin, case=fresh(case), expected_version=fresh(case).version)
    assert case.state == S.CLOSED
    # a closed case takes no more changes
    with pytest.raises(ValidationError):
        case_add_note(by=city_admin, case=case, note="补充")
    with pytest.raises(ValidationError):
        case_transition(
            by=city_admin,
            case=case,
            to_state=S.IN_PROGRESS,
            note="x",
            expected_version=case.version,
        )
    moves = list(
        case.events.filter(event_type=EventType.TRANSITION).values_list("from_state", "to_state")
    )
    assert (S.RESOLVED, S.IN_PROGRESS) in moves  # the reopening is on the record


def test_rating_rules(tree: Tree, city_admin, worker, zhang, wang):
    case = record_request(city_admin, zhang, tree.city)
    with pytest.raises(ValidationError):  # not answered yet
        services.request_rate(by=worker, case=case, score=4)
    case = case_accept(by=city_admin, case=case, expected_version=case.version)
    case = case_resolve(by=city_admin, case=case, reply="答复", expected_version=case.version)
    with pytest.raises(ValidationError):
        services.request_rate(by=worker, case=case, score=6)
    with pytest.raises(ValidationError):  # reopening is for the dissatisfied
        services.request_rate(by=worker, case=case, score=4, ask_reopen=True)
    other = UserFactory()
    wang.user = other
    wang.save()
    with pytest.raises(PermissionDenied):  # another worker
        services.request_rate(by=other, case=case, score=1)
    assert WorkerRequest.objects.get(pk=case.pk).satisfaction is None


KINDS = [REQUEST_KIND, LEGAL_AID_KIND, WAGE_ARREARS_KIND]


def _case_in(state: str, kind: str, by, tree: Tree, person) -> Case:
    opener = {REQUEST_KIND: record_request, LEGAL_AID_KIND: open_legal_aid,
              WAGE_ARREARS_KIND: open_arrears}[kind]  # fmt: skip
    case = opener(by, person, tree.county_a)
    paths = {
        S.SUBMITTED: [],
        S.ACCEPTED: [S.ACCEPTED],
        S.IN_PROGRESS: [S.ACCEPTED, S.IN_PROGRESS],
        S.RESOLVED: [S.ACCEPTED, S.RESOLVED],
        S.REJECTED: [S.REJECTED],
        S.WITHDRAWN: [S.WITHDRAWN],
        S.CLOSED: [S.REJECTED, S.CLOSED],
    }
    for to in paths[state]:
        case = case_transition(
            by=by, case=case, to_state=to, note="说明", expected_version=case.version
        )
    return case


@pytest.mark.parametrize("kind", KINDS)
def test_every_illegal_move_is_refused(tree: Tree, city_admin, zhang, kind):
    table = get_kind(kind)
    for state in S.values:
        case = _case_in(state, kind, city_admin, tree, zhang)
        assert case.state == state
        for target in set(S.values) - table.targets(state):
            with pytest.raises(ValidationError):
                case_transition(
                    by=city_admin,
                    case=case,
                    to_state=target,
                    note="说明",
                    expected_version=case.version,
                )
            assert fresh(case).state == state and fresh(case).version == case.version


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_runs_its_life_cycle(tree: Tree, city_admin, county_officer, zhang, kind):
    case = _case_in(S.SUBMITTED, kind, city_admin, tree, zhang)
    case = case_accept(by=county_officer, case=case, expected_version=case.version)
    case = case_start(by=county_officer, case=case, expected_version=case.version)
    case = case_resolve(by=county_officer, case=case, reply="办结", expected_version=case.version)
    case = case_close(by=county_officer, case=case, expected_version=case.version)
    assert case.state == S.CLOSED and case.closed_at is not None
    other = _case_in(S.SUBMITTED, kind, city_admin, tree, zhang)
    other = case_reject(
        by=county_officer, case=other, reason="不属于受理范围", expected_version=other.version
    )
    assert other.state == S.REJECTED
    third = _case_in(S.SUBMITTED, kind, city_admin, tree, zhang)
    third = case_withdraw(by=city_admin, case=third, expected_version=third.version)
    assert third.state == S.WITHDRAWN


# Escalation ------------------------------------------------------------------------------


def test_escalation_runs_as_a_job_once_per_level(tree: Tree, city_admin, zhang, wages):
    with at(T0):
        case = record_request(city_admin, zhang, tree.city, employer=zhang.employer)
        on_time = record_request(city_admin, zhang, tree.city)  # city has no unit above
    assert case.unit == tree.grassroots_a
    late = T0 + datetime.timedelta(hours=wages.response_hours + 1)
    with at(late):
        call_command("escalate_overdue", "--as", "city_admin", stdout=StringIO())
    case = fresh(case)
    assert case.unit == tree.township_a
    job = BackgroundJob.objects.get(kind="rights.escalate")
    assert job.status == JobStatus.SUCCEEDED and job.created_by == city_admin
    assert job.result["escalated"] == 1
    event = case.events.get(event_type=EventType.REASSIGNED)
    assert "逾期" in event.note or "Overdue" in event.note
    assert fresh(on_time).unit == tree.city  # nothing above the city
    # again at once: the unit above still has its time, nothing changes
    with at(late + datetime.timedelta(minutes=15)):
        result = services.request_escalate_overdue(by=city_admin)
    assert result.escalated == [] and fresh(case).version == case.version
    # after the grace period it goes one level further, and only once from each unit
    later = late + datetime.timedelta(hours=25)
    with at(later):
        assert services.request_escalate_overdue(by=city_admin).escalated == [case.reference]
        assert services.request_escalate_overdue(by=city_admin).escalated == []
    assert fresh(case).unit == tree.county_a
    assert list(
        RequestEscalation.objects.filter(case=case).values_list("from_unit", "to_unit")
    ) == [(tree.grassroots_a.pk, tree.township_a.pk), (tree.township_a.pk, tree.county_a.pk)]


def test_escalation_stays_within_the_users_scope(tree: Tree, city_admin, county_officer, zhang):
    with at(T0):
        case = record_request(city_admin, zhang, tree.county_a)
    with at(T0 + datetime.timedelta(days=3)):
        result = services.request_escalate_overdue(by=county_officer)
    assert result.escalated == [] and result.skipped[0][0] == case.reference
    assert fresh(case).unit == tree.county_a  # the city is outside county A's grant


def test_answered_requests_are_not_escalated(tree: Tree, city_admin, zhang):
    with at(T0):
        case = record_request(city_admin, zhang, tree.county_a)
        case = case_accept(by=city_admin, case=case, expected_version=case.version)
        case_resolve(by=city_admin, case=case, reply="答复", expected_version=case.version)
    with at(T0 + datetime.timedelta(days=60)):
        assert services.request_escalate_overdue(by=city_admin).escalated == []


def test_the_command_needs_a_staff_account(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("escalate_overdue", "--as", "nobody")
    assert not BackgroundJob.objects.exists()
    assert timezone.now()  # the clock is real again
