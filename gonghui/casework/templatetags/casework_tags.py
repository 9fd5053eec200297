"""Badges and words for cases: the state, the deadline ("剩余2天3小时", "已超期5小时")."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gonghui.casework.choices import CaseState, SlaStatus
from gonghui.casework.kinds import kind_label
from gonghui.casework.workflow import move_label

register = template.Library()

STATE_CLASSES = {
    CaseState.SUBMITTED: "text-bg-primary",
    CaseState.ACCEPTED: "text-bg-info",
    CaseState.IN_PROGRESS: "text-bg-info",
    CaseState.RESOLVED: "text-bg-success",
    CaseState.REJECTED: "text-bg-secondary",
    CaseState.WITHDRAWN: "text-bg-secondary",
    CaseState.CLOSED: "text-bg-light border",
}


def duration_text(delta: datetime.timedelta) -> str:
    """A span in the two largest units: "2天3小时", "5小时", "40分钟" (at least one minute)."""
    minutes = max(1, int(abs(delta.total_seconds()) // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts: list[str] = []
    if days:
        parts.append(ngettext("%(count)d day", "%(count)d days", days) % {"count": days})
    if hours and len(parts) < 2:
        parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
    if not days and mins and len(parts) < 2:
        parts.append(ngettext("%(count)d minute", "%(count)d minutes", mins) % {"count": mins})
    if len(parts) == 1:
        return parts[0]
    return _("%(first)s %(second)s") % {"first": parts[0], "second": parts[1]}


def sla_text(case: Any, now: datetime.datetime | None = None) -> tuple[str, str]:
    """The deadline's words for a case and the badge class that goes with them."""
    now = now or timezone.now()
    status = case.sla_status_at(now)
    if status == SlaStatus.NONE:
        return "—", ""
    if status == SlaStatus.OVERDUE:
        left = duration_text(now - case.due_at)
        return _("Overdue by %(time)s") % {"time": left}, "text-bg-danger"
    if status == SlaStatus.AT_RISK:
        left = duration_text(case.due_at - now)
        return _("At risk: %(time)s left") % {"time": left}, "text-bg-warning"
    if status == SlaStatus.ON_TIME:
        left = duration_text(case.due_at - now)
        return _("%(time)s left") % {"time": left}, "text-bg-light border"
    label = str(SlaStatus(status).label)
    return label, "text-bg-success" if status == SlaStatus.MET else "text-bg-secondary"


@register.simple_tag
def sla_badge(case: Any) -> SafeString | str:
    text, css = sla_text(case)
    if not css:
        return text
    return format_html('<span class="badge {}">{}</span>', css, text)


@register.filter
def state_badge(case: Any) -> SafeString:
    return format_html(
        '<span class="badge {}">{}</span>',
        STATE_CLASSES.get(case.state, "text-bg-light"),
        case.get_state_display(),
    )


@register.filter
def case_kind_label(code: str) -> str:
    return str(kind_label(code))


@register.simple_tag
def move_name(from_state: str, to_state: str) -> str:
    return str(move_label(from_state, to_state))
