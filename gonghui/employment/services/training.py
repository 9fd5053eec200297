"""Trainings: courses, enrolment within capacity, sessions and attendance, completion."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import audit_save
from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ensure_can
from gonghui.employment.choices import EnrolmentStatus
from gonghui.employment.models import Enrolment, SessionAttendance, Training, TrainingSession
from gonghui.employment.services.common import clean_list, snapshot, user_or_none
from gonghui.registry.models import Person

TRAINING_FIELDS = (
    "title", "occupation", "skills", "certificates", "provider", "starts_on", "ends_on",
    "place", "fee", "subsidy", "capacity", "is_order_based", "ordering_enterprise",
    "description",
)  # fmt: skip


@transaction.atomic
def training_create(*, by: Any, unit: OrgUnit, **fields: Any) -> Training:
    ensure_can(by, Action.ADD, unit)
    unknown = set(fields) - set(TRAINING_FIELDS)
    if unknown:
        raise TypeError(f"unknown training fields: {sorted(unknown)}")
    for name in ("skills", "certificates"):
        if name in fields:
            fields[name] = clean_list(fields[name], name)
    training = Training(unit=unit, created_by=user_or_none(by), **fields)
    if training.starts_on and training.ends_on and training.starts_on > training.ends_on:
        raise ValidationError({"ends_on": _("The course cannot end before it starts.")})
    if training.is_order_based and training.ordering_enterprise_id is None:
        raise ValidationError(
            {"ordering_enterprise": _("An order-based course names the employer that ordered it.")}
        )
    if (
        training.subsidy is not None
        and training.fee is not None
        and training.subsidy > training.fee
    ):
        raise ValidationError({"subsidy": _("The subsidy cannot exceed the fee.")})
    training.full_clean()
    training.save()
    audit_save(by=by, obj=training, before=None)
    return training


def _is_self(by: Any, person: Person) -> bool:
    return bool(person.user_id) and getattr(by, "pk", None) == person.user_id


@transaction.atomic
def enrolment_add(*, by: Any, training: Training, person: Person) -> Enrolment:
    training = Training.objects.select_for_update().get(pk=training.pk)
    if not _is_self(by, person):
        ensure_can(by, Action.CHANGE, training)
        ensure_can(by, Action.VIEW, person)
    if Enrolment.objects.filter(training=training, person=person).exists():
        raise ValidationError(_("%(name)s is already enrolled.") % {"name": person.name})
    taken = training.enrolments.exclude(status=EnrolmentStatus.DROPPED).count()
    if taken >= training.capacity:
        raise ValidationError(
            _("The course is full (%(capacity)s places).") % {"capacity": training.capacity}
        )
    enrolment = Enrolment.objects.create(
        training=training, person=person, enrolled_at=timezone.now()
    )
    audit_save(by=by, obj=enrolment, before=None)
    return enrolment


@transaction.atomic
def enrolment_complete(
    *, by: Any, enrolment: Enrolment, certificate_number: str = "",
    completed_on: datetime.date | None = None,
) -> Enrolment:  # fmt: skip
    enrolment = (
        Enrolment.objects.select_for_update().select_related("training__unit").get(pk=enrolment.pk)
    )
    ensure_can(by, Action.CHANGE, enrolment)
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ValidationError(_("Only an enrolled trainee can complete the course."))
    before = snapshot(enrolment)
    enrolment.status = EnrolmentStatus.COMPLETED
    enrolment.certificate_number = certificate_number.strip()
    enrolment.completed_on = completed_on or timezone.localdate()
    enrolment.save()
    audit_save(by=by, obj=enrolment, before=before)
    return enrolment


@transaction.atomic
def enrolment_drop(*, by: Any, enrolment: Enrolment) -> Enrolment:
    enrolment = (
        Enrolment.objects.select_for_update().select_related("training__unit").get(pk=enrolment.pk)
    )
    ensure_can(by, Action.CHANGE, enrolment)
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ValidationError(_("Only an enrolled trainee can drop out."))
    before = snapshot(enrolment)
    enrolment.status = EnrolmentStatus.DROPPED
    enrolment.save()
    audit_save(by=by, obj=enrolment, before=before)
    return enrolment


@transaction.atomic
def session_add(
    *, by: Any, training: Training, date: datetime.date, topic: str = ""
) -> TrainingSession:
    ensure_can(by, Action.CHANGE, training)
    if not training.starts_on <= date <= training.ends_on:
        raise ValidationError({"date": _("The session must fall within the course dates.")})
    session = TrainingSession.objects.create(training=training, date=date, topic=topic)
    audit_save(by=by, obj=session, before=None)
    return session


@transaction.atomic
def attendance_record(*, by: Any, session: TrainingSession, present: Any) -> int:
    """Record who attended: ``present`` holds the enrolments present; every other enrolled
    trainee is recorded absent. Returns how many were present."""
    ensure_can(by, Action.CHANGE, session)
    present_ids = {e.pk for e in present}
    enrolments = list(session.training.enrolments.exclude(status=EnrolmentStatus.DROPPED))
    known = {e.pk for e in enrolments}
    if present_ids - known:
        raise ValidationError(_("A trainee not enrolled in this course was marked present."))
    for enrolment in enrolments:
        record, _created = SessionAttendance.objects.update_or_create(
            session=session, enrolment=enrolment, defaults={"present": enrolment.pk in present_ids}
        )
        audit_save(by=by, obj=record, before=None)
    return len(present_ids)
