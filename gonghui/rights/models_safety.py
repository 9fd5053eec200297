"""Labour protection (劳动保护): supervisory inspections (监督检查) of enterprises, the hazards
found (隐患) with their rectification (整改) and photos, and the safety competition (安康杯)
entries per year.

Registered with the app through ``gonghui.rights.models``.
"""

from __future__ import annotations

import datetime
import uuid
from pathlib import PurePosixPath
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ScopedManager, ScopedRecord
from gonghui.registry.models import Enterprise
from gonghui.rights.choices import HazardSeverity, HazardStatus
from gonghui.rights.validation import not_before, not_future, not_too_far, workers_validators

FIRST_YEAR = 2000


class Inspection(ScopedRecord, models.Model):
    """A labour-protection inspection (劳动保护监督检查) of an enterprise by union inspectors."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("union unit"), on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"))
    inspectors = models.CharField(_("inspectors"), max_length=300)
    findings = models.TextField(_("findings"), blank=True)
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
        verbose_name = _("labour protection inspection")
        verbose_name_plural = _("labour protection inspections")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["unit", "date"], name="rights_inspection_unit_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.enterprise_id}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        not_future(errors, "date", self.date)
        if errors:
            raise ValidationError(errors)


class Hazard(ScopedRecord, models.Model):
    """A hazard found in an inspection (安全隐患): its severity, the rectification deadline and
    where the rectification stands. Verified is closed: only reopening (recorded) opens it."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="hazards"
    )
    description = models.TextField(_("description"))
    severity = models.CharField(
        _("severity"),
        max_length=16,
        choices=HazardSeverity.choices,
        default=HazardSeverity.GENERAL,
    )
    deadline = models.DateField(_("rectify by"))
    status = models.CharField(
        _("status"), max_length=16, choices=HazardStatus.choices, default=HazardStatus.OPEN
    )
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)
    rectification = models.TextField(_("rectification"), blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_path_lookup: ClassVar[str] = "inspection__unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["status", "deadline"], name="rights_hazard_open_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=HazardStatus.OPEN) | Q(rectified_on__isnull=False),
                name="rights_hazard_rectified_date",
            )
        ]

    def __str__(self) -> str:
        return self.description[:40]

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.status == HazardStatus.OPEN and self.deadline < (today or timezone.localdate())

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        found = self.inspection.date if self.inspection_id else None
        not_before(
            errors, "deadline", self.deadline, found,
            _("The deadline cannot be before the inspection."),
        )  # fmt: skip
        not_too_far(errors, "deadline", self.deadline)
        if self.status != HazardStatus.OPEN and self.rectified_on is None:
            errors["rectified_on"] = _("Give the date the hazard was rectified.")
        not_future(errors, "rectified_on", self.rectified_on)
        not_before(
            errors, "rectified_on", self.rectified_on, found,
            _("A hazard cannot be rectified before it was found."),
        )  # fmt: skip
        not_future(errors, "verified_on", self.verified_on)
        not_before(
            errors, "verified_on", self.verified_on, self.rectified_on,
            _("The rectification cannot be verified before it was done."),
        )  # fmt: skip
        if errors:
            raise ValidationError(errors)


def hazard_photo_path(instance: HazardPhoto, filename: str) -> str:
    """``hazards/2025/06/<random>.jpg``: the stored name says nothing about the file."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"hazards/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class HazardPhoto(ScopedRecord, models.Model):
    """A photo of a hazard or of its rectification; served only through a scope-checked view."""

    hazard = models.ForeignKey(
        Hazard, verbose_name=_("hazard"), on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("file"), upload_to=hazard_photo_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("file size"))
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    scope_path_lookup: ClassVar[str] = "hazard__inspection__unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("hazard photo")
        verbose_name_plural = _("hazard photos")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class SafetyCompetitionEntry(ScopedRecord, models.Model):
    """A participant in the year's safety competition (安康杯竞赛): an enterprise, or the union
    unit itself, with the workers taking part."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("union unit"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)]
    )
    year_start = models.DateField(_("first day of the year"))
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    participant_name = models.CharField(_("participant"), max_length=200)
    workers = models.PositiveIntegerField(_("workers taking part"), validators=workers_validators())
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
        verbose_name = _("safety competition entry")
        verbose_name_plural = _("safety competition entries")
        ordering = ["-year", "participant_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "enterprise"],
                condition=Q(enterprise__isnull=False),
                name="rights_safety_enterprise_once",
            ),
            models.UniqueConstraint(
                fields=["year", "unit"],
                condition=Q(enterprise__isnull=True),
                name="rights_safety_unit_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.participant_name}"

    def clean(self) -> None:
        if self.year and self.year > timezone.localdate().year + 1:
            raise ValidationError({"year": _("Entries can be recorded up to next year.")})
