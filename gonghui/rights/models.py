"""Rights protection (维权): worker requests (职工诉求), legal aid (法律援助), wage arrears (欠薪),
the roster of lawyers, legal consultations (法律咨询) and outreach events (普法宣传).

The three kinds of case live in the casework engine (``Case``); their own fields are in the
detail models here, linked one to one. Mediation, collective contracts and inspections will
come as models of their own (a mediation can then point at a ``LegalAidCase``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.casework.models import Case
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ScopedManager, ScopedRecord
from gonghui.registry.models import Enterprise, Person
from gonghui.rights.choices import (
    PRE_ARBITRATION_STAGES,
    ConsultationChannel,
    LawyerKind,
    LegalAidOutcome,
    LegalAidStage,
    Topic,
)

# Amounts are in 元; more than a billion for one case is a typing error, not a claim.
MAX_AMOUNT = Decimal("1000000000")
LIMITATION_WARNING_DAYS = 30


def money_field(verbose_name: str | object, **kwargs: object) -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(
        verbose_name,  # type: ignore[arg-type]
        max_digits=14,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0"), _("The amount cannot be negative.")),
            MaxValueValidator(MAX_AMOUNT, _("The amount cannot exceed 1,000,000,000 yuan.")),
        ],
        **kwargs,  # type: ignore[arg-type]
    )


class RequestCategory(models.Model):
    """A category of worker request (诉求类别) with its deadlines, edited by staff as data.

    ``response_hours``: from submission to the first response (acceptance);
    ``resolution_hours``: from submission to the reply that resolves it;
    ``urgent_response_hours``: the first-response deadline of an urgent request.
    """

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=60)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    response_hours = models.PositiveIntegerField(
        _("first response within (hours)"), default=24, validators=[MinValueValidator(1)]
    )
    resolution_hours = models.PositiveIntegerField(
        _("resolution within (hours)"), default=15 * 24, validators=[MinValueValidator(1)]
    )
    urgent_response_hours = models.PositiveIntegerField(
        _("urgent first response within (hours)"), default=2, validators=[MinValueValidator(1)]
    )
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("request category")
        verbose_name_plural = _("request categories")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.parent.name} / {self.name}" if self.parent_id else self.name  # type: ignore[union-attr]


class WorkerRequest(models.Model):
    """A worker's request or complaint (职工诉求, 12351): its category, urgency, employer, and
    the worker's rating of the reply (满意度)."""

    case = models.OneToOneField(
        Case,
        verbose_name=_("case"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="worker_request",
    )
    category = models.ForeignKey(
        RequestCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    urgent = models.BooleanField(_("urgent"), default=False)
    employer = models.ForeignKey(
        Enterprise,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    employer_name = models.CharField(_("employer name"), max_length=200, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    satisfaction_comment = models.TextField(_("comment on the reply"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    reopen_requested = models.BooleanField(_("reopening asked for"), default=False)

    class Meta:
        verbose_name = _("worker request")
        verbose_name_plural = _("worker requests")

    def __str__(self) -> str:
        return str(self.case_id)

    @property
    def employer_display(self) -> str:
        return self.employer.name if self.employer_id else self.employer_name  # type: ignore[union-attr]


class RequestEscalation(models.Model):
    """An overdue request sent up to the unit above (逾期上报), once per case and unit."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="escalations"
    )
    from_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("from unit"), on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("to unit"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("request escalation")
        verbose_name_plural = _("request escalations")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "from_unit"], name="rights_escalation_once")
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_unit_id} -> {self.to_unit_id}"


class Lawyer(ScopedRecord, models.Model):
    """A lawyer or legal-aid body on the union's roster (律师/法律援助机构名录)."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("union unit"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        _("kind"), max_length=16, choices=LawyerKind.choices, default=LawyerKind.LAWYER
    )
    organisation = models.CharField(_("law firm or body"), max_length=200, blank=True)
    licence_number = models.CharField(_("licence number"), max_length=40, blank=True)
    phone = models.CharField(_("work telephone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("on the roster"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_lookup: ClassVar[str] = "unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("lawyer")
        verbose_name_plural = _("lawyers")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.organisation}）" if self.organisation else self.name


def one_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


class LegalAidCase(models.Model):
    """A legal-aid case (法律援助): the dispute, the employer, the lawyer, the stage, and the
    amount recovered for the worker (挽回经济损失). Arbitration must be applied for within one
    year of the dispute (仲裁时效)."""

    case = models.OneToOneField(
        Case,
        verbose_name=_("case"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="legal_aid",
    )
    dispute_type = models.CharField(
        _("kind of dispute"), max_length=32, choices=Topic.choices, default=Topic.WAGES
    )
    dispute_date = models.DateField(_("date of the dispute"))
    employer = models.ForeignKey(
        Enterprise,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    employer_name = models.CharField(_("employer name"), max_length=200, blank=True)
    lawyer = models.ForeignKey(
        Lawyer,
        verbose_name=_("lawyer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_aid_cases",
    )
    stage = models.CharField(
        _("stage"),
        max_length=16,
        choices=LegalAidStage.choices,
        default=LegalAidStage.CONSULTATION,
    )
    amount_claimed = money_field(_("amount claimed (yuan)"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=LegalAidOutcome.choices, blank=True
    )
    outcome_date = models.DateField(_("date of the outcome"), null=True, blank=True)
    amount_recovered = money_field(_("amount recovered (yuan)"), default=Decimal("0"))

    class Meta:
        verbose_name = _("legal aid case")
        verbose_name_plural = _("legal aid cases")

    def __str__(self) -> str:
        return str(self.case_id)

    def clean(self) -> None:
        if self.dispute_date and self.dispute_date > timezone.localdate():
            raise ValidationError(
                {"dispute_date": _("The date of the dispute cannot be in the future.")}
            )

    @property
    def employer_display(self) -> str:
        return self.employer.name if self.employer_id else self.employer_name  # type: ignore[union-attr]

    @property
    def limitation_date(self) -> datetime.date:
        """The last day to apply for arbitration: one year after the dispute."""
        return one_year_after(self.dispute_date)

    def limitation_days_left(self, today: datetime.date | None = None) -> int | None:
        """Days left to apply for arbitration; None once it is applied for (or beyond)."""
        if self.stage not in PRE_ARBITRATION_STAGES:
            return None
        return (self.limitation_date - (today or timezone.localdate())).days

    def limitation_warning(self, today: datetime.date | None = None) -> bool:
        left = self.limitation_days_left(today)
        return left is not None and left <= LIMITATION_WARNING_DAYS


class WageArrearsCase(models.Model):
    """A wage-arrears case (欠薪, 拖欠农民工工资): the employer, the workers owed (migrant
    workers among them), the amount owed and recovered (清欠), joint handling with the labour
    bureau (联合人社部门)."""

    case = models.OneToOneField(
        Case,
        verbose_name=_("case"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="wage_arrears",
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
    project = models.CharField(_("project or site"), max_length=200, blank=True)
    workers_count = models.PositiveIntegerField(
        _("workers owed"), default=1, validators=[MinValueValidator(1)]
    )
    migrant_workers_count = models.PositiveIntegerField(_("migrant workers among them"), default=0)
    amount_owed = money_field(_("amount owed (yuan)"))
    amount_recovered = money_field(_("amount recovered (yuan)"), default=Decimal("0"))
    joint_with_labour_bureau = models.BooleanField(
        _("handled jointly with the labour bureau"), default=False
    )
    labour_bureau_reference = models.CharField(
        _("labour bureau reference"), max_length=60, blank=True
    )

    class Meta:
        verbose_name = _("wage arrears case")
        verbose_name_plural = _("wage arrears cases")
        constraints = [
            models.CheckConstraint(
                condition=Q(migrant_workers_count__lte=models.F("workers_count")),
                name="rights_arrears_migrants_le_workers",
            ),
            models.CheckConstraint(
                condition=Q(amount_recovered__lte=models.F("amount_owed")),
                name="rights_arrears_recovered_le_owed",
            ),
        ]

    def __str__(self) -> str:
        return str(self.case_id)

    def clean(self) -> None:
        errors = {}
        if (
            self.workers_count is not None
            and self.migrant_workers_count is not None
            and self.migrant_workers_count > self.workers_count
        ):
            errors["migrant_workers_count"] = _(
                "Migrant workers cannot outnumber the workers owed."
            )
        if (
            self.amount_owed is not None
            and self.amount_recovered is not None
            and self.amount_recovered > self.amount_owed
        ):
            errors["amount_recovered"] = _("The amount recovered cannot exceed the amount owed.")
        if errors:
            raise ValidationError(errors)

    @property
    def employer_display(self) -> str:
        return self.employer.name if self.employer_id else self.employer_name  # type: ignore[union-attr]


class Consultation(ScopedRecord, models.Model):
    """A legal consultation (法律咨询) given by the union: walk-in, lawyer on duty, online."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("union unit"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    channel = models.CharField(
        _("channel"),
        max_length=16,
        choices=ConsultationChannel.choices,
        default=ConsultationChannel.WALK_IN,
    )
    topic = models.CharField(_("topic"), max_length=32, choices=Topic.choices)
    person = models.ForeignKey(
        Person,
        verbose_name=_("worker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lawyer = models.ForeignKey(
        Lawyer,
        verbose_name=_("lawyer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
    )
    summary = models.TextField(_("question and advice"), blank=True)
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
        verbose_name = _("legal consultation")
        verbose_name_plural = _("legal consultations")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["unit", "date"], name="rights_consult_unit_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.get_topic_display()}"


class OutreachEvent(ScopedRecord, models.Model):
    """A legal outreach event (普法宣传): when, where, on what, and how many attended."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("union unit"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    topic = models.CharField(_("topic"), max_length=200)
    attendees = models.PositiveIntegerField(
        _("attendees"), default=0, validators=[MaxValueValidator(1_000_000)]
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
        verbose_name = _("outreach event")
        verbose_name_plural = _("outreach events")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["unit", "date"], name="rights_outreach_unit_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.topic}"


# The records of part B live in modules of their own; importing them registers them here.
from gonghui.rights.models_bargaining import (  # noqa: E402
    BargainingOffer,
    CollectiveContract,
    ContractCoverage,
    ContractEnterprise,
    ContractExpiryReminder,
)
from gonghui.rights.models_mediation import (  # noqa: E402
    MediationBody,
    MediationCase,
    MediationSession,
    Mediator,
)
from gonghui.rights.models_safety import (  # noqa: E402
    Hazard,
    HazardPhoto,
    Inspection,
    SafetyCompetitionEntry,
)

__all__ = [
    "BargainingOffer", "CollectiveContract", "ContractCoverage", "ContractEnterprise",
    "ContractExpiryReminder", "Hazard", "HazardPhoto", "Inspection", "MediationBody",
    "MediationCase", "MediationSession", "Mediator", "SafetyCompetitionEntry",
]  # fmt: skip
