"""Two officers at once, for real: threads with their own database connections.

On PostgreSQL the second writer waits on the case's row lock and then sees the new version;
SQLite runs one write transaction at a time, and its in-memory test database is shared by
threads without waiting, so these tests run on PostgreSQL only. ``TestConflicts`` in
``test_services`` covers the same rule one call after the other on both databases.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction

from gonghui.casework import services
from gonghui.casework.choices import CaseState
from gonghui.casework.models import Case, CaseEvent
from gonghui.casework.tests.conftest import submit

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.access("casework.Case"),
]


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("real row locks: PostgreSQL only")


def _in_thread(target: Callable[[], Any], results: list[Any]) -> threading.Thread:
    def run() -> None:
        try:
            results.append(("ok", target()))
        except Exception as exc:  # reported to the test, not lost in the thread
            results.append(("error", exc))
        finally:
            connection.close()

    return threading.Thread(target=run)


def test_the_second_officer_waits_for_the_lock_and_is_told(
    case_a, county_officer, city_admin
) -> None:
    locked, trying = threading.Event(), threading.Event()
    order: list[str] = []
    first: list[Any] = []
    second: list[Any] = []

    def accept_and_hold() -> Case:
        with transaction.atomic():
            case = services.case_accept(by=county_officer, case=case_a, expected_version=1)
            locked.set()
            trying.wait(5)
            # Keep the lock a moment so that the rejection below meets it.
            threading.Event().wait(0.3)
            order.append("accepted")
        return case

    def reject() -> Case:
        locked.wait(5)
        trying.set()
        try:
            return services.case_reject(by=city_admin, case=case_a, reason="x", expected_version=1)
        finally:
            order.append("rejection answered")

    threads = [_in_thread(accept_and_hold, first), _in_thread(reject, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert first[0][0] == "ok"
    assert second[0][0] == "error" and isinstance(second[0][1], services.CaseConflict)
    assert order == ["accepted", "rejection answered"]
    stored = Case.objects.get(pk=case_a.pk)
    assert (stored.state, stored.version) == (CaseState.ACCEPTED, 2)
    assert CaseEvent.objects.filter(case=case_a, to_state=CaseState.REJECTED).count() == 0


def test_simultaneous_moves_exactly_one_wins(case_a, county_officer, city_admin) -> None:
    barrier = threading.Barrier(4)
    results: list[Any] = []
    users = [county_officer, city_admin, county_officer, city_admin]

    def move(user: Any, target: str) -> Callable[[], Case]:
        def run() -> Case:
            barrier.wait(5)
            return services.case_transition(
                by=user, case=case_a, to_state=target, note="并发", expected_version=1
            )

        return run

    targets = [CaseState.ACCEPTED, CaseState.REJECTED, CaseState.WITHDRAWN, CaseState.ACCEPTED]
    threads = [_in_thread(move(u, t), results) for u, t in zip(users, targets, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    outcomes = sorted(kind for kind, _value in results)
    assert outcomes == ["error", "error", "error", "ok"]
    assert all(
        isinstance(value, services.CaseConflict) for kind, value in results if kind == "error"
    )
    assert Case.objects.get(pk=case_a.pk).version == 2
    assert CaseEvent.objects.filter(case=case_a, event_type="transition").count() == 1


def test_simultaneous_submissions_get_distinct_numbers(tree, zhang, city_admin) -> None:
    barrier = threading.Barrier(4)
    results: list[Any] = []

    def run() -> Case:
        barrier.wait(5)
        return submit(city_admin, tree.grassroots_a, zhang)

    threads = [_in_thread(run, results) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert [kind for kind, _value in results] == ["ok"] * 4
    numbers = sorted(value.reference[-4:] for _kind, value in results)
    assert numbers == ["0001", "0002", "0003", "0004"]
