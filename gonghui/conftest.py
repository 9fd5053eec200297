"""Personas and a small union tree shared by every app's tests.

    city (安庆市总工会)
    ├── county_a (迎江区总工会)
    │   └── township_a (街道工会)
    │       └── grassroots_a
    └── county_b (怀宁县总工会)
        └── grassroots_b

Personas: ``city_admin`` (federation admin on the city), ``county_officer`` (federation officer
in county A), ``grassroots_officer`` (grassroots officer of a union in county B), ``auditor``
(auditor on the city), ``outsider`` (a login without grants), ``worker`` (a worker's login).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from gonghui.core.choices import Role, UnitKind
from gonghui.core.models import OrgUnit, User
from gonghui.core.tests.factories import GrantFactory, OrgUnitFactory, UserFactory


@dataclass
class Tree:
    city: OrgUnit
    county_a: OrgUnit
    township_a: OrgUnit
    grassroots_a: OrgUnit
    county_b: OrgUnit
    grassroots_b: OrgUnit


@pytest.fixture
def tree(db: None) -> Tree:
    city = OrgUnitFactory(
        code="340800", name="安庆市总工会", kind=UnitKind.CITY, region_code="340800"
    )
    county_a = OrgUnitFactory(
        code="340802", name="迎江区总工会", kind=UnitKind.COUNTY, parent=city, region_code="340802"
    )
    township_a = OrgUnitFactory(
        code="340802001",
        name="宜城路街道工会",
        kind=UnitKind.TOWNSHIP,
        parent=county_a,
        region_code="340802",
    )
    grassroots_a = OrgUnitFactory(
        code="340802001001", name="迎江机械厂工会", parent=township_a, region_code="340802"
    )
    county_b = OrgUnitFactory(
        code="340822", name="怀宁县总工会", kind=UnitKind.COUNTY, parent=city, region_code="340822"
    )
    grassroots_b = OrgUnitFactory(
        code="340822001", name="怀宁纺织厂工会", parent=county_b, region_code="340822"
    )
    return Tree(city, county_a, township_a, grassroots_a, county_b, grassroots_b)


def _persona(username: str, unit: OrgUnit | None, role: str | None) -> User:
    user = UserFactory(username=username)
    if unit is not None and role is not None:
        GrantFactory(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def city_admin(tree: Tree) -> User:
    return _persona("city_admin", tree.city, Role.FEDERATION_ADMIN)


@pytest.fixture
def county_officer(tree: Tree) -> User:
    return _persona("county_officer", tree.county_a, Role.FEDERATION_OFFICER)


@pytest.fixture
def grassroots_officer(tree: Tree) -> User:
    return _persona("grassroots_officer", tree.grassroots_b, Role.GRASSROOTS_OFFICER)


@pytest.fixture
def auditor(tree: Tree) -> User:
    return _persona("auditor", tree.city, Role.AUDITOR)


@pytest.fixture
def outsider(db: None) -> User:
    return _persona("outsider", None, None)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Uploads, attachments and generated files of a test go to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
