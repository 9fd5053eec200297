"""Writing the audit log. Services call ``audit_record`` inside their transaction."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from gonghui.core import request_context
from gonghui.core.choices import AuditAction
from gonghui.core.fields import EncryptedTextField
from gonghui.core.models import AuditLog, OrgUnit

# Stored in audit rows instead of an encrypted value: the log must never hold personal data
# in clear. The blind index and masked columns beside it say whether it changed.
ENCRYPTED_PLACEHOLDER = "<encrypted>"
# Never copied into the log at all.
SECRET_FIELDS = frozenset({"password"})


def _json_value(value: Any) -> Any:
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The concrete fields of ``obj`` as JSON, with encrypted fields left out in clear."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        value = getattr(obj, field.attname)
        if isinstance(field, EncryptedTextField):
            data[field.name] = ENCRYPTED_PLACEHOLDER if value else value
        else:
            data[field.attname] = _json_value(value)
    return data


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    before = before or {}
    after = after or {}
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def owning_unit(obj: models.Model) -> OrgUnit | None:
    if isinstance(obj, OrgUnit):
        return obj
    unit = getattr(obj, "unit", None)
    return unit if isinstance(unit, OrgUnit) else None


def audit_record(
    *,
    by: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    unit: OrgUnit | None = None,
) -> AuditLog:
    """Append one audit row for ``obj``; the request id and address come from the request."""
    context = request_context.current()
    unit = unit or owning_unit(obj)
    user = by if getattr(by, "is_authenticated", False) else None
    return AuditLog.objects.create(
        user=user,
        username=user.get_username() if user else "",
        unit=unit,
        unit_path=unit.path if unit else "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=before,
        after=after,
        request_id=context.request_id if context else "",
        ip_address=context.ip_address if context else None,
    )


def audit_save(*, by: Any, obj: models.Model, before: dict[str, Any] | None) -> AuditLog:
    """Audit a create (``before`` is None) or an update of an object just saved."""
    return audit_record(
        by=by,
        action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
        obj=obj,
        before=before,
        after=snapshot(obj),
    )
