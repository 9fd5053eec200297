"""Parallel submissions and approvals, each thread on its own database connection.

Meaningful on PostgreSQL only: SQLite runs one writer at a time, so nothing would race. The
SQLite suite keeps the sequential double click (test_services, test_join).
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.conftest import Tree
from gonghui.core.tests.factories import UserFactory
from gonghui.membership.choices import JoinChannel, JoinRequestStatus, MembershipStatus
from gonghui.membership.models import JoinRequest, Membership, MembershipSettings
from gonghui.membership.services import Submission, join_request_approve, join_request_submit
from gonghui.membership.tests.conftest import wait_for_other_sessions
from gonghui.membership.tests.factories import MembershipSettingsFactory
from gonghui.registry.models import Person
from gonghui.utils.idcard import make_id_number

PARALLEL = 20
ID = make_id_number("340822", datetime.date(1988, 12, 12), 45, "male")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.access("membership.JoinRequest", "membership.Membership"),
]


@pytest.fixture(autouse=True)
def _postgresql_only() -> Iterator[None]:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so nothing runs in parallel")
    yield
    wait_for_other_sessions()


def in_parallel(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run ``work(i)`` in ``count`` threads released at once; each closes its connection."""
    barrier = threading.Barrier(count)

    def run(i: int) -> Any:
        try:
            barrier.wait(timeout=30)
            return work(i)
        except ValidationError as error:
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


@pytest.mark.parametrize("auto_approve", [False, True])
def test_twenty_parallel_submissions_by_one_applicant_make_one_request(
    tree: Tree, auto_approve: bool
) -> None:
    MembershipSettingsFactory(unit=tree.grassroots_b, auto_approve=auto_approve)
    applicant = UserFactory()

    def submit(i: int) -> Submission:
        return join_request_submit(
            by=applicant, applicant=applicant, unit=tree.grassroots_b, channel=JoinChannel.QR,
            name="赵六", id_number=ID, phone="13812340000",
        )  # fmt: skip

    results = in_parallel(PARALLEL, submit)
    errors = [r for r in results if isinstance(r, ValidationError)]
    assert not errors, errors
    assert JoinRequest.objects.count() == 1
    request = JoinRequest.objects.get()
    assert {r.request.pk for r in results} == {request.pk}
    assert sum(r.created for r in results) == 1
    active = Membership.objects.filter(status=MembershipStatus.ACTIVE)
    if auto_approve:
        assert request.status == JoinRequestStatus.APPROVED
        assert active.count() == 1 and Person.objects.count() == 1
        assert MembershipSettings.objects.get(unit=tree.grassroots_b).last_card_number == 1
    else:
        assert request.status == JoinRequestStatus.PENDING and active.count() == 0


def test_twenty_devices_with_the_same_id_number_make_one_request(tree: Tree) -> None:
    MembershipSettingsFactory(unit=tree.grassroots_b, auto_approve=True)
    MembershipSettingsFactory(unit=tree.grassroots_a, auto_approve=True)
    applicants = [UserFactory() for _ in range(PARALLEL)]
    units = [tree.grassroots_a, tree.grassroots_b]

    def submit(i: int) -> Submission:
        return join_request_submit(
            by=applicants[i], applicant=applicants[i], unit=units[i % 2],
            channel=JoinChannel.QR, name="赵六", id_number=ID, phone=f"1381234{i:04d}",
        )  # fmt: skip

    results = in_parallel(PARALLEL, submit)
    made = [r for r in results if isinstance(r, Submission)]
    assert len(made) == 1 and made[0].created
    assert JoinRequest.objects.count() == 1
    assert Membership.objects.filter(status=MembershipStatus.ACTIVE).count() == 1
    assert Person.objects.count() == 1
    card_numbers = MembershipSettings.objects.values_list("last_card_number", flat=True)
    assert sum(card_numbers) == 1  # the refused ones consumed no card number


def test_parallel_approvals_of_one_request_issue_one_card(
    tree: Tree, city_admin: Any, county_officer: Any
) -> None:
    MembershipSettingsFactory(unit=tree.grassroots_a)
    applicant = UserFactory()
    request = join_request_submit(
        by=applicant, applicant=applicant, unit=tree.grassroots_a, channel=JoinChannel.QR,
        name="赵六", id_number=ID, phone="13812340000",
    ).request  # fmt: skip
    staff = [city_admin, county_officer]

    results = in_parallel(10, lambda i: join_request_approve(by=staff[i % 2], join_request=request))
    approved = [r for r in results if isinstance(r, Membership)]
    assert len(approved) == 1
    assert approved[0].card_number == f"{tree.grassroots_a.code}-000001"
    assert all(isinstance(r, (Membership, ValidationError)) for r in results)
    assert Membership.objects.count() == 1
    assert MembershipSettings.objects.get(unit=tree.grassroots_a).last_card_number == 1
