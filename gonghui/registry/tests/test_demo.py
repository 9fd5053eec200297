"""The demo city (``demo_data --size small``): a consistent tree, valid personal data, logins."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from gonghui.core import crypto
from gonghui.core.choices import Role, UnitKind
from gonghui.core.models import Grant, OrgUnit, User
from gonghui.demo.builder import plan_demo
from gonghui.demo.logins import DEMO_PASSWORD, LOGINS_FILE
from gonghui.registry.models import ID_NUMBER_INDEX, PHONE_INDEX, Enterprise, Person
from gonghui.utils.credit_code import normalize_credit_code
from gonghui.utils.idcard import mask_id_number, normalize_id_number
from gonghui.utils.phone import normalize_mobile

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(settings, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path


def build(**options: object) -> str:
    out = StringIO()
    call_command("demo_data", size="small", stdout=out, **options)
    return out.getvalue()


def test_tree_and_employers_are_consistent(data_dir: Path) -> None:
    build()
    units = {u.pk: u for u in OrgUnit.objects.all()}
    assert [u.kind for u in units.values() if u.parent_id is None] == [UnitKind.CITY]
    for unit in units.values():
        parent = units.get(unit.parent_id) if unit.parent_id else None
        assert unit.path == f"{parent.path if parent else '/'}{unit.pk}/"
        assert unit.depth == (parent.depth + 1 if parent else 0)
        if parent and unit.kind != UnitKind.COUNTY:
            assert unit.code.startswith(parent.code)
        unit.full_clean()  # region codes current, required fields present
    kinds = [u.kind for u in units.values()]
    assert 15 <= kinds.count(UnitKind.GRASSROOTS) <= 40
    assert {UnitKind.INDUSTRY, UnitKind.SECTOR_FEDERATION, UnitKind.JOINT} <= set(kinds)

    enterprises = list(Enterprise.objects.select_related("unit"))
    assert 150 <= len(enterprises) <= 250
    for enterprise in enterprises:
        assert normalize_credit_code(enterprise.credit_code or "") == enterprise.credit_code
        owner = enterprise.unit.kind
        if enterprise.union_founded:
            assert owner in {UnitKind.GRASSROOTS, UnitKind.JOINT}
        else:
            assert owner in {UnitKind.TOWNSHIP, UnitKind.PARK}
    large = [e for e in enterprises if e.employee_count >= 25]
    assert sum(e.union_founded for e in large) / len(large) >= 0.85


def test_persons_are_valid_and_unique(data_dir: Path) -> None:
    build()
    persons = list(Person.objects.all())
    assert 1800 <= len(persons) <= 2200
    for person in persons:
        assert normalize_id_number(person.id_number) == person.id_number
        assert person.id_number_hash == crypto.blind_index(person.id_number, ID_NUMBER_INDEX)
        assert person.id_number_masked == mask_id_number(person.id_number)
        assert person.birth_date.year in range(1960, 2006)
        if person.phone:
            assert normalize_mobile(person.phone) == person.phone
            assert person.phone_hash == crypto.blind_index(person.phone, PHONE_INDEX)
        assert person.name_pinyin and person.name_initials
    assert len({p.id_number for p in persons}) == len(persons)
    phones = [p.phone for p in persons if p.phone]
    assert len(set(phones)) == len(phones) >= 0.9 * len(persons)
    assert sum(p.name[0] in "单曾" for p in persons) > 0
    assert any(p.id_number.startswith("3428") for p in persons)  # pre-1988 county codes
    assert any(not p.id_number.startswith("34") for p in persons)  # from other provinces


def test_logins_and_second_call(data_dir: Path) -> None:
    output = build(address="http://127.0.0.1:8000/")
    expected = {
        "city_admin": (Role.FEDERATION_ADMIN, "安庆市总工会"),
        "county_officer": (Role.FEDERATION_OFFICER, "迎江区总工会"),
        "auditor": (Role.AUDITOR, "安庆市总工会"),
    }
    for username, (role, unit_name) in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        assert [(g.role, g.unit.name) for g in user.grants.all()] == [(role, unit_name)]
    officer = Grant.objects.get(user__username="grassroots_officer")
    assert officer.role == Role.GRASSROOTS_OFFICER
    assert officer.unit.kind == UnitKind.GRASSROOTS and officer.unit.region_code == "340822"
    worker = User.objects.get(username="worker")
    assert not worker.grants.exists()
    assert Person.objects.get(user=worker).unit == officer.unit
    assert "http://127.0.0.1:8000/" in output and DEMO_PASSWORD in output
    written = (data_dir / LOGINS_FILE).read_text(encoding="utf-8")
    assert "grassroots_officer" in written and officer.unit.name in written

    counts = (OrgUnit.objects.count(), Enterprise.objects.count(), Person.objects.count())
    again = build(address="http://127.0.0.1:8000/")
    assert (OrgUnit.objects.count(), Enterprise.objects.count(), Person.objects.count()) == counts
    assert User.objects.filter(username="worker").count() == 1
    assert "不再生成" in again and officer.unit.name in again


def test_same_seed_same_data(data_dir: Path) -> None:
    first = plan_demo("small", seed=7)
    assert plan_demo("small", seed=7) == first
    assert plan_demo("small", seed=8).persons != first.persons
    build(seed=7)
    # The planned workers, and the hardship households' graduates the assistance demo registers
    # for their personal employment plans (一人一策).
    persons = list(Person.objects.select_related("unit").filter(employment_plans__isnull=True))
    assert {(p.name, p.id_number, p.phone) for p in persons} == {
        (p.name, p.id_number, p.phone) for p in first.persons
    }
    # The demo's transfers (会员关系转接) move their workers' records to the union joined.
    from gonghui.membership.choices import MembershipStatus
    from gonghui.membership.models import Membership

    moved = set(
        Membership.objects.filter(status=MembershipStatus.TRANSFERRED_OUT).values_list(
            "person_id", flat=True
        )
    )
    planned_units = {p.id_number: first.units[p.unit].code for p in first.persons}
    assert {(p.id_number, p.unit.code) for p in persons if p.pk not in moved} == {
        (p.id_number, planned_units[p.id_number]) for p in persons if p.pk not in moved
    }
    assert set(Enterprise.objects.values_list("credit_code", flat=True)) == {
        e.credit_code for e in first.enterprises
    }
