"""Reads of employment services: hardship and assistance plans seen from a seeker, contact
details gated by consent, follow-ups due, trainees who found a job."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Exists, OuterRef, Q, QuerySet

from gonghui.core.choices import Action
from gonghui.employment.choices import EnrolmentStatus, PostingStatus
from gonghui.employment.models import (
    Enrolment,
    FollowUp,
    JobPosting,
    JobSeeker,
    Placement,
)
from gonghui.registry.models import Person

ON_FILE = "on_file"


def is_hardship_household(person: Person) -> bool:
    """Whether the person's household is on a hardship file (困难职工家庭) now: the person holds
    a file on file, or is a member (by ID number) of a household on file."""
    if not apps.is_installed("gonghui.assistance"):
        return False
    from gonghui.assistance.models import HardshipFile, HouseholdMember

    if HardshipFile.objects.filter(person=person, status=ON_FILE).exists():
        return True
    return HouseholdMember.objects.filter(
        id_number_hash=person.id_number_hash, file__status=ON_FILE
    ).exists()


def hardship_person_ids(person_ids: list[int]) -> set[int]:
    """Of ``person_ids``, those in a hardship household on file (for lists and the matcher)."""
    if not person_ids or not apps.is_installed("gonghui.assistance"):
        return set()
    from gonghui.assistance.models import HardshipFile, HouseholdMember

    holders = set(
        HardshipFile.objects.filter(person_id__in=person_ids, status=ON_FILE).values_list(
            "person_id", flat=True
        )
    )
    hashes = dict(Person.objects.filter(pk__in=person_ids).values_list("id_number_hash", "pk"))
    members = HouseholdMember.objects.filter(
        id_number_hash__in=list(hashes), file__status=ON_FILE
    ).values_list("id_number_hash", flat=True)
    return holders | {hashes[h] for h in members}


@dataclass(frozen=True)
class PlanSummary:
    plan: str
    status: str
    status_label: str


def employment_plan_for(person: Person) -> PlanSummary | None:
    """The person's latest employment plan from assistance (就业帮扶计划, for example a
    graduate of a hardship household), when assistance keeps such plans."""
    if not apps.is_installed("gonghui.assistance"):
        return None
    from gonghui.assistance import models as assistance_models

    model = getattr(assistance_models, "EmploymentPlan", None)
    if model is None:
        return None
    plan = model.objects.filter(person=person).order_by("-pk").first()
    if plan is None:
        return None
    label = getattr(plan, "get_status_display", lambda: plan.status)()
    return PlanSummary(plan=str(plan.plan), status=str(plan.status), status_label=str(label))


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str


def seeker_contact_for_employer(seeker: JobSeeker) -> Contact | None:
    """The seeker's name and mobile as an employer may receive them: only once the seeker has
    agreed to share them (None before)."""
    if not seeker.consent_to_share_contact:
        return None
    return Contact(name=seeker.person.name, phone=seeker.person.phone)


def published_postings(today: datetime.date) -> QuerySet[JobPosting]:
    """Postings the public may see: published and not expired."""
    return JobPosting.objects.filter(status=PostingStatus.PUBLISHED, valid_until__gte=today)


def search_postings(queryset: QuerySet[JobPosting], text: str) -> QuerySet[JobPosting]:
    text = " ".join((text or "").split())
    for word in text.split(" ")[:5]:
        if word:
            queryset = queryset.filter(
                Q(title__contains=word)
                | Q(description__contains=word)
                | Q(enterprise__name__contains=word)
                | Q(occupation__name__contains=word)
            )
    return queryset


def follow_ups_due(
    queryset: QuerySet[FollowUp], today: datetime.date, days: int = 14
) -> QuerySet[FollowUp]:
    """Visits not yet made that fall due from today to ``days`` ahead."""
    return queryset.filter(
        done_on__isnull=True, due_on__gte=today, due_on__lte=today + datetime.timedelta(days=days)
    )


def follow_ups_overdue(queryset: QuerySet[FollowUp], today: datetime.date) -> QuerySet[FollowUp]:
    """Visits not yet made whose day has passed."""
    return queryset.filter(done_on__isnull=True, due_on__lt=today)


def placed_after_training() -> Exists:
    """An ``Exists`` for enrolments: the trainee was placed on or after the course started."""
    return Exists(
        Placement.objects.filter(
            person_id=OuterRef("person_id"), start_date__gte=OuterRef("training__starts_on")
        )
    )


def enrolments_with_outcome(queryset: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    return queryset.annotate(found_job=placed_after_training())


def completed_enrolments(queryset: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    return queryset.filter(status=EnrolmentStatus.COMPLETED)


def visible_seeker(user: Any, pk: int) -> JobSeeker | None:
    return (
        JobSeeker.objects.restrict(user, Action.VIEW)
        .select_related("person", "unit")
        .filter(pk=pk)
        .first()
    )
