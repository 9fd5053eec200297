"""Job postings: drafted by staff for an employer, screened for discriminatory requirements,
reviewed before they go public, closed by hand or when they expire."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.audit import audit_save
from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ensure_can
from gonghui.employment.choices import PostingStatus
from gonghui.employment.models import JobPosting
from gonghui.employment.models.common import PAY_CEILING, PAY_FLOOR, PAY_RANGE_RATIO
from gonghui.employment.screening import discrimination_flags, flag_labels
from gonghui.employment.services.common import clean_list, snapshot, user_or_none
from gonghui.registry.models import Enterprise

S = PostingStatus
POSTING_FIELDS = (
    "title", "occupation", "description", "requirements", "openings", "region_code", "address",
    "latitude", "longitude", "pay_min", "pay_max", "hours", "education_min", "age_min",
    "age_max", "skills", "certificates", "benefits", "contact_name", "contact_phone",
    "valid_until",
)  # fmt: skip
EDITABLE_STATES = (S.DRAFT, S.PENDING, S.REJECTED, S.PUBLISHED)


def check_pay(pay_min: Any, pay_max: Any) -> None:
    """Refuse a pay range upside down, per hour or day, beyond belief, or too wide to mean
    anything (元/月)."""
    try:
        low, high = Decimal(pay_min), Decimal(pay_max)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"pay_min": _("Give the pay range in yuan per month.")}) from None
    if low > high:
        raise ValidationError(
            {"pay_max": _("The maximum pay cannot be lower than the minimum pay.")}
        )
    if low < PAY_FLOOR:
        raise ValidationError(
            {"pay_min": _("The minimum pay is below %(floor)s yuan per month: give the "
                          "monthly pay.") % {"floor": PAY_FLOOR}}
        )  # fmt: skip
    if high > PAY_CEILING:
        raise ValidationError(
            {"pay_max": _("The maximum pay above %(ceiling)s yuan per month cannot be right.")
             % {"ceiling": PAY_CEILING}}
        )  # fmt: skip
    if high > low * PAY_RANGE_RATIO:
        raise ValidationError(
            {"pay_max": _("The pay range is too wide: the maximum is more than %(ratio)s times "
                          "the minimum.") % {"ratio": PAY_RANGE_RATIO}}
        )  # fmt: skip


def _check_ages(age_min: int | None, age_max: int | None) -> None:
    if age_min is not None and age_max is not None and age_min > age_max:
        raise ValidationError(
            {"age_max": _("The maximum age cannot be lower than the minimum age.")}
        )


def _apply(posting: JobPosting, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(POSTING_FIELDS)
    if unknown:
        raise TypeError(f"unknown posting fields: {sorted(unknown)}")
    for name in ("skills", "certificates"):
        if name in fields:
            fields[name] = clean_list(fields[name], name)
    for name, value in fields.items():
        setattr(posting, name, value)
    check_pay(posting.pay_min, posting.pay_max)
    _check_ages(posting.age_min, posting.age_max)
    posting.flagged_reasons = discrimination_flags(
        posting.title, posting.description, posting.requirements
    )
    posting.full_clean()


def _check_valid_until(posting: JobPosting, today: datetime.date | None = None) -> None:
    if posting.valid_until < (today or timezone.localdate()):
        raise ValidationError({"valid_until": _("The posting would already have expired.")})


@transaction.atomic
def posting_create(
    *, by: Any, enterprise: Enterprise, unit: OrgUnit | None = None, submit: bool = False,
    **fields: Any,
) -> JobPosting:  # fmt: skip
    """A new posting for ``enterprise``, owned by ``unit`` (default: the employer's responsible
    unit); a draft, or pending review with ``submit``."""
    unit = unit or enterprise.unit
    ensure_can(by, Action.VIEW, enterprise)
    ensure_can(by, Action.ADD, unit)
    posting = JobPosting(enterprise=enterprise, unit=unit, created_by=user_or_none(by))
    _apply(posting, dict(fields))
    _check_valid_until(posting)
    posting.status = S.PENDING if submit else S.DRAFT
    posting.save()
    audit_save(by=by, obj=posting, before=None)
    return posting


def _locked(posting: JobPosting) -> JobPosting:
    return (
        JobPosting.objects.select_for_update()
        .select_related("unit", "enterprise")
        .get(pk=posting.pk)
    )


@transaction.atomic
def posting_update(*, by: Any, posting: JobPosting, **fields: Any) -> JobPosting:
    """Change a posting; a published one goes back to review, since the public would see text
    no reviewer has read."""
    posting = _locked(posting)
    ensure_can(by, Action.CHANGE, posting)
    if posting.status not in EDITABLE_STATES:
        raise ValidationError(_("A closed posting cannot be changed."))
    before = snapshot(posting)
    _apply(posting, dict(fields))
    if posting.status == S.PUBLISHED:
        posting.status = S.PENDING
        posting.published_at = None
    posting.save()
    audit_save(by=by, obj=posting, before=before)
    return posting


@transaction.atomic
def posting_submit(*, by: Any, posting: JobPosting) -> JobPosting:
    posting = _locked(posting)
    ensure_can(by, Action.CHANGE, posting)
    if posting.status not in (S.DRAFT, S.REJECTED):
        raise ValidationError(_("Only a draft or a rejected posting can be sent for review."))
    _check_valid_until(posting)
    before = snapshot(posting)
    posting.status = S.PENDING
    posting.save()
    audit_save(by=by, obj=posting, before=before)
    return posting


@transaction.atomic
def posting_review(*, by: Any, posting: JobPosting, approve: bool, note: str = "") -> JobPosting:
    """Publish or reject a pending posting. A flagged posting is published only with a note
    saying why its requirement is lawful (an explicit override); a rejection needs a note."""
    posting = _locked(posting)
    ensure_can(by, Action.CHANGE, posting)
    if posting.status != S.PENDING:
        raise ValidationError(_("This posting is not waiting for review."))
    note = (note or "").strip()
    now = timezone.now()
    if approve:
        _check_valid_until(posting)
        if posting.flagged_reasons and not note:
            raise ValidationError(
                {"note": _("The posting has requirements the law forbids (%(reasons)s): publish it "
                           "only with a note explaining why they are lawful, or reject it.")
                 % {"reasons": "、".join(flag_labels(posting.flagged_reasons))}}
            )  # fmt: skip
    elif not note:
        raise ValidationError({"note": _("Say why the posting is rejected.")})
    before = snapshot(posting)
    posting.status = S.PUBLISHED if approve else S.REJECTED
    posting.review_note = note
    posting.reviewed_by = user_or_none(by)
    posting.reviewed_at = now
    posting.published_at = now if approve else None
    posting.save()
    audit_save(by=by, obj=posting, before=before)
    return posting


@transaction.atomic
def posting_close(*, by: Any, posting: JobPosting) -> JobPosting:
    posting = _locked(posting)
    ensure_can(by, Action.CHANGE, posting)
    if posting.status == S.CLOSED:
        raise ValidationError(_("This posting is already closed."))
    before = snapshot(posting)
    posting.status = S.CLOSED
    posting.closed_at = timezone.now()
    posting.save()
    audit_save(by=by, obj=posting, before=before)
    return posting


def postings_close_expired(
    *, today: datetime.date, by: Any = None, log: Any = None, everywhere: bool = False
) -> int:
    """Close every open posting (draft, pending, published) whose ``valid_until`` is before
    ``today``: those within ``by``'s grants, or all with ``everywhere``. One transaction per
    posting so a long run holds no lock for long. Returns how many closed."""
    candidates = (
        JobPosting.objects.all() if everywhere else JobPosting.objects.restrict(by, Action.CHANGE)
    )
    expired = candidates.filter(
        status__in=[S.PUBLISHED, S.PENDING, S.DRAFT], valid_until__lt=today
    ).values_list("pk", flat=True)
    closed = 0
    for pk in list(expired):
        with transaction.atomic():
            posting = JobPosting.objects.select_for_update().filter(pk=pk).first()
            if posting is None or posting.status == S.CLOSED or posting.valid_until >= today:
                continue
            before = snapshot(posting)
            posting.status = S.CLOSED
            posting.closed_at = timezone.now()
            posting.review_note = posting.review_note or _("Closed automatically after expiry.")
            posting.save(update_fields=["status", "closed_at", "review_note", "updated_at"])
            audit_save(by=by, obj=posting, before=before)
            closed += 1
    if log is not None:
        log(_("%(count)s expired postings closed.") % {"count": closed})
    return closed
