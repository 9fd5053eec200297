"""Skills trainings (技能培训, 订单式培训 when an employer orders the course), enrolments,
sessions and attendance. Whether a trainee found a job after is derived from placements."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ScopedManager, ScopedRecord
from gonghui.employment.choices import EnrolmentStatus
from gonghui.employment.models.common import money_field
from gonghui.employment.models.postings import Occupation
from gonghui.registry.models import Enterprise, Person


class Training(ScopedRecord, models.Model):
    """A training course (技能培训) run or funded by a union unit."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("organising union unit"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    occupation = models.ForeignKey(
        Occupation,
        verbose_name=_("occupation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trainings",
    )
    skills = models.JSONField(_("skills taught"), default=list, blank=True)
    certificates = models.JSONField(_("certificates awarded"), default=list, blank=True)
    provider = models.CharField(_("provider"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    fee = money_field(_("fee (yuan)"), default=Decimal("0"))
    subsidy = money_field(_("subsidy per trainee (yuan)"), default=Decimal("0"))
    capacity = models.PositiveIntegerField(
        _("capacity"), default=30, validators=[MaxValueValidator(10000)]
    )
    is_order_based = models.BooleanField(_("order-based training"), default=False)
    ordering_enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("ordering employer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
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
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=F("ends_on")), name="employment_training_dates"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Enrolment(ScopedRecord, models.Model):
    """A worker enrolled in a training; completed with a certificate number, or dropped."""

    training = models.ForeignKey(
        Training, verbose_name=_("training course"), on_delete=models.CASCADE,
        related_name="enrolments",
    )  # fmt: skip
    person = models.ForeignKey(
        Person, verbose_name=_("worker"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.ENROLLED,
    )  # fmt: skip
    certificate_number = models.CharField(_("certificate number"), max_length=60, blank=True)
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    scope_path_lookup: ClassVar[str] = "training__unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["training", "id"]
        constraints = [
            models.UniqueConstraint(fields=["training", "person"], name="employment_enrol_once")
        ]

    def __str__(self) -> str:
        return f"{self.training_id}: {self.person.name}"


class TrainingSession(ScopedRecord, models.Model):
    """One session (课次) of a training, for attendance."""

    training = models.ForeignKey(
        Training, verbose_name=_("training course"), on_delete=models.CASCADE,
        related_name="sessions",
    )  # fmt: skip
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200, blank=True)

    scope_path_lookup: ClassVar[str] = "training__unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["training", "date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.topic}"


class SessionAttendance(ScopedRecord, models.Model):
    """Whether an enrolled worker attended one session."""

    session = models.ForeignKey(
        TrainingSession, verbose_name=_("training session"), on_delete=models.CASCADE,
        related_name="attendance",
    )  # fmt: skip
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE,
        related_name="attendance",
    )  # fmt: skip
    present = models.BooleanField(_("present"), default=True)

    scope_path_lookup: ClassVar[str] = "session__training__unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"], name="employment_attendance_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.enrolment_id}: {self.present}"
