"""Targets: setting, pushing down with shares that must add up, completion, the calendar."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.models import AuditLog
from gonghui.stats import services
from gonghui.stats.models import Target

pytestmark = pytest.mark.django_db

CODE = "rights.consultations"


def test_set_a_target_validates_the_code_and_audits(data, city_admin):
    with pytest.raises(ValidationError) as error:
        services.target_set(by=city_admin, unit=data.city, indicator="rights.nothing",
                            year=2025, value=Decimal(5))  # fmt: skip
    assert "rights.nothing" in str(error.value) and "没有" in str(error.value)
    with pytest.raises(ValidationError):
        services.target_set(by=city_admin, unit=data.city, indicator=CODE, year=2025,
                            value=Decimal(0))  # fmt: skip
    assert not Target.objects.exists()
    before = AuditLog.objects.count()
    target = services.target_set(by=city_admin, unit=data.city, indicator=CODE, year=2025,
                                 value=Decimal(20), note="全年不少于20次")  # fmt: skip
    again = services.target_set(by=city_admin, unit=data.city, indicator=CODE, year=2025,
                                value=Decimal(25))  # fmt: skip
    assert again.pk == target.pk and again.value == Decimal(25)
    assert AuditLog.objects.count() == before + 2
    assert services.find_target(data.city, CODE, 2025) == again
    assert services.find_target(data.city, CODE, 2024) is None


def test_outside_the_scope_is_refused(data, county_officer, auditor):
    with pytest.raises(PermissionDenied):
        services.target_set(by=county_officer, unit=data.county_b, indicator=CODE, year=2025,
                            value=Decimal(5))  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.target_set(by=auditor, unit=data.county_a, indicator=CODE, year=2025,
                            value=Decimal(5))  # fmt: skip
    assert not Target.objects.exists()


def test_push_down_values_must_add_up(data, city_admin):
    target = services.target_set(by=city_admin, unit=data.city, indicator=CODE, year=2025,
                                 value=Decimal(20))  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.target_push_down(
            by=city_admin,
            target=target,
            shares={data.county_a: Decimal(12), data.county_b: Decimal(7)},
        )
    # The message shows the sum and the difference.
    assert "19.00" in str(error.value) and "1.00" in str(error.value)
    assert not Target.objects.filter(parent=target).exists()
    with pytest.raises(ValidationError):  # not a child of the city
        services.target_push_down(
            by=city_admin, target=target, shares={data.grassroots_a: Decimal(20)}
        )
    made = services.target_push_down(
        by=city_admin, target=target, shares={data.county_a: Decimal(12), data.county_b: Decimal(8)}
    )
    assert [(t.unit.code, t.value, t.parent_id) for t in made] == [
        ("340802", Decimal(12), target.pk), ("340822", Decimal(8), target.pk)
    ]  # fmt: skip
    # Pushed again to county A alone: county B's share is withdrawn.
    services.target_push_down(by=city_admin, target=target, shares={data.county_a: Decimal(20)})
    assert list(Target.objects.filter(parent=target).values_list("unit__code", "value")) == [
        ("340802", Decimal(20))
    ]


def test_push_down_percentages(data, city_admin):
    target = services.target_set(by=city_admin, unit=data.city, indicator=CODE, year=2025,
                                 value=Decimal(10))  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.target_push_down(
            by=city_admin,
            target=target,
            percent=True,
            shares={data.county_a: Decimal(60), data.county_b: Decimal(30)},
        )
    assert "90.00%" in str(error.value) and "10.00%" in str(error.value)
    # 1/3 of 10 is 3.33: what rounding loses goes to the largest share.
    made = services.target_push_down(by=city_admin, target=target, percent=True, shares={
        data.county_a: Decimal("33.33"), data.county_b: Decimal("66.67")})  # fmt: skip
    assert [t.value for t in made] == [Decimal("3.33"), Decimal("6.67")]


def test_completion_and_the_calendar(data, city_admin):
    services.target_set(by=city_admin, unit=data.county_a, indicator=CODE, year=2025,
                        value=Decimal(10))  # fmt: skip
    # County A in 2025: 2 own + 1 township + 3 grassroots = 6 of 10.
    done = services.completion(data.county_a, CODE, 2025, today=datetime.date(2025, 7, 1))
    assert done is not None
    # 1 July is day 182 of 365: 49.9% of the year gone, 60.0% done.
    assert (done.value, done.rate, done.expected, done.behind) == (
        6,
        Decimal("60.0"),
        Decimal("49.9"),
        False,
    )
    late = services.completion(data.county_a, CODE, 2025, today=datetime.date(2025, 12, 1))
    assert late.expected == Decimal("91.8") and late.behind is True
    past = services.completion(data.county_a, CODE, 2025, today=datetime.date(2027, 1, 1))
    assert past.expected == Decimal(100) and past.behind is True
    assert services.completion(data.county_b, CODE, 2025) is None
    assert services.elapsed_share(2030, datetime.date(2025, 1, 1)) == 0


def test_target_for_gives_the_value_other_apps_print(data, city_admin):
    from gonghui.stats.targets import target_for

    assert target_for(data.city, CODE, 2025) is None
    services.target_set(by=city_admin, unit=data.city, indicator=CODE, year=2025,
                        value=Decimal("5250"))  # fmt: skip
    assert target_for(data.city, CODE, 2025) == Decimal("5250.00")
