"""Membership tests: text messages are kept in memory, and the member-taking units of the
shared tree have their join settings."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection

from gonghui.conftest import Tree
from gonghui.core.sms import MemorySender
from gonghui.membership.tests.factories import MembershipSettingsFactory


@pytest.fixture(autouse=True)
def sms(settings: Any) -> Iterator[type[MemorySender]]:
    settings.SMS_BACKEND = "memory"
    MemorySender.clear()
    yield MemorySender
    MemorySender.clear()


@pytest.fixture
def intake(tree: Tree) -> dict[str, Any]:
    """Join settings of both grassroots unions (manual approval)."""
    return {
        "a": MembershipSettingsFactory(unit=tree.grassroots_a, join_token="token-a-0123456789"),
        "b": MembershipSettingsFactory(unit=tree.grassroots_b, join_token="token-b-0123456789"),
    }


def wait_for_other_sessions(seconds: float = 5.0) -> None:
    """On PostgreSQL, wait until no other session uses the test database.

    Threads' and the live server's sessions end a moment after their connections close; the
    test database cannot be dropped while one is still there.
    """
    if connection.vendor != "postgresql":
        return
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            row = cursor.fetchone()
        if row is None or row[0] == 0:
            return
        time.sleep(0.1)
