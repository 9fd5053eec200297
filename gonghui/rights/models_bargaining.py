"""Collective bargaining (集体协商): offers to bargain (要约), collective contracts (集体合同,
enterprise, sector or regional; comprehensive or special) with the enterprises they cover, the
coverage of each enterprise per year (counted once however many contracts cover it), and the
reminders sent before a contract expires.

Registered with the app through ``gonghui.rights.models``.
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ScopedManager, ScopedRecord
from gonghui.registry.models import Enterprise
from gonghui.rights.choices import OFFER_ANSWER_DAYS, ContractKind, ContractType, OfferAnswer
from gonghui.rights.validation import (
    MAX_WORKERS,
    not_before,
    not_future,
    not_too_far,
    workers_validators,
)

# The Collective Contract Provisions (art. 38) give a term of one to three years "as a rule";
# a term beyond this is a typing error.
MAX_TERM_YEARS = 5


class BargainingOffer(ScopedRecord, models.Model):
    """An offer to bargain collectively (集体协商要约) sent by the union side: to one
    enterprise, or to the employers of a sector or a region; answered within 20 days."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("union unit"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        _("level"), max_length=16, choices=ContractKind.choices, default=ContractKind.ENTERPRISE
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_name = models.CharField(_("sector or region"), max_length=200, blank=True)
    contract_type = models.CharField(
        _("contract type"),
        max_length=16,
        choices=ContractType.choices,
        default=ContractType.COMPREHENSIVE,
    )
    sent_on = models.DateField(_("sent on"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=16, choices=OfferAnswer.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_lookup: ClassVar[str] = "unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("offer to bargain")
        verbose_name_plural = _("offers to bargain")
        ordering = ["-sent_on", "-id"]
        indexes = [models.Index(fields=["unit", "sent_on"], name="rights_offer_unit_date")]

    def __str__(self) -> str:
        return f"{self.sent_on} {self.target_display}"

    @property
    def target_display(self) -> str:
        return self.enterprise.name if self.enterprise_id else self.target_name  # type: ignore[union-attr]

    @property
    def answer_deadline(self) -> datetime.date:
        return self.sent_on + datetime.timedelta(days=OFFER_ANSWER_DAYS)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return not self.answer and self.answer_deadline < (today or timezone.localdate())

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.kind == ContractKind.ENTERPRISE:
            if self.enterprise_id is None:
                errors["enterprise"] = _("Choose the enterprise the offer is sent to.")
        elif not self.target_name.strip():
            errors["target_name"] = _("Name the sector or region the offer is sent to.")
        not_future(errors, "sent_on", self.sent_on)
        if bool(self.answer) != (self.answered_on is not None):
            errors["answered_on"] = _("An answer needs its date, and a date its answer.")
        not_future(errors, "answered_on", self.answered_on)
        not_before(
            errors, "answered_on", self.answered_on, self.sent_on,
            _("The offer cannot be answered before it was sent."),
        )  # fmt: skip
        if errors:
            raise ValidationError(errors)


class CollectiveContract(ScopedRecord, models.Model):
    """A collective contract (集体合同) or special contract (专项集体合同): its level, the two
    parties, the dates, and the enterprises it covers with their workers."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("union unit"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        _("level"), max_length=16, choices=ContractKind.choices, default=ContractKind.ENTERPRISE
    )
    contract_type = models.CharField(
        _("contract type"),
        max_length=16,
        choices=ContractType.choices,
        default=ContractType.COMPREHENSIVE,
    )
    title = models.CharField(_("title"), max_length=200)
    union_party = models.CharField(_("union party"), max_length=200)
    employer_party = models.CharField(_("employer party"), max_length=200)
    offer = models.ForeignKey(
        BargainingOffer,
        verbose_name=_("offer to bargain"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contracts",
    )
    signed_on = models.DateField(_("signed on"))
    starts_on = models.DateField(_("in force from"))
    expires_on = models.DateField(_("expires on"))
    workers_covered = models.PositiveIntegerField(_("workers covered"), default=0)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_lookup: ClassVar[str] = "unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("collective contract")
        verbose_name_plural = _("collective contracts")
        ordering = ["-signed_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "signed_on"], name="rights_contract_unit_signed"),
            models.Index(fields=["expires_on"], name="rights_contract_expires"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=F("starts_on")), name="rights_contract_expiry_after"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        not_future(errors, "signed_on", self.signed_on)
        not_too_far(errors, "starts_on", self.starts_on)
        if self.starts_on and self.expires_on:
            if self.expires_on <= self.starts_on:
                errors["expires_on"] = _("The contract must expire after it comes into force.")
            elif (self.expires_on - self.starts_on).days > MAX_TERM_YEARS * 366:
                errors["expires_on"] = _(
                    "A collective contract runs for at most %(years)s years."
                ) % {"years": MAX_TERM_YEARS}
        not_before(
            errors, "expires_on", self.expires_on, self.signed_on,
            _("The contract cannot expire before it was signed."),
        )  # fmt: skip
        if errors:
            raise ValidationError(errors)

    def in_force(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.starts_on <= today <= self.expires_on

    @property
    def years(self) -> range:
        """The calendar years the contract is in force in (at least a day of each)."""
        return range(self.starts_on.year, self.expires_on.year + 1)


class ContractEnterprise(ScopedRecord, models.Model):
    """An enterprise covered by a contract, with its workers (an enterprise contract covers one,
    a sector or regional contract several)."""

    scope_path_lookup: ClassVar[str] = "contract__unit__path"

    contract = models.ForeignKey(
        CollectiveContract,
        verbose_name=_("collective contract"),
        on_delete=models.CASCADE,
        related_name="enterprises",
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="+"
    )
    workers = models.PositiveIntegerField(_("workers"), validators=workers_validators())

    objects = ScopedManager()

    class Meta:
        verbose_name = _("enterprise covered")
        verbose_name_plural = _("enterprises covered")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "enterprise"], name="rights_contract_enterprise_once"
            ),
            models.CheckConstraint(
                condition=Q(workers__gte=1, workers__lte=MAX_WORKERS),
                name="rights_contract_enterprise_workers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract_id}: {self.enterprise_id} ({self.workers})"


class ContractCoverage(ScopedRecord, models.Model):
    """An enterprise covered by at least one collective contract in force in a year, with its
    workers counted once (the most any of those contracts gives), owned by the enterprise's
    responsible union. Kept by the contract services; the coverage indicators add these up, so
    a worker under an enterprise and a regional contract counts once."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("union unit"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    year_start = models.DateField(_("first day of the year"))
    workers = models.PositiveIntegerField(_("workers covered"))
    contracts = models.PositiveSmallIntegerField(_("contracts in force"))

    scope_path_lookup: ClassVar[str] = "unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("collective contract coverage")
        verbose_name_plural = _("collective contract coverage")
        ordering = ["year", "enterprise_id"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="rights_coverage_once")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.enterprise_id}: {self.workers}"


class ContractExpiryReminder(models.Model):
    """A reminder that a contract expires soon (到期提醒), once per contract and expiry date: a
    contract extended to a new date is reminded of again."""

    contract = models.ForeignKey(
        CollectiveContract,
        verbose_name=_("collective contract"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    expires_on = models.DateField(_("expires on"))
    days_left = models.IntegerField(_("days left"))
    created_at = models.DateTimeField(_("reminded at"), default=timezone.now)

    class Meta:
        verbose_name = _("contract expiry reminder")
        verbose_name_plural = _("contract expiry reminders")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "expires_on"], name="rights_contract_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.expires_on}"
