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
    active = Membership.objects.filter(status=MembershipStatus.ACTIVE)
    assert active.count() > 1000
    # Every card a union issued, its members' who transferred out included.
    by_unit: dict[int, list[str]] = {}
    for membership in Membership.objects.exclude(card_number=""):
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


def test_the_demo_has_a_transfer_at_each_step(settings, tmp_path: Path) -> None:
    from gonghui.demo.members import DEMO_TRANSFERS
    from gonghui.membership.models import DataAlert, MembershipTransfer

    settings.DATA_DIR = tmp_path
    call_command("demo_data", size="small", address="http://127.0.0.1:8000/", stdout=StringIO())
    assert DataAlert.objects.exists()  # the first scan ran
    states = sorted(MembershipTransfer.objects.values_list("case__state", flat=True))
    assert len(states) == DEMO_TRANSFERS and states == ["accepted", "resolved", "submitted"]
    moved = Membership.objects.get(status=MembershipStatus.TRANSFERRED_OUT)
    assert moved.next.status == MembershipStatus.ACTIVE  # type: ignore[attr-defined]
