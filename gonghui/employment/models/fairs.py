"""Job fairs (招聘会, online and on site), their employers, registrations with QR check-in, and
interview intents recorded at the booths (达成就业意向)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ScopedManager, ScopedRecord
from gonghui.employment.choices import FairMode, IntentOutcome
from gonghui.employment.models.postings import JobPosting, JobSeeker
from gonghui.registry.models import Enterprise, Person


class JobFair(ScopedRecord, models.Model):
    """A job fair (招聘会) organised by a union unit, online or on site."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("organiser unit"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    mode = models.CharField(_("form"), max_length=8, choices=FairMode.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place or web address"), max_length=300, blank=True)
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
        verbose_name = _("job fair")
        verbose_name_plural = _("job fairs")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=F("ends_on")), name="employment_fair_dates"
            )
        ]
        indexes = [models.Index(fields=["unit", "starts_on"], name="employment_fair_unit")]

    def __str__(self) -> str:
        return self.title


class FairParticipant(ScopedRecord, models.Model):
    """An employer taking part in a fair with some of its postings (参会企业)."""

    fair = models.ForeignKey(
        JobFair, verbose_name=_("job fair"), on_delete=models.CASCADE, related_name="participants"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="+"
    )
    postings = models.ManyToManyField(
        JobPosting, verbose_name=_("job postings"), blank=True, related_name="fair_participations"
    )
    booth = models.CharField(_("booth"), max_length=40, blank=True)

    scope_path_lookup: ClassVar[str] = "fair__unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("fair participant")
        verbose_name_plural = _("fair participants")
        ordering = ["fair", "booth", "id"]
        constraints = [
            models.UniqueConstraint(fields=["fair", "enterprise"], name="employment_fair_employer")
        ]

    def __str__(self) -> str:
        return f"{self.fair_id}: {self.enterprise.name}"


class FairRegistration(ScopedRecord, models.Model):
    """A worker registered for a fair; ``token`` is in the QR code scanned at the door."""

    fair = models.ForeignKey(
        JobFair, verbose_name=_("job fair"), on_delete=models.CASCADE, related_name="registrations"
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
        related_name="fair_registrations",
    )
    token = models.CharField(_("check-in code"), max_length=40, unique=True, editable=False)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_path_lookup: ClassVar[str] = "fair__unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("fair registration")
        verbose_name_plural = _("fair registrations")
        ordering = ["fair", "registered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["fair", "person"], name="employment_fair_reg_once")
        ]

    def __str__(self) -> str:
        return f"{self.fair_id}: {self.person.name}"


class InterviewIntent(ScopedRecord, models.Model):
    """An interview at a booth or after a match and its outcome (达成意向, hired, no)."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("union unit"), on_delete=models.PROTECT, related_name="+"
    )
    fair = models.ForeignKey(
        JobFair,
        verbose_name=_("job fair"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="intents",
    )
    seeker = models.ForeignKey(
        JobSeeker, verbose_name=_("job seeker"), on_delete=models.PROTECT, related_name="intents"
    )
    posting = models.ForeignKey(
        JobPosting,
        verbose_name=_("job posting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="intents",
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(
        _("outcome"), max_length=8, choices=IntentOutcome.choices, default=IntentOutcome.INTENT
    )
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_path_lookup: ClassVar[str] = "unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("interview intent")
        verbose_name_plural = _("interview intents")
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["unit", "recorded_at"], name="employment_intent_unit")]

    def __str__(self) -> str:
        return f"{self.seeker_id} / {self.enterprise_id}: {self.outcome}"
