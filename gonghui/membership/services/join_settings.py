"""A member-taking unit's joining settings and join code (入会设置, 入会二维码)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.core.audit import audit_save, snapshot
from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ensure_can
from gonghui.membership.models import MembershipSettings
from gonghui.membership.services.common import (
    ensure_member_unit,
    new_token,
)


@transaction.atomic
def membership_settings_enable(*, by: Any, unit: OrgUnit) -> MembershipSettings:
    """Give a member-taking unit its joining settings and join code (idempotent)."""
    ensure_can(by, Action.CHANGE, unit)
    ensure_member_unit(unit)
    existing = MembershipSettings.objects.filter(unit=unit).first()
    if existing is not None:
        return existing
    row = MembershipSettings(unit=unit, join_token=new_token(), token_created_at=timezone.now())
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # enabled at the same moment elsewhere
        return MembershipSettings.objects.get(unit=unit)
    audit_save(by=by, obj=row, before=None)
    return row


@transaction.atomic
def membership_settings_update(
    *, by: Any, settings_row: MembershipSettings, takes_members: bool, auto_approve: bool
) -> MembershipSettings:
    row = (
        MembershipSettings.objects.select_for_update()
        .select_related("unit")
        .get(pk=settings_row.pk)
    )
    ensure_can(by, Action.CHANGE, row)
    before = snapshot(row)
    row.takes_members = takes_members
    row.auto_approve = auto_approve
    row.save(update_fields=["takes_members", "auto_approve", "updated_at"])
    audit_save(by=by, obj=row, before=before)
    return row


@transaction.atomic
def join_token_regenerate(*, by: Any, settings_row: MembershipSettings) -> MembershipSettings:
    """A new join code: posters and links with the old one stop working at once."""
    row = (
        MembershipSettings.objects.select_for_update()
        .select_related("unit")
        .get(pk=settings_row.pk)
    )
    ensure_can(by, Action.CHANGE, row)
    before = snapshot(row)
    row.join_token = new_token()
    row.token_created_at = timezone.now()
    row.save(update_fields=["join_token", "token_created_at", "updated_at"])
    audit_save(by=by, obj=row, before=before)
    return row
