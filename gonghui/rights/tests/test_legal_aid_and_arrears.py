"""Legal aid (limitation, stages on the timeline, outcome and amounts) and wage arrears
(workers, migrant workers, amounts), including bad amounts and edits of finished cases."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.casework.choices import EventType
from gonghui.casework.services import case_accept, case_resolve
from gonghui.conftest import Tree
from gonghui.rights import services
from gonghui.rights.models import LegalAidCase, WageArrearsCase, one_year_after
from gonghui.rights.selectors import limitation_warnings
from gonghui.rights.tests.conftest import open_arrears, open_legal_aid

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_limitation_is_one_year_from_the_dispute_and_warned_about(tree: Tree, city_admin, zhang):
    soon = open_legal_aid(
        city_admin, zhang, tree.county_a, dispute_date=TODAY - datetime.timedelta(days=350)
    )
    later = open_legal_aid(
        city_admin, zhang, tree.county_a, dispute_date=TODAY - datetime.timedelta(days=100)
    )
    detail = LegalAidCase.objects.get(pk=soon.pk)
    assert detail.limitation_date == one_year_after(detail.dispute_date)
    assert detail.limitation_warning() and 0 <= detail.limitation_days_left() <= 30
    assert not LegalAidCase.objects.get(pk=later.pk).limitation_warning()
    assert [d.pk for d in limitation_warnings(city_admin, tree.city)] == [soon.pk]
    # once arbitration is applied for, the limitation no longer threatens
    services.legal_aid_update(by=city_admin, case=soon, stage="arbitration")
    assert not LegalAidCase.objects.get(pk=soon.pk).limitation_warning()
    assert list(limitation_warnings(city_admin, tree.city)) == []


def test_leap_day_limitation():
    assert one_year_after(datetime.date(2024, 2, 29)) == datetime.date(2025, 2, 28)


def test_a_dispute_in_the_future_is_refused(tree: Tree, city_admin, zhang):
    with pytest.raises(ValidationError):
        open_legal_aid(
            city_admin, zhang, tree.county_a, dispute_date=TODAY + datetime.timedelta(days=2)
        )


def test_stage_lawyer_outcome_and_amount(tree: Tree, city_admin, county_officer, zhang, lawyer_a):
    case = open_legal_aid(city_admin, zhang, tree.county_a, amount_claimed=Decimal("50000"))
    services.legal_aid_update(by=county_officer, case=case, stage="negotiation", lawyer=lawyer_a)
    services.legal_aid_update(by=county_officer, case=case, stage="arbitration")
    detail = services.legal_aid_update(
        by=county_officer,
        case=case,
        outcome="award_won",
        outcome_date=TODAY,
        amount_recovered=Decimal("48000.50"),
    )
    assert detail.amount_recovered == Decimal("48000.50") and detail.lawyer == lawyer_a
    notes = list(case.events.filter(event_type=EventType.NOTE).values_list("note", flat=True))
    assert len(notes) == 3 and "李律师" in notes[0]
    assert all("→" in note for note in notes[:2])


@pytest.mark.parametrize("amount", [Decimal("-1"), Decimal("1000000000.01")])
def test_bad_amounts_are_refused(tree: Tree, city_admin, zhang, amount):
    case = open_legal_aid(city_admin, zhang, tree.county_a)
    with pytest.raises(ValidationError):
        services.legal_aid_update(by=city_admin, case=case, amount_recovered=amount)
    assert LegalAidCase.objects.get(pk=case.pk).amount_recovered == 0
    with pytest.raises(ValidationError):
        open_arrears(city_admin, zhang, tree.county_a, amount_owed=amount)


def test_finished_and_out_of_scope_cases_cannot_be_edited(
    tree: Tree, city_admin, grassroots_officer, zhang
):
    case = open_legal_aid(city_admin, zhang, tree.county_a)
    with pytest.raises(PermissionDenied):
        services.legal_aid_update(by=grassroots_officer, case=case, stage="arbitration")
    case = case_accept(by=city_admin, case=case, expected_version=case.version)
    case = case_resolve(by=city_admin, case=case, reply="已调解结案", expected_version=case.version)
    with pytest.raises(ValidationError):
        services.legal_aid_update(by=city_admin, case=case, amount_recovered=Decimal("10"))
    assert LegalAidCase.objects.get(pk=case.pk).stage == "consultation"


def test_wage_arrears_figures(tree: Tree, city_admin, county_officer, zhang):
    case = open_arrears(
        city_admin,
        zhang,
        tree.county_a,
        joint_with_labour_bureau=True,
        labour_bureau_reference="人社监察〔2025〕12号",
    )
    detail = WageArrearsCase.objects.get(pk=case.pk)
    assert (detail.workers_count, detail.migrant_workers_count) == (12, 10)
    assert case.reference.startswith("QX-")
    detail = services.wage_arrears_update(
        by=county_officer, case=case, amount_recovered=Decimal("100000")
    )
    assert detail.amount_recovered == Decimal("100000")
    assert case.events.filter(event_type=EventType.NOTE, note__contains="100,000.00").exists()


def test_wage_arrears_bad_figures(tree: Tree, city_admin, zhang):
    with pytest.raises(ValidationError):
        open_arrears(city_admin, zhang, tree.county_a, workers_count=3, migrant_workers_count=4)
    with pytest.raises(ValidationError):
        open_arrears(
            city_admin,
            zhang,
            tree.county_a,
            amount_owed=Decimal("100"),
            amount_recovered=Decimal("101"),
        )
    case = open_arrears(city_admin, zhang, tree.county_a)
    with pytest.raises(ValidationError):
        services.wage_arrears_update(by=city_admin, case=case, amount_recovered=Decimal("999999"))
    assert WageArrearsCase.objects.count() == 1
