"""The data-quality scan (会员信息预警): what it looks for, and the retirement ages.

Each finding has a kind and a key (``person:12``, ``unit:7``, ``enterprise:3``): one open alert
per kind and key, so a re-run refreshes an open alert instead of adding another; an open alert
the scan no longer finds is marked fixed; a dismissed one (not a problem, with a reason) is not
raised again for the same subject, a resolved one is raised again if the problem is still there.

Retirement ages (法定退休年龄): the gradual reform decided by the NPC Standing Committee on
13 September 2024, in force from 1 January 2025. For whom the old age falls in January 2025 or
later, the age rises by one month every four months of the old retirement date (men from 60
to at most 63, women in cadre posts from 55 to at most 58) or every two months (women in
worker posts from 50 to at most 55): born January-April 1965, a man retires at 60 years and one
month. The register does not say whether a woman holds a worker or a cadre post, so the scan
uses the worker posts' age (50 rising to 55), the lower: an alert for a woman in a cadre post
is dismissed with that reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.choices import UnitStatus
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import subtree_condition
from gonghui.membership.choices import (
    MEMBER_UNIT_KINDS,
    AlertKind,
    AlertStatus,
    MembershipStatus,
)
from gonghui.membership.models import DataAlert, Membership
from gonghui.registry.choices import Gender
from gonghui.registry.models import Enterprise
from gonghui.utils.idcard import normalize_id_number
from gonghui.utils.phone import normalize_mobile

NO_UNION_EMPLOYEES = 25
STALE_DAYS = 365
REFORM_START = datetime.date(2025, 1, 1)
# (old age in years, months of old retirement date per month of delay, most months of delay)
MALE_RULE = (60, 4, 36)
FEMALE_WORKER_RULE = (50, 2, 60)
FEMALE_CADRE_RULE = (55, 4, 36)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    # The birthday in that month; a 29-31 that month lacks becomes its last day.
    for last in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month + 1, last)
        except ValueError:
            continue
    raise ValueError(day)


def retirement_date(birth: datetime.date, gender: str, *, cadre: bool = False) -> datetime.date:
    """The statutory retirement date under the 2025 reform (see the module docstring)."""
    if gender == Gender.MALE:
        rule = MALE_RULE
    else:
        rule = FEMALE_CADRE_RULE if cadre else FEMALE_WORKER_RULE
    years, step, most = rule
    old = _add_months(birth, years * 12)
    months_after_start = (old.year - REFORM_START.year) * 12 + old.month - REFORM_START.month
    if months_after_start < 0:
        return old
    delay = min(most, months_after_start // step + 1)
    return _add_months(birth, years * 12 + delay)


@dataclass(frozen=True)
class Finding:
    kind: str
    key: str
    unit_id: int
    message: str
    person_id: int | None = None
    enterprise_id: int | None = None


@dataclass
class ScanResult:
    found: int = 0
    created: int = 0
    refreshed: int = 0
    fixed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "found": self.found,
            "created": self.created,
            "refreshed": self.refreshed,
            "fixed": self.fixed,
        }


def _member_findings(root: OrgUnit, today: datetime.date) -> Iterable[Finding]:
    """Invalid ID numbers, missing or invalid phones, past retirement age: per active member."""
    active = Membership.objects.filter(
        subtree_condition("unit__path", root.path), status=MembershipStatus.ACTIVE
    ).values_list(
        "unit_id",
        "person_id",
        "person__name",
        "person__id_number",
        "person__phone",
        "person__gender",
        "person__birth_date",
    )
    for unit_id, person_id, name, id_number, phone, gender, birth in active.iterator(2000):
        key = f"person:{person_id}"
        try:
            normalize_id_number(id_number or "", today=today)
        except ValidationError as error:
            yield Finding(
                AlertKind.INVALID_ID_NUMBER,
                key,
                unit_id,
                _("%(name)s: invalid ID number (%(reason)s)")
                % {"name": name, "reason": "；".join(error.messages)},
                person_id=person_id,
            )
        if not phone:
            yield Finding(
                AlertKind.PHONE_MISSING,
                key,
                unit_id,
                _("%(name)s: no mobile number") % {"name": name},
                person_id=person_id,
            )
        else:
            try:
                normalize_mobile(phone)
            except ValidationError:
                yield Finding(
                    AlertKind.PHONE_MISSING,
                    key,
                    unit_id,
                    _("%(name)s: invalid mobile number") % {"name": name},
                    person_id=person_id,
                )
        if birth and gender and retirement_date(birth, gender) <= today:
            yield Finding(
                AlertKind.PAST_RETIREMENT,
                key,
                unit_id,
                _("%(name)s: past the statutory retirement age (born %(birth)s)")
                % {"name": name, "birth": birth.isoformat()},
                person_id=person_id,
            )


def _twice_findings(root: OrgUnit) -> Iterable[Finding]:
    doubled = (
        Membership.objects.filter(status=MembershipStatus.ACTIVE)
        .values("person_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("person_id", flat=True)
    )
    rows = (
        Membership.objects.filter(
            subtree_condition("unit__path", root.path),
            status=MembershipStatus.ACTIVE,
            person_id__in=list(doubled),
        )
        .order_by("person_id", "joined_on", "pk")
        .values_list("person_id", "unit_id", "person__name", "unit__name")
    )
    for person_id, unit_id, name, unit_name in rows:
        yield Finding(
            AlertKind.ACTIVE_TWICE,
            f"person:{person_id}:unit:{unit_id}",
            unit_id,
            _("%(name)s is an active member of more than one union (here: %(unit)s)")
            % {"name": name, "unit": unit_name},
            person_id=person_id,
        )


def _unit_findings(root: OrgUnit, now: datetime.datetime) -> Iterable[Finding]:
    units = OrgUnit.objects.filter(subtree_condition("path", root.path))
    dissolved = (
        units.filter(status=UnitStatus.DISSOLVED, memberships__status=MembershipStatus.ACTIVE)
        .annotate(n=Count("memberships"))
        .values_list("pk", "parent_id", "name", "n")
    )
    for pk, parent_id, name, count in dissolved:
        yield Finding(
            AlertKind.UNIT_DISSOLVED,
            f"unit:{pk}",
            parent_id or pk,
            _("%(unit)s is dissolved but has %(count)d current members: end or transfer them")
            % {"unit": name, "count": count},
        )
    cutoff = now - datetime.timedelta(days=STALE_DAYS)
    stale = (
        units.filter(status=UnitStatus.ACTIVE, kind__in=MEMBER_UNIT_KINDS, created_at__lt=cutoff)
        .annotate(last=Max("memberships__updated_at"))
        .filter(Q(last__lt=cutoff) | Q(last__isnull=True))
        .values_list("pk", "name")
    )
    for pk, name in stale:
        yield Finding(
            AlertKind.UNIT_STALE,
            f"unit:{pk}",
            pk,
            _("%(unit)s: no member joined, left or changed in 12 months") % {"unit": name},
        )


def _enterprise_findings(root: OrgUnit) -> Iterable[Finding]:
    rows = Enterprise.objects.filter(
        subtree_condition("unit__path", root.path),
        employee_count__gte=NO_UNION_EMPLOYEES,
        union_founded=False,
    ).values_list("pk", "unit_id", "name", "employee_count")
    for pk, unit_id, name, count in rows.iterator(2000):
        yield Finding(
            AlertKind.NO_UNION,
            f"enterprise:{pk}",
            unit_id,
            _("%(name)s has %(count)d employees and no union") % {"name": name, "count": count},
            enterprise_id=pk,
        )


def findings(root: OrgUnit, *, now: datetime.datetime | None = None) -> list[Finding]:
    now = now or timezone.now()
    today = timezone.localdate(now)
    found: dict[tuple[str, str], Finding] = {}
    for source in (
        _member_findings(root, today),
        _twice_findings(root),
        _unit_findings(root, now),
        _enterprise_findings(root),
    ):
        for finding in source:
            found.setdefault((finding.kind, finding.key), finding)
    return list(found.values())


def scan(
    root: OrgUnit, *, now: datetime.datetime | None = None, progress: Any = None
) -> ScanResult:
    """Find every problem under ``root`` and bring the alerts up to date (see module doc)."""
    now = now or timezone.now()
    result = ScanResult()
    if progress is not None:
        progress.stage(_("Looking for problems"))
    found = findings(root, now=now)
    result.found = len(found)
    alerts = DataAlert.objects.filter(subtree_condition("unit__path", root.path))
    open_alerts = {
        (kind, key): pk
        for pk, kind, key in alerts.filter(status=AlertStatus.OPEN).values_list("pk", "kind", "key")
    }
    dismissed = set(
        DataAlert.objects.filter(status=AlertStatus.DISMISSED).values_list("kind", "key")
    )
    if progress is not None:
        progress.stage(_("Updating alerts"), total=len(found))
    with transaction.atomic():
        seen: list[int] = []
        new: list[DataAlert] = []
        for finding in found:
            subject = (finding.kind, finding.key)
            if subject in open_alerts:
                seen.append(open_alerts.pop(subject))
            elif subject not in dismissed:
                new.append(
                    DataAlert(
                        kind=finding.kind,
                        key=finding.key,
                        unit_id=finding.unit_id,
                        message=finding.message[:300],
                        person_id=finding.person_id,
                        enterprise_id=finding.enterprise_id,
                        first_seen_at=now,
                        last_seen_at=now,
                    )
                )
        for start in range(0, len(seen), 900):
            DataAlert.objects.filter(pk__in=seen[start : start + 900]).update(last_seen_at=now)
        result.refreshed = len(seen)
        # A parallel scan may have raised one a moment ago: the unique index keeps one.
        DataAlert.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
        result.created = len(new)
        gone = list(open_alerts.values())
        for start in range(0, len(gone), 900):
            result.fixed += DataAlert.objects.filter(
                pk__in=gone[start : start + 900], status=AlertStatus.OPEN
            ).update(status=AlertStatus.FIXED, closed_at=now)
    if progress is not None:
        progress.advance(len(found))
    return result
