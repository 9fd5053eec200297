"""Campaigns (送温暖, 金秋助学): quotas pushed down the tree and the households paid.

Quotas: the organising unit holds the campaign's whole plan; a unit allocates to its child
units and the children's quotas never add up to more than its own. The parent's row is locked
while its children change, so two officers allocating at once cannot overshoot it.

Payments: a household is paid once per campaign (once per student when the standard is per
student). The file's row is locked before the check, and a unique constraint backs it up.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.assistance.choices import CampaignKind, FileStatus, StandardBasis
from gonghui.assistance.models import (
    MAX_BUDGET,
    Campaign,
    CampaignPayment,
    CampaignQuota,
    HardshipFile,
    HouseholdMember,
)
from gonghui.assistance.services.common import _choice, _error, _lock, money
from gonghui.core.audit import audit_record, audit_save, snapshot
from gonghui.core.choices import Action, AuditAction
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ensure_can

MAX_HOUSEHOLDS = 1_000_000


def _households(value: Any, field: str = "households", *, allow_zero: bool = False) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise _error(field, _("Please give a whole number of households."), "invalid") from None
    if number < (0 if allow_zero else 1) or number > MAX_HOUSEHOLDS:
        raise _error(field, _("The number of households is not plausible."), "invalid")
    return number


@transaction.atomic
def campaign_create(
    *,
    by: Any,
    unit: OrgUnit,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    households: Any,
    budget: Any,
    standard: Any,
    name: str = "",
    basis: str = "",
    note: str = "",
) -> Campaign:
    """A campaign organised by ``unit``, which holds the whole plan as its quota."""
    ensure_can(by, Action.ADD, unit)
    kind = _choice(kind, CampaignKind, "kind")
    name = " ".join((name or "").split())
    if not name:
        if kind == CampaignKind.OTHER:
            raise _error("name", _("Please name the campaign."), "required")
        name = f"{starts_on.year}{CampaignKind(kind).label}"
    if not basis:
        basis = (
            StandardBasis.STUDENT if kind == CampaignKind.AUTUMN_EDUCATION
            else StandardBasis.HOUSEHOLD
        )  # fmt: skip
    basis = _choice(basis, StandardBasis, "basis")
    if ends_on < starts_on:
        raise _error("ends_on", _("The campaign cannot end before it starts."), "period")
    planned = _households(households)
    budget = money(budget, "budget", maximum=MAX_BUDGET)
    standard = money(standard, "standard")
    if standard > budget:
        raise _error("standard", _("The standard amount exceeds the budget."), "over_budget")
    campaign = Campaign.objects.create(
        unit=unit, kind=kind, name=name, starts_on=starts_on, ends_on=ends_on,
        households=planned, budget=budget, standard=standard, basis=basis,
        note=(note or "").strip(), created_by=by,
    )  # fmt: skip
    audit_save(by=by, obj=campaign, before=None)
    root = CampaignQuota.objects.create(
        campaign=campaign, unit=unit, parent=None, households=planned, amount=budget
    )
    audit_save(by=by, obj=root, before=None)
    return campaign


def _lock_quota(quota: CampaignQuota) -> CampaignQuota:
    return (
        CampaignQuota.objects.select_for_update(of=("self",))
        .select_related("unit", "campaign")
        .get(pk=quota.pk)
    )


def allocated_to_children(quota: CampaignQuota, *, exclude: CampaignQuota | None = None) -> Any:
    """Households and money a quota has passed on to its children."""
    children = CampaignQuota.objects.filter(parent=quota)
    if exclude is not None:
        children = children.exclude(pk=exclude.pk)
    return children.aggregate(
        households=Coalesce(Sum("households"), 0), amount=Coalesce(Sum("amount"), Decimal("0"))
    )


def _ensure_holds_children(quota: CampaignQuota, households: int, amount: Decimal) -> None:
    below = allocated_to_children(quota)
    if households < below["households"] or amount < below["amount"]:
        raise ValidationError(
            _(
                "%(unit)s has already allocated %(households)s households and %(amount)s yuan "
                "to the units below it; its quota cannot be smaller."
            )
            % {
                "unit": quota.unit.name,
                "households": below["households"],
                "amount": f"{below['amount']:.2f}",
            },
            code="below_children",
        )


@transaction.atomic
def quota_allocate(
    *, by: Any, parent: CampaignQuota, unit: OrgUnit, households: Any, amount: Any
) -> CampaignQuota:
    """Give (or change) a child unit's quota out of ``parent``; the children's quotas never
    add up to more than the parent's."""
    parent = _lock_quota(parent)
    ensure_can(by, Action.CHANGE, parent)
    if unit.parent_id != parent.unit_id:
        raise _error(
            "unit",
            _("A quota is allocated to a unit directly below %(unit)s.") % {"unit": parent.unit},
            "not_child",
        )
    households = _households(households, allow_zero=True)
    amount = money(amount, "amount", allow_zero=True, maximum=MAX_BUDGET)
    existing = (
        CampaignQuota.objects.select_for_update(of=("self",))
        .filter(campaign=parent.campaign, unit=unit)
        .first()
    )
    others = allocated_to_children(parent, exclude=existing)
    free_households = parent.households - others["households"]
    free_amount = parent.amount - others["amount"]
    if households > free_households or amount > free_amount:
        raise ValidationError(
            _("%(unit)s has %(households)s households and %(amount)s yuan left to allocate.")
            % {
                "unit": parent.unit.name,
                "households": free_households,
                "amount": f"{free_amount:.2f}",
            },
            code="over_quota",
        )
    if existing is None:
        quota = CampaignQuota.objects.create(
            campaign=parent.campaign, unit=unit, parent=parent, households=households,
            amount=amount,
        )  # fmt: skip
        audit_save(by=by, obj=quota, before=None)
        return quota
    _ensure_holds_children(existing, households, amount)
    before = snapshot(existing)
    existing.households, existing.amount = households, amount
    existing.save(update_fields=["households", "amount", "updated_at"])
    audit_save(by=by, obj=existing, before=before)
    return existing


@transaction.atomic
def quota_reallocate(
    *, by: Any, source: CampaignQuota, target: CampaignQuota, households: Any, amount: Any
) -> tuple[CampaignQuota, CampaignQuota]:
    """Move households and money from one unit's quota to a sibling's: the parent's
    allocation, and so every total above, stays the same."""
    if source.parent_id is None or source.parent_id != target.parent_id or source == target:
        raise ValidationError(
            _("Quota moves between two units allocated by the same unit."), code="not_siblings"
        )
    parent = _lock_quota(source.parent)  # type: ignore[arg-type]
    ensure_can(by, Action.CHANGE, parent)
    source, target = _lock_quota(source), _lock_quota(target)
    households = _households(households, allow_zero=True)
    amount = money(amount, "amount", allow_zero=True, maximum=MAX_BUDGET)
    if households == 0 and amount == 0:
        raise ValidationError(_("Nothing to move."), code="nothing")
    if households > source.households or amount > source.amount:
        raise ValidationError(
            _("%(unit)s holds only %(households)s households and %(amount)s yuan.")
            % {
                "unit": source.unit.name,
                "households": source.households,
                "amount": f"{source.amount:.2f}",
            },
            code="over_source",
        )
    _ensure_holds_children(source, source.households - households, source.amount - amount)
    changed = []
    for quota, sign in ((source, -1), (target, 1)):
        before = snapshot(quota)
        quota.households += sign * households
        quota.amount += sign * amount
        quota.save(update_fields=["households", "amount", "updated_at"])
        audit_save(by=by, obj=quota, before=before)
        changed.append(quota)
    return changed[0], changed[1]


def _earlier_payment_error(earlier: CampaignPayment) -> ValidationError:
    who = earlier.member.name if earlier.member is not None else earlier.file.person.name
    return ValidationError(
        _(
            "%(name)s was already paid in this campaign: %(amount)s yuan on %(date)s, "
            "recorded by %(unit)s (payment %(number)s)."
        )
        % {
            "name": who,
            "amount": f"{earlier.amount:.2f}",
            "date": earlier.paid_on.isoformat(),
            "unit": earlier.quota.unit.name,
            "number": earlier.pk,
        },
        code="already_paid",
        params={"payment_id": earlier.pk},
    )


def _earlier(campaign: Campaign, file: HardshipFile, member: HouseholdMember | None) -> Any:
    found = CampaignPayment.objects.select_related("quota__unit", "member", "file__person")
    if member is not None:
        return found.filter(campaign=campaign, member=member).first()
    return found.filter(campaign=campaign, file=file, member__isnull=True).first()


@transaction.atomic
def campaign_payment_record(
    *,
    by: Any,
    quota: CampaignQuota,
    file: HardshipFile,
    paid_on: datetime.date,
    amount: Any = None,
    member: HouseholdMember | None = None,
    note: str = "",
) -> CampaignPayment:
    """Record that the unit of ``quota`` visited or paid a household (or a student of it).

    The amount is the campaign's standard unless given. A second payment of the same household
    (or student) in the campaign is refused, naming the first.
    """
    # The household's row is the lock two officers paying it at once queue on.
    file = _lock(file)
    quota = CampaignQuota.objects.select_related("campaign", "unit").get(pk=quota.pk)
    campaign = quota.campaign
    ensure_can(by, Action.CHANGE, quota)
    ensure_can(by, Action.CHANGE, file)
    if not file.unit.path.startswith(quota.unit.path):
        raise _error(
            "file",
            _("This household's file is kept outside %(unit)s.") % {"unit": quota.unit.name},
            "outside",
        )
    if file.status != FileStatus.ON_FILE:
        raise _error("file", _("Only households on file are paid."), "not_on_file")
    if campaign.per_student:
        if member is None:
            raise _error(
                "member", _("This campaign pays per student: name the student."), "required"
            )
        if member.file_id != file.pk:
            raise _error("member", _("Not a member of this household."), "other_file")
    else:
        member = None
    if paid_on > timezone.localdate():
        raise _error("paid_on", _("The date cannot be in the future."), "future")
    if not campaign.starts_on <= paid_on <= campaign.ends_on:
        raise _error("paid_on", _("The date is outside the campaign's period."), "period")
    amount = campaign.standard if amount in (None, "") else money(amount, "amount")
    earlier = _earlier(campaign, file, member)
    if earlier is not None:
        raise _earlier_payment_error(earlier)
    try:
        with transaction.atomic():
            payment = CampaignPayment.objects.create(
                campaign=campaign, quota=quota, file=file, member=member, amount=amount,
                paid_on=paid_on, note=(note or "").strip(), recorded_by=by,
            )  # fmt: skip
    except IntegrityError:  # a parallel payment got in first
        earlier = _earlier(campaign, file, member)
        if earlier is None:
            raise
        raise _earlier_payment_error(earlier) from None
    audit_record(
        by=by, action=AuditAction.CREATE, obj=payment, after=snapshot(payment), unit=quota.unit
    )
    return payment
