"""Deadlines (computed in Python and queried in SQL alike), the queues, the kind registry."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from gonghui.casework import kinds as kind_registry
from gonghui.casework import selectors, services
from gonghui.casework.choices import CaseState, SlaStatus
from gonghui.casework.kinds import CaseKind, get_kind, kind_label, register_kind
from gonghui.casework.models import Case
from gonghui.casework.tests.conftest import REQUEST, SIGNUP, submit
from gonghui.casework.tests.sample_kind.models import SampleRequest
from gonghui.core.choices import Role
from gonghui.core.models import Grant
from gonghui.core.tests.factories import GrantFactory, UserFactory

pytestmark = pytest.mark.django_db

S = CaseState
HOUR = datetime.timedelta(hours=1)


def _backdated(by: Any, unit: Any, applicant: Any, hours_ago: float, **fields: Any) -> Case:
    return submit(by, unit, applicant, submitted_at=timezone.now() - hours_ago * HOUR, **fields)


@pytest.fixture
def grid(tree, zhang, wang, city_admin) -> dict[str, Case]:
    """One case per deadline standing (72 h to resolve, at risk after 57.6 h)."""
    cases = {
        "on_time": _backdated(city_admin, tree.grassroots_a, zhang, 1),
        "at_risk": _backdated(city_admin, tree.grassroots_a, zhang, 60),
        "overdue": _backdated(city_admin, tree.township_a, zhang, 80),
        "overdue_b": _backdated(city_admin, tree.grassroots_b, wang, 100),
        "none": submit(city_admin, tree.grassroots_a, zhang, kind=SIGNUP, title="报名"),
    }
    met = _backdated(city_admin, tree.grassroots_a, zhang, 10)
    met = services.case_reject(by=city_admin, case=met, reason="不属于受理范围", expected_version=1)
    missed = _backdated(city_admin, tree.grassroots_a, zhang, 90)
    missed = services.case_accept(by=city_admin, case=missed, expected_version=1)
    missed = services.case_resolve(by=city_admin, case=missed, reply="已答复", expected_version=2)
    cases.update(met=met, missed=missed)
    return cases


def test_python_and_sql_agree_on_every_standing(grid) -> None:
    now = timezone.now()
    expected = {
        "on_time": SlaStatus.ON_TIME, "at_risk": SlaStatus.AT_RISK,
        "overdue": SlaStatus.OVERDUE, "overdue_b": SlaStatus.OVERDUE, "none": SlaStatus.NONE,
        "met": SlaStatus.MET, "missed": SlaStatus.MISSED,
    }  # fmt: skip
    for name, case in grid.items():
        assert Case.objects.get(pk=case.pk).sla_status_at(now) == expected[name], name
    for status in SlaStatus.values:
        found = set(Case.objects.sla(status, now).values_list("pk", flat=True))
        assert found == {grid[n].pk for n, s in expected.items() if s == status}, status


def test_a_finished_case_keeps_its_standing_when_closed(grid, city_admin) -> None:
    closed = services.case_close(by=city_admin, case=grid["missed"], expected_version=3)
    assert closed.sla_status == SlaStatus.MISSED
    assert Case.objects.sla(SlaStatus.MISSED).filter(pk=closed.pk).exists()


@pytest.mark.access("casework.Case")
def test_the_queues_are_scoped(grid, tree, city_admin, county_officer, grassroots_officer) -> None:
    def refs(queryset) -> set[int]:
        return set(queryset.values_list("pk", flat=True))

    assert refs(selectors.cases_overdue_in(tree.city, city_admin)) == {
        grid["overdue"].pk,
        grid["overdue_b"].pk,
    }
    assert refs(selectors.cases_overdue_in(tree.county_a, county_officer)) == {grid["overdue"].pk}
    # An officer's picked unit is inside the grants, and nothing outside them shows.
    assert refs(selectors.cases_overdue_in(tree.city, county_officer)) == {grid["overdue"].pk}
    assert refs(selectors.cases_overdue_in(tree.city, grassroots_officer)) == {grid["overdue_b"].pk}
    assert refs(selectors.cases_at_risk_in(tree.city, city_admin)) == {grid["at_risk"].pk}
    open_a = refs(selectors.cases_open_in(tree.county_a, county_officer))
    assert open_a == {grid[n].pk for n in ("on_time", "at_risk", "overdue", "none")}
    assert refs(selectors.cases_open_in(tree.grassroots_a, county_officer)) == {
        grid[n].pk for n in ("on_time", "at_risk", "none")
    }


def test_assigned_to(grid, tree, city_admin, county_officer) -> None:
    case = services.case_assign(
        by=city_admin, case=grid["on_time"], assignee=county_officer, expected_version=1
    )
    services.case_assign(
        by=city_admin, case=grid["met"], assignee=county_officer, expected_version=2
    )
    assert list(selectors.cases_assigned_to(county_officer)) == [case]  # open ones only
    assert list(selectors.cases_assigned_to(county_officer, tree.grassroots_b)) == []
    assert list(selectors.cases_assigned_to(city_admin)) == []


def test_an_urgent_request_must_be_answered_within_two_hours(tree, zhang, county_officer) -> None:
    case = submit(county_officer, tree.grassroots_a, zhang, detail={"urgent": True})
    assert case.due_at == case.submitted_at + 2 * HOUR
    assert case.at_risk_at == case.submitted_at + 2 * HOUR * 0.8
    case = services.case_accept(by=county_officer, case=case, expected_version=1)
    stored = Case.objects.get(pk=case.pk)
    assert stored.due_at == stored.submitted_at + 72 * HOUR


def test_at_risk_by_hours_before_the_deadline() -> None:
    kind = CaseKind(code="t.hours", label="t", reference_prefix="T", sla_hours=10, at_risk_hours=3)
    start = timezone.now()
    case: Any = SimpleNamespace(submitted_at=start)
    due = kind.due_at(case)
    assert due == start + 10 * HOUR
    assert kind.at_risk_at(case, due) == start + 7 * HOUR
    short = CaseKind(code="t.short", label="t", reference_prefix="T", sla_hours=1, at_risk_hours=5)
    assert short.at_risk_at(case, short.due_at(case)) == start  # never before submission
    assert kind.at_risk_at(case, None) is None


class TestRegistry:
    def test_the_sample_app_registered_its_kinds(self) -> None:
        assert get_kind(REQUEST).detail_model is SampleRequest
        assert {REQUEST, SIGNUP} <= {k.code for k in kind_registry.kinds()}
        assert kind_label("gone.kind") == "gone.kind"
        with pytest.raises(KeyError):
            get_kind("gone.kind")

    def test_a_code_is_registered_once(self, monkeypatch) -> None:
        monkeypatch.setattr(kind_registry, "_registry", dict(kind_registry._registry))
        with pytest.raises(ImproperlyConfigured, match="already registered"):
            register_kind(CaseKind(code=REQUEST, label="again", reference_prefix="X"))
        kind = register_kind(CaseKind(code="t.new", label="新", reference_prefix="XN"))
        assert get_kind("t.new") is kind

    @pytest.mark.parametrize(
        "fields",
        [
            {"code": "Bad Code"},
            {"reference_prefix": "sr"},
            {"reference_prefix": "TOOLONGX"},
            {"sla_hours": 0},
            {"at_risk_ratio": 1.5},
            {"transitions": {S.CLOSED: frozenset({S.SUBMITTED})}},
            {"transitions": {S.SUBMITTED: frozenset({"lost"})}},
            {"transitions": {S.SUBMITTED: frozenset({S.SUBMITTED})}},
        ],
    )
    def test_invalid_kinds_are_refused(self, fields) -> None:
        values = {"code": "t.ok", "label": "t", "reference_prefix": "T", **fields}
        with pytest.raises(ImproperlyConfigured):
            CaseKind(**values)

    def test_a_detail_model_must_hang_off_the_case(self, monkeypatch) -> None:
        monkeypatch.setattr(kind_registry, "_registry", dict(kind_registry._registry))
        with pytest.raises(ImproperlyConfigured, match="OneToOneField"):
            register_kind(
                CaseKind(code="t.loose", label="t", reference_prefix="T", detail_model=Grant)
            )
        assert "t.loose" not in kind_registry._registry

    def test_a_kind_table_defaults_to_the_engine_table(self) -> None:
        kind = get_kind(REQUEST)
        assert kind.targets(S.SUBMITTED) == {S.ACCEPTED, S.REJECTED, S.WITHDRAWN}
        assert kind.targets(S.CLOSED) == frozenset()
        assert get_kind(SIGNUP).targets(S.ACCEPTED) == {S.RESOLVED, S.WITHDRAWN}


def test_a_case_of_a_kind_no_longer_installed_cannot_move(case_a, county_officer) -> None:
    Case.objects.filter(pk=case_a.pk).update(kind="gone.kind")
    case_a.refresh_from_db()
    with pytest.raises(Exception) as info:
        services.case_accept(by=county_officer, case=case_a, expected_version=1)
    assert "gone.kind" in str(info.value)
    assert selectors.allowed_moves(county_officer, case_a) == []


def test_assignable_users_are_staff_above_or_at_the_unit(case_a, tree, county_officer, auditor):
    GrantFactory(
        user=UserFactory(username="b_officer"), unit=tree.county_b, role=Role.FEDERATION_OFFICER
    )
    local = UserFactory(username="local")
    GrantFactory(user=local, unit=tree.grassroots_a, role=Role.GRASSROOTS_OFFICER)
    names = set(selectors.assignable_users(case_a).values_list("username", flat=True))
    assert names == {"city_admin", "county_officer", "local"}
