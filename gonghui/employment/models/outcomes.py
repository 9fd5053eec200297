"""Outcomes: placements (稳定就业) with follow-up visits (回访), labour-export batches (劳务输出)
and loan interest subsidies (小额贷款贴息)."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ScopedManager, ScopedRecord
from gonghui.employment.choices import PlacementSource
from gonghui.employment.models.common import money_field
from gonghui.employment.models.fairs import JobFair
from gonghui.employment.models.postings import JobPosting, JobSeeker
from gonghui.employment.models.training import Training
from gonghui.registry.models import Enterprise, Person


class Placement(ScopedRecord, models.Model):
    """A worker placed in a job (促进就业): employer, posting, start date and pay, and where the
    placement came from. Follow-up visits are scheduled at 1, 3 and 6 months."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("union unit"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("worker"), on_delete=models.PROTECT, related_name="+"
    )
    seeker = models.ForeignKey(
        JobSeeker,
        verbose_name=_("job seeker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placements",
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="+"
    )
    posting = models.ForeignKey(
        JobPosting,
        verbose_name=_("job posting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placements",
    )
    start_date = models.DateField(_("start date"))
    monthly_pay = money_field(_("monthly pay (yuan)"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=12, choices=PlacementSource.choices,
        default=PlacementSource.OTHER,
    )  # fmt: skip
    fair = models.ForeignKey(
        JobFair,
        verbose_name=_("job fair"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placements",
    )
    training = models.ForeignKey(
        Training,
        verbose_name=_("training course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placements",
    )
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
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["unit", "start_date"], name="employment_placement_unit")]

    def __str__(self) -> str:
        return f"{self.person.name} → {self.enterprise.name}"


class FollowUp(ScopedRecord, models.Model):
    """A follow-up visit (回访) due ``months_after`` months after a placement started."""

    placement = models.ForeignKey(
        Placement, verbose_name=_("placement"), on_delete=models.CASCADE,
        related_name="follow_ups",
    )  # fmt: skip
    months_after = models.PositiveSmallIntegerField(_("months after the start"))
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("visited on"), null=True, blank=True)
    retained = models.BooleanField(_("still in the job"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_path_lookup: ClassVar[str] = "placement__unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "months_after"], name="employment_followup_once"
            )
        ]
        indexes = [models.Index(fields=["done_on", "due_on"], name="employment_followup_due")]

    def __str__(self) -> str:
        return f"{self.placement_id} +{self.months_after}"


class LabourExportBatch(ScopedRecord, models.Model):
    """A batch of workers sent to work elsewhere (劳务输出), with its follow-up."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("union unit"), on_delete=models.PROTECT, related_name="+"
    )
    destination = models.CharField(_("destination"), max_length=200)
    employer = models.ForeignKey(
        Enterprise,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    employer_name = models.CharField(_("employer name"), max_length=200, blank=True)
    departed_on = models.DateField(_("departed on"))
    workers = models.ManyToManyField(
        Person, verbose_name=_("workers"), blank=True, related_name="+"
    )
    workers_count = models.PositiveIntegerField(
        _("number of workers"), validators=[MinValueValidator(1), MaxValueValidator(100000)]
    )
    follow_up_on = models.DateField(_("followed up on"), null=True, blank=True)
    follow_up_notes = models.TextField(_("follow-up notes"), blank=True)
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
        verbose_name = _("labour export batch")
        verbose_name_plural = _("labour export batches")
        ordering = ["-departed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.departed_on} {self.destination}"

    @property
    def employer_display(self) -> str:
        return self.employer.name if self.employer_id else self.employer_name  # type: ignore[union-attr]


class LoanSubsidy(ScopedRecord, models.Model):
    """A loan interest subsidy (小额贷款贴息) to an employer or a person starting a business,
    with the jobs the loan created."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("union unit"), on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("worker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    loan_amount = money_field(_("loan amount (yuan)"))
    bank = models.CharField(_("bank"), max_length=100)
    subsidy_amount = money_field(_("interest subsidy (yuan)"), default=Decimal("0"))
    jobs_created = models.PositiveIntegerField(
        _("jobs created"), default=0, validators=[MaxValueValidator(100000)]
    )
    granted_on = models.DateField(_("granted on"))
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
        verbose_name = _("loan interest subsidy")
        verbose_name_plural = _("loan interest subsidies")
        ordering = ["-granted_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(enterprise__isnull=False) & Q(person__isnull=True))
                | (Q(enterprise__isnull=True) & Q(person__isnull=False)),
                name="employment_loan_one_borrower",
            ),
            models.CheckConstraint(
                condition=Q(subsidy_amount__lte=models.F("loan_amount")),
                name="employment_loan_subsidy_le_loan",
            ),
        ]

    def __str__(self) -> str:
        borrower = self.enterprise or self.person
        return f"{borrower} {self.loan_amount}"
