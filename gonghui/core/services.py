"""Writes to the union tree and to grants. Each runs in one transaction and is audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from gonghui.core.audit import audit_record, audit_save, snapshot
from gonghui.core.choices import Action, AuditAction
from gonghui.core.models import Grant, OrgUnit
from gonghui.core.scoping import ensure_can, forget_grants


def _assign_path(unit: OrgUnit) -> None:
    parent_path = unit.parent.path if unit.parent_id else "/"  # type: ignore[union-attr]
    unit.path = f"{parent_path}{unit.pk}/"
    unit.depth = unit.path.count("/") - 2
    OrgUnit.objects.filter(pk=unit.pk).update(path=unit.path, depth=unit.depth)


@transaction.atomic
def unit_create(*, by: Any, parent: OrgUnit | None, **fields: Any) -> OrgUnit:
    """Add a unit under ``parent`` (a root when None: only for someone managing the root)."""
    if parent is None:
        if OrgUnit.objects.exists():
            ensure_can(by, Action.MANAGE, OrgUnit.objects.filter(depth=0).first())
    else:
        ensure_can(by, Action.MANAGE, parent)
    unit = OrgUnit(parent=parent, **fields)
    unit.full_clean(exclude=["path"])
    unit.save()
    _assign_path(unit)
    audit_save(by=by, obj=unit, before=None)
    return unit


@transaction.atomic
def unit_update(*, by: Any, unit: OrgUnit, **fields: Any) -> OrgUnit:
    """Change a unit's own fields; its place in the tree changes only through ``unit_move``."""
    ensure_can(by, Action.MANAGE, unit)
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(unit)
    for name, value in fields.items():
        if name in {"parent", "parent_id", "path", "depth"}:
            raise ValueError(f"use unit_move to change {name}")
        setattr(unit, name, value)
    unit.full_clean(exclude=["path"])
    unit.save()
    audit_save(by=by, obj=unit, before=before)
    return unit


@transaction.atomic
def unit_move(*, by: Any, unit: OrgUnit, new_parent: OrgUnit) -> OrgUnit:
    """Move a unit with its whole subtree under ``new_parent`` in one UPDATE."""
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    new_parent = OrgUnit.objects.get(pk=new_parent.pk)
    ensure_can(by, Action.MANAGE, unit)
    ensure_can(by, Action.MANAGE, new_parent)
    if new_parent.is_within(unit):
        raise ValidationError(
            _("A unit cannot be moved under itself or one of its own subordinate units.")
        )
    if unit.parent_id == new_parent.pk:
        return unit
    before = snapshot(unit)
    old_prefix = unit.path
    new_prefix = f"{new_parent.path}{unit.pk}/"
    depth_change = new_parent.depth + 1 - unit.depth
    OrgUnit.objects.within(unit).update(
        path=Concat(Value(new_prefix), Substr("path", len(old_prefix) + 1)),
        depth=F("depth") + depth_change,
    )
    OrgUnit.objects.filter(pk=unit.pk).update(parent=new_parent)
    unit.refresh_from_db()
    audit_record(by=by, action=AuditAction.MOVE, obj=unit, before=before, after=snapshot(unit))
    ensure_can(by, Action.VIEW, unit)
    return unit


@transaction.atomic
def grant_add(*, by: Any, user: Any, unit: OrgUnit, role: str) -> Grant:
    ensure_can(by, Action.MANAGE, unit)
    grant, created = Grant.objects.get_or_create(user=user, unit=unit, role=role)
    if created:
        audit_save(by=by, obj=grant, before=None)
    forget_grants(user)
    return grant


@transaction.atomic
def grant_remove(*, by: Any, grant: Grant) -> None:
    ensure_can(by, Action.MANAGE, grant.unit)
    before = snapshot(grant)
    audit_record(by=by, action=AuditAction.DELETE, obj=grant, before=before, unit=grant.unit)
    grant.delete()
    forget_grants(grant.user)
