"""Outcomes: placements with their follow-up schedule, labour-export batches, loan subsidies."""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import audit_save
from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ensure_can
from gonghui.employment.choices import FOLLOW_UP_MONTHS, PlacementSource
from gonghui.employment.models import (
    FollowUp,
    JobFair,
    JobPosting,
    JobSeeker,
    LabourExportBatch,
    LoanSubsidy,
    Placement,
    Training,
)
from gonghui.employment.services.common import snapshot, user_or_none
from gonghui.registry.models import Enterprise, Person


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day (31 January + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


@transaction.atomic
def placement_record(
    *, by: Any, person: Person, enterprise: Enterprise, start_date: datetime.date,
    monthly_pay: Decimal | None = None, source: str = PlacementSource.OTHER,
    posting: JobPosting | None = None, seeker: JobSeeker | None = None,
    fair: JobFair | None = None, training: Training | None = None, unit: OrgUnit | None = None,
    note: str = "",
) -> Placement:  # fmt: skip
    """A worker placed in a job; the follow-up visits at 1, 3 and 6 months are scheduled."""
    seeker = seeker or JobSeeker.objects.filter(person=person).first()
    unit = unit or (seeker.unit if seeker else person.unit)
    ensure_can(by, Action.ADD, unit)
    ensure_can(by, Action.VIEW, person)
    if posting is not None and posting.enterprise_id != enterprise.pk:
        raise ValidationError({"posting": _("The posting belongs to another employer.")})
    if start_date > timezone.localdate() + datetime.timedelta(days=90):
        raise ValidationError({"start_date": _("The start date is too far in the future.")})
    placement = Placement(
        unit=unit, person=person, seeker=seeker, enterprise=enterprise, posting=posting,
        start_date=start_date, monthly_pay=monthly_pay, source=source, fair=fair,
        training=training, note=note, created_by=user_or_none(by),
    )  # fmt: skip
    placement.full_clean()
    placement.save()
    audit_save(by=by, obj=placement, before=None)
    for months in FOLLOW_UP_MONTHS:
        follow_up = FollowUp.objects.create(
            placement=placement, months_after=months, due_on=add_months(start_date, months)
        )
        audit_save(by=by, obj=follow_up, before=None)
    return placement


@transaction.atomic
def follow_up_record(
    *, by: Any, follow_up: FollowUp, retained: bool, notes: str = "",
    done_on: datetime.date | None = None,
) -> FollowUp:  # fmt: skip
    follow_up = (
        FollowUp.objects.select_for_update().select_related("placement__unit").get(pk=follow_up.pk)
    )
    ensure_can(by, Action.CHANGE, follow_up)
    done_on = done_on or timezone.localdate()
    if done_on < follow_up.placement.start_date:
        raise ValidationError({"done_on": _("The visit cannot be before the job started.")})
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The visit date cannot be in the future.")})
    before = snapshot(follow_up)
    follow_up.done_on = done_on
    follow_up.retained = bool(retained)
    follow_up.notes = notes
    follow_up.recorded_by = user_or_none(by)
    follow_up.save()
    audit_save(by=by, obj=follow_up, before=before)
    return follow_up


@transaction.atomic
def labour_export_create(
    *, by: Any, unit: OrgUnit, destination: str, departed_on: datetime.date,
    workers: Any = (), workers_count: int | None = None, employer: Enterprise | None = None,
    employer_name: str = "", follow_up_on: datetime.date | None = None,
    follow_up_notes: str = "",
) -> LabourExportBatch:  # fmt: skip
    ensure_can(by, Action.ADD, unit)
    workers = list(workers)
    for person in workers:
        ensure_can(by, Action.VIEW, person)
    count = workers_count if workers_count is not None else len(workers)
    if count < len(workers):
        raise ValidationError(
            {"workers_count": _("The number of workers is lower than the workers named.")}
        )
    if not employer and not employer_name.strip():
        raise ValidationError({"employer_name": _("Name the employer.")})
    batch = LabourExportBatch(
        unit=unit, destination=destination, departed_on=departed_on, workers_count=count,
        employer=employer, employer_name=employer_name, follow_up_on=follow_up_on,
        follow_up_notes=follow_up_notes, created_by=user_or_none(by),
    )  # fmt: skip
    batch.full_clean()
    batch.save()
    batch.workers.set(workers)
    audit_save(by=by, obj=batch, before=None)
    return batch


@transaction.atomic
def loan_subsidy_create(
    *, by: Any, unit: OrgUnit, loan_amount: Decimal, bank: str, granted_on: datetime.date,
    subsidy_amount: Decimal = Decimal("0"), jobs_created: int = 0,
    enterprise: Enterprise | None = None, person: Person | None = None, note: str = "",
) -> LoanSubsidy:  # fmt: skip
    ensure_can(by, Action.ADD, unit)
    if (enterprise is None) == (person is None):
        raise ValidationError(_("Name either the employer or the worker who took the loan."))
    for borrower in (enterprise, person):
        if borrower is not None:
            ensure_can(by, Action.VIEW, borrower)
    if subsidy_amount > loan_amount:
        raise ValidationError({"subsidy_amount": _("The subsidy cannot exceed the loan.")})
    loan = LoanSubsidy(
        unit=unit, enterprise=enterprise, person=person, loan_amount=loan_amount, bank=bank,
        subsidy_amount=subsidy_amount, jobs_created=jobs_created, granted_on=granted_on,
        note=note, created_by=user_or_none(by),
    )  # fmt: skip
    loan.full_clean()
    loan.save()
    audit_save(by=by, obj=loan, before=None)
    return loan
