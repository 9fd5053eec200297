"""Data-quality alerts (会员信息预警): what the scan finds, de-duplication across runs, closing
by hand, the retirement ages, the page, the API, the command and the indicators."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from gonghui.background.models import BackgroundJob
from gonghui.conftest import Tree
from gonghui.core.choices import UnitStatus
from gonghui.core.models import OrgUnit
from gonghui.core.tests.api_client import client_for, refused
from gonghui.indicators.periods import Period
from gonghui.indicators.registry import get
from gonghui.indicators.selectors import values
from gonghui.membership.choices import AlertKind, AlertStatus, MembershipStatus
from gonghui.membership.models import DataAlert, Membership
from gonghui.membership.quality import retirement_date, scan
from gonghui.membership.services import alert_close
from gonghui.membership.tests.factories import MembershipFactory
from gonghui.registry.models import Person
from gonghui.registry.tests.factories import EnterpriseFactory, PersonFactory
from gonghui.utils.idcard import make_id_number

pytestmark = [pytest.mark.django_db, pytest.mark.access("membership.DataAlert")]
K = AlertKind


def test_retirement_ages_under_the_2025_reform() -> None:
    d = datetime.date
    assert retirement_date(d(1964, 12, 5), "male") == d(2024, 12, 5)  # before the reform
    assert retirement_date(d(1965, 1, 5), "male") == d(2025, 2, 5)  # 60 years 1 month
    assert retirement_date(d(1965, 5, 5), "male") == d(2025, 7, 5)  # 60 years 2 months
    assert retirement_date(d(1980, 1, 1), "male") == d(2043, 1, 1)  # 63 at most
    assert retirement_date(d(1975, 1, 10), "female") == d(2025, 2, 10)  # 50 years 1 month
    assert retirement_date(d(1975, 3, 10), "female") == d(2025, 5, 10)  # 50 years 2 months
    assert retirement_date(d(1990, 1, 1), "female") == d(2045, 1, 1)  # 55 at most
    assert retirement_date(d(1970, 1, 1), "female", cadre=True) == d(2025, 2, 1)


@pytest.fixture
def problems(tree: Tree, intake) -> dict[str, Any]:
    old = PersonFactory(
        unit=tree.grassroots_a, name="老会员",
        id_number=make_id_number("340802", datetime.date(1950, 3, 3), 11, "male"),
    )  # fmt: skip
    nophone = PersonFactory(unit=tree.grassroots_b, name="无电话")
    Person.objects.filter(pk=nophone.pk).update(phone="", phone_hash="", phone_masked="")
    badid = PersonFactory(unit=tree.grassroots_a, name="坏号码")
    Person.objects.filter(pk=badid.pk).update(id_number="34080219900101123")  # 17 characters
    for person in (old, nophone, badid):
        MembershipFactory(person=person, unit=person.unit)
    big = EnterpriseFactory(unit=tree.grassroots_b, employee_count=80, union_founded=False)
    EnterpriseFactory(unit=tree.grassroots_b, employee_count=10, union_founded=False)
    return {"old": old, "nophone": nophone, "badid": badid, "big": big}


def open_kinds(unit: OrgUnit | None = None) -> list[tuple[str, str]]:
    alerts = DataAlert.objects.filter(status=AlertStatus.OPEN)
    if unit is not None:
        alerts = alerts.filter(unit=unit)
    return sorted(alerts.values_list("kind", "key"))


def test_the_scan_finds_each_problem_for_the_unit_that_can_fix_it(tree: Tree, problems) -> None:
    result = scan(tree.city)
    assert result.created == result.found == 4
    p = problems
    in_a = [
        (K.PAST_RETIREMENT, f"person:{p['old'].pk}"),
        (K.INVALID_ID_NUMBER, f"person:{p['badid'].pk}"),
    ]
    in_b = [
        (K.PHONE_MISSING, f"person:{p['nophone'].pk}"),
        (K.NO_UNION, f"enterprise:{p['big'].pk}"),
    ]
    assert open_kinds(tree.grassroots_a) == sorted(in_a)
    assert open_kinds(tree.grassroots_b) == sorted(in_b)


def test_a_rerun_does_not_duplicate_and_a_fixed_problem_closes_itself(tree: Tree, problems) -> None:
    scan(tree.city)
    again = scan(tree.city)
    assert again.created == 0 and again.refreshed == 4
    assert DataAlert.objects.count() == 4
    big = problems["big"]
    big.union_founded = True
    big.save()
    third = scan(tree.city)
    assert third.fixed == 1
    assert DataAlert.objects.get(kind=K.NO_UNION).status == AlertStatus.FIXED
    assert DataAlert.objects.filter(status=AlertStatus.OPEN).count() == 3


def test_dismissed_stays_dismissed_and_resolved_comes_back_if_still_there(
    tree: Tree, problems, county_officer, grassroots_officer
) -> None:
    scan(tree.city)
    old = DataAlert.objects.get(kind=K.PAST_RETIREMENT)
    bad = DataAlert.objects.get(kind=K.INVALID_ID_NUMBER)
    with pytest.raises(PermissionDenied):
        alert_close(by=grassroots_officer, alert=old, status=AlertStatus.DISMISSED, reason="x")
    with pytest.raises(ValidationError):
        alert_close(by=county_officer, alert=old, status=AlertStatus.DISMISSED, reason=" ")
    alert_close(by=county_officer, alert=old, status=AlertStatus.DISMISSED, reason="返聘人员")
    alert_close(by=county_officer, alert=bad, status=AlertStatus.RESOLVED, reason="已核对")
    scan(tree.city)
    assert DataAlert.objects.filter(kind=K.PAST_RETIREMENT).count() == 1
    assert DataAlert.objects.filter(kind=K.INVALID_ID_NUMBER).count() == 2
    assert DataAlert.objects.filter(kind=K.INVALID_ID_NUMBER, status="open").count() == 1


def test_dissolved_units_double_memberships_and_stale_units(tree: Tree, intake) -> None:
    person = PersonFactory(unit=tree.grassroots_a)
    MembershipFactory(person=person, unit=tree.grassroots_a)
    # "Should be impossible": forge a second active membership around the constraint.
    second = MembershipFactory(person=PersonFactory(unit=tree.grassroots_b), unit=tree.grassroots_b)
    OrgUnit.objects.filter(pk=tree.grassroots_b.pk).update(status=UnitStatus.DISSOLVED)
    long_ago = timezone.now() - datetime.timedelta(days=400)
    OrgUnit.objects.filter(pk=tree.grassroots_a.pk).update(created_at=long_ago)
    Membership.objects.filter(unit=tree.grassroots_a).update(updated_at=long_ago)
    scan(tree.city)
    kinds = {kind for kind, _key in open_kinds()}
    assert K.UNIT_DISSOLVED in kinds and K.UNIT_STALE in kinds
    dissolved = DataAlert.objects.get(kind=K.UNIT_DISSOLVED)
    assert dissolved.unit == tree.county_b  # the parent can end or transfer them
    assert second.status == MembershipStatus.ACTIVE


def test_the_command_records_a_job(tree: Tree, problems) -> None:
    call_command("scan_member_data", "--unit", tree.city.code)
    job = BackgroundJob.objects.get(kind="membership.quality_scan")
    assert job.status == "succeeded" and job.result["created"] == 4
    call_command("scan_member_data")
    assert DataAlert.objects.count() == 4


def test_open_alerts_are_counted_by_indicators(tree: Tree, problems) -> None:
    scan(tree.city)
    codes = ["membership.open_alerts", "membership.open_alerts.no_union"]
    found = values([get(code) for code in codes], tree.city, Period.current_year())
    assert found == {"membership.open_alerts": 4, "membership.open_alerts.no_union": 1}
    found = values([get(code) for code in codes], tree.county_a, Period.current_year())
    assert found == {"membership.open_alerts": 2, "membership.open_alerts.no_union": 0}


LIST = reverse("membership:alert_list")


class TestPageAndApi:
    def test_each_persona_sees_its_scope_with_counts(
        self, client, tree: Tree, problems, city_admin, county_officer, grassroots_officer, auditor
    ) -> None:
        scan(tree.city)
        for user, count in (
            (city_admin, 4),
            (auditor, 4),
            (county_officer, 2),
            (grassroots_officer, 2),
        ):
            client.force_login(user)
            response = client.get(LIST)
            assert response.status_code == 200
            assert len(response.context["alerts"]) == count == response.context["total"]
        client.force_login(city_admin)
        response = client.get(LIST, {"kind": K.NO_UNION})
        assert [a.kind for a in response.context["alerts"]] == [K.NO_UNION]
        counts = {code: n for code, _label, n in response.context["by_kind"]}
        assert counts[K.NO_UNION] == 1 and counts[K.PHONE_MISSING] == 1

    def test_closing_through_the_page(
        self, client, tree: Tree, problems, county_officer, grassroots_officer, auditor
    ) -> None:
        scan(tree.city)
        alert = DataAlert.objects.get(kind=K.PAST_RETIREMENT)
        url = reverse("membership:alert_close", args=[alert.pk])
        data = {"status": AlertStatus.DISMISSED, "reason": "返聘"}
        client.force_login(grassroots_officer)
        assert client.post(url, data).status_code == 404
        client.force_login(auditor)
        assert client.post(url, data).status_code == 403
        alert.refresh_from_db()
        assert alert.status == AlertStatus.OPEN
        client.force_login(county_officer)
        assert client.post(url, data).status_code == 302
        alert.refresh_from_db()
        assert alert.status == AlertStatus.DISMISSED and alert.close_reason == "返聘"

    def test_refusals(self, client, tree: Tree, problems, outsider) -> None:
        response = client.get(LIST)
        assert response.status_code == 302 and "login" in response["Location"]
        client.force_login(outsider)
        assert client.get(LIST).status_code == 403

    def test_api(self, tree: Tree, problems, county_officer, grassroots_officer, outsider) -> None:
        scan(tree.city)
        url = "/api/v1/member-alerts/"
        assert len(client_for(county_officer).get(url).json()["results"]) == 2
        assert refused(client_for(outsider).get(url).status_code)
        assert refused(client_for().get(url).status_code)
        alert = DataAlert.objects.get(kind=K.PAST_RETIREMENT)
        close = f"{url}{alert.pk}/close/"
        body = {"status": "dismissed", "reason": "返聘"}
        assert client_for(grassroots_officer).post(close, body).status_code == 404
        done = client_for(county_officer).post(close, body, format="json")
        assert done.status_code == 200 and done.json()["status"] == "dismissed"
