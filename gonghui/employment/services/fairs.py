"""Job fairs: organising, employers taking part, registration with a QR token, check-in at the
door, interview intents recorded at the booths."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.core.audit import audit_save
from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ensure_can
from gonghui.employment.choices import IntentOutcome
from gonghui.employment.models import (
    FairParticipant,
    FairRegistration,
    InterviewIntent,
    JobFair,
    JobPosting,
    JobSeeker,
)
from gonghui.employment.services.common import snapshot, user_or_none
from gonghui.registry.models import Enterprise, Person

FAIR_FIELDS = ("title", "mode", "starts_on", "ends_on", "place", "description")


@transaction.atomic
def fair_create(*, by: Any, unit: OrgUnit, **fields: Any) -> JobFair:
    ensure_can(by, Action.ADD, unit)
    unknown = set(fields) - set(FAIR_FIELDS)
    if unknown:
        raise TypeError(f"unknown fair fields: {sorted(unknown)}")
    fair = JobFair(unit=unit, created_by=user_or_none(by), **fields)
    if fair.starts_on and fair.ends_on and fair.starts_on > fair.ends_on:
        raise ValidationError({"ends_on": _("The fair cannot end before it starts.")})
    fair.full_clean()
    fair.save()
    audit_save(by=by, obj=fair, before=None)
    return fair


@transaction.atomic
def fair_add_participant(
    *, by: Any, fair: JobFair, enterprise: Enterprise, postings: Any = (), booth: str = ""
) -> FairParticipant:
    """An employer takes part with some of its postings (only its own, published ones)."""
    ensure_can(by, Action.CHANGE, fair)
    ensure_can(by, Action.VIEW, enterprise)
    postings = list(postings)
    for posting in postings:
        if posting.enterprise_id != enterprise.pk:
            raise ValidationError({"postings": _("A posting of another employer was chosen.")})
        if posting.status != "published":
            raise ValidationError(
                {"postings": _("Only published postings can be taken to a fair.")}
            )
    participant, created = FairParticipant.objects.get_or_create(
        fair=fair, enterprise=enterprise, defaults={"booth": booth}
    )
    before = None if created else snapshot(participant)
    if not created and booth:
        participant.booth = booth
        participant.save()
    participant.postings.add(*postings)
    audit_save(by=by, obj=participant, before=before)
    return participant


def _is_self(by: Any, person: Person) -> bool:
    return bool(person.user_id) and getattr(by, "pk", None) == person.user_id


def fair_register(*, by: Any, fair: JobFair, person: Person) -> FairRegistration:
    """Register a worker (by themselves in the portal, or by staff). Registering again gives
    back the same registration and QR code."""
    if not _is_self(by, person):
        ensure_can(by, Action.VIEW, fair)
        ensure_can(by, Action.VIEW, person)
    if fair.ends_on < timezone.localdate():
        raise ValidationError(_("This job fair is over."))
    existing = FairRegistration.objects.filter(fair=fair, person=person).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            registration = FairRegistration.objects.create(
                fair=fair,
                person=person,
                seeker=JobSeeker.objects.filter(person=person).first(),
                token=secrets.token_urlsafe(18),
                registered_at=timezone.now(),
            )
            audit_save(by=by, obj=registration, before=None)
    except IntegrityError:  # registered twice at once
        return FairRegistration.objects.get(fair=fair, person=person)
    return registration


@transaction.atomic
def fair_check_in(
    *, by: Any, fair: JobFair, token: str, at: datetime.datetime | None = None
) -> FairRegistration:
    """Check in the registration whose QR token was scanned at ``fair``'s door. A token of
    another fair, an unknown token or a second scan is refused with a clear message and
    changes nothing."""
    ensure_can(by, Action.CHANGE, fair)
    token = (token or "").strip()
    if "/" in token:  # a scanned URL: the token is its last part
        token = token.rstrip("/").rsplit("/", 1)[-1]
    registration = (
        FairRegistration.objects.select_for_update()
        .select_related("person", "fair")
        .filter(token=token)
        .first()
        if token
        else None
    )
    if registration is None:
        raise ValidationError(_("This check-in code is not known. Ask the worker to register."))
    if registration.fair_id != fair.pk:
        raise ValidationError(
            _("This check-in code is for another job fair (%(fair)s).")
            % {"fair": registration.fair.title}
        )
    if registration.checked_in_at is not None:
        when = timezone.localtime(registration.checked_in_at)
        raise ValidationError(
            _("%(name)s already checked in at %(time)s; no need to check in again.")
            % {"name": registration.person.name, "time": date_format(when, "H:i")}
        )
    before = snapshot(registration)
    registration.checked_in_at = at or timezone.now()
    registration.checked_in_by = user_or_none(by)
    registration.save()
    audit_save(by=by, obj=registration, before=before)
    return registration


@transaction.atomic
def intent_record(
    *, by: Any, seeker: JobSeeker, enterprise: Enterprise, posting: JobPosting | None = None,
    fair: JobFair | None = None, outcome: str = IntentOutcome.INTENT, note: str = "",
) -> InterviewIntent:  # fmt: skip
    """An interview at a booth (or after a match) and its outcome; owned by the fair's
    organiser, else by the seeker's unit."""
    unit = fair.unit if fair is not None else seeker.unit
    ensure_can(by, Action.ADD, unit)
    ensure_can(by, Action.VIEW, seeker)
    if posting is not None and posting.enterprise_id != enterprise.pk:
        raise ValidationError({"posting": _("The posting belongs to another employer.")})
    if fair is not None and not fair.participants.filter(enterprise=enterprise).exists():
        raise ValidationError({"enterprise": _("This employer does not take part in the fair.")})
    intent = InterviewIntent(
        unit=unit, fair=fair, seeker=seeker, posting=posting, enterprise=enterprise,
        outcome=outcome, note=note, recorded_by=user_or_none(by), recorded_at=timezone.now(),
    )  # fmt: skip
    intent.full_clean()
    intent.save()
    audit_save(by=by, obj=intent, before=None)
    return intent


@transaction.atomic
def intent_set_outcome(
    *, by: Any, intent: InterviewIntent, outcome: str, note: str = ""
) -> InterviewIntent:
    intent = InterviewIntent.objects.select_for_update().get(pk=intent.pk)
    ensure_can(by, Action.CHANGE, intent)
    if outcome not in IntentOutcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    before = snapshot(intent)
    intent.outcome = outcome
    if note:
        intent.note = note
    intent.save()
    audit_save(by=by, obj=intent, before=before)
    return intent
