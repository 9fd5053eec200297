"""Report templates (工作总结模板): the annual work report as data that staff edit.

A template is a list of sections (组织建设, 暖心服务职工, ...), each a list of sentences whose
placeholders name registered indicators (see ``gonghui.reports.placeholders``). Templates are
platform-wide settings, like the request categories of the 12351 service: every staff member
may read them, an administrator of a top-level federation may change them. ``unit_kinds``
says which kinds of unit a template is for (none: every kind).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.choices import UnitKind
from gonghui.reports.placeholders import parse


def validate_unit_kinds(value: Any) -> None:
    if not isinstance(value, list) or any(kind not in UnitKind.values for kind in value):
        raise ValidationError(_("Choose kinds of unit from the list."), code="unit_kinds")


def validate_sentence(value: str) -> None:
    """Refuse a text naming an unknown indicator or modifier (the message names it)."""
    parse(value)


class ReportTemplate(models.Model):
    """A work report template (工作总结模板)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    unit_kinds = models.JSONField(
        _("for kinds of unit"),
        default=list,
        blank=True,
        validators=[validate_unit_kinds],
        help_text=_("Leave empty for every kind of unit."),
    )
    preamble = models.TextField(
        _("opening paragraph"),
        blank=True,
        help_text=_("Plain text printed before the first section."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")

    def __str__(self) -> str:
        return self.name

    def fits(self, kind: str) -> bool:
        return not self.unit_kinds or kind in self.unit_kinds

    def unit_kinds_display(self) -> str:
        labels = dict(UnitKind.choices)
        return "、".join(str(labels.get(k, k)) for k in self.unit_kinds) or str(_("Every kind"))


class ReportSection(models.Model):
    """A section of a report template (工作总结的部分), e.g. 组织建设."""

    template = models.ForeignKey(
        ReportTemplate,
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("template"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    heading = models.CharField(_("heading"), max_length=100)
    intro = models.TextField(
        _("opening sentence"), blank=True, help_text=_("Plain text printed under the heading.")
    )

    class Meta:
        ordering = ["template", "order", "pk"]
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")

    def __str__(self) -> str:
        return self.heading


class ReportSentence(models.Model):
    """A sentence of a section, with placeholders naming indicators (语句模板)."""

    section = models.ForeignKey(
        ReportSection, on_delete=models.CASCADE, related_name="sentences", verbose_name=_("section")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(
        _("text"),
        validators=[validate_sentence],
        help_text=_(
            "Placeholders: {code} the value, {code|同比} the change on last year, {code|上年} "
            "last year's value, {code|目标} the target, {code|完成率} the completion of the "
            "target; [ ... ] an optional clause, left out when its figures are zero."
        ),
    )

    class Meta:
        ordering = ["section", "order", "pk"]
        verbose_name = _("report sentence")
        verbose_name_plural = _("report sentences")

    def __str__(self) -> str:
        return self.text[:60]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Whatever the way in (admin, API, shell), a sentence the builder cannot fill is refused.
        validate_sentence(self.text)
        super().save(*args, **kwargs)
