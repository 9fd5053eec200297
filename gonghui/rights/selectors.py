"""Reads of rights protection: warnings, the worker's own requests and what they may see."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from gonghui.casework.choices import CaseState, EventType
from gonghui.casework.models import Case, CaseEvent
from gonghui.casework.workflow import OPEN_STATES
from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.registry.models import Person
from gonghui.rights.choices import LEGAL_AID_KIND, PRE_ARBITRATION_STAGES, REQUEST_KIND
from gonghui.rights.models import LIMITATION_WARNING_DAYS, Lawyer, LegalAidCase, WorkerRequest

S = CaseState


def roster(user: Any) -> QuerySet[Lawyer]:
    """Lawyers on the rosters the user may see, to pick for a case or a consultation."""
    return Lawyer.objects.restrict(user, Action.VIEW).filter(is_active=True).select_related("unit")


def _one_year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def limitation_warnings(
    user: Any, unit: OrgUnit, today: datetime.date | None = None
) -> QuerySet[LegalAidCase]:
    """Open legal-aid cases not yet at arbitration whose limitation ends within the warning
    window (or has passed), soonest first."""
    today = today or timezone.localdate()
    latest_dispute = _one_year_before(today + datetime.timedelta(days=LIMITATION_WARNING_DAYS))
    cases = (
        Case.objects.restrict(user, Action.VIEW)
        .within(unit)
        .filter(kind=LEGAL_AID_KIND, state__in=OPEN_STATES)
    )
    return (
        LegalAidCase.objects.filter(
            case__in=cases,
            stage__in=PRE_ARBITRATION_STAGES,
            dispute_date__lte=latest_dispute,
        )
        .select_related("case", "case__unit", "employer")
        .order_by("dispute_date", "pk")
    )


def reopen_asks(user: Any, unit: OrgUnit) -> QuerySet[WorkerRequest]:
    """Resolved requests whose worker was not satisfied and asked for reopening."""
    cases = (
        Case.objects.restrict(user, Action.CHANGE)
        .within(unit)
        .filter(kind=REQUEST_KIND, state=S.RESOLVED)
    )
    return (
        WorkerRequest.objects.filter(case__in=cases, reopen_requested=True)
        .select_related("case", "case__unit", "category")
        .order_by("rated_at")
    )


def own_requests(person: Person) -> QuerySet[Case]:
    """The worker's own requests, newest first (a worker never sees anyone else's)."""
    return (
        Case.objects.filter(kind=REQUEST_KIND, applicant=person)
        .select_related("unit", "worker_request", "worker_request__category")
        .order_by("-submitted_at", "-pk")
    )


# What a worker sees of the timeline: the moves (with the reply or the reason), replies, the
# routing to another unit, and their own notes and files; never the staff's internal notes.
_SHOWN_NOTES = frozenset({S.RESOLVED, S.REJECTED, S.WITHDRAWN})


def worker_timeline(case: Case, user: Any) -> list[dict[str, Any]]:
    events = (
        CaseEvent.objects.filter(case=case)
        .filter(
            Q(
                event_type__in=[
                    EventType.SUBMITTED,
                    EventType.TRANSITION,
                    EventType.REPLY,
                    EventType.REASSIGNED,
                ]
            )
            | Q(by=user)
        )
        .prefetch_related("attachments")
        .order_by("at", "pk")
    )
    rows = []
    for event in events:
        note = event.note
        if event.event_type == EventType.TRANSITION and event.to_state not in _SHOWN_NOTES:
            note = ""
        if event.event_type == EventType.REASSIGNED:
            note = ""
        rows.append({"event": event, "note": note, "own": event.by_id == user.pk})
    return rows
