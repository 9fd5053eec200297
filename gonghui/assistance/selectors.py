"""Reads of hardship assistance: the files a user may see, rules, allowances, reviews due."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from gonghui.assistance.choices import FileStatus
from gonghui.assistance.models import (
    AidGrant,
    Campaign,
    CampaignPayment,
    CampaignQuota,
    EligibilityRule,
    HardshipFile,
    HouseholdMember,
)
from gonghui.casework.workflow import OPEN_STATES
from gonghui.core import crypto
from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.registry.models import ID_NUMBER_INDEX, Person

# Files are due for their annual review after eleven months and overdue after twelve.
DUE_AFTER_DAYS = 335
OVERDUE_AFTER_DAYS = 365
# The health notes and the household's situation are never read for lists.
FILE_CLEAR_FIELDS = ("cause_detail", "bank_account")


def yearly_cap() -> Decimal:
    """The most aid one household may receive in a calendar year, in 元 (a setting)."""
    return Decimal(str(settings.ASSISTANCE_YEARLY_CAP_YUAN))


def notice_days() -> int:
    return int(settings.ASSISTANCE_NOTICE_DAYS)


def files_in(unit: OrgUnit, user: Any, action: str = Action.VIEW) -> QuerySet[HardshipFile]:
    return HardshipFile.objects.restrict(user, action).within(unit)  # type: ignore[no-any-return]


def for_list(queryset: QuerySet[HardshipFile]) -> QuerySet[HardshipFile]:
    return queryset.select_related("unit", "person").defer(
        *FILE_CLEAR_FIELDS, "person__id_number", "person__phone"
    )


def file_search(queryset: QuerySet[HardshipFile], text: str) -> QuerySet[HardshipFile]:
    """Part of the worker's name, or a file number (KN000123)."""
    text = text.strip()
    if not text:
        return queryset
    upper = text.upper()
    if upper.startswith("KN") and upper[2:].isdigit():
        return queryset.filter(pk=int(upper[2:]))
    return queryset.filter(person__name__contains=text)


def _live_files(exclude: HardshipFile | None) -> QuerySet[HardshipFile]:
    """Files that hold their household: on file, or pending with the application still open
    (a pending file whose application was withdrawn or refused no longer counts)."""
    files = HardshipFile.objects.filter(
        Q(status=FileStatus.ON_FILE)
        | Q(status=FileStatus.PENDING, applications__case__state__in=OPEN_STATES)
    )
    if exclude is not None:
        files = files.exclude(pk=exclude.pk)
    return files


def active_file_for_id(
    id_number_hashes: list[str], *, exclude: HardshipFile | None = None
) -> HardshipFile | None:
    """The household file that already holds this ID number, as the worker or a member."""
    files = _live_files(exclude)
    found = files.filter(person__id_number_hash__in=id_number_hashes).first()
    if found is None:
        found = files.filter(members__id_number_hash__in=id_number_hashes).first()
    return found


def active_file_of(person: Person, *, exclude: HardshipFile | None = None) -> HardshipFile | None:
    return active_file_for_id([person.id_number_hash], exclude=exclude)


def id_number_hashes(id_number: str) -> list[str]:
    """Blind indexes of a canonical ID number, comparable with ``Person.id_number_hash``."""
    return crypto.blind_index_candidates(id_number, ID_NUMBER_INDEX)


def aid_total(file: HardshipFile, year: int) -> Decimal:
    """What the household has received in ``year``, in 元."""
    total = AidGrant.objects.filter(file=file, granted_on__year=year).aggregate(
        total=Coalesce(Sum("amount"), Decimal("0"))
    )["total"]
    return Decimal(total)


def remaining_allowance(file: HardshipFile, year: int) -> Decimal:
    return max(yearly_cap() - aid_total(file, year), Decimal("0"))


def current_rule(region_code: str, year: int) -> EligibilityRule | None:
    """The current version of the rule with the longest region prefix of ``region_code``."""
    prefixes = [region_code[:n] for n in range(2, len(region_code) + 1)]
    rules = EligibilityRule.objects.filter(
        region_code__in=prefixes, year=year, superseded_at__isnull=True
    ).select_related("unit")
    return max(rules, key=lambda rule: len(rule.region_code), default=None)


def rule_versions(rule: EligibilityRule) -> QuerySet[EligibilityRule]:
    return EligibilityRule.objects.filter(region_code=rule.region_code, year=rule.year).order_by(
        "-version"
    )


def review_clock() -> Any:
    return Coalesce("last_reviewed_on", "opened_on")


def files_due_for_review(
    queryset: QuerySet[HardshipFile], today: datetime.date
) -> QuerySet[HardshipFile]:
    """Files on file whose last review (or filing) is eleven months old or more."""
    limit = today - datetime.timedelta(days=DUE_AFTER_DAYS)
    return (
        queryset.filter(status=FileStatus.ON_FILE)
        .annotate(review_from=review_clock())
        .filter(review_from__lte=limit)
        .order_by("review_from", "pk")
    )


def files_overdue_for_review(
    queryset: QuerySet[HardshipFile], today: datetime.date
) -> QuerySet[HardshipFile]:
    """The alert: files not reviewed within a year, computed on the fly (no stored flag)."""
    limit = today - datetime.timedelta(days=OVERDUE_AFTER_DAYS)
    return (
        queryset.filter(status=FileStatus.ON_FILE)
        .annotate(review_from=review_clock())
        .filter(review_from__lt=limit)
        .order_by("review_from", "pk")
    )


def members_of(file: HardshipFile) -> QuerySet[HouseholdMember]:
    return file.members.order_by("id")


# Campaigns -----------------------------------------------------------------------------


@dataclass
class QuotaProgress:
    """A unit's quota in a campaign and what it and the units below it have paid."""

    quota: CampaignQuota
    depth: int
    paid_count: int
    paid_amount: Decimal

    @property
    def households_rate(self) -> Decimal | None:
        if not self.quota.households:
            return None
        return (Decimal(self.paid_count) * 100 / self.quota.households).quantize(Decimal("0.1"))

    @property
    def amount_rate(self) -> Decimal | None:
        if not self.quota.amount:
            return None
        return (self.paid_amount * 100 / self.quota.amount).quantize(Decimal("0.1"))


def campaign_progress(
    campaign: Campaign, quotas: QuerySet[CampaignQuota] | None = None
) -> list[QuotaProgress]:
    """Every quota of ``campaign`` (or of ``quotas``) with the payments of its subtree."""
    if quotas is None:
        quotas = CampaignQuota.objects.filter(campaign=campaign)
    paid = (
        CampaignPayment.objects.filter(campaign=campaign)
        .values("quota__unit__path")
        .annotate(times=Count("pk"), total=Sum("amount"))
    )
    by_path = [(row["quota__unit__path"], row["times"], row["total"]) for row in paid]
    rows = []
    base_depth = campaign.unit.depth
    for quota in quotas.select_related("unit").order_by("unit__path"):
        path = quota.unit.path
        inside = [(n, total) for p, n, total in by_path if p.startswith(path)]
        rows.append(
            QuotaProgress(
                quota=quota,
                depth=max(quota.unit.depth - base_depth, 0),
                paid_count=sum(n for n, _total in inside),
                paid_amount=sum((total for _n, total in inside), Decimal("0")),
            )
        )
    return rows


def campaigns_for(user: Any, unit: OrgUnit) -> QuerySet[Campaign]:
    """Campaigns organised in the unit's subtree, or in which a unit of it holds a quota."""
    quotas = CampaignQuota.objects.restrict(user, Action.VIEW).within(unit)
    return Campaign.objects.filter(
        Q(pk__in=Campaign.objects.restrict(user, Action.VIEW).within(unit).values("pk"))
        | Q(pk__in=quotas.values("campaign_id"))
    ).select_related("unit")


def visible_campaigns(user: Any) -> QuerySet[Campaign]:
    """Campaigns the user may see: organised in their scope, or with a quota in it."""
    quotas = CampaignQuota.objects.restrict(user, Action.VIEW)
    return Campaign.objects.filter(
        Q(pk__in=Campaign.objects.restrict(user, Action.VIEW).values("pk"))
        | Q(pk__in=quotas.values("campaign_id"))
    )


def visible_campaign_or_none(user: Any, pk: int) -> Campaign | None:
    return visible_campaigns(user).filter(pk=pk).select_related("unit").first()
