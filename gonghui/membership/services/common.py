"""What the membership services share: names, card numbers, the unit's locked counter,
binding a portal account to a worker's record."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import audit_record
from gonghui.core.choices import AuditAction
from gonghui.core.models import OrgUnit
from gonghui.membership.models import MembershipSettings
from gonghui.membership.selectors import takes_members
from gonghui.registry.models import Person
from gonghui.utils.names import normalize_person_name

CARD_SEQUENCE_DIGITS = 6
NAME_MAX_LENGTH = 30


def card_number(unit: OrgUnit, sequence: int) -> str:
    return f"{unit.code}-{sequence:0{CARD_SEQUENCE_DIGITS}d}"


def normalize_name(raw: str) -> str:
    """A person's name as the registry keeps it (``normalize_person_name``), checked.

    Refuses digits and most punctuation: a name is letters, the middle dot of minority and
    foreign names (·), and single spaces.
    """
    name = normalize_person_name(raw)
    if not name:
        raise ValidationError(_("Please enter your name."), code="required")
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            _("A name has at most %(max)s characters."),
            code="too_long",
            params={"max": NAME_MAX_LENGTH},
        )
    if any(not (ch.isalpha() or ch in "· ") for ch in name):
        raise ValidationError(
            _("A name may contain only letters and the middle dot (·)."), code="invalid"
        )
    return name


def same_name(registered: str, typed: str) -> bool:
    """Whether two spellings are the same name: spaces typed between characters don't count."""
    return "".join(registered.split()) == "".join(typed.split())


def new_token() -> str:
    return secrets.token_urlsafe(18)


def ensure_member_unit(unit: OrgUnit) -> None:
    if not takes_members(unit):
        raise ValidationError(
            _(
                "Only grassroots unions, joint unions and sector federations that are active "
                "take members."
            ),
            code="not_member_unit",
        )


def locked_settings(unit: OrgUnit) -> MembershipSettings:
    """The unit's settings row, locked: the member-card counter. Made when missing."""
    row = MembershipSettings.objects.select_for_update().filter(unit=unit).first()
    if row is not None:
        return row
    try:
        with transaction.atomic():
            MembershipSettings.objects.create(
                unit=unit, join_token=new_token(), token_created_at=timezone.now()
            )
    except IntegrityError:
        pass
    return MembershipSettings.objects.select_for_update().get(unit=unit)


def next_card_number(unit: OrgUnit) -> str:
    row = locked_settings(unit)
    row.last_card_number += 1
    row.save(update_fields=["last_card_number", "updated_at"])
    return card_number(unit, row.last_card_number)


def bind_account(person: Person, account: Any, *, by: Any) -> bool:
    """Link a portal account to a worker's record; False when either is already linked."""
    if person.user_id is not None or Person.objects.filter(user=account).exists():
        return person.user_id == getattr(account, "pk", None)
    updated = Person.objects.filter(pk=person.pk, user__isnull=True).update(user=account)
    if updated:
        person.user_id = account.pk
        audit_record(
            by=by,
            action=AuditAction.UPDATE,
            obj=person,
            before={"user": None},
            after={"user": account.pk},
        )
    return bool(updated)
