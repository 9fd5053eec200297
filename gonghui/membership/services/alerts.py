"""Closing data-quality alerts (会员信息预警) by hand: resolved or dismissed, with a reason."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import audit_save, snapshot
from gonghui.core.choices import Action
from gonghui.core.scoping import ensure_can
from gonghui.membership.choices import AlertStatus
from gonghui.membership.models import DataAlert

CLOSING = (AlertStatus.RESOLVED, AlertStatus.DISMISSED)


@transaction.atomic
def alert_close(*, by: Any, alert: DataAlert, status: str, reason: str) -> DataAlert:
    """Mark an open alert resolved (fixed by hand) or dismissed (not a problem)."""
    alert = DataAlert.objects.select_for_update().select_related("unit").get(pk=alert.pk)
    ensure_can(by, Action.CHANGE, alert)
    if alert.status != AlertStatus.OPEN:
        raise ValidationError(_("This alert is already closed."), code="closed")
    if status not in CLOSING:
        raise ValidationError({"status": _("Please pick resolved or dismissed.")})
    reason = " ".join(str(reason).split())
    if not reason:
        raise ValidationError({"reason": _("Please give the reason.")}, code="required")
    if len(reason) > 300:
        raise ValidationError({"reason": _("The reason has at most 300 characters.")})
    before = snapshot(alert)
    alert.status = status
    alert.close_reason = reason
    alert.closed_at = timezone.now()
    alert.closed_by = by
    alert.save()
    audit_save(by=by, obj=alert, before=before)
    return alert
