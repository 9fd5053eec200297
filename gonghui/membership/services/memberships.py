"""Memberships (会籍): registering at the desk, ending, deleting a mistake."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import audit_record, audit_save, snapshot
from gonghui.core.choices import Action, AuditAction
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ensure_can
from gonghui.membership.choices import (
    EndReason,
    JoinChannel,
    MembershipStatus,
)
from gonghui.membership.models import Membership
from gonghui.membership.selectors import active_membership
from gonghui.membership.services.common import (
    ensure_member_unit,
    next_card_number,
)
from gonghui.registry.models import Person


@transaction.atomic
def membership_register(
    *,
    by: Any,
    person: Person,
    unit: OrgUnit,
    channel: str = JoinChannel.DESK,
    joined_on: datetime.date | None = None,
    worker_group: str = "",
) -> Membership:
    """Make a registered worker a member at the union's desk (or from a roster)."""
    ensure_can(by, Action.ADD, unit)
    ensure_can(by, Action.VIEW, person)
    ensure_member_unit(unit)
    person = Person.objects.select_for_update().select_related("unit").get(pk=person.pk)
    active = active_membership(person)
    if active is not None:
        raise ValidationError(
            _("This person is already an active member of %(unit)s."),
            code="already_member",
            params={"unit": active.unit.name},
        )
    joined_on = joined_on or timezone.localdate()
    if joined_on > timezone.localdate():
        raise ValidationError({"joined_on": _("The date cannot be in the future.")})
    membership = Membership(
        person=person,
        unit=unit,
        joined_on=joined_on,
        channel=channel,
        worker_group=worker_group or person.worker_group,
        card_number=next_card_number(unit),
    )
    membership.full_clean(exclude=["person", "unit", "join_request", "previous"])
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("This person is already an active member of a union."), code="already_member"
        ) from exc
    audit_save(by=by, obj=membership, before=None)
    return membership


ENDING_REASONS = (EndReason.LEFT, EndReason.RETIRED, EndReason.DECEASED)


@transaction.atomic
def membership_end(
    *,
    by: Any,
    membership: Membership,
    reason: str,
    ended_on: datetime.date,
    note: str = "",
) -> Membership:
    """End an active membership (left, retired, deceased); it stays in the history.

    A transfer ends a membership through the transfer, not here.
    """
    membership = Membership.objects.select_for_update().select_related("unit").get(pk=membership.pk)
    ensure_can(by, Action.CHANGE, membership)
    if membership.status != MembershipStatus.ACTIVE:
        raise ValidationError(_("This membership has already ended."), code="ended")
    if reason not in ENDING_REASONS:
        raise ValidationError({"reason": _("Please pick why the membership ends.")})
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": _("The date cannot be in the future.")})
    if ended_on < membership.joined_on:
        raise ValidationError({"ended_on": _("A membership cannot end before it began.")})
    before = snapshot(membership)
    membership.status = MembershipStatus.ENDED
    membership.end_reason = reason
    membership.ended_on = ended_on
    membership.end_note = " ".join(note.split())[:300]
    membership.save()
    audit_save(by=by, obj=membership, before=before)
    return membership


@transaction.atomic
def membership_delete(*, by: Any, membership: Membership) -> None:
    """Remove a membership entered by mistake. A verified member's never: end it instead."""
    membership = (
        Membership.objects.select_for_update()
        .select_related("unit", "person")
        .get(pk=membership.pk)
    )
    ensure_can(by, Action.DELETE, membership)
    if membership.person.user_id is not None:
        raise ValidationError(
            _("A verified member's membership cannot be deleted; end it with a reason."),
            code="verified",
        )
    if hasattr(membership, "next"):
        raise ValidationError(_("A membership in a transfer's history cannot be deleted."))
    audit_record(
        by=by,
        action=AuditAction.DELETE,
        obj=membership,
        before=snapshot(membership),
        unit=membership.unit,
    )
    membership.delete()
