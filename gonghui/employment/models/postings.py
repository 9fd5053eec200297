"""Occupations, job postings (用工需求), job seekers (求职者) and recommendations (精准匹配)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import EncryptedTextField
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ScopedManager, ScopedRecord
from gonghui.employment.choices import EducationLevel, OccupationLevel, PostingStatus
from gonghui.employment.models.common import coordinate_fields
from gonghui.registry.models import Enterprise, Person
from gonghui.utils.phone import mask_mobile
from gonghui.utils.regions import region_code_validator


class Occupation(models.Model):
    """An entry of the national occupational classification (国家职业分类大典, 2022 edition):
    a major category (大类, "4"), medium category (中类, "4-01") or small category (小类,
    "4-01-02"). Reference data, loaded by a data migration; not owned by any unit."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=8, choices=OccupationLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class JobPosting(ScopedRecord, models.Model):
    """A job posting (招聘岗位, 用工需求) of an employer, collected by a union unit, reviewed by
    staff before it is published; it closes itself after ``valid_until``."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="postings"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("collecting union unit"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("job title"), max_length=100)
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("occupation"), on_delete=models.PROTECT, related_name="postings"
    )
    description = models.TextField(_("job description"))
    requirements = models.TextField(_("other requirements"), blank=True)
    openings = models.PositiveIntegerField(
        _("openings"), validators=[MinValueValidator(1), MaxValueValidator(100000)]
    )
    region_code = models.CharField(
        _("region code"), max_length=6, validators=[region_code_validator]
    )
    address = models.CharField(_("work address"), max_length=300, blank=True)
    latitude, longitude = coordinate_fields()
    pay_min = models.DecimalField(_("minimum pay (yuan/month)"), max_digits=9, decimal_places=2)
    pay_max = models.DecimalField(_("maximum pay (yuan/month)"), max_digits=9, decimal_places=2)
    hours = models.CharField(_("working hours"), max_length=200, blank=True)
    education_min = models.PositiveSmallIntegerField(
        _("minimum education"), choices=EducationLevel.choices, default=EducationLevel.NONE
    )
    age_min = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, validators=[MinValueValidator(16)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, validators=[MaxValueValidator(80)]
    )
    skills = models.JSONField(_("skills"), default=list, blank=True)
    certificates = models.JSONField(_("certificates"), default=list, blank=True)
    benefits = models.TextField(_("benefits"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=60, blank=True)
    contact_phone = EncryptedTextField(_("contact telephone"), blank=True)
    contact_phone_masked = models.CharField(
        _("contact telephone"), max_length=20, blank=True, editable=False
    )
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"), max_length=12, choices=PostingStatus.choices, default=PostingStatus.DRAFT
    )
    flagged_reasons = models.JSONField(
        _("discriminatory requirements found"), default=list, blank=True
    )
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
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
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pay_min__lte=F("pay_max")), name="employment_posting_pay_range"
            ),
            models.CheckConstraint(
                condition=Q(openings__gte=1), name="employment_posting_openings"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "valid_until"], name="employment_posting_status"),
            models.Index(fields=["unit", "status"], name="employment_posting_unit"),
            models.Index(fields=["occupation", "status"], name="employment_posting_occ"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.enterprise.name}）"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.contact_phone_masked = _mask_phone(self.contact_phone)
        super().save(*args, **kwargs)

    @property
    def pay_display(self) -> str:
        return f"{self.pay_min:.0f}-{self.pay_max:.0f}"


def _mask_phone(phone: str) -> str:
    phone = (phone or "").strip()
    if not phone:
        return ""
    if len(phone) == 11 and phone.isdigit():
        return mask_mobile(phone)
    return phone[:3] + "*" * max(len(phone) - 5, 1) + phone[-2:] if len(phone) > 5 else "***"


class JobSeeker(ScopedRecord, models.Model):
    """A job seeker's profile (求职者): what work, where and for what pay the person wants.

    Hardship status and an assistance employment plan are read from assistance, not stored.
    The seeker's contact details reach an employer only with ``consent_to_share_contact``.
    """

    person = models.OneToOneField(
        Person, verbose_name=_("worker"), on_delete=models.PROTECT, related_name="job_seeker"
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("registering union unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    wanted_occupations = models.ManyToManyField(
        Occupation, verbose_name=_("wanted occupations"), blank=True, related_name="seekers"
    )
    wanted_region_codes = models.JSONField(_("wanted places"), default=list, blank=True)
    latitude, longitude = coordinate_fields()
    expected_pay_min = models.DecimalField(
        _("expected pay from (yuan/month)"),
        max_digits=9,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(200000)],
    )
    education = models.PositiveSmallIntegerField(
        _("education"), choices=EducationLevel.choices, default=EducationLevel.NONE
    )
    skills = models.JSONField(_("skills"), default=list, blank=True)
    certificates = models.JSONField(_("certificates"), default=list, blank=True)
    experience = models.TextField(_("work experience"), blank=True)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    flexible_work = models.BooleanField(_("open to flexible work"), default=False)
    consent_to_share_contact = models.BooleanField(
        _("agrees to share contact details with employers"), default=False
    )
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    active = models.BooleanField(_("looking for work"), default=True)
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
        verbose_name = _("job seeker")
        verbose_name_plural = _("job seekers")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["unit", "active"], name="employment_seeker_unit")]

    def __str__(self) -> str:
        return self.person.name


class Recommendation(ScopedRecord, models.Model):
    """A posting recommended to a seeker by the matching engine (精准匹配), with the reasons in
    Chinese. Written in batches; owned by the seeker's unit."""

    seeker = models.ForeignKey(
        JobSeeker, verbose_name=_("job seeker"), on_delete=models.CASCADE,
        related_name="recommendations",
    )  # fmt: skip
    posting = models.ForeignKey(
        JobPosting, verbose_name=_("job posting"), on_delete=models.CASCADE,
        related_name="recommendations",
    )  # fmt: skip
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("union unit"), on_delete=models.PROTECT, related_name="+"
    )
    rank = models.PositiveIntegerField(_("rank"))
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    scope_path_lookup: ClassVar[str] = "unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["seeker", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["seeker", "posting"], name="employment_reco_once")
        ]
        indexes = [models.Index(fields=["posting", "rank"], name="employment_reco_posting")]

    def __str__(self) -> str:
        return f"{self.seeker_id} -> {self.posting_id} #{self.rank}"
