"""The demo city's members: join settings for every member-taking union, active memberships
with card numbers for most of their workers, and a few pending join requests.

Written in bulk like the rest of the demo (no services, no audit rows). The grassroots
officer's union keeps manual approval and gets pending requests to approve; one sector
federation approves automatically.
"""

from __future__ import annotations

import datetime
import random
import secrets
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone

from gonghui.core import crypto
from gonghui.core.choices import Role, UnitKind
from gonghui.core.models import Grant
from gonghui.demo.config import Plan
from gonghui.demo.writer import BATCH_SIZE, Written, reset_sequences
from gonghui.membership.choices import (
    MEMBER_UNIT_KINDS,
    JoinChannel,
    JoinRequestStatus,
    MembershipStatus,
)
from gonghui.membership.models import JoinRequest, Membership, MembershipSettings
from gonghui.portal.models import PortalAccount
from gonghui.registry.choices import WorkerGroup
from gonghui.registry.models import PHONE_INDEX
from gonghui.utils.idcard import make_id_number
from gonghui.utils.phone import make_mobile, mask_mobile

MEMBER_SHARE = 0.9  # of the workers registered with a member-taking union
PENDING_REQUESTS = 24  # spread over the grassroots unions, besides the login union's
LOGIN_UNION_PENDING = 6
_APPLICANT_NAMES = (
    "汪晓燕", "储建华", "方志强", "程丽娟", "吴海峰", "章雪梅", "查文斌", "潘小龙", "江春燕",
    "胡德胜", "檀玉兰", "刘子豪", "何静", "余志远", "叶芳", "许亮",
)  # fmt: skip


def _joined_on(rng: random.Random, birth_year: int, today: datetime.date) -> datetime.date:
    first = max(datetime.date(birth_year + 18, 1, 1), datetime.date(2005, 1, 1))
    if first >= today:
        return today
    return first + datetime.timedelta(days=rng.randrange((today - first).days + 1))


def _new_id_number(
    rng: random.Random, region: str, birth: datetime.date, gender: str, taken: set[str]
) -> str:
    """An ID number no planned worker (nor an earlier applicant) has."""
    while True:
        number = make_id_number(region, birth, rng.randrange(500), gender)
        if number not in taken:
            taken.add(number)
            return number


def _channel(rng: random.Random, joined: datetime.date) -> str:
    if joined.year >= 2021:  # 扫码入会 spread from 2021 on
        return rng.choices([JoinChannel.QR, JoinChannel.WEB, JoinChannel.DESK], (6, 1, 3))[0]
    return rng.choices([JoinChannel.IMPORT, JoinChannel.DESK], (3, 1))[0]


def write_members(plan: Plan, written: Written, seed: int, worker_index: int) -> None:
    """Settings, memberships and pending requests for the planned city."""
    rng = random.Random(seed + 2)
    today = timezone.localdate()
    now = timezone.now()
    units = plan.units
    member_units = [i for i, u in enumerate(units) if u.kind in MEMBER_UNIT_KINDS]
    auto_unit = next((i for i in member_units if units[i].kind == UnitKind.SECTOR_FEDERATION), None)

    by_unit: dict[int, list[int]] = defaultdict(list)
    for index, person in enumerate(plan.persons):
        if person.unit in member_units and (index == worker_index or rng.random() < MEMBER_SHARE):
            by_unit[person.unit].append(index)

    memberships: list[Membership] = []
    counters: dict[int, int] = {}
    for unit_index in member_units:
        code = units[unit_index].code
        joined = {
            i: _joined_on(rng, int(plan.persons[i].id_number[6:10]), today)
            for i in by_unit.get(unit_index, [])
        }
        # Card numbers in the order the members joined.
        people = sorted(joined, key=lambda i: (joined[i], i))
        for sequence, person_index in enumerate(people, start=1):
            spec = plan.persons[person_index]
            memberships.append(
                Membership(
                    person_id=written.person_ids[person_index],
                    unit_id=written.unit_ids[unit_index],
                    joined_on=joined[person_index],
                    channel=_channel(rng, joined[person_index]),
                    worker_group=spec.worker_group,
                    card_number=f"{code}-{sequence:06d}",
                )
            )
        counters[unit_index] = len(people)
    Membership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)

    MembershipSettings.objects.bulk_create(
        [
            MembershipSettings(
                unit_id=written.unit_ids[i],
                join_token=secrets.token_urlsafe(18),
                token_created_at=now,
                auto_approve=i == auto_unit,
                last_card_number=counters.get(i, 0),
            )
            for i in member_units
        ],
        batch_size=BATCH_SIZE,
    )

    grassroots = [i for i in member_units if units[i].kind == UnitKind.GRASSROOTS]
    targets = [plan.login_grassroots] * LOGIN_UNION_PENDING + rng.sample(
        grassroots, min(PENDING_REQUESTS, len(grassroots))
    )
    taken = {p.id_number for p in plan.persons}
    requests = []
    for n, unit_index in enumerate(targets):
        year = rng.randrange(1975, 2005)
        birth = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
        gender = "female" if n % 2 else "male"
        request = JoinRequest(
            unit_id=written.unit_ids[unit_index],
            channel=rng.choice([JoinChannel.QR, JoinChannel.QR, JoinChannel.WEB]),
            name=_APPLICANT_NAMES[n % len(_APPLICANT_NAMES)],
            id_number=_new_id_number(rng, units[unit_index].region_code, birth, gender, taken),
            phone=make_mobile(9_000_000 + n * 7919),
            worker_group=rng.choice(["", "", WorkerGroup.COURIER, WorkerGroup.FOOD_DELIVERY_RIDER]),
        )
        request.refresh_derived_fields()  # bulk_create does not call save()
        requests.append(request)
    JoinRequest.objects.bulk_create(requests, batch_size=BATCH_SIZE)
    # Submission times over the last days, newest first in the lists.
    for offset, request in enumerate(JoinRequest.objects.order_by("pk")):
        JoinRequest.objects.filter(pk=request.pk).update(
            submitted_at=now - datetime.timedelta(hours=3 * offset + rng.randrange(3))
        )
    reset_sequences([Membership, MembershipSettings, JoinRequest])
    scan_member_data()


DEMO_TRANSFERS = 3


def scan_member_data() -> None:
    """The first data-quality scan (会员信息预警) of every root unit."""
    from gonghui.core.models import OrgUnit
    from gonghui.membership.quality import scan

    for root in OrgUnit.objects.filter(parent__isnull=True):
        scan(root)


def write_transfers(seed: int) -> None:
    """A few transfers (会员关系转接), one at each step, through the services with the city
    administrator's account: call it once the demo logins exist."""
    from gonghui.core.models import OrgUnit
    from gonghui.membership.services import transfer_complete, transfer_release, transfer_start

    rng = random.Random(seed)
    admin_grant = (
        Grant.objects.filter(role=Role.FEDERATION_ADMIN, unit__parent__isnull=True)
        .select_related("user")
        .first()
    )
    grassroots = list(
        OrgUnit.objects.filter(kind=UnitKind.GRASSROOTS, status="active").order_by("pk")[:40]
    )
    if admin_grant is not None and len(grassroots) >= 2:
        admin = admin_grant.user
        active = list(
            Membership.objects.filter(status=MembershipStatus.ACTIVE, unit__in=grassroots)
            .select_related("unit")
            .order_by("pk")[: DEMO_TRANSFERS * 5]
        )
        for step, membership in enumerate(rng.sample(active, min(DEMO_TRANSFERS, len(active)))):
            target = next(u for u in grassroots if u.pk != membership.unit_id)
            case = transfer_start(
                by=admin, membership=membership, to_unit=target, note="演示：工作调动"
            )
            if step >= 1:
                case = transfer_release(by=admin, case=case, expected_version=case.version)
            if step >= 2:
                case.refresh_from_db()
                transfer_complete(by=admin, case=case, expected_version=case.version)


def link_worker_phone(user_id: int, phone: str) -> None:
    """Let the demo worker log in to the portal with their mobile number and a code."""
    PortalAccount.objects.update_or_create(
        user_id=user_id,
        defaults={
            "phone": phone,
            "phone_hash": crypto.blind_index(phone, PHONE_INDEX),
            "phone_masked": mask_mobile(phone),
        },
    )


def demo_join_path() -> str | None:
    """The join page of the grassroots officer's union (the demo's union to approve in)."""
    grant = (
        Grant.objects.filter(user__username="grassroots_officer", role=Role.GRASSROOTS_OFFICER)
        .select_related("unit")
        .first()
    )
    if grant is None:
        return None
    row = MembershipSettings.objects.filter(unit=grant.unit).first()
    if row is None:
        return None
    return reverse("portal:join", args=[row.join_token]) + "?c=qr"


def counts() -> tuple[int, int]:
    """Active memberships and pending requests, for the demo's summary line."""
    return (
        Membership.objects.filter(status=MembershipStatus.ACTIVE).count(),
        JoinRequest.objects.filter(status=JoinRequestStatus.PENDING).count(),
    )
