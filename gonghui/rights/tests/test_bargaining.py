"""Collective bargaining: offers answered within 20 days (overdue listed with a fixed today),
answered once then reopened; contracts checked (dates, workers, one enterprise for an enterprise
contract); coverage kept per enterprise and year without double counting; expiry reminders
once per contract and expiry date, run as a job."""

from __future__ import annotations

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from gonghui.background.models import BackgroundJob, JobStatus
from gonghui.conftest import Tree
from gonghui.core.choices import Role
from gonghui.core.models import AuditLog
from gonghui.core.tests.factories import GrantFactory
from gonghui.indicators.periods import Period
from gonghui.indicators.registry import get
from gonghui.indicators.selectors import values
from gonghui.registry.tests.factories import EnterpriseFactory
from gonghui.rights import services_bargaining as services
from gonghui.rights.models import (
    BargainingOffer,
    CollectiveContract,
    ContractCoverage,
    ContractExpiryReminder,
)

pytestmark = [pytest.mark.django_db, pytest.mark.access("rights.ContractEnterprise")]
D = datetime.date
NOW = datetime.datetime(2025, 6, 1, 10, 0, tzinfo=datetime.UTC)
TODAY = D(2025, 6, 1)


@pytest.fixture(autouse=True)
def _now():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


@pytest.fixture
def firms(tree: Tree) -> dict:
    return {
        "e1": EnterpriseFactory(unit=tree.grassroots_a, name="迎江机械厂"),
        "e2": EnterpriseFactory(unit=tree.township_a, name="宜城食品厂"),
        "e3": EnterpriseFactory(unit=tree.grassroots_b, name="怀宁纺织厂"),
    }


def contract(by, unit, *, enterprises, **fields) -> CollectiveContract:
    fields.setdefault("title", "集体合同")
    fields.setdefault("union_party", "工会")
    fields.setdefault("employer_party", "企业方")
    return services.contract_create(by=by, unit=unit, enterprises=enterprises, **fields)


# Offers -------------------------------------------------------------------------------------


def test_offers_unanswered_after_20_days_are_overdue(tree: Tree, county_officer, firms):
    def offer(sent: datetime.date, **kw) -> BargainingOffer:
        return services.offer_create(by=county_officer, unit=tree.county_a,
                                     enterprise=firms["e1"], sent_on=sent, **kw)  # fmt: skip

    late = offer(D(2025, 5, 1))  # deadline 21 May
    day_21 = offer(D(2025, 5, 11))  # deadline 31 May: overdue on 1 June
    day_20 = offer(D(2025, 5, 12))  # deadline 1 June: still in time
    offer(D(2025, 5, 15))
    offer(D(2025, 4, 1), answer="accepted", answered_on=D(2025, 4, 15))
    overdue = services.overdue_offers(county_officer, tree.county_a, today=TODAY)
    assert list(overdue) == [late, day_21]
    assert day_20.answer_deadline == TODAY and not day_20.is_overdue(TODAY)
    assert (
        list(services.overdue_offers(county_officer, tree.county_a, today=D(2025, 6, 2)))[-1]
        == day_20
    )


def test_offer_is_answered_once_and_reopened_on_record(tree: Tree, county_officer, auditor, firms):
    offer = services.offer_create(by=county_officer, unit=tree.county_a, kind="regional",
                                  target_name="宜城路街道", sent_on=D(2025, 5, 1))  # fmt: skip
    assert offer.enterprise is None
    with pytest.raises(ValidationError):
        services.offer_answer(
            by=county_officer, offer=offer, answer="accepted", answered_on=D(2025, 4, 30)
        )  # before it was sent
    with pytest.raises(ValidationError):
        services.offer_answer(
            by=county_officer, offer=offer, answer="accepted", answered_on=D(2025, 6, 2)
        )  # in the future
    with pytest.raises(PermissionDenied):
        services.offer_answer(by=auditor, offer=offer, answer="accepted", answered_on=TODAY)
    assert BargainingOffer.objects.get(pk=offer.pk).answer == ""
    services.offer_answer(by=county_officer, offer=offer, answer="accepted",
                          answered_on=D(2025, 5, 18))  # fmt: skip
    with pytest.raises(ValidationError):
        services.offer_answer(by=county_officer, offer=offer, answer="refused", answered_on=TODAY)
    with pytest.raises(ValidationError):
        services.offer_update(by=county_officer, offer=offer, note="改")
    offer.refresh_from_db()
    assert (offer.answer, offer.note) == ("accepted", "")
    services.offer_reopen(by=county_officer, offer=offer, reason="企业撤回答复")
    offer.refresh_from_db()
    assert (offer.answer, offer.answered_on, offer.reopen_count) == ("", None, 1)
    assert AuditLog.objects.filter(
        object_id=str(offer.pk), after__reopen_reason="企业撤回答复"
    ).exists()


def test_an_enterprise_offer_needs_its_enterprise(tree: Tree, county_officer):
    with pytest.raises(ValidationError) as error:
        services.offer_create(by=county_officer, unit=tree.county_a, sent_on=TODAY)
    assert "enterprise" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.offer_create(by=county_officer, unit=tree.county_a, kind="sector",
                              target_name="餐饮业", sent_on=D(2025, 6, 2))  # fmt: skip
    assert not BargainingOffer.objects.exists()


# Contracts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "enterprises", "field"),
    [
        ({"starts_on": D(2025, 1, 1), "expires_on": D(2024, 12, 31)}, 1, "expires_on"),
        ({"starts_on": D(2025, 1, 1), "expires_on": D(2025, 1, 1)}, 1, "expires_on"),
        ({"starts_on": D(2025, 1, 1), "expires_on": D(2035, 1, 1)}, 1, "expires_on"),
        ({"signed_on": D(2025, 6, 2)}, 1, "signed_on"),
        ({}, 0, "enterprise"),
        ({}, 2, "enterprise"),
        ({"workers": -5}, 1, "workers"),
        ({"workers": 0}, 1, "workers"),
        ({"workers": 5_000_000}, 1, "workers"),
    ],
)
def test_bad_contracts_are_refused(tree: Tree, county_officer, firms, fields, enterprises, field):
    fields = {"signed_on": D(2025, 1, 1), "starts_on": D(2025, 1, 1),
              "expires_on": D(2027, 12, 31), **fields}  # fmt: skip
    workers = fields.pop("workers", 100)
    pairs = [(firms["e1"], workers), (firms["e2"], 50)][:enterprises]
    with pytest.raises(ValidationError) as error:
        contract(county_officer, tree.county_a, enterprises=pairs, **fields)
    assert field in error.value.message_dict
    assert not CollectiveContract.objects.exists() and not ContractCoverage.objects.exists()


def test_contract_outside_the_scope_is_refused(tree: Tree, county_officer, grassroots_officer,
                                               firms):  # fmt: skip
    dates = {"signed_on": D(2025, 1, 1), "starts_on": D(2025, 1, 1), "expires_on": D(2026, 1, 1)}
    with pytest.raises(PermissionDenied):
        contract(county_officer, tree.county_a, enterprises=[(firms["e3"], 10)], **dates)
    with pytest.raises(PermissionDenied):
        contract(grassroots_officer, tree.county_a, enterprises=[(firms["e3"], 10)], **dates)
    made = contract(county_officer, tree.county_a, enterprises=[(firms["e1"], 10)], **dates)
    with pytest.raises(PermissionDenied):
        services.contract_update(by=grassroots_officer, contract=made, title="改")
    assert CollectiveContract.objects.get().title == "集体合同"


COVERAGE = ["rights.contract_enterprises_covered", "rights.contract_workers_covered"]


def covered(unit, year: int) -> tuple:
    figures = values([get(code) for code in COVERAGE], unit, Period.year(year))
    return tuple(figures[code] for code in COVERAGE)


def test_coverage_counts_an_enterprise_once_under_two_contracts(
    tree: Tree, city_admin, county_officer, firms
):
    e1, e2, e3 = firms["e1"], firms["e2"], firms["e3"]
    own = contract(county_officer, tree.county_a, enterprises=[(e1, 300)], title="机械厂集体合同",
                   signed_on=D(2023, 12, 20), starts_on=D(2024, 1, 1),
                   expires_on=D(2026, 12, 31))  # fmt: skip
    regional = contract(county_officer, tree.county_a, kind="regional", enterprises=[],
                        title="宜城路街道区域性集体合同", signed_on=D(2025, 2, 20),
                        starts_on=D(2025, 3, 1), expires_on=D(2027, 2, 28))  # fmt: skip
    services.contract_add_enterprise(by=county_officer, contract=regional, enterprise=e1,
                                     workers=320)  # fmt: skip
    services.contract_add_enterprise(by=county_officer, contract=regional, enterprise=e2,
                                     workers=80)  # fmt: skip
    contract(city_admin, tree.county_b, contract_type="wages", enterprises=[(e3, 120)],
             title="纺织厂工资专项集体合同", signed_on=D(2024, 12, 25), starts_on=D(2025, 1, 1),
             expires_on=D(2025, 12, 31))  # fmt: skip
    regional.refresh_from_db()
    assert regional.workers_covered == 400

    # 2025: e1 under both contracts counts once, with its larger figure (320), e2 80, e3 120.
    assert covered(tree.city, 2025) == (3, 520)
    assert covered(tree.county_a, 2025) == (2, 400)
    assert covered(tree.county_b, 2025) == (1, 120)
    assert covered(tree.city, 2024) == (1, 300)
    assert covered(tree.city, 2026) == (2, 400)
    assert covered(tree.city, 2028) == (0, 0)
    assert ContractCoverage.objects.get(enterprise=e1, year=2025).contracts == 2

    signed = values([get("rights.contracts_signed"), get("rights.contract_enterprises_signed"),
                     get("rights.contracts_wages")], tree.city, Period.year(2025))  # fmt: skip
    assert signed == {"rights.contracts_signed": 1, "rights.contract_enterprises_signed": 2,
                      "rights.contracts_wages": 0}  # fmt: skip
    # Counted for a user, the enterprises covered stay within the user's subtree.
    county_b_officer = GrantFactory(unit=tree.county_b, role=Role.FEDERATION_OFFICER).user
    for user, expected in ((county_officer, 2), (county_b_officer, 0)):
        assert values([get("rights.contract_enterprises_signed")], tree.city, Period.year(2025),
                      user=user) == {"rights.contract_enterprises_signed": expected}  # fmt: skip
    assert values([get("rights.contracts_wages")], tree.city, Period.year(2024)) == {
        "rights.contracts_wages": 1
    }

    # Coverage follows the contracts: e1 leaves the regional one, its own ends in 2024.
    services.contract_remove_enterprise(by=county_officer, contract=regional, enterprise=e1)
    assert covered(tree.city, 2025) == (3, 500)
    services.contract_update(by=county_officer, contract=own, expires_on=D(2024, 12, 31))
    assert covered(tree.city, 2025) == (2, 200)
    assert covered(tree.city, 2024) == (1, 300)
    assert CollectiveContract.objects.get(pk=regional.pk).workers_covered == 80


def test_an_enterprise_contract_takes_no_second_enterprise(tree: Tree, county_officer, firms):
    made = contract(county_officer, tree.county_a, enterprises=[(firms["e1"], 30)],
                    signed_on=D(2025, 1, 1), starts_on=D(2025, 1, 1),
                    expires_on=D(2026, 1, 1))  # fmt: skip
    with pytest.raises(ValidationError):
        services.contract_add_enterprise(by=county_officer, contract=made,
                                         enterprise=firms["e2"], workers=10)  # fmt: skip
    assert list(made.enterprises.values_list("enterprise", flat=True)) == [firms["e1"].pk]


# Expiry reminders ----------------------------------------------------------------------------


def test_expiry_reminders_once_per_contract_and_date(tree: Tree, city_admin, county_officer,
                                                     firms, settings):  # fmt: skip
    def make(expires: datetime.date, firm) -> CollectiveContract:
        return contract(county_officer, tree.county_a, enterprises=[(firm, 10)],
                        title=f"到期{expires}", signed_on=D(2024, 1, 1),
                        starts_on=D(2024, 1, 1), expires_on=expires)  # fmt: skip

    in_60 = make(D(2025, 7, 31), firms["e1"])
    in_61 = make(D(2025, 8, 1), firms["e2"])  # 61 days: not yet
    make(D(2025, 5, 31), firms["e2"])  # expired yesterday
    assert list(services.expiring_contracts(county_officer, tree.county_a, today=TODAY)) == [in_60]
    call_command("remind_contract_expiry", "--as", "city_admin", stdout=StringIO())
    job = BackgroundJob.objects.get(kind="rights.remind_contract_expiry")
    assert job.status == JobStatus.SUCCEEDED and job.result == {"reminded": 1, "already": 0}
    reminder = ContractExpiryReminder.objects.get()
    assert (reminder.contract, reminder.days_left) == (in_60, 60)
    # Again the same day and the next: nothing twice.
    assert services.contract_remind_expiring(by=city_admin).as_dict() == {
        "reminded": 0, "already": 1}  # fmt: skip
    # The next day the 61-day one comes within 60 days; the first is not reminded again.
    result = services.contract_remind_expiring(by=city_admin, today=D(2025, 6, 2))
    assert result.as_dict() == {"reminded": 1, "already": 1} and result.reminded == [in_61.pk]
    assert ContractExpiryReminder.objects.count() == 2
    # A contract extended to a new date is reminded of again, once.
    services.contract_update(by=county_officer, contract=in_60, expires_on=D(2025, 7, 15))
    assert services.contract_remind_expiring(by=city_admin).reminded == [in_60.pk]
    assert services.contract_remind_expiring(by=city_admin).reminded == []
    assert ContractExpiryReminder.objects.count() == 3
    # The notice period is a setting.
    in_90 = make(D(2025, 8, 30), firms["e1"])
    assert services.contract_remind_expiring(by=city_admin).reminded == []
    settings.RIGHTS_CONTRACT_EXPIRY_NOTICE_DAYS = 90
    assert services.contract_remind_expiring(by=city_admin).reminded == [in_90.pk]


def test_reminders_stay_within_the_users_scope(tree: Tree, grassroots_officer, county_officer,
                                               firms):  # fmt: skip
    contract(
        county_officer,
        tree.county_a,
        enterprises=[(firms["e1"], 10)],
        signed_on=D(2024, 1, 1),
        starts_on=D(2024, 1, 1),
        expires_on=D(2025, 7, 1),
    )
    assert services.contract_remind_expiring(by=grassroots_officer).reminded == []
    assert not ContractExpiryReminder.objects.exists()
