"""Shared fixtures of the rights tests: a worker with a portal login, an employer in county A,
and helpers that make cases through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from gonghui.casework.models import Case
from gonghui.conftest import Tree
from gonghui.core.models import User
from gonghui.core.tests.factories import UserFactory
from gonghui.registry.models import Enterprise, Person
from gonghui.registry.tests.factories import EnterpriseFactory, PersonFactory
from gonghui.rights import services
from gonghui.rights.models import Lawyer, RequestCategory


@pytest.fixture
def worker(db: None) -> User:
    return UserFactory(username="worker")


@pytest.fixture
def factory_a(tree: Tree) -> Enterprise:
    """An employer whose responsible union is grassroots_a."""
    return EnterpriseFactory(unit=tree.grassroots_a, name="迎江机械厂")


@pytest.fixture
def zhang(tree: Tree, worker: User, factory_a: Enterprise) -> Person:
    return PersonFactory(unit=tree.grassroots_a, name="张三", user=worker, employer=factory_a)


@pytest.fixture
def wang(tree: Tree) -> Person:
    return PersonFactory(unit=tree.grassroots_b, name="王五")


@pytest.fixture
def wages(db: None) -> RequestCategory:
    return RequestCategory.objects.get(code="wages")


@pytest.fixture
def lawyer_a(tree: Tree, city_admin: User) -> Lawyer:
    return services.lawyer_create(
        by=city_admin, unit=tree.county_a, name="李律师", organisation="皖江律师事务所"
    )


def record_request(by: Any, person: Person, unit: Any, **fields: Any) -> Case:
    fields.setdefault("category", RequestCategory.objects.get(code="wages"))
    fields.setdefault("description", "公司拖欠三个月工资。")
    return services.request_record(by=by, applicant=person, receiving_unit=unit, **fields)


def open_legal_aid(by: Any, person: Person, unit: Any, **fields: Any) -> Case:
    fields.setdefault("description", "被拖欠加班费，协商未果。")
    fields.setdefault("dispute_type", "wages")
    fields.setdefault("dispute_date", datetime.date.today() - datetime.timedelta(days=30))
    return services.legal_aid_open(by=by, applicant=person, unit=unit, **fields)


def open_arrears(by: Any, person: Person, unit: Any, **fields: Any) -> Case:
    fields.setdefault("description", "工地拖欠农民工工资。")
    fields.setdefault("amount_owed", Decimal("120000.00"))
    fields.setdefault("workers_count", 12)
    fields.setdefault("migrant_workers_count", 10)
    return services.wage_arrears_open(by=by, applicant=person, unit=unit, **fields)
