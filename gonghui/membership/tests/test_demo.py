"""The demo city's members: settings for every member-taking union, card numbers that match
the counters, pending requests, the worker's phone login, and the join address printed."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from gonghui.core.models import User
from gonghui.membership.choices import MEMBER_UNIT_KINDS, JoinRequestStatus, MembershipStatus
from gonghui.membership.models import JoinRequest, Membership, MembershipSettings
from gonghui.membership.selectors import settings_for_join
from gonghui.portal.models import PortalAccount

pytestmark = [pytest.mark.django_db, pytest.mark.access("membership.Membership")]


def test_the_demo_has_members_and_prints_where_to_join(settings, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path
    out = StringIO()
    call_command("demo_data", size="small", address="http://127.0.0.1:8000/", stdout=out)
    text = out.getvalue()

    rows = {row.unit_id: row for row in MembershipSettings.objects.select_related("unit")}
    assert rows and all(row.unit.kind in MEMBER_UNIT_KINDS for row in rows.values())
    active = Membership.objects.filter(status=MembershipStatus.ACTIVE).select_related("unit")
    assert active.count() > 1000
    by_unit: dict[int, list[str]] = {}
    for membership in active:
        by_unit.setdefault(membership.unit_id, []).append(membership.card_number or "")
    for unit_id, cards in by_unit.items():
        row = rows[unit_id]
        assert row.last_card_number == len(cards)
        assert sorted(cards) == [f"{row.unit.code}-{n:06d}" for n in range(1, len(cards) + 1)]
    assert JoinRequest.objects.filter(status=JoinRequestStatus.PENDING).count() >= 6

    join_line = next(line for line in text.splitlines() if "/portal/join/" in line)
    token = join_line.split("/portal/join/")[1].split("/")[0]
    row = settings_for_join(token)
    assert row is not None and not row.auto_approve
    assert JoinRequest.objects.filter(unit=row.unit, status=JoinRequestStatus.PENDING).exists()

    worker = User.objects.get(username="worker")
    account = PortalAccount.objects.get(user=worker)
    assert account.phone == worker.person.phone
    assert worker.person.memberships.filter(status=MembershipStatus.ACTIVE).exists()
