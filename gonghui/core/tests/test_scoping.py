from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.conftest import Tree
from gonghui.core.choices import Action, Role
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import can, scope_paths
from gonghui.core.tests.factories import GrantFactory, UserFactory

pytestmark = pytest.mark.django_db


def names(queryset) -> set[str]:
    return set(queryset.values_list("name", flat=True))


def test_grant_covers_whole_subtree(tree: Tree, county_officer) -> None:
    assert names(OrgUnit.objects.restrict(county_officer, Action.VIEW)) == {
        "迎江区总工会",
        "宜城路街道工会",
        "迎江机械厂工会",
    }


def test_no_grant_sees_nothing(tree: Tree, outsider) -> None:
    assert not OrgUnit.objects.restrict(outsider, Action.VIEW).exists()


def test_anonymous_and_inactive_see_nothing(tree: Tree, city_admin) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not OrgUnit.objects.restrict(AnonymousUser(), Action.VIEW).exists()
    city_admin.is_active = False
    assert not OrgUnit.objects.restrict(city_admin, Action.VIEW).exists()


def test_role_limits_actions(tree: Tree, auditor, grassroots_officer) -> None:
    assert OrgUnit.objects.restrict(auditor, Action.VIEW).count() == 6
    assert not OrgUnit.objects.restrict(auditor, Action.CHANGE).exists()
    assert can(auditor, Action.AUDIT, tree.grassroots_b)
    assert names(OrgUnit.objects.restrict(grassroots_officer, Action.CHANGE)) == {"怀宁纺织厂工会"}
    assert not can(grassroots_officer, Action.REVEAL, tree.grassroots_b)
    assert not can(grassroots_officer, Action.VIEW, tree.county_b)


def test_nested_grants_collapse_and_cost_one_query(tree: Tree) -> None:
    user = UserFactory(username="two_grants")
    GrantFactory(user=user, unit=tree.county_a, role=Role.FEDERATION_OFFICER)
    GrantFactory(user=user, unit=tree.grassroots_a, role=Role.GRASSROOTS_OFFICER)
    GrantFactory(user=user, unit=tree.grassroots_b, role=Role.GRASSROOTS_OFFICER)
    with CaptureQueriesContext(connection) as queries:
        assert scope_paths(user, Action.VIEW) == sorted(
            [tree.county_a.path, tree.grassroots_b.path]
        )
        assert names(OrgUnit.objects.restrict(user, Action.VIEW)) == {
            "迎江区总工会",
            "宜城路街道工会",
            "迎江机械厂工会",
            "怀宁纺织厂工会",
        }
        assert can(user, Action.REVEAL, tree.grassroots_a)
        assert not can(user, Action.REVEAL, tree.grassroots_b)
    assert len(queries) == 2  # the grants once, then the list


def test_dissolved_unit_grant_gives_nothing(tree: Tree, county_officer) -> None:
    OrgUnit.objects.filter(pk=tree.county_a.pk).update(status="dissolved")
    fresh = type(county_officer).objects.get(pk=county_officer.pk)
    assert not OrgUnit.objects.restrict(fresh, Action.VIEW).exists()
