"""Targets (目标任务): a unit's yearly target on an indicator, and the shares pushed down to the
units below it (each share a target of its own pointing at its ``parent``)."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ScopedManager, ScopedRecord
from gonghui.indicators import registry
from gonghui.indicators.periods import MAX_YEAR, MIN_YEAR

MAX_TARGET = Decimal("99999999999999.99")


def validate_indicator_code(code: str) -> None:
    """The code must name a registered indicator; the error names it."""
    if code not in [i.code for i in registry.all_indicators()]:
        raise ValidationError(
            _("No indicator with the code %(code)s.") % {"code": code}, code="indicator"
        )


class Target(ScopedRecord, models.Model):
    """ "全年培训不少于5250人": a unit's target for the year on one indicator."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("union unit"), on_delete=models.PROTECT, related_name="+"
    )
    indicator = models.CharField(
        _("indicator"), max_length=100, validators=[validate_indicator_code]
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    value = models.DecimalField(
        _("target value"),
        max_digits=16,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_TARGET)],
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("pushed down from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shares",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_path_lookup: ClassVar[str] = "unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["-year", "indicator", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "indicator", "year"], name="stats_target_unit_indicator_year"
            ),
            models.CheckConstraint(condition=models.Q(value__gt=0), name="stats_target_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.indicator} {self.value}"

    @property
    def indicator_obj(self) -> registry.Indicator | None:
        try:
            return registry.get(self.indicator)
        except LookupError:
            return None
