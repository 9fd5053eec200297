"""Campaigns: quotas down the tree keep their totals, a household is paid once per campaign
(also when two officers pay it at once, on PostgreSQL), progress rolls up the tree."""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from gonghui.assistance import selectors, services
from gonghui.assistance.models import Campaign, CampaignPayment, CampaignQuota
from gonghui.assistance.tests.conftest import open_file
from gonghui.registry.tests.factories import PersonFactory

pytestmark = [
    pytest.mark.access(
        "assistance.Campaign", "assistance.CampaignQuota", "assistance.CampaignPayment"
    )
]

TODAY = timezone.localdate()


def make_campaign(by: Any, unit: Any, **fields: Any) -> Campaign:
    fields.setdefault("kind", "winter_warmth")
    fields.setdefault("starts_on", TODAY - datetime.timedelta(days=10))
    fields.setdefault("ends_on", TODAY + datetime.timedelta(days=20))
    fields.setdefault("households", 100)
    fields.setdefault("budget", Decimal("50000"))
    fields.setdefault("standard", Decimal("500"))
    return services.campaign_create(by=by, unit=unit, **fields)


def root(campaign: Campaign) -> CampaignQuota:
    return campaign.quotas.get(parent__isnull=True)


def quotas() -> list[tuple[str, int, Decimal]]:
    return list(
        CampaignQuota.objects.order_by("unit__path").values_list(
            "unit__name", "households", "amount"
        )
    )


@pytest.fixture
def campaign(tree, city_admin) -> Campaign:
    campaign = make_campaign(city_admin, tree.city)
    top = root(campaign)
    services.quota_allocate(by=city_admin, parent=top, unit=tree.county_a, households=60,
                            amount=Decimal("30000"))  # fmt: skip
    services.quota_allocate(by=city_admin, parent=top, unit=tree.county_b, households=30,
                            amount="15000")  # fmt: skip
    return campaign


def quota_of(campaign: Campaign, unit: Any) -> CampaignQuota:
    return CampaignQuota.objects.get(campaign=campaign, unit=unit)


@pytest.mark.django_db
class TestQuotas:
    def test_the_campaign_holds_its_plan_as_the_organisers_quota(self, tree, city_admin) -> None:
        campaign = make_campaign(city_admin, tree.city, kind="autumn_education", name="")
        assert campaign.name == f"{campaign.starts_on.year}金秋助学"
        assert campaign.per_student
        top = root(campaign)
        assert (top.unit, top.households, top.amount) == (tree.city, 100, Decimal("50000.00"))

    def test_children_never_get_more_than_the_parent_holds(self, tree, city_admin, campaign):
        before = quotas()
        with pytest.raises(ValidationError) as refused:
            services.quota_allocate(by=city_admin, parent=root(campaign), unit=tree.county_b,
                                    households=41, amount="15000")  # fmt: skip
        # 100 - 60 = 40 households are free for county B (its own 30 do not count twice).
        assert refused.value.code == "over_quota"
        assert "安庆市总工会还可分配40户、20000.00元" in str(refused.value)
        with pytest.raises(ValidationError):
            services.quota_allocate(by=city_admin, parent=root(campaign), unit=tree.county_b,
                                    households=30, amount="20000.01")  # fmt: skip
        assert quotas() == before
        services.quota_allocate(by=city_admin, parent=root(campaign), unit=tree.county_b,
                                households=40, amount="20000")  # fmt: skip
        total = CampaignQuota.objects.filter(parent=root(campaign))
        assert sum(q.households for q in total) == 100
        assert sum(q.amount for q in total) == Decimal("50000.00")

    def test_a_quota_goes_to_a_child_unit_only(self, tree, city_admin, campaign) -> None:
        before = quotas()
        with pytest.raises(ValidationError) as refused:
            services.quota_allocate(by=city_admin, parent=root(campaign), unit=tree.grassroots_a,
                                    households=1, amount="1")  # fmt: skip
        assert "not_child" in str(refused.value.error_dict["unit"][0].code)
        assert quotas() == before

    def test_a_county_allocates_below_it_but_not_beside_it(
        self, tree, county_officer, campaign
    ) -> None:
        county = quota_of(campaign, tree.county_a)
        services.quota_allocate(by=county_officer, parent=county, unit=tree.township_a,
                                households=20, amount="10000")  # fmt: skip
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            services.quota_allocate(by=county_officer, parent=quota_of(campaign, tree.county_b),
                                    unit=tree.grassroots_b, households=1, amount="1")  # fmt: skip
        # A quota already passed on cannot shrink below what went further down.
        township = quota_of(campaign, tree.township_a)
        services.quota_allocate(by=county_officer, parent=township, unit=tree.grassroots_a,
                                households=15, amount="8000")  # fmt: skip
        with pytest.raises(ValidationError) as refused:
            services.quota_allocate(by=county_officer, parent=county, unit=tree.township_a,
                                    households=10, amount="10000")  # fmt: skip
        assert refused.value.code == "below_children"
        assert quota_of(campaign, tree.township_a).households == 20

    def test_reallocation_moves_quota_between_siblings_keeping_totals(
        self, tree, city_admin, campaign
    ) -> None:
        source, target = quota_of(campaign, tree.county_a), quota_of(campaign, tree.county_b)
        services.quota_reallocate(by=city_admin, source=source, target=target, households=15,
                                  amount="7500.50")  # fmt: skip
        source.refresh_from_db()
        target.refresh_from_db()
        assert (source.households, source.amount) == (45, Decimal("22499.50"))
        assert (target.households, target.amount) == (45, Decimal("22500.50"))
        top = root(campaign)
        children = CampaignQuota.objects.filter(parent=top)
        assert sum(q.households for q in children) == 90
        assert sum(q.amount for q in children) == Decimal("45000.00")
        assert (top.households, top.amount) == (100, Decimal("50000.00"))

    def test_reallocation_refusals_change_nothing(self, tree, city_admin, campaign) -> None:
        source, target = quota_of(campaign, tree.county_a), quota_of(campaign, tree.county_b)
        services.quota_allocate(by=city_admin, parent=source, unit=tree.township_a,
                                households=50, amount="1000")  # fmt: skip
        before = quotas()
        with pytest.raises(ValidationError) as refused:  # only 10 households are not passed on
            services.quota_reallocate(by=city_admin, source=source, target=target,
                                      households=11, amount="0")  # fmt: skip
        assert refused.value.code == "below_children"
        with pytest.raises(ValidationError) as refused:
            services.quota_reallocate(by=city_admin, source=source, target=target,
                                      households=61, amount="0")  # fmt: skip
        assert refused.value.code == "over_source"
        with pytest.raises(ValidationError) as refused:  # not siblings
            services.quota_reallocate(by=city_admin, source=quota_of(campaign, tree.township_a),
                                      target=target, households=1, amount="0")  # fmt: skip
        assert refused.value.code == "not_siblings"
        with pytest.raises(ValidationError):
            services.quota_reallocate(by=city_admin, source=source, target=target,
                                      households=1, amount=0.5)  # fmt: skip
        assert quotas() == before

    def test_bad_campaigns_are_refused(self, tree, city_admin) -> None:
        for fields, field in (
            ({"kind": "other", "name": ""}, "name"),
            ({"ends_on": TODAY - datetime.timedelta(days=11)}, "ends_on"),
            ({"budget": "-1"}, "budget"),
            ({"standard": "60000"}, "standard"),
            ({"households": 0}, "households"),
            ({"budget": 5000.0}, "budget"),
            ({"budget": "2000000000"}, "budget"),
        ):
            with pytest.raises(ValidationError) as refused:
                make_campaign(city_admin, tree.city, **fields)
            assert field in refused.value.error_dict
        assert Campaign.objects.count() == 0
        # A city's budget runs to millions (the seeds: 302.26万元).
        campaign = make_campaign(city_admin, tree.city, budget="3022600.00", households=467)
        assert root(campaign).amount == Decimal("3022600.00")


@pytest.mark.django_db
class TestPayments:
    def test_a_household_is_paid_once_per_campaign(
        self, tree, city_admin, county_officer, campaign, file_a
    ) -> None:
        county = quota_of(campaign, tree.county_a)
        first = services.campaign_payment_record(by=county_officer, quota=county, file=file_a,
                                                 paid_on=TODAY)  # fmt: skip
        assert first.amount == Decimal("500.00")  # the standard
        with pytest.raises(ValidationError) as refused:
            services.campaign_payment_record(by=city_admin, quota=root(campaign), file=file_a,
                                             paid_on=TODAY, amount="800")  # fmt: skip
        message = str(refused.value)
        assert refused.value.code == "already_paid"
        assert "张三已在本次活动中领取" in message and "500.00" in message
        assert "迎江区总工会" in message and str(first.pk) in message
        assert CampaignPayment.objects.count() == 1
        # Another campaign pays the same household again.
        other = make_campaign(city_admin, tree.city, name="春节慰问", kind="other")
        services.campaign_payment_record(by=city_admin, quota=root(other), file=file_a,
                                         paid_on=TODAY, amount="300")  # fmt: skip
        assert CampaignPayment.objects.count() == 2

    def test_education_campaigns_pay_each_student_once(self, tree, city_admin, file_a) -> None:
        campaign = make_campaign(city_admin, tree.city, kind="autumn_education",
                                 standard="1000")  # fmt: skip
        child = file_a.members.get(relationship="child")
        spouse = file_a.members.get(relationship="spouse")
        top = root(campaign)
        with pytest.raises(ValidationError) as refused:
            services.campaign_payment_record(by=city_admin, quota=top, file=file_a, paid_on=TODAY)
        assert "member" in refused.value.error_dict
        services.campaign_payment_record(by=city_admin, quota=top, file=file_a, member=child,
                                         paid_on=TODAY)  # fmt: skip
        services.campaign_payment_record(by=city_admin, quota=top, file=file_a, member=spouse,
                                         paid_on=TODAY)  # fmt: skip
        with pytest.raises(ValidationError) as refused:
            services.campaign_payment_record(by=city_admin, quota=top, file=file_a,
                                             member=child, paid_on=TODAY)  # fmt: skip
        assert "张小明已在本次活动中领取" in str(refused.value)
        assert CampaignPayment.objects.filter(campaign=campaign).count() == 2

    def test_refusals(self, tree, city_admin, county_officer, campaign, file_a, file_b) -> None:
        county_a = quota_of(campaign, tree.county_a)
        cases = [
            ({"file": file_b}, "file"),  # kept in county B
            ({"paid_on": TODAY + datetime.timedelta(days=1)}, "paid_on"),
            ({"paid_on": TODAY - datetime.timedelta(days=11)}, "paid_on"),
            ({"amount": "-5"}, "amount"),
            ({"amount": 499.5}, "amount"),
        ]
        for change, field in cases:
            kwargs: dict[str, Any] = {"file": file_a, "paid_on": TODAY, **change}
            with pytest.raises(ValidationError) as refused:
                services.campaign_payment_record(by=city_admin, quota=county_a, **kwargs)
            assert field in refused.value.error_dict, change
        assert CampaignPayment.objects.count() == 0

    def test_progress_rolls_up_the_tree(self, tree, city_admin, campaign, file_a, file_b):
        county_a = quota_of(campaign, tree.county_a)
        township = services.quota_allocate(by=city_admin, parent=county_a, unit=tree.township_a,
                                           households=20, amount="10000")  # fmt: skip
        services.campaign_payment_record(by=city_admin, quota=township, file=file_a,
                                         paid_on=TODAY, amount="600")  # fmt: skip
        services.campaign_payment_record(by=city_admin, quota=quota_of(campaign, tree.county_b),
                                         file=file_b, paid_on=TODAY)  # fmt: skip
        rows = {p.quota.unit.name: p for p in selectors.campaign_progress(campaign)}
        city = rows["安庆市总工会"]
        assert (city.paid_count, city.paid_amount) == (2, Decimal("1100.00"))
        assert city.households_rate == Decimal("2.0") and city.amount_rate == Decimal("2.2")
        assert (rows["迎江区总工会"].paid_count, rows["迎江区总工会"].paid_amount) == (
            1, Decimal("600.00"))  # fmt: skip
        assert rows["宜城路街道工会"].amount_rate == Decimal("6.0")
        assert (rows["怀宁县总工会"].paid_count, rows["怀宁县总工会"].paid_amount) == (
            1, Decimal("500.00"))  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_two_officers_paying_one_household_at_once_leave_one_payment(
    tree, city_admin, county_officer
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("real row locks: PostgreSQL only")
    zhang = PersonFactory(unit=tree.grassroots_a, name="张三")
    file = open_file(city_admin, zhang, members=[])
    campaign = make_campaign(city_admin, tree.city)
    county = services.quota_allocate(by=city_admin, parent=root(campaign), unit=tree.county_a,
                                     households=10, amount="5000")  # fmt: skip
    start = threading.Barrier(2)
    results: list[Any] = []

    def pay(user: Any, quota: CampaignQuota) -> None:
        try:
            start.wait(5)
            results.append(services.campaign_payment_record(by=user, quota=quota, file=file,
                                                            paid_on=TODAY))  # fmt: skip
        except Exception as exc:  # reported to the test, not lost in the thread
            results.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=pay, args=(county_officer, county)),
        threading.Thread(target=pay, args=(city_admin, root(campaign))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    assert CampaignPayment.objects.filter(campaign=campaign, file=file).count() == 1
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(results) == 2 and len(refused) == 1
    assert refused[0].code == "already_paid" and "张三已在本次活动中领取" in str(refused[0])
