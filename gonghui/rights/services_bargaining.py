"""Writes of collective bargaining (集体协商): offers (要约) and their answer, collective
contracts with the enterprises they cover, the per-enterprise yearly coverage kept with them,
and the reminders before a contract expires.

Coverage (``ContractCoverage``) is rebuilt for every enterprise a write touches, inside the same
transaction: one row per enterprise and year with at least one contract in force, holding the
most workers any of those contracts gives it. So an enterprise under both its own contract and
a regional one counts its workers once.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import audit_record, audit_save, snapshot
from gonghui.core.choices import Action, AuditAction
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ensure_can
from gonghui.registry.models import Enterprise
from gonghui.rights.choices import ContractKind, OfferAnswer
from gonghui.rights.models_bargaining import (
    BargainingOffer,
    CollectiveContract,
    ContractCoverage,
    ContractEnterprise,
    ContractExpiryReminder,
)
from gonghui.rights.services import _apply, _required, _user

OFFER_FIELDS = frozenset({"kind", "enterprise", "target_name", "contract_type", "sent_on", "note"})
CONTRACT_FIELDS = frozenset(
    {"kind", "contract_type", "title", "union_party", "employer_party", "offer", "signed_on",
     "starts_on", "expires_on", "note"}
)  # fmt: skip


def expiry_notice_days() -> int:
    """How many days before expiry a contract is listed and reminded of
    (``RIGHTS_CONTRACT_EXPIRY_NOTICE_DAYS``)."""
    return int(settings.RIGHTS_CONTRACT_EXPIRY_NOTICE_DAYS)


# Offers (要约) ----------------------------------------------------------------------------


def _offer_links(by: Any, offer: BargainingOffer) -> None:
    if offer.enterprise_id is not None:
        ensure_can(by, Action.VIEW, offer.enterprise)  # type: ignore[arg-type]
    if offer.kind == ContractKind.ENTERPRISE:
        offer.target_name = ""
    else:
        offer.enterprise = None


@transaction.atomic
def offer_create(
    *,
    by: Any,
    unit: OrgUnit,
    answer: str = "",
    answered_on: datetime.date | None = None,
    **fields: Any,
) -> BargainingOffer:
    """An offer sent (an offer already answered may be recorded with its answer)."""
    ensure_can(by, Action.ADD, unit)
    offer = BargainingOffer(unit=unit, created_by=_user(by), answer=answer, answered_on=answered_on)
    _apply(offer, fields, OFFER_FIELDS)
    _offer_links(by, offer)
    offer.full_clean()
    offer.save()
    audit_save(by=by, obj=offer, before=None)
    return offer


def _locked_offer(by: Any, offer: BargainingOffer) -> BargainingOffer:
    locked = (
        BargainingOffer.objects.select_for_update(of=("self",))
        .select_related("unit", "enterprise")
        .get(pk=offer.pk)
    )
    ensure_can(by, Action.CHANGE, locked)
    return locked


def _ensure_unanswered(offer: BargainingOffer) -> None:
    if offer.answer:
        raise ValidationError(
            _("This offer is answered and cannot be changed; reopen it first."), code="closed"
        )


@transaction.atomic
def offer_update(*, by: Any, offer: BargainingOffer, **fields: Any) -> BargainingOffer:
    offer = _locked_offer(by, offer)
    _ensure_unanswered(offer)
    before = snapshot(offer)
    _apply(offer, fields, OFFER_FIELDS)
    _offer_links(by, offer)
    offer.full_clean()
    offer.save()
    audit_save(by=by, obj=offer, before=before)
    return offer


@transaction.atomic
def offer_answer(
    *, by: Any, offer: BargainingOffer, answer: str, answered_on: datetime.date
) -> BargainingOffer:
    """Record the answer once; an answered offer must be reopened to be answered again."""
    offer = _locked_offer(by, offer)
    _ensure_unanswered(offer)
    if answer not in (OfferAnswer.ACCEPTED, OfferAnswer.REFUSED):
        raise ValidationError({"answer": _("Choose the answer.")})
    before = snapshot(offer)
    offer.answer, offer.answered_on = answer, answered_on
    offer.full_clean()
    offer.save()
    audit_save(by=by, obj=offer, before=before)
    return offer


@transaction.atomic
def offer_reopen(*, by: Any, offer: BargainingOffer, reason: str) -> BargainingOffer:
    offer = _locked_offer(by, offer)
    if not offer.answer:
        raise ValidationError(_("Only an answered offer can be reopened."), code="not_closed")
    reason = _required(reason, "reason", _("Give the reason for reopening."))
    before = snapshot(offer)
    offer.answer, offer.answered_on = OfferAnswer.PENDING, None
    offer.reopen_count += 1
    offer.save()
    audit_record(
        by=by, action=AuditAction.UPDATE, obj=offer, before=before,
        after={**snapshot(offer), "reopen_reason": reason},
    )  # fmt: skip
    return offer


def overdue_offers(
    user: Any, unit: OrgUnit, today: datetime.date | None = None
) -> QuerySet[BargainingOffer]:
    """Offers not answered within 20 days of being sent, the oldest first."""
    from gonghui.rights.choices import OFFER_ANSWER_DAYS

    today = today or timezone.localdate()
    return (
        BargainingOffer.objects.restrict(user, Action.VIEW)
        .within(unit)
        .filter(answer="", sent_on__lt=today - datetime.timedelta(days=OFFER_ANSWER_DAYS))
        .select_related("unit", "enterprise")
        .order_by("sent_on", "pk")
    )


# Coverage ---------------------------------------------------------------------------------


def coverage_refresh(enterprise_ids: Iterable[int]) -> None:
    """Rebuild the yearly coverage rows of these enterprises from the contracts covering them."""
    ids = sorted(set(enterprise_ids))
    if not ids:
        return
    # Two contracts covering the same enterprise may be written at once: the enterprise rows
    # are locked so that their coverage is rebuilt one after the other.
    list(Enterprise.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True))
    links = ContractEnterprise.objects.filter(enterprise_id__in=ids).select_related("contract")
    years: dict[tuple[int, int], list[int]] = {}
    for link in links:
        for year in link.contract.years:
            years.setdefault((link.enterprise_id, year), []).append(link.workers)
    units = dict(Enterprise.objects.filter(pk__in=ids).values_list("pk", "unit_id"))
    ContractCoverage.objects.filter(enterprise_id__in=ids).delete()
    ContractCoverage.objects.bulk_create(
        ContractCoverage(
            enterprise_id=enterprise_id,
            unit_id=units[enterprise_id],
            year=year,
            year_start=datetime.date(year, 1, 1),
            workers=max(workers),
            contracts=len(workers),
        )
        for (enterprise_id, year), workers in sorted(years.items())
    )


# Contracts (集体合同) ---------------------------------------------------------------------


def _check_enterprise(by: Any, enterprise: Enterprise, workers: int) -> ContractEnterprise:
    ensure_can(by, Action.VIEW, enterprise)
    link = ContractEnterprise(enterprise=enterprise, workers=workers)
    link.full_clean(exclude=["contract"], validate_constraints=False)
    return link


def _total_workers(contract: CollectiveContract) -> None:
    contract.workers_covered = sum(
        ContractEnterprise.objects.filter(contract=contract).values_list("workers", flat=True)
    )
    contract.save(update_fields=["workers_covered"])


@transaction.atomic
def contract_create(
    *,
    by: Any,
    unit: OrgUnit,
    enterprises: Iterable[tuple[Enterprise, int]] = (),
    **fields: Any,
) -> CollectiveContract:
    """A contract signed, with the enterprises it covers: exactly one for an enterprise
    contract; a sector or regional contract may get its enterprises later."""
    ensure_can(by, Action.ADD, unit)
    contract = CollectiveContract(unit=unit, created_by=_user(by))
    _apply(contract, fields, CONTRACT_FIELDS)
    if contract.offer_id is not None:
        ensure_can(by, Action.VIEW, contract.offer)  # type: ignore[arg-type]
    pairs = list(enterprises)
    errors: dict[str, Any] = {}
    if contract.kind == ContractKind.ENTERPRISE and len(pairs) != 1:
        errors["enterprise"] = _("An enterprise contract covers exactly one enterprise.")
    if len({enterprise.pk for enterprise, _workers in pairs}) != len(pairs):
        errors["enterprise"] = _("An enterprise is listed twice.")
    if errors:
        raise ValidationError(errors)
    links = [_check_enterprise(by, enterprise, workers) for enterprise, workers in pairs]
    contract.full_clean()
    contract.save()
    for link in links:
        link.contract = contract
        link.save()
    _total_workers(contract)
    coverage_refresh(link.enterprise_id for link in links)
    audit_record(
        by=by, action=AuditAction.CREATE, obj=contract,
        after={**snapshot(contract), "enterprises": [[link.enterprise_id, link.workers]
                                                     for link in links]},
    )  # fmt: skip
    return contract


def _locked_contract(by: Any, contract: CollectiveContract) -> CollectiveContract:
    locked = (
        CollectiveContract.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=contract.pk)
    )
    ensure_can(by, Action.CHANGE, locked)
    return locked


@transaction.atomic
def contract_update(*, by: Any, contract: CollectiveContract, **fields: Any) -> CollectiveContract:
    """Change a contract (dates, parties); the coverage of its enterprises follows the dates."""
    contract = _locked_contract(by, contract)
    if "kind" in fields and fields["kind"] != contract.kind:
        count = contract.enterprises.count()
        if fields["kind"] == ContractKind.ENTERPRISE and count > 1:
            raise ValidationError(
                {"kind": _("An enterprise contract covers exactly one enterprise.")}
            )
    before = snapshot(contract)
    _apply(contract, fields, CONTRACT_FIELDS)
    if contract.offer_id is not None and contract.offer_id != before["offer_id"]:
        ensure_can(by, Action.VIEW, contract.offer)  # type: ignore[arg-type]
    contract.full_clean()
    contract.save()
    coverage_refresh(contract.enterprises.values_list("enterprise_id", flat=True))
    audit_save(by=by, obj=contract, before=before)
    return contract


@transaction.atomic
def contract_add_enterprise(
    *, by: Any, contract: CollectiveContract, enterprise: Enterprise, workers: int
) -> ContractEnterprise:
    """Add an enterprise to a sector or regional contract (or change its workers)."""
    contract = _locked_contract(by, contract)
    link = _check_enterprise(by, enterprise, workers)
    existing = ContractEnterprise.objects.filter(contract=contract, enterprise=enterprise).first()
    if (
        contract.kind == ContractKind.ENTERPRISE
        and existing is None
        and (contract.enterprises.exists())
    ):
        raise ValidationError(
            {"enterprise": _("An enterprise contract covers exactly one enterprise.")}
        )
    before_total = contract.workers_covered
    if existing is not None:
        existing.workers = workers
        existing.save()
        link = existing
    else:
        link.contract = contract
        link.save()
    _total_workers(contract)
    coverage_refresh([enterprise.pk])
    audit_record(
        by=by, action=AuditAction.UPDATE, obj=contract,
        before={"workers_covered": before_total},
        after={"workers_covered": contract.workers_covered,
               "enterprise": [enterprise.pk, workers]},
    )  # fmt: skip
    return link


@transaction.atomic
def contract_remove_enterprise(
    *, by: Any, contract: CollectiveContract, enterprise: Enterprise
) -> CollectiveContract:
    contract = _locked_contract(by, contract)
    link = ContractEnterprise.objects.filter(contract=contract, enterprise=enterprise).first()
    if link is None:
        raise ValidationError(_("This enterprise is not covered by the contract."))
    before_total = contract.workers_covered
    link.delete()
    _total_workers(contract)
    coverage_refresh([enterprise.pk])
    audit_record(
        by=by, action=AuditAction.UPDATE, obj=contract,
        before={"workers_covered": before_total, "enterprise": [enterprise.pk, link.workers]},
        after={"workers_covered": contract.workers_covered},
    )  # fmt: skip
    return contract


def expiring_contracts(
    user: Any,
    unit: OrgUnit | None = None,
    *,
    today: datetime.date | None = None,
    days: int | None = None,
) -> QuerySet[CollectiveContract]:
    """Contracts in force that expire within ``days`` (the setting by default), soonest first."""
    today = today or timezone.localdate()
    days = expiry_notice_days() if days is None else days
    contracts = CollectiveContract.objects.restrict(user, Action.VIEW)
    if unit is not None:
        contracts = contracts.within(unit)
    return (
        contracts.filter(
            expires_on__gte=today, expires_on__lte=today + datetime.timedelta(days=days)
        )
        .select_related("unit")
        .order_by("expires_on", "pk")
    )


@dataclass
class ReminderResult:
    reminded: list[int] = field(default_factory=list)
    already: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"reminded": len(self.reminded), "already": self.already}


def contract_remind_expiring(
    *,
    by: Any,
    today: datetime.date | None = None,
    days: int | None = None,
    log: Callable[[str], None] | None = None,
) -> ReminderResult:
    """Record a reminder for each contract ``by`` may see that expires within the notice
    period, once per contract and expiry date: a second run reminds of nothing again."""
    today = today or timezone.localdate()
    result = ReminderResult()
    for contract in expiring_contracts(by, today=today, days=days):
        with transaction.atomic():
            reminder, created = ContractExpiryReminder.objects.get_or_create(
                contract=contract,
                expires_on=contract.expires_on,
                defaults={"days_left": (contract.expires_on - today).days},
            )
            if not created:
                result.already += 1
                continue
            audit_record(
                by=by, action=AuditAction.CREATE, obj=reminder, after=snapshot(reminder),
                unit=contract.unit,
            )  # fmt: skip
        result.reminded.append(contract.pk)
        if log:
            log(
                _("%(title)s (%(unit)s) expires on %(date)s: %(days)s days left")
                % {"title": contract.title, "unit": contract.unit.name,
                   "date": contract.expires_on.isoformat(), "days": reminder.days_left}
            )  # fmt: skip
    return result
