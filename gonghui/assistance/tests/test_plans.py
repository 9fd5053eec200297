"""Employment plans (一人一策): the graduate found or registered as a person, one open plan
per person, the employment module's lookup by person."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from gonghui.assistance import services
from gonghui.assistance.models import EmploymentPlan
from gonghui.registry.models import Person
from gonghui.registry.tests.factories import PersonFactory
from gonghui.utils.idcard import make_id_number

pytestmark = [pytest.mark.django_db, pytest.mark.access("assistance.EmploymentPlan")]

GRADUATE_ID = make_id_number("340802", datetime.date(2002, 6, 1), 77, "male")
PLAN = {
    "school": "安庆师范大学",
    "major": "计算机科学与技术",
    "graduation_year": 2024,
    "wanted_occupation": "软件测试",
    "measures": "推荐参加市总工会专场招聘会；提供职业技能培训；落实一次性求职补贴。",
}


def graduate(by: Any, file: Any, id_number: str = GRADUATE_ID, **extra: Any) -> Any:
    data = {"name": "张大明", "relationship": "child", "id_number": id_number,
            "monthly_income": Decimal("0"), "situations": ["unemployed"],
            "school_stage": "college", **extra}  # fmt: skip
    return services.household_member_add(by=by, file=file, **data)


def test_a_plan_registers_the_graduate_and_is_found_by_person(county_officer, file_a) -> None:
    member = graduate(county_officer, file_a)
    persons = Person.objects.count()
    plan = services.employment_plan_create(
        by=county_officer, file=file_a, member=member, responsible=county_officer, **PLAN
    )
    assert Person.objects.count() == persons + 1
    person = plan.person
    assert (person.name, person.unit) == ("张大明", file_a.unit)
    assert list(EmploymentPlan.objects.filter(person=person)) == [plan]
    assert (plan.status, plan.responsible, plan.graduation_year) == ("open", county_officer, 2024)
    with pytest.raises(ValidationError) as refused:
        services.employment_plan_create(by=county_officer, file=file_a, member=member, **PLAN)
    assert "张大明已有进行中的帮扶方案" in str(refused.value)
    updated = services.employment_plan_update(
        by=county_officer,
        plan=plan,
        status="employed",
        **{**PLAN, "measures": "已在安庆某公司就业"},
    )
    assert (updated.status, updated.measures) == ("employed", "已在安庆某公司就业")
    # Once employed, a new plan (say after losing the job) may be opened.
    services.employment_plan_create(by=county_officer, file=file_a, member=member, **PLAN)
    assert EmploymentPlan.objects.filter(person=person).count() == 2


def test_a_registered_graduate_is_reused(county_officer, tree, file_a) -> None:
    existing = PersonFactory(unit=tree.grassroots_b, name="张大明", id_number=GRADUATE_ID)
    member = graduate(county_officer, file_a)
    plan = services.employment_plan_create(by=county_officer, file=file_a, member=member, **PLAN)
    assert plan.person == existing


def test_refusals_change_nothing(county_officer, grassroots_officer, file_a) -> None:
    child = file_a.members.get(relationship="child")  # in school, not unemployed
    no_id = graduate(county_officer, file_a, id_number="", name="张二明")
    member = graduate(county_officer, file_a)
    persons = Person.objects.count()
    for who, kwargs, text in (
        (county_officer, {"member": child}, "未登记为未就业"),
        (county_officer, {"member": no_id}, "请先登记该成员的身份证号"),
        (county_officer, {"member": member, "school": ""}, "请填写毕业院校"),
        (county_officer, {"member": member, "graduation_year": 1970}, "毕业年份不合理"),
    ):
        with pytest.raises(ValidationError) as refused:
            services.employment_plan_create(by=who, file=file_a, **{**PLAN, **kwargs})
        assert text in str(refused.value)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.employment_plan_create(by=grassroots_officer, file=file_a, member=member, **PLAN)
    assert EmploymentPlan.objects.count() == 0 and Person.objects.count() == persons
