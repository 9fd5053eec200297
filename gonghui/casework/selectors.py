"""Reads of cases: the queues, the search box, what a user may do with a case.

Every queue starts from ``Case.objects.restrict(user, action).within(unit)``: nothing is
filtered by hand, and the deadline queues are conditions on ``due_at``/``at_risk_at`` that
the partial indexes serve.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext

from gonghui.casework.choices import CaseState, SlaStatus
from gonghui.casework.kinds import get_kind
from gonghui.casework.models import Case, CaseEvent, CaseQuerySet, sla_condition
from gonghui.casework.workflow import APPLICANT_MOVES
from gonghui.core.choices import ROLE_ACTIONS, Action
from gonghui.core.models import Grant, OrgUnit, User
from gonghui.core.scoping import can

# The applicant's encrypted numbers are never read for case pages: only masked ones show.
APPLICANT_CLEAR_FIELDS = ("applicant__id_number", "applicant__phone")
_REFERENCE = re.compile(r"^[A-Za-z]{1,6}[-\d]*$")


def cases_in(unit: OrgUnit, user: Any, action: str = Action.VIEW) -> CaseQuerySet:
    """Every case handled by ``unit`` or a unit below it that ``user`` may ``action``."""
    return Case.objects.restrict(user, action).within(unit)  # type: ignore[no-any-return]


def cases_open_in(unit: OrgUnit, user: Any) -> CaseQuerySet:
    return cases_in(unit, user).open()


def cases_assigned_to(user: Any, unit: OrgUnit | None = None) -> CaseQuerySet:
    """The open cases given to ``user`` (within ``unit`` when named)."""
    queryset = Case.objects.restrict(user, Action.VIEW)
    if unit is not None:
        queryset = queryset.within(unit)
    return queryset.filter(assignee=user).open()  # type: ignore[no-any-return]


def cases_overdue_in(
    unit: OrgUnit, user: Any, now: datetime.datetime | None = None
) -> CaseQuerySet:
    return cases_in(unit, user).overdue(now)


def cases_at_risk_in(
    unit: OrgUnit, user: Any, now: datetime.datetime | None = None
) -> CaseQuerySet:
    return cases_in(unit, user).at_risk(now)


def queue_counts(user: Any, unit: OrgUnit, now: datetime.datetime) -> dict[str, int]:
    """The open cases behind each queue (unit, mine, overdue, at risk), in one query."""
    return cases_open_in(unit, user).aggregate(
        unit=Count("pk"),
        mine=Count("pk", filter=Q(assignee_id=user.pk)),
        overdue=Count("pk", filter=sla_condition(SlaStatus.OVERDUE, now)),
        at_risk=Count("pk", filter=sla_condition(SlaStatus.AT_RISK, now)),
    )


def by_deadline(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """The most pressing first: the earliest deadline, cases without one last."""
    return queryset.order_by(F("due_at").asc(nulls_last=True), "submitted_at", "pk")


def for_list(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """The joins a list of cases shows, without the applicant's encrypted columns."""
    return queryset.select_related("unit", "applicant", "assignee").defer(*APPLICANT_CLEAR_FIELDS)


def case_search(queryset: QuerySet[Case], text: str) -> QuerySet[Case]:
    """A reference number (whole or its start), or part of the applicant's name or the title."""
    text = text.strip()
    if not text:
        return queryset
    if _REFERENCE.match(text):
        return queryset.filter(reference__startswith=text.upper())
    return queryset.filter(Q(applicant__name__contains=text) | Q(title__contains=text))


def timeline(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("by").prefetch_related("attachments").order_by("at", "pk")


def allowed_moves(user: Any, case: Case) -> list[str]:
    """The states ``user`` may move ``case`` to now, in the order of the state list."""
    try:
        targets = get_kind(case.kind).targets(case.state)
    except KeyError:
        return []
    may_handle = can(user, Action.CHANGE, case)
    is_applicant = case.applicant.user_id is not None and case.applicant.user_id == getattr(
        user, "pk", None
    )
    return [
        state
        for state in CaseState.values
        if state in targets and (may_handle or (is_applicant and state in APPLICANT_MOVES))
    ]


def assignable_users(case: Case) -> QuerySet[User]:
    """Active staff who may handle the case: a grant with "change" on its unit or above it."""
    roles = [role for role, actions in ROLE_ACTIONS.items() if Action.CHANGE in actions]
    unit_ids = [*case.unit.ancestor_ids, case.unit.pk]
    grants = Grant.objects.filter(unit_id__in=unit_ids, role__in=roles).exclude(
        unit__status="dissolved"
    )
    return User.objects.filter(is_active=True, pk__in=grants.values("user_id")).order_by("username")


def route_targets(user: Any, case: Case, query: str = "", limit: int = 20) -> list[OrgUnit]:
    """Units the case may be routed to: those above and below its unit, or a search."""
    units = (
        OrgUnit.objects.restrict(user, Action.CHANGE)
        .exclude(status="dissolved")
        .exclude(pk=case.unit_id)
    )
    if query:
        found = units.filter(Q(name__contains=query) | Q(code__startswith=query))
    else:
        found = units.filter(Q(pk__in=case.unit.ancestor_ids) | Q(parent_id=case.unit_id))
    return list(found.order_by("depth", "path")[:limit])


def detail_fields(detail: Any) -> list[dict[str, Any]]:
    """A kind's detail row as (name, label, value, display) for pages and the API alike."""
    rows: list[dict[str, Any]] = []
    for field in detail._meta.concrete_fields:
        if field.primary_key:
            continue
        value = getattr(detail, field.attname)
        if field.choices:
            display = getattr(detail, f"get_{field.name}_display")()
        elif field.is_relation:
            display = str(getattr(detail, field.name) or "")
        elif isinstance(value, bool):
            display = gettext("Yes") if value else gettext("No")
        else:
            display = "" if value is None else str(value)
        rows.append(
            {
                "name": field.name,
                "label": capfirst(str(field.verbose_name)),
                "value": value,
                "display": display or "—",
            }
        )
    return rows
