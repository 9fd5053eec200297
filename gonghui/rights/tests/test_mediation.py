"""Mediation: bodies (a court-referred one needs its court), cases (a court-referred one needs
the court's reference), sessions by the body's mediators, the outcome set once, reopening
recorded; every refusal changes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.conftest import Tree
from gonghui.core.models import AuditLog
from gonghui.rights import services_mediation as services
from gonghui.rights.models import MediationBody, MediationCase, MediationSession
from gonghui.rights.tests.conftest import open_legal_aid

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def room(tree: Tree, city_admin) -> MediationBody:
    return services.mediation_body_create(
        by=city_admin, unit=tree.county_a, name="迎江区工会劳动争议调解室",
        established_on=datetime.date(2020, 5, 1),
    )  # fmt: skip


@pytest.fixture
def court_room(tree: Tree, city_admin) -> MediationBody:
    return services.mediation_body_create(
        by=city_admin, unit=tree.county_a, name="迎江区法院诉调对接工作室",
        kind="court_referred", court_name="安庆市迎江区人民法院",
        established_on=datetime.date(2021, 3, 1),
    )  # fmt: skip


def test_a_court_referred_body_needs_its_court(tree: Tree, city_admin, county_officer):
    with pytest.raises(ValidationError) as error:
        services.mediation_body_create(
            by=city_admin, unit=tree.county_a, name="诉调对接", kind="court_referred"
        )
    assert "court_name" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.mediation_body_create(
            by=city_admin, unit=tree.county_a, name="未来", established_on=TODAY + DAY
        )
    with pytest.raises(PermissionDenied):
        services.mediation_body_create(by=county_officer, unit=tree.county_b, name="越权")
    assert not MediationBody.objects.exists()


def test_life_cycle_of_a_court_referred_mediation(
    tree: Tree, city_admin, county_officer, court_room, room, zhang, factory_a
):
    mediator = services.mediator_create(by=county_officer, body=court_room, name="陈调解员")
    other = services.mediator_create(by=county_officer, body=room, name="别处调解员")
    aid = open_legal_aid(city_admin, zhang, tree.county_a)
    opened = TODAY - 10 * DAY
    with pytest.raises(ValidationError) as error:
        services.mediation_open(
            by=county_officer, body=court_room, worker=zhang, dispute="拖欠加班费",
            opened_on=opened, employer=factory_a,
        )  # fmt: skip
    assert "court_reference" in error.value.message_dict
    assert not MediationCase.objects.exists()
    case = services.mediation_open(
        by=county_officer, body=court_room, worker=zhang, dispute="拖欠加班费",
        opened_on=opened, employer=factory_a, legal_aid=aid.legal_aid,
        court_reference="（2025）皖0802民诉前调1234号", amount_claimed=Decimal("36000"),
    )  # fmt: skip
    assert case.unit == tree.county_a and case.legal_aid_id == aid.pk

    for bad in (
        {"mediator": other, "date": TODAY},  # another body's mediator
        {"mediator": mediator, "date": opened - DAY},  # before the case was accepted
        {"mediator": mediator, "date": TODAY + DAY},  # in the future
    ):
        with pytest.raises(ValidationError):
            services.mediation_add_session(by=county_officer, case=case, **bad)
    assert not MediationSession.objects.exists()
    services.mediation_add_session(by=county_officer, case=case, date=TODAY - 3 * DAY,
                                   mediator=mediator, notes="双方陈述")  # fmt: skip

    with pytest.raises(ValidationError) as error:
        services.mediation_conclude(by=county_officer, case=case, outcome="failure",
                                    outcome_on=TODAY, amount_agreed=Decimal("100"))  # fmt: skip
    assert "amount_agreed" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.mediation_conclude(
            by=county_officer,
            case=case,
            outcome="agreement",
            outcome_on=opened - DAY,
            amount_agreed=Decimal("100"),
        )
    with pytest.raises(ValidationError):
        services.mediation_conclude(
            by=county_officer,
            case=case,
            outcome="agreement",
            outcome_on=TODAY,
            amount_agreed=Decimal("-1"),
        )
    assert MediationCase.objects.get(pk=case.pk).outcome == ""
    services.mediation_conclude(
        by=county_officer,
        case=case,
        outcome="agreement",
        outcome_on=TODAY,
        amount_agreed=Decimal("30000.50"),
    )
    case.refresh_from_db()
    assert (case.outcome, case.amount_agreed) == ("agreement", Decimal("30000.50"))

    # Closed: no second outcome, no edit, no session until it is reopened.
    for attempt in (
        lambda: services.mediation_conclude(by=county_officer, case=case, outcome="failure",
                                            outcome_on=TODAY),
        lambda: services.mediation_update(by=county_officer, case=case, dispute="改"),
        lambda: services.mediation_add_session(by=county_officer, case=case, date=TODAY,
                                               mediator=mediator),
    ):  # fmt: skip
        with pytest.raises(ValidationError):
            attempt()
    case.refresh_from_db()
    assert (case.outcome, case.dispute, case.sessions.count()) == ("agreement", "拖欠加班费", 1)

    with pytest.raises(ValidationError):
        services.mediation_reopen(by=county_officer, case=case, reason=" ")
    services.mediation_reopen(by=county_officer, case=case, reason="企业未履行协议")
    case.refresh_from_db()
    assert (case.outcome, case.outcome_on, case.amount_agreed, case.reopen_count) == (
        "", None, Decimal("0"), 1)  # fmt: skip
    log = AuditLog.objects.filter(object_id=str(case.pk), action="update").latest("pk")
    assert log.after["reopen_reason"] == "企业未履行协议" and log.before["outcome"] == "agreement"
    with pytest.raises(ValidationError):
        services.mediation_reopen(by=county_officer, case=case, reason="再次")
    services.mediation_conclude(by=county_officer, case=case, outcome="failure", outcome_on=TODAY)
    assert MediationCase.objects.get(pk=case.pk).outcome == "failure"


def test_mediation_outside_the_scope_is_refused(
    tree: Tree, city_admin, grassroots_officer, auditor, room, zhang
):
    with pytest.raises(PermissionDenied):
        services.mediation_open(by=grassroots_officer, body=room, worker=zhang, dispute="x")
    case = services.mediation_open(by=city_admin, body=room, worker=zhang, dispute="欠薪")
    for user in (grassroots_officer, auditor):
        with pytest.raises(PermissionDenied):
            services.mediation_conclude(by=user, case=case, outcome="failure", outcome_on=TODAY)
    assert MediationCase.objects.get(pk=case.pk).outcome == ""
    assert MediationCase.objects.count() == 1
