"""Mediation of labour disputes (劳动争议调解): the bodies (union mediation rooms, court-referred
"诉调对接" rooms), their mediators, and the cases with their sessions and outcome.

Registered with the app through ``gonghui.rights.models``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ScopedManager, ScopedRecord
from gonghui.registry.models import Enterprise, Person
from gonghui.rights.choices import MediationBodyKind, MediationOutcome, Topic
from gonghui.rights.models import LegalAidCase, money_field
from gonghui.rights.validation import not_before, not_future


class MediationBody(ScopedRecord, models.Model):
    """A mediation body (调解组织): a union mediation room (工会劳动争议调解室), a court-referred
    room (诉调对接工作室, with the court it works with) or an enterprise committee."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("union unit"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=MediationBodyKind.choices,
        default=MediationBodyKind.UNION_ROOM,
    )
    court_name = models.CharField(_("court"), max_length=200, blank=True)
    established_on = models.DateField(_("established on"), default=timezone.localdate)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("work telephone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("in operation"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_lookup: ClassVar[str] = "unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("mediation body")
        verbose_name_plural = _("mediation bodies")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.kind == MediationBodyKind.COURT_REFERRED and not self.court_name.strip():
            errors["court_name"] = _("A court-referred body needs the name of its court.")
        not_future(errors, "established_on", self.established_on)
        if errors:
            raise ValidationError(errors)

    @property
    def is_court_referred(self) -> bool:
        return self.kind == MediationBodyKind.COURT_REFERRED


class Mediator(ScopedRecord, models.Model):
    """A mediator (调解员) on a body."""

    body = models.ForeignKey(
        MediationBody,
        verbose_name=_("mediation body"),
        on_delete=models.CASCADE,
        related_name="mediators",
    )
    name = models.CharField(_("name"), max_length=60)
    title = models.CharField(_("position"), max_length=100, blank=True)
    phone = models.CharField(_("work telephone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("on duty"), default=True)

    scope_path_lookup: ClassVar[str] = "body__unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("mediator")
        verbose_name_plural = _("mediators")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class MediationCase(ScopedRecord, models.Model):
    """A labour dispute mediated by a body (调解案件): the worker and the employer, the dispute,
    the court's reference when the court referred it, sessions, and the outcome with the amount
    agreed. Once concluded it is closed: only reopening (recorded) opens it again."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("union unit"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.ForeignKey(
        MediationBody,
        verbose_name=_("mediation body"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    worker = models.ForeignKey(
        Person, verbose_name=_("worker"), on_delete=models.PROTECT, related_name="+"
    )
    employer = models.ForeignKey(
        Enterprise,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    employer_name = models.CharField(_("employer name"), max_length=200, blank=True)
    dispute_type = models.CharField(
        _("kind of dispute"), max_length=32, choices=Topic.choices, default=Topic.WAGES
    )
    dispute = models.TextField(_("the dispute"))
    opened_on = models.DateField(_("accepted on"), default=timezone.localdate)
    legal_aid = models.ForeignKey(
        LegalAidCase,
        verbose_name=_("legal aid case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mediations",
    )
    court_reference = models.CharField(_("court reference number"), max_length=60, blank=True)
    amount_claimed = money_field(_("amount claimed (yuan)"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=MediationOutcome.choices, blank=True
    )
    outcome_on = models.DateField(_("concluded on"), null=True, blank=True)
    amount_agreed = money_field(_("amount agreed (yuan)"), default=Decimal("0"))
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
        verbose_name = _("mediation case")
        verbose_name_plural = _("mediation cases")
        ordering = ["-opened_on", "-id"]
        indexes = [models.Index(fields=["unit", "opened_on"], name="rights_mediation_unit_date")]

    def __str__(self) -> str:
        return f"{self.opened_on} {self.worker_id} {self.employer_display}"

    @property
    def employer_display(self) -> str:
        return self.employer.name if self.employer_id else self.employer_name  # type: ignore[union-attr]

    @property
    def is_closed(self) -> bool:
        return bool(self.outcome)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        not_future(errors, "opened_on", self.opened_on)
        if self.body_id and self.body.is_court_referred and not self.court_reference.strip():
            errors["court_reference"] = _(
                "A court-referred mediation needs the court's reference number."
            )
        if self.outcome:
            if self.outcome_on is None:
                errors["outcome_on"] = _("Give the date the mediation was concluded.")
            not_future(errors, "outcome_on", self.outcome_on)
            not_before(
                errors, "outcome_on", self.outcome_on, self.opened_on,
                _("The mediation cannot be concluded before it was accepted."),
            )  # fmt: skip
        elif self.outcome_on is not None:
            errors["outcome_on"] = _("A date of conclusion needs an outcome.")
        if self.amount_agreed and self.outcome != MediationOutcome.AGREEMENT:
            errors["amount_agreed"] = _("An amount is agreed only with a mediation agreement.")
        if errors:
            raise ValidationError(errors)


class MediationSession(models.Model):
    """A mediation session (调解记录): when, with which mediator, what happened."""

    case = models.ForeignKey(
        MediationCase,
        verbose_name=_("mediation case"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    date = models.DateField(_("date"))
    mediator = models.ForeignKey(
        Mediator, verbose_name=_("mediator"), on_delete=models.PROTECT, related_name="sessions"
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.mediator_id}"
