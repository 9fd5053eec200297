"""Reads of membership: join codes, employers to pick from, a worker's own memberships."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from gonghui.core import crypto
from gonghui.core.choices import UnitStatus
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import subtree_condition
from gonghui.membership.choices import MEMBER_UNIT_KINDS, JoinRequestStatus, MembershipStatus
from gonghui.membership.models import (
    JoinRequest,
    Membership,
    MembershipSettings,
    MembershipTransfer,
)
from gonghui.registry.models import ID_NUMBER_INDEX, PHONE_INDEX, Enterprise, Person
from gonghui.registry.selectors import enterprise_search, person_search
from gonghui.utils.idcard import normalize_id_number
from gonghui.utils.phone import normalize_mobile

EMPLOYER_LOOKUP_LIMIT = 10
_DIGITISH = re.compile(r"^[\d\sXx+\-０-９ｘＸ]+$")


def takes_members(unit: OrgUnit) -> bool:
    """Whether a unit of this kind and status may take members at all."""
    return unit.kind in MEMBER_UNIT_KINDS and unit.status == UnitStatus.ACTIVE


def settings_for_join(token: str) -> MembershipSettings | None:
    """The settings of the unit whose join code carries ``token``, if it takes members now."""
    if not token or len(token) > 64:
        return None
    found = (
        MembershipSettings.objects.select_related("unit")
        .filter(
            join_token=token,
            takes_members=True,
            unit__status=UnitStatus.ACTIVE,
            unit__kind__in=MEMBER_UNIT_KINDS,
        )
        .first()
    )
    return found


def employers_for_join(unit: OrgUnit) -> QuerySet[Enterprise]:
    """Employers a worker joining ``unit`` may pick: those the unit or a unit below it is
    responsible for, and those in the unit's region."""
    return Enterprise.objects.filter(
        subtree_condition("unit__path", unit.path) | Q(region_code=unit.region_code)
    )


def employer_lookup(unit: OrgUnit, text: str) -> list[Enterprise]:
    text = text.strip()[:60]
    if not text:
        return []
    found = enterprise_search(employers_for_join(unit), text)
    return list(found.order_by("name_pinyin", "pk")[:EMPLOYER_LOOKUP_LIMIT])


def active_membership(person: Person) -> Membership | None:
    return (
        Membership.objects.filter(person=person, status=MembershipStatus.ACTIVE)
        .select_related("unit")
        .first()
    )


@dataclass
class OwnMembership:
    """What a worker sees under "my membership": their record's memberships (once verified)
    and the join requests they sent, newest first."""

    person: Person | None
    memberships: list[Membership]
    requests: list[JoinRequest]
    transfers: list[Any] = field(default_factory=list)

    @property
    def active(self) -> Membership | None:
        return next((m for m in self.memberships if m.is_active), None)

    @property
    def pending(self) -> list[JoinRequest]:
        return [r for r in self.requests if r.status == JoinRequestStatus.PENDING]


def own_membership(user: object) -> OwnMembership:
    person = (
        Person.objects.filter(user=user).select_related("unit").defer("id_number", "phone").first()
    )
    requests = list(
        JoinRequest.objects.filter(applicant=user)
        .select_related("unit", "membership", "membership__unit")
        .defer("id_number", "phone")[:20]
    )
    if person is not None:
        memberships = list(person.memberships.select_related("unit").order_by("-joined_on", "-id"))
    else:
        # Before verification: the memberships the worker's own approved requests made.
        memberships = [
            r.membership  # type: ignore[attr-defined]
            for r in requests
            if r.status == JoinRequestStatus.APPROVED and hasattr(r, "membership")
        ]
    return OwnMembership(
        person=person,
        memberships=memberships,
        requests=requests,
        transfers=own_transfers(person) if person is not None else [],
    )


def own_transfers(person: Person) -> list[Any]:
    """The worker's transfers, newest first, each with ``reason``: why it was refused."""
    from gonghui.casework.models import CaseEvent

    transfers = list(
        MembershipTransfer.objects.filter(membership__person=person)
        .select_related("case", "from_unit", "to_unit")
        .order_by("-case__submitted_at")[:10]
    )
    for transfer in transfers:
        refusal = (
            CaseEvent.objects.filter(case_id=transfer.pk, to_state="rejected")
            .order_by("-pk")
            .values_list("note", flat=True)
            .first()
        )
        transfer.reason = refusal or ""  # type: ignore[attr-defined]
    return transfers


def _digitish_lookup(text: str) -> tuple[str, str] | None:
    """("id_number" | "phone", canonical) when the text is a whole ID or mobile number."""
    for normalize, kind in ((normalize_id_number, "id_number"), (normalize_mobile, "phone")):
        try:
            return kind, normalize(text)
        except ValidationError:
            continue
    return None


def join_request_search(queryset: QuerySet[JoinRequest], text: str) -> QuerySet[JoinRequest]:
    """An ID number or a mobile number exactly (through the blind index), else part of a name."""
    text = text.strip()
    if not text:
        return queryset
    if _DIGITISH.match(text):
        found = _digitish_lookup(text)
        if found is None:
            return queryset.none()
        kind, canonical = found
        index = ID_NUMBER_INDEX if kind == "id_number" else PHONE_INDEX
        return queryset.filter(
            **{f"{kind}_hash__in": crypto.blind_index_candidates(canonical, index)}
        )
    return queryset.filter(name__contains=text)


def membership_search(queryset: QuerySet[Membership], text: str) -> QuerySet[Membership]:
    """The worker by name, pinyin initials, ID or mobile number, or the card number."""
    text = text.strip()
    if not text:
        return queryset
    if "-" in text and text.replace("-", "").isalnum():
        by_card = queryset.filter(card_number=text.upper())
        if by_card.exists():
            return by_card
    persons = person_search(Person.objects.all(), text)
    return queryset.filter(person__in=persons.values("pk"))
