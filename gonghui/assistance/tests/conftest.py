"""Households, rules and files for the assistance tests, made through the services.

``zhang`` (张三) is a worker of grassroots_a (county A) with his own portal login ``worker``;
``wang`` (王五) a worker of grassroots_b (county B). The city's rule for this year puts the
threshold at 900 元 a month per head.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.assistance import services
from gonghui.assistance.choices import AidKind, Exclusion, HardshipCause
from gonghui.assistance.models import EligibilityRule, HardshipFile
from gonghui.conftest import Tree
from gonghui.core.models import User
from gonghui.core.tests.factories import UserFactory
from gonghui.registry.models import Person
from gonghui.registry.tests.factories import PersonFactory

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
SPOUSE_ID = "340802198803050046"
CHILD_ID = "340802201209010038"


def upload(name: str, content: bytes = PDF, content_type: str = "application/pdf") -> Any:
    return SimpleUploadedFile(name, content, content_type=content_type)


def household(income: str = "600") -> list[dict[str, Any]]:
    """A spouse without income and a child in junior secondary school."""
    return [
        {"name": "李梅", "relationship": "spouse", "id_number": SPOUSE_ID,
         "monthly_income": Decimal(income), "situations": ["illness"],
         "health_notes": "尿毒症，每周透析三次"},
        {"name": "张小明", "relationship": "child", "id_number": CHILD_ID,
         "monthly_income": Decimal("0"), "situations": ["in_school"], "school_stage": "junior"},
    ]  # fmt: skip


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
def rule(tree: Tree, city_admin: User) -> EligibilityRule:
    return services.eligibility_rule_create(
        by=city_admin,
        unit=tree.city,
        region_code="3408",
        year=timezone.localdate().year,
        income_threshold=Decimal("900.00"),
        qualifying_causes=[c for c in HardshipCause.values if c != HardshipCause.OTHER],
        exclusions=[Exclusion.OWNS_VEHICLE, Exclusion.PUBLIC_SERVANT],
    )


def open_file(by: Any, person: Person, **fields: Any) -> HardshipFile:
    fields.setdefault("unit", person.unit)
    fields.setdefault("level", "county")
    fields.setdefault("cause", HardshipCause.ILLNESS)
    fields.setdefault("worker_income", Decimal("1800"))
    fields.setdefault("members", household())
    fields.setdefault("opened_on", timezone.localdate() - datetime.timedelta(days=30))
    return services.hardship_file_open(by=by, person=person, **fields)


@pytest.fixture
def file_a(tree: Tree, zhang: Person, city_admin: User) -> HardshipFile:
    """张三's household on file with grassroots_a: 3 persons, 2,400 元 a month (800 a head)."""
    return open_file(city_admin, zhang)


@pytest.fixture
def file_b(tree: Tree, wang: Person, city_admin: User) -> HardshipFile:
    return open_file(city_admin, wang, members=[])


def grant(by: Any, file: HardshipFile, amount: str = "1000", **fields: Any) -> Any:
    fields.setdefault("kind", AidKind.LIVING)
    fields.setdefault("granted_on", timezone.localdate())
    fields.setdefault("fund", "帮扶资金")
    fields.setdefault("decided_by", "市总工会党组会")
    return services.aid_grant_create(by=by, file=file, amount=Decimal(amount), **fields)
