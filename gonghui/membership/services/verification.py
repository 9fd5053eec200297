"""Member verification (会员认证): binding a portal account by name and ID number."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.membership.models import VerificationAttempt
from gonghui.membership.selectors import active_membership
from gonghui.membership.services.common import (
    bind_account,
    normalize_name,
    same_name,
)
from gonghui.registry.models import Person
from gonghui.registry.selectors import persons_by_id_number
from gonghui.utils.idcard import normalize_id_number

VERIFY_FAILURES_PER_HOUR = 5


def _verification_wait(user: Any, now: datetime.datetime) -> int:
    """Seconds until the account may try again, 0 when it may now."""
    window = now - datetime.timedelta(hours=1)
    failures = list(
        VerificationAttempt.objects.filter(user=user, succeeded=False, at__gte=window)
        .order_by("at")
        .values_list("at", flat=True)
    )
    if len(failures) < VERIFY_FAILURES_PER_HOUR:
        return 0
    oldest = failures[-VERIFY_FAILURES_PER_HOUR]
    return max(1, int((oldest + datetime.timedelta(hours=1) - now).total_seconds()) + 1)


def member_verify(*, user: Any, name: str, id_number: str, ip_address: str | None = None) -> Person:
    """Bind a worker's portal account to their record (会员认证) by name and ID number.

    It succeeds only for an active member whose record has both, and is not bound to another
    account. Every other case gets one message, so the answer never tells whether an ID
    number is on file. Five failures in an hour pause the account's tries.
    """
    now = timezone.now()
    if Person.objects.filter(user=user).exists():
        raise ValidationError(_("This account is already verified."), code="verified")
    wait = _verification_wait(user, now)
    if wait:
        raise ValidationError(
            _("Too many tries. Please try again in %(seconds)s seconds."),
            code="rate_limited",
            params={"seconds": wait},
        )
    try:
        canonical_name = normalize_name(name)
        canonical_id = normalize_id_number(id_number)
    except ValidationError:
        canonical_name = canonical_id = ""
    person = (
        persons_by_id_number(Person.objects.select_related("unit"), canonical_id).first()
        if canonical_id
        else None
    )
    matches = (
        person is not None
        and same_name(person.name, canonical_name)
        and person.user_id in (None, user.pk)
        and active_membership(person) is not None
    )
    with transaction.atomic():
        if matches and person is not None:
            matches = bind_account(person, user, by=user)
        VerificationAttempt.objects.create(user=user, succeeded=matches, ip_address=ip_address)
    if not matches or person is None:
        raise ValidationError(
            _(
                "The name and ID number do not match an active member's record. Check them, "
                "or ask your union to check your record."
            ),
            code="no_match",
        )
    return person
