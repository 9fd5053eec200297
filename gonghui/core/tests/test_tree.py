from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.conftest import Tree
from gonghui.core.choices import AuditAction, UnitKind
from gonghui.core.models import AuditLog, OrgUnit
from gonghui.core.services import unit_create, unit_move, unit_update
from gonghui.core.tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


def test_subtree_and_ancestors_in_one_query_each(tree: Tree) -> None:
    with CaptureQueriesContext(connection) as queries:
        subtree = set(OrgUnit.objects.subtree(tree.county_a).values_list("name", flat=True))
        ancestors = list(
            OrgUnit.objects.ancestors(tree.grassroots_a).values_list("name", flat=True)
        )
    assert len(queries) == 2
    assert subtree == {"迎江区总工会", "宜城路街道工会", "迎江机械厂工会"}
    assert ancestors == ["安庆市总工会", "迎江区总工会", "宜城路街道工会"]
    assert tree.grassroots_a.depth == 3


def test_sibling_ids_sharing_a_prefix_stay_apart(tree: Tree) -> None:
    # /1/2/ must not match /1/23/: the path separator closes every step.
    units = [OrgUnitFactory(parent=tree.city) for _ in range(12)]
    first = units[0]
    child = OrgUnitFactory(parent=first)
    assert set(OrgUnit.objects.subtree(first)) == {first, child}


def test_unit_create_sets_path_and_audits(tree: Tree, city_admin) -> None:
    unit = unit_create(
        by=city_admin,
        parent=tree.county_b,
        code="340822002",
        name="怀宁县石牌镇工会",
        kind=UnitKind.TOWNSHIP,
        region_code="340822",
    )
    assert unit.path == f"{tree.county_b.path}{unit.pk}/"
    row = AuditLog.objects.get(object_id=str(unit.pk), action=AuditAction.CREATE)
    assert row.user == city_admin
    assert row.after["name"] == "怀宁县石牌镇工会"
    assert row.unit_path == unit.path


def test_unit_create_refused_outside_scope_changes_nothing(tree: Tree, county_officer) -> None:
    count = OrgUnit.objects.count()
    with pytest.raises(PermissionDenied):
        unit_create(
            by=county_officer,
            parent=tree.county_b,
            code="X1",
            name="越权",
            kind=UnitKind.GRASSROOTS,
            region_code="340822",
        )
    assert OrgUnit.objects.count() == count
    assert not AuditLog.objects.exists()


def test_unit_create_rejects_unknown_region(tree: Tree, city_admin) -> None:
    with pytest.raises(ValidationError) as excinfo:
        unit_create(
            by=city_admin,
            parent=tree.city,
            code="X2",
            name="坏代码",
            kind=UnitKind.COUNTY,
            region_code="349999",
        )
    assert "region_code" in excinfo.value.message_dict


def test_move_carries_the_subtree(tree: Tree, city_admin) -> None:
    unit_move(by=city_admin, unit=tree.township_a, new_parent=tree.county_b)
    township = OrgUnit.objects.get(pk=tree.township_a.pk)
    grassroots = OrgUnit.objects.get(pk=tree.grassroots_a.pk)
    assert township.parent_id == tree.county_b.pk
    assert township.path == f"{tree.county_b.path}{township.pk}/"
    assert grassroots.path == f"{township.path}{grassroots.pk}/"
    assert grassroots.depth == 3
    assert set(OrgUnit.objects.subtree(tree.county_a)) == {tree.county_a}
    assert grassroots in OrgUnit.objects.subtree(tree.county_b)
    assert AuditLog.objects.filter(action=AuditAction.MOVE, object_id=str(township.pk)).exists()


def test_move_to_a_deeper_level_updates_depths(tree: Tree, city_admin) -> None:
    unit_move(by=city_admin, unit=tree.county_b, new_parent=tree.grassroots_a)
    assert OrgUnit.objects.get(pk=tree.grassroots_b.pk).depth == 5


def test_move_under_own_subtree_refused(tree: Tree, city_admin) -> None:
    before = list(OrgUnit.objects.values_list("pk", "path"))
    with pytest.raises(ValidationError):
        unit_move(by=city_admin, unit=tree.county_a, new_parent=tree.grassroots_a)
    assert list(OrgUnit.objects.values_list("pk", "path")) == before


def test_move_out_of_scope_refused(tree: Tree, county_officer) -> None:
    before = list(OrgUnit.objects.values_list("pk", "path"))
    with pytest.raises(PermissionDenied):
        unit_move(by=county_officer, unit=tree.township_a, new_parent=tree.county_b)
    assert list(OrgUnit.objects.values_list("pk", "path")) == before


def test_update_cannot_touch_tree_fields(tree: Tree, city_admin) -> None:
    with pytest.raises(ValueError):
        unit_update(by=city_admin, unit=tree.county_a, parent=tree.county_b)
    unit = unit_update(by=city_admin, unit=tree.county_a, name="迎江区总工会(新)")
    assert unit.name == "迎江区总工会(新)"
    row = AuditLog.objects.get(action=AuditAction.UPDATE, object_id=str(unit.pk))
    assert row.before["name"] == "迎江区总工会" and row.after["name"] == "迎江区总工会(新)"
