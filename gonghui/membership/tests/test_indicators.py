"""Membership indicators: members at a past date, new members by channel and group, transfers,
verified share, counted per subtree through the kernel's indicator registry."""

from __future__ import annotations

import datetime

import pytest

from gonghui.conftest import Tree
from gonghui.core.tests.factories import UserFactory
from gonghui.indicators.periods import Period
from gonghui.indicators.registry import get
from gonghui.indicators.selectors import values
from gonghui.membership.choices import EndReason, JoinChannel, MembershipStatus
from gonghui.membership.tests.factories import MembershipFactory
from gonghui.registry.tests.factories import PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.access("membership.Membership")]
d = datetime.date


def figures(unit, period: Period, *codes: str) -> dict[str, object]:
    return values([get(code) for code in codes], unit, period)


@pytest.fixture
def history(tree: Tree) -> None:
    a, b = tree.grassroots_a, tree.grassroots_b
    MembershipFactory(person=PersonFactory(unit=a), unit=a, joined_on=d(2023, 3, 1),
                      channel=JoinChannel.QR, worker_group="courier")  # fmt: skip
    MembershipFactory(person=PersonFactory(unit=a), unit=a, joined_on=d(2024, 2, 1),
                      channel=JoinChannel.IMPORT)  # fmt: skip
    left = MembershipFactory(person=PersonFactory(unit=a), unit=a, joined_on=d(2022, 1, 1),
                             status=MembershipStatus.ENDED, end_reason=EndReason.LEFT,
                             ended_on=d(2024, 6, 30))  # fmt: skip
    moved = MembershipFactory(person=PersonFactory(unit=a), unit=a, joined_on=d(2021, 1, 1),
                              status=MembershipStatus.TRANSFERRED_OUT,
                              end_reason=EndReason.TRANSFERRED, ended_on=d(2024, 9, 1))  # fmt: skip
    MembershipFactory(person=moved.person, unit=b, joined_on=d(2024, 9, 1), previous=moved,
                      channel=JoinChannel.DESK)  # fmt: skip
    verified = PersonFactory(unit=b, user=UserFactory())
    MembershipFactory(person=verified, unit=b, joined_on=d(2024, 10, 1), channel=JoinChannel.QR)
    del left


def test_members_at_a_date_and_flows(tree: Tree, history) -> None:
    y2023, y2024 = Period.year(2023), Period.year(2024)
    assert figures(tree.city, y2023, "membership.members")["membership.members"] == 3
    got = figures(
        tree.city, y2024, "membership.members", "membership.new_members",
        "membership.new_members.qr", "membership.new_members.import",
        "membership.transfers_in", "membership.transfers_out", "membership.verified_share",
        "membership.new_form_members",
    )  # fmt: skip
    assert got["membership.members"] == 4  # 2 in A, 2 in B; the one who left is gone
    assert got["membership.new_members"] == 2  # the transfer in is not new
    assert got["membership.new_members.qr"] == 1 and got["membership.new_members.import"] == 1
    assert got["membership.transfers_in"] == 1 and got["membership.transfers_out"] == 1
    assert got["membership.verified_share"] == 25
    assert got["membership.new_form_members"] == 1
    mid = Period.range(d(2024, 1, 1), d(2024, 7, 31))
    assert figures(tree.county_a, mid, "membership.members")["membership.members"] == 3
    assert figures(tree.county_b, mid, "membership.members")["membership.members"] == 0
    assert figures(tree.grassroots_a, y2024, "membership.members")["membership.members"] == 2
