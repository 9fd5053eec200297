"""Hardship assistance (困难职工帮扶): household files, eligibility rules, aid and reviews.

A household's file (困难职工档案) is owned by the union unit that keeps it; its members,
aid grants and reviews follow the file's scope. Incomes and health notes are sensitive:
health notes are encrypted, and pages that show a file's incomes are audited. Only the
services in ``services.py`` write these models.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.choices import (
    ACTIVE_FILE_STATES,
    LIVE_LINE_STATES,
    AidKind,
    ApplicationStage,
    CampaignKind,
    Exclusion,
    FileStatus,
    FilingLevel,
    HardshipCause,
    LineStatus,
    PlanStatus,
    Relationship,
    ReviewDecision,
    SchoolStage,
    Situation,
    StandardBasis,
)
from gonghui.casework.models import Case, CaseAttachment
from gonghui.core import crypto
from gonghui.core.fields import EncryptedTextField
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ScopedManager, ScopedRecord
from gonghui.registry.models import Person

# A month's income per head or a grant above this is a typing error, not a household.
MAX_AMOUNT = Decimal("1000000.00")
# A campaign's budget, a unit's share of it or a batch's total add up many households.
MAX_BUDGET = Decimal("1000000000.00")


def money_field(
    verbose_name: object, *, maximum: Decimal = MAX_AMOUNT, **kwargs: object
) -> models.DecimalField:  # type: ignore[type-arg]
    """Money in 元 with two decimals, never negative."""
    return models.DecimalField(
        verbose_name,  # type: ignore[arg-type]
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(maximum)],
        **kwargs,  # type: ignore[arg-type]
    )


class EligibilityRule(ScopedRecord, models.Model):
    """One version of the local eligibility rule (困难职工认定标准) for a region and year.

    The rule applies to the units whose region code starts with ``region_code`` (the longest
    prefix wins). Rules are never edited: a revision adds the next version and marks the
    previous one superseded, so every decision can name the exact version that made it.
    """

    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("issuing unit"),
        on_delete=models.PROTECT,
        related_name="eligibility_rules",
    )
    region_code = models.CharField(
        _("region code prefix"),
        max_length=6,
        help_text=_("The rule applies to regions whose code starts with this (2 to 6 digits)."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    income_threshold = money_field(_("monthly income threshold per head (yuan)"))
    qualifying_causes = models.JSONField(_("qualifying causes"), default=list, blank=True)
    exclusions = models.JSONField(_("exclusions"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_lookup: ClassVar[str] = "unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        ordering = ["region_code", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "year", "version"], name="eligibilityrule_version"
            ),
            models.UniqueConstraint(
                fields=["region_code", "year"],
                condition=Q(superseded_at__isnull=True),
                name="eligibilityrule_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_code} {self.year} v{self.version}"

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None

    @property
    def cause_labels(self) -> list[str]:
        return [str(HardshipCause(c).label) for c in self.qualifying_causes or []]

    @property
    def exclusion_labels(self) -> list[str]:
        return [str(Exclusion(c).label) for c in self.exclusions or []]


class HardshipFile(ScopedRecord, models.Model):
    """A household's hardship file (困难职工档案): one per household (一户一档).

    ``monthly_income_per_head`` and ``household_size`` are recomputed from the members by the
    services; ``last_reviewed_on`` is the annual review (年审) clock.
    """

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("filing unit"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("worker"), on_delete=models.PROTECT, related_name="hardship_files"
    )
    level = models.CharField(
        _("filing level"),
        max_length=16,
        choices=FilingLevel.choices,
        default=FilingLevel.GRASSROOTS,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=FileStatus.choices, default=FileStatus.PENDING
    )
    cause = models.CharField(_("cause of hardship"), max_length=16, choices=HardshipCause.choices)
    cause_detail = EncryptedTextField(_("situation of the household"), blank=True)
    exclusions_found = models.JSONField(_("exclusions found"), default=list, blank=True)
    household_size = models.PositiveSmallIntegerField(_("household size"), default=0)
    monthly_income_total = money_field(_("household monthly income (yuan)"), default=Decimal("0"))
    monthly_income_per_head = money_field(_("monthly income per head (yuan)"), default=Decimal("0"))
    opened_on = models.DateField(_("filed on"), null=True, blank=True)
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_reason = models.TextField(_("reason for closing"), blank=True)
    bank_name = models.CharField(_("bank"), max_length=60, blank=True)
    bank_account = EncryptedTextField(_("bank account"), blank=True)
    bank_account_masked = models.CharField(
        _("bank account"), max_length=40, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_path_lookup: ClassVar[str] = "unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("hardship file")
        verbose_name_plural = _("hardship files")
        ordering = ["-opened_on", "-id"]
        constraints = [
            # One file per household: the worker has at most one pending or open file.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status__in=ACTIVE_FILE_STATES),
                name="hardshipfile_one_active_per_person",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status"], name="hardshipfile_unit_status"),
            models.Index(fields=["status", "last_reviewed_on"], name="hardshipfile_review"),
        ]

    def __str__(self) -> str:
        return f"{self.file_number} {self.person.name}"

    @property
    def file_number(self) -> str:
        return f"KN{self.pk:06d}" if self.pk else ""

    @property
    def review_clock_start(self) -> datetime.date | None:
        return self.last_reviewed_on or self.opened_on


class HouseholdMember(ScopedRecord, models.Model):
    """A member of the household on a file (家庭成员), the worker included."""

    file = models.ForeignKey(
        HardshipFile, verbose_name=_("hardship file"), on_delete=models.CASCADE,
        related_name="members",
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=60)
    relationship = models.CharField(_("relationship"), max_length=16, choices=Relationship.choices)
    id_number = EncryptedTextField(_("ID number"), blank=True)
    id_number_hash = models.CharField(
        max_length=crypto.BLIND_INDEX_LENGTH, blank=True, db_index=True, editable=False
    )
    id_number_masked = models.CharField(_("ID number"), max_length=18, blank=True, editable=False)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    monthly_income = money_field(_("monthly income (yuan)"), default=Decimal("0"))
    situations = models.JSONField(_("situations"), default=list, blank=True)
    school_stage = models.CharField(
        _("school stage"), max_length=16, choices=SchoolStage.choices, blank=True
    )
    health_notes = EncryptedTextField(_("health notes"), blank=True)

    scope_path_lookup: ClassVar[str] = "file__unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["file", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relationship_display()})"

    @property
    def situation_labels(self) -> list[str]:
        return [str(Situation(c).label) for c in self.situations or []]


class HardshipApplication(ScopedRecord, models.Model):
    """The detail of an application for a hardship file (建档申请), a case of the engine.

    The file is created with the application (status "under application") and put on file
    when the application is approved. The steps after the union's first review (受理) are
    recorded here: the home visit with the household's signed consent (an attachment of the
    case), the income check against the rule, the public notice (公示) and its objections.
    """

    case = models.OneToOneField(
        Case,
        verbose_name=_("case"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="hardship_application",
    )
    file = models.ForeignKey(
        HardshipFile,
        verbose_name=_("hardship file"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    stage = models.CharField(
        _("stage"),
        max_length=16,
        choices=ApplicationStage.choices,
        default=ApplicationStage.APPLIED,
    )
    visited_on = models.DateField(_("home visit date"), null=True, blank=True)
    visit_notes = EncryptedTextField(_("home visit notes"), blank=True)
    consent = models.ForeignKey(
        CaseAttachment,
        verbose_name=_("signed consent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rule = models.ForeignKey(
        EligibilityRule,
        verbose_name=_("eligibility rule"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    eligible = models.BooleanField(_("eligible"), null=True, blank=True)
    decision_reasons = models.TextField(_("reasons of the decision"), blank=True)
    notice_started_on = models.DateField(_("public notice from"), null=True, blank=True)
    notice_days = models.PositiveSmallIntegerField(_("public notice days"), null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)

    scope_path_lookup: ClassVar[str] = "case__unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("hardship application")
        verbose_name_plural = _("hardship applications")

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_stage_display()}"

    @property
    def notice_ends_on(self) -> datetime.date | None:
        """The last day of the public notice."""
        if self.notice_started_on is None or self.notice_days is None:
            return None
        return self.notice_started_on + datetime.timedelta(days=self.notice_days - 1)


class NoticeObjection(ScopedRecord, models.Model):
    """An objection raised during the public notice (公示异议), and how it was handled."""

    application = models.ForeignKey(
        HardshipApplication,
        verbose_name=_("hardship application"),
        on_delete=models.CASCADE,
        related_name="objections",
    )
    raised_on = models.DateField(_("raised on"))
    raised_by = models.CharField(_("raised by"), max_length=60, blank=True)
    text = models.TextField(_("objection"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handling_note = models.TextField(_("how it was handled"), blank=True)
    upheld = models.BooleanField(_("objection upheld"), default=False)

    scope_path_lookup: ClassVar[str] = "application__case__unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("public notice objection")
        verbose_name_plural = _("public notice objections")
        ordering = ["raised_on", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.raised_on}"

    @property
    def is_handled(self) -> bool:
        return self.handled_at is not None


class AidGrant(ScopedRecord, models.Model):
    """Aid given to a household on file (帮扶救助): living, education, medical or critical
    illness aid, within the household's yearly cap.

    A later campaign (送温暖, 金秋助学) and disbursement batch will link their grants here.
    """

    file = models.ForeignKey(
        HardshipFile, verbose_name=_("hardship file"), on_delete=models.PROTECT,
        related_name="aid_grants",
    )  # fmt: skip
    kind = models.CharField(_("aid kind"), max_length=20, choices=AidKind.choices)
    amount = money_field(_("amount (yuan)"))
    granted_on = models.DateField(_("granted on"))
    fund = models.CharField(_("fund"), max_length=100)
    decided_by = models.CharField(_("decided by"), max_length=100)
    member = models.ForeignKey(
        HouseholdMember,
        verbose_name=_("household member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aid_grants",
    )
    school_stage = models.CharField(
        _("school stage"), max_length=16, choices=SchoolStage.choices, blank=True
    )
    bill_amount = money_field(_("medical bills (yuan)"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_lookup: ClassVar[str] = "file__unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("aid grant")
        verbose_name_plural = _("aid grants")
        ordering = ["-granted_on", "-id"]
        indexes = [models.Index(fields=["file", "granted_on"], name="aidgrant_file_date")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="aidgrant_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class AnnualReview(ScopedRecord, models.Model):
    """An annual review of a file (年审): income and household checked, and the decision."""

    file = models.ForeignKey(
        HardshipFile, verbose_name=_("hardship file"), on_delete=models.CASCADE,
        related_name="reviews",
    )  # fmt: skip
    reviewed_on = models.DateField(_("reviewed on"))
    household_size = models.PositiveSmallIntegerField(_("household size"))
    monthly_income_per_head = money_field(_("monthly income per head (yuan)"))
    decision = models.CharField(_("decision"), max_length=16, choices=ReviewDecision.choices)
    rule = models.ForeignKey(
        EligibilityRule,
        verbose_name=_("eligibility rule"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_reasons = models.TextField(_("reasons of the decision"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_lookup: ClassVar[str] = "file__unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("annual review")
        verbose_name_plural = _("annual reviews")
        ordering = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.file_id} {self.reviewed_on}"


class Campaign(ScopedRecord, models.Model):
    """An assistance campaign (帮扶活动): 两节送温暖, 金秋助学 or another one staff define.

    The organising unit holds the whole quota (households and budget) and pushes it down its
    tree (``CampaignQuota``); units record who they visited or paid (``CampaignPayment``).
    """

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("campaign kind"), max_length=20, choices=CampaignKind.choices)
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    households = models.PositiveIntegerField(_("planned households"))
    budget = money_field(_("budget (yuan)"), maximum=MAX_BUDGET)
    standard = money_field(_("standard amount (yuan)"))
    basis = models.CharField(
        _("standard per"), max_length=16, choices=StandardBasis.choices,
        default=StandardBasis.HOUSEHOLD,
    )  # fmt: skip
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_lookup: ClassVar[str] = "unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("assistance campaign")
        verbose_name_plural = _("assistance campaigns")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_period"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def per_student(self) -> bool:
        return self.basis == StandardBasis.STUDENT


class CampaignQuota(ScopedRecord, models.Model):
    """The share of a campaign a unit holds (任务分配): households and money.

    The organising unit's quota is the campaign's whole plan; every other quota was allocated
    by the quota of the unit's parent, and the quotas allocated by one never add up to more
    than it holds.
    """

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="quotas"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("allocated by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )  # fmt: skip
    households = models.PositiveIntegerField(_("households"))
    amount = money_field(_("amount (yuan)"), maximum=MAX_BUDGET)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_path_lookup: ClassVar[str] = "unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("campaign quota")
        verbose_name_plural = _("campaign quotas")
        ordering = ["campaign", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="campaignquota_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.unit_id}"


class CampaignPayment(ScopedRecord, models.Model):
    """A household visited or paid in a campaign (慰问/发放): once per household, or once per
    student in a campaign paid per student."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="payments"
    )
    quota = models.ForeignKey(
        CampaignQuota, verbose_name=_("paying unit's quota"), on_delete=models.PROTECT,
        related_name="payments",
    )  # fmt: skip
    file = models.ForeignKey(
        HardshipFile, verbose_name=_("hardship file"), on_delete=models.PROTECT,
        related_name="campaign_payments",
    )  # fmt: skip
    member = models.ForeignKey(
        HouseholdMember, verbose_name=_("student"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="campaign_payments",
    )  # fmt: skip
    amount = money_field(_("amount (yuan)"))
    paid_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_lookup: ClassVar[str] = "file__unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("campaign payment")
        verbose_name_plural = _("campaign payments")
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="campaignpayment_positive"),
            models.UniqueConstraint(
                fields=["campaign", "file"],
                condition=Q(member__isnull=True),
                name="campaignpayment_once_per_household",
            ),
            models.UniqueConstraint(
                fields=["campaign", "member"],
                condition=Q(member__isnull=False),
                name="campaignpayment_once_per_student",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.file_id} {self.amount}"


class DisbursementBatch(ScopedRecord, models.Model):
    """A disbursement batch (发放批次): aid and campaign payments sent to the bank together.

    ``total`` is written with the lines and always equals their sum.
    """

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("paying unit"), on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(_("reference"), max_length=24, unique=True, editable=False)
    total = money_field(_("total (yuan)"), maximum=MAX_BUDGET, default=Decimal("0"))
    note = models.TextField(_("note"), blank=True)
    reissue_of = models.ForeignKey(
        "self", verbose_name=_("re-issue of"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="reissues",
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_lookup: ClassVar[str] = "unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("disbursement batch")
        verbose_name_plural = _("disbursement batches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.reference


class DisbursementLine(ScopedRecord, models.Model):
    """One transfer of a batch: an aid grant or a campaign payment to the household's account.

    A grant or campaign payment has at most one line awaiting the bank or paid; a failed line
    is re-issued as a new line of a new batch.
    """

    batch = models.ForeignKey(
        DisbursementBatch, verbose_name=_("batch"), on_delete=models.CASCADE,
        related_name="lines",
    )  # fmt: skip
    file = models.ForeignKey(
        HardshipFile, verbose_name=_("hardship file"), on_delete=models.PROTECT,
        related_name="disbursement_lines",
    )  # fmt: skip
    grant = models.ForeignKey(
        AidGrant, verbose_name=_("aid grant"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="disbursement_lines",
    )  # fmt: skip
    payment = models.ForeignKey(
        CampaignPayment, verbose_name=_("campaign payment"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="disbursement_lines",
    )  # fmt: skip
    reference = models.CharField(_("reference"), max_length=32, unique=True, editable=False)
    payee_name = models.CharField(_("payee"), max_length=60)
    amount = money_field(_("amount (yuan)"))
    status = models.CharField(
        _("status"), max_length=16, choices=LineStatus.choices, default=LineStatus.PENDING
    )
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    failure_reason = models.CharField(_("reason of the failure"), max_length=200, blank=True)
    reissued_as = models.OneToOneField(
        "self", verbose_name=_("re-issued as"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="reissue_of",
    )  # fmt: skip

    scope_path_lookup: ClassVar[str] = "batch__unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("disbursement line")
        verbose_name_plural = _("disbursement lines")
        ordering = ["batch", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="disbursementline_positive"),
            models.CheckConstraint(
                condition=Q(grant__isnull=False, payment__isnull=True)
                | Q(grant__isnull=True, payment__isnull=False),
                name="disbursementline_one_source",
            ),
            models.UniqueConstraint(
                fields=["grant"],
                condition=Q(status__in=LIVE_LINE_STATES),
                name="disbursementline_grant_once",
            ),
            models.UniqueConstraint(
                fields=["payment"],
                condition=Q(status__in=LIVE_LINE_STATES),
                name="disbursementline_payment_once",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def can_reissue(self) -> bool:
        return self.status == LineStatus.FAILED and self.reissued_as_id is None


class EmploymentPlan(ScopedRecord, models.Model):
    """A personal employment plan (一人一策) for an unemployed graduate of a household on file.

    The employment module reads ``EmploymentPlan.objects.filter(person=...)`` to show the plan
    on the job seeker.
    """

    file = models.ForeignKey(
        HardshipFile, verbose_name=_("hardship file"), on_delete=models.PROTECT,
        related_name="employment_plans",
    )  # fmt: skip
    member = models.ForeignKey(
        HouseholdMember, verbose_name=_("household member"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="employment_plans",
    )  # fmt: skip
    person = models.ForeignKey(
        Person, verbose_name=_("graduate"), on_delete=models.PROTECT,
        related_name="employment_plans",
    )  # fmt: skip
    school = models.CharField(_("school"), max_length=100)
    major = models.CharField(_("major"), max_length=100, blank=True)
    graduation_year = models.PositiveSmallIntegerField(_("graduation year"))
    wanted_occupation = models.CharField(_("wanted occupation"), max_length=100, blank=True)
    measures = models.TextField(_("measures of the plan"))
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.OPEN
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff responsible"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_path_lookup: ClassVar[str] = "file__unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("employment plan")
        verbose_name_plural = _("employment plans")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="open"), name="employmentplan_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.get_status_display()}"
