from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.conftest import Tree
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog
from gonghui.registry.models import Person
from gonghui.registry.selectors import person_search
from gonghui.registry.services import enterprise_create, person_create, person_reveal, person_update
from gonghui.registry.tests.factories import EnterpriseFactory, PersonFactory
from gonghui.utils.idcard import make_id_number

pytestmark = pytest.mark.django_db

ID = make_id_number("340822", datetime.date(1990, 3, 7), 12, "female")


def test_person_create_derives_and_protects(tree: Tree, county_officer) -> None:
    person = person_create(
        by=county_officer,
        unit=tree.grassroots_a,
        name=" 单  晓红 ",
        id_number=ID.lower(),
        phone="+86 138-1234-5678",
    )
    person.refresh_from_db()
    assert person.name == "单晓红"  # padding spaces dropped
    assert person.id_number == ID and person.phone == "13812345678"
    assert person.gender == "female" and person.birth_date == datetime.date(1990, 3, 7)
    assert person.id_number_masked == ID[:4] + "*" * 10 + ID[-4:]
    assert person.phone_masked == "138****5678"
    assert person.name_initials.startswith("s")
    row = AuditLog.objects.get(action=AuditAction.CREATE, object_id=str(person.pk))
    assert ID not in str(row.after)


def test_one_person_per_id_number(tree: Tree, county_officer, city_admin) -> None:
    person_create(by=county_officer, unit=tree.grassroots_a, name="甲", id_number=ID)
    with pytest.raises(ValidationError) as excinfo:
        person_create(by=city_admin, unit=tree.grassroots_b, name="乙", id_number=ID)
    assert "迎江机械厂工会" in excinfo.value.message_dict["id_number"][0]
    assert Person.objects.count() == 1


def test_bad_id_number_refused_with_message(tree: Tree, county_officer) -> None:
    with pytest.raises(ValidationError) as excinfo:
        person_create(
            by=county_officer,
            unit=tree.grassroots_a,
            name="甲",
            id_number=ID[:-1] + ("0" if ID[-1] != "0" else "1"),
        )
    assert "校验码" in str(excinfo.value)
    assert not Person.objects.exists() and not AuditLog.objects.exists()


def test_create_outside_scope_refused(tree: Tree, county_officer, auditor) -> None:
    with pytest.raises(PermissionDenied):
        person_create(by=county_officer, unit=tree.grassroots_b, name="甲", id_number=ID)
    with pytest.raises(PermissionDenied):
        person_create(by=auditor, unit=tree.grassroots_b, name="甲", id_number=ID)
    assert not Person.objects.exists()


def test_update_cannot_move_a_person_out_of_scope(tree: Tree, county_officer) -> None:
    person = PersonFactory(unit=tree.grassroots_a)
    with pytest.raises(PermissionDenied):
        person_update(by=county_officer, person=person, unit=tree.grassroots_b)
    person.refresh_from_db()
    assert person.unit == tree.grassroots_a
    assert not AuditLog.objects.exists()


def test_reveal_is_audited_and_needs_the_role(
    tree: Tree, county_officer, grassroots_officer
) -> None:
    person = PersonFactory(unit=tree.grassroots_a)
    assert person_reveal(by=county_officer, person=person)["id_number"] == person.id_number
    assert AuditLog.objects.filter(action=AuditAction.REVEAL, user=county_officer).count() == 1
    other = PersonFactory(unit=tree.grassroots_b)
    with pytest.raises(PermissionDenied):
        person_reveal(by=grassroots_officer, person=other)
    assert AuditLog.objects.filter(action=AuditAction.REVEAL).count() == 1


def test_search_by_id_phone_name_and_initials(tree: Tree) -> None:
    person = PersonFactory(unit=tree.grassroots_a, name="张三丰")
    PersonFactory(unit=tree.grassroots_a, name="李四")
    everyone = Person.objects.all()
    assert list(person_search(everyone, person.id_number.lower())) == [person]
    assert list(person_search(everyone, person.phone)) == [person]
    assert list(person_search(everyone, "三丰")) == [person]
    assert list(person_search(everyone, "zsf")) == [person]
    assert list(person_search(everyone, "ZhangSan")) == [person]
    assert not person_search(everyone, "110101190001011234").exists()


def test_enterprise_credit_code_normalised_and_unique(tree: Tree, county_officer) -> None:
    existing = EnterpriseFactory(unit=tree.grassroots_a)
    with pytest.raises(ValidationError) as excinfo:
        enterprise_create(
            by=county_officer,
            unit=tree.grassroots_a,
            name="重复公司",
            credit_code=existing.credit_code.lower(),
            region_code="340802",
        )
    assert "credit_code" in excinfo.value.message_dict
