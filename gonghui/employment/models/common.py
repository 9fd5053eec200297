"""Field helpers shared by the employment models."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Amounts in 元; ten million for one loan, course or subsidy is a typing error.
MAX_AMOUNT = Decimal("10000000")
# Monthly pay (元/月): below the floor it was typed per hour or per day; above the ceiling it is
# a typing error; a range wider than the ratio says nothing to a seeker.
PAY_FLOOR = Decimal("300")
PAY_CEILING = Decimal("200000")
PAY_RANGE_RATIO = 10


def money_field(verbose_name: Any, **kwargs: Any) -> models.DecimalField:  # type: ignore[type-arg]
    return models.DecimalField(
        verbose_name,
        max_digits=12,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0"), _("The amount cannot be negative.")),
            MaxValueValidator(MAX_AMOUNT, _("The amount cannot exceed 10,000,000 yuan.")),
        ],
        **kwargs,
    )


def coordinate_fields() -> tuple[models.DecimalField, models.DecimalField]:  # type: ignore[type-arg]
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )
    return latitude, longitude
