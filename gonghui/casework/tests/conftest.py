"""Cases for the casework tests, made through the services (so with events and audit rows).

``worker`` is the applicant's own portal login: the person 张三 registered in grassroots_a.
"""

from __future__ import annotations

from typing import Any

import pytest

from gonghui.casework.models import Case
from gonghui.casework.services import case_submit
from gonghui.conftest import Tree
from gonghui.core.models import User
from gonghui.core.tests.factories import UserFactory
from gonghui.registry.models import Person
from gonghui.registry.tests.factories import PersonFactory

REQUEST = "sample.request"
SIGNUP = "sample.signup"


def submit(by: Any, unit: Any, applicant: Person, **fields: Any) -> Case:
    fields.setdefault("kind", REQUEST)
    fields.setdefault("title", "拖欠工资三个月")
    fields.setdefault("description", "公司自今年三月起未发工资。")
    if fields["kind"] == REQUEST:
        fields.setdefault("detail", {"category": "wages"})
    return case_submit(by=by, unit=unit, applicant=applicant, **fields)


@pytest.fixture
def worker(db: None) -> User:
    return UserFactory(username="worker")


@pytest.fixture
def zhang(tree: Tree, worker: User) -> Person:
    return PersonFactory(unit=tree.grassroots_a, name="张三", user=worker)


@pytest.fixture
def wang(tree: Tree) -> Person:
    return PersonFactory(unit=tree.grassroots_b, name="王五")


@pytest.fixture
def case_a(tree: Tree, zhang: Person, city_admin: User) -> Case:
    """A request of 张三 handled by grassroots_a (county A)."""
    return submit(city_admin, tree.grassroots_a, zhang)


@pytest.fixture
def case_b(tree: Tree, wang: Person, city_admin: User) -> Case:
    """A request of 王五 handled by grassroots_b (county B)."""
    return submit(
        city_admin, tree.grassroots_b, wang, title="工伤认定咨询", detail={"category": "safety"}
    )
