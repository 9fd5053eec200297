"""Fixtures of the employment tests: a worker with a portal login, employers in both counties,
two workers, an occupation."""

from __future__ import annotations

import pytest

from gonghui.conftest import Tree
from gonghui.core.models import User
from gonghui.core.tests.factories import UserFactory
from gonghui.employment.models import Occupation
from gonghui.registry.models import Enterprise, Person
from gonghui.registry.tests.factories import EnterpriseFactory, PersonFactory


@pytest.fixture
def worker(db: None) -> User:
    return UserFactory(username="worker")


@pytest.fixture
def factory_a(tree: Tree) -> Enterprise:
    return EnterpriseFactory(unit=tree.grassroots_a, name="迎江机械厂")


@pytest.fixture
def mill_b(tree: Tree) -> Enterprise:
    return EnterpriseFactory(unit=tree.grassroots_b, name="怀宁纺织厂", region_code="340822")


@pytest.fixture
def zhang(tree: Tree, worker: User) -> Person:
    return PersonFactory(unit=tree.grassroots_a, name="张三", user=worker, phone="13912345678")


@pytest.fixture
def wang(tree: Tree) -> Person:
    return PersonFactory(unit=tree.grassroots_b, name="王五")


@pytest.fixture
def lathe(db: None) -> Occupation:
    return Occupation.objects.get(code="6-18-01")
