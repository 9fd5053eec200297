"""Writes of report templates: platform-wide settings, changed only by an administrator of a
top-level federation. Each write is one transaction, audited, and raises the template's
version; a sentence is checked by the placeholder parser before it is saved."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from gonghui.core.audit import audit_record, audit_save, snapshot
from gonghui.core.choices import ROLE_ACTIONS, Action, AuditAction
from gonghui.core.scoping import user_grants
from gonghui.reports.models import ReportSection, ReportSentence, ReportTemplate

TEMPLATE_FIELDS = ("name", "unit_kinds", "preamble", "is_active")
SECTION_FIELDS = ("order", "heading", "intro")
SENTENCE_FIELDS = ("order", "text")


def may_configure(user: Any) -> bool:
    """Templates are platform-wide: only an administrator of a top-level federation edits."""
    return any(
        grant.unit.parent_id is None and Action.DELETE in ROLE_ACTIONS[grant.role]
        for grant in user_grants(user)
    )


def _ensure_may_configure(user: Any) -> None:
    if not may_configure(user):
        raise PermissionDenied(_("Only an administrator of a top-level federation may do this."))


def _bump(template_id: int) -> None:
    ReportTemplate.objects.filter(pk=template_id).update(version=F("version") + 1)


def _save(by: Any, obj: Any, fields: tuple[str, ...], data: dict[str, Any]) -> Any:
    before = snapshot(obj) if obj.pk else None
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])
    obj.full_clean()
    obj.save()
    audit_save(by=by, obj=obj, before=before)
    return obj


@transaction.atomic
def template_save(
    *, by: Any, template: ReportTemplate | None = None, **data: Any
) -> ReportTemplate:
    """Create a template, or change one (its version goes up)."""
    _ensure_may_configure(by)
    creating = template is None
    if template is None:
        template = ReportTemplate()
    else:
        template = ReportTemplate.objects.select_for_update().get(pk=template.pk)
    _save(by, template, TEMPLATE_FIELDS, data)
    if not creating:
        _bump(template.pk)
    template.refresh_from_db()
    return template


@transaction.atomic
def section_save(
    *, by: Any, template: ReportTemplate, section: ReportSection | None = None, **data: Any
) -> ReportSection:
    _ensure_may_configure(by)
    ReportTemplate.objects.select_for_update().filter(pk=template.pk).first()
    section = section or ReportSection(template=template)
    _save(by, section, SECTION_FIELDS, data)
    _bump(template.pk)
    return section


@transaction.atomic
def sentence_save(
    *, by: Any, section: ReportSection, sentence: ReportSentence | None = None, **data: Any
) -> ReportSentence:
    """Add or change a sentence; one naming an unknown indicator or modifier is refused."""
    _ensure_may_configure(by)
    ReportTemplate.objects.select_for_update().filter(pk=section.template_id).first()
    sentence = sentence or ReportSentence(section=section)
    _save(by, sentence, SENTENCE_FIELDS, data)
    _bump(section.template_id)
    return sentence


@transaction.atomic
def sentence_delete(*, by: Any, sentence: ReportSentence) -> None:
    _ensure_may_configure(by)
    before = snapshot(sentence)
    template_id = sentence.section.template_id
    audit_record(by=by, action=AuditAction.DELETE, obj=sentence, before=before)
    sentence.delete()
    _bump(template_id)


@transaction.atomic
def section_delete(*, by: Any, section: ReportSection) -> None:
    """Remove a section and its sentences (each audited)."""
    _ensure_may_configure(by)
    for sentence in section.sentences.all():
        audit_record(by=by, action=AuditAction.DELETE, obj=sentence, before=snapshot(sentence))
    audit_record(by=by, action=AuditAction.DELETE, obj=section, before=snapshot(section))
    template_id = section.template_id
    section.delete()
    _bump(template_id)
