"""Transfers under concurrency, on PostgreSQL: parallel final approvals move the membership
once, and a reader watching meanwhile never sees the worker with two active memberships or
none."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.casework.models import Case
from gonghui.conftest import Tree
from gonghui.core.choices import Role
from gonghui.core.tests.factories import GrantFactory, UserFactory
from gonghui.membership.choices import MembershipStatus
from gonghui.membership.models import Membership
from gonghui.membership.services import (
    transfer_complete,
    transfer_reject,
    transfer_release,
    transfer_start,
)
from gonghui.membership.tests.factories import MembershipFactory, MembershipSettingsFactory
from gonghui.membership.tests.test_concurrency import _postgresql_only, in_parallel
from gonghui.registry.tests.factories import PersonFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.access("membership.MembershipTransfer", "membership.Membership"),
]
__all__ = ["_postgresql_only"]


def test_parallel_final_approvals_move_the_membership_once_without_a_gap(
    tree: Tree, city_admin: Any, county_officer: Any
) -> None:
    MembershipSettingsFactory(unit=tree.grassroots_a)
    MembershipSettingsFactory(unit=tree.grassroots_b)
    joined_staff = UserFactory()
    GrantFactory(user=joined_staff, unit=tree.grassroots_b, role=Role.GRASSROOTS_OFFICER)
    member = MembershipFactory(person=PersonFactory(unit=tree.grassroots_a), unit=tree.grassroots_a)
    case = transfer_start(by=county_officer, membership=member, to_unit=tree.grassroots_b)
    case = transfer_release(by=county_officer, case=case, expected_version=case.version)
    case = Case.objects.get(pk=case.pk)

    seen: list[int] = []
    stop = threading.Event()

    def watch() -> None:
        try:
            while not stop.is_set():
                seen.append(
                    Membership.objects.filter(
                        person_id=member.person_id, status=MembershipStatus.ACTIVE
                    ).count()
                )
        finally:
            connection.close()

    watcher = threading.Thread(target=watch)
    watcher.start()
    staff = [city_admin, joined_staff]

    def decide(i: int) -> Any:
        if i % 3 == 2:
            return transfer_reject(
                by=staff[i % 2], case=case, reason="并发拒绝", expected_version=None
            )
        return transfer_complete(by=staff[i % 2], case=case, expected_version=None)

    try:
        results = in_parallel(10, decide)
    finally:
        stop.set()
        watcher.join()
    winners = [r for r in results if not isinstance(r, ValidationError)]
    assert len(winners) == 1, results
    active = Membership.objects.filter(person_id=member.person_id, status=MembershipStatus.ACTIVE)
    assert active.count() == 1
    assert seen and set(seen) == {1}
    final = Case.objects.get(pk=case.pk).state
    if isinstance(winners[0], Membership):
        assert final == "resolved" and active.get().unit == tree.grassroots_b
    else:
        assert final == "rejected" and active.get().pk == member.pk
