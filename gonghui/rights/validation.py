"""Checks shared by the mediation, bargaining and inspection records: dates that cannot be in
the future or too far ahead, and worker counts within reason."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# More workers than this on one record is a typing error (the largest employers of a city
# have tens of thousands).
MAX_WORKERS = 1_000_000
# A date more than this far ahead (a deadline, an expiry) is a typing error.
MAX_YEARS_AHEAD = 10


def workers_validators(minimum: int = 1) -> list[Any]:
    return [
        MinValueValidator(minimum, _("The number of workers must be at least %(limit_value)s.")),
        MaxValueValidator(MAX_WORKERS, _("The number of workers cannot exceed %(limit_value)s.")),
    ]


def not_future(errors: dict[str, Any], name: str, value: datetime.date | None) -> None:
    if value is not None and value > timezone.localdate():
        errors.setdefault(name, _("The date cannot be in the future."))


def not_too_far(errors: dict[str, Any], name: str, value: datetime.date | None) -> None:
    if value is None:
        return
    today = timezone.localdate()
    try:
        limit = today.replace(year=today.year + MAX_YEARS_AHEAD)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year + MAX_YEARS_AHEAD, day=28)
    if value > limit:
        errors.setdefault(
            name,
            _("The date is too far ahead (more than %(years)s years).")
            % {"years": MAX_YEARS_AHEAD},
        )


def not_before(
    errors: dict[str, Any],
    name: str,
    value: datetime.date | None,
    earlier: datetime.date | None,
    message: Any,
) -> None:
    if value is not None and earlier is not None and value < earlier:
        errors.setdefault(name, message)
