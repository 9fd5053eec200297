"""Writes of labour protection (劳动保护): inspections, hazards and their rectification (found →
rectified → verified, reopened when the rectification does not hold), hazard photos (checked by
content like case files, images only), and the safety competition (安康杯) entries."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.casework.uploads import check_files
from gonghui.core.audit import audit_record, audit_save, snapshot
from gonghui.core.choices import Action, AuditAction
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ensure_can
from gonghui.registry.models import Enterprise
from gonghui.rights.choices import HazardStatus
from gonghui.rights.models_safety import Hazard, HazardPhoto, Inspection, SafetyCompetitionEntry
from gonghui.rights.services import _apply, _required, _user

INSPECTION_FIELDS = frozenset({"date", "inspectors", "findings"})
HAZARD_FIELDS = frozenset({"description", "severity", "deadline"})
ENTRY_FIELDS = frozenset({"year", "participant_name", "workers"})


# Inspections -------------------------------------------------------------------------------


@transaction.atomic
def inspection_create(
    *, by: Any, unit: OrgUnit, enterprise: Enterprise, **fields: Any
) -> Inspection:
    ensure_can(by, Action.ADD, unit)
    ensure_can(by, Action.VIEW, enterprise)
    inspection = Inspection(unit=unit, enterprise=enterprise, created_by=_user(by))
    _apply(inspection, fields, INSPECTION_FIELDS)
    inspection.full_clean()
    inspection.save()
    audit_save(by=by, obj=inspection, before=None)
    return inspection


@transaction.atomic
def inspection_update(*, by: Any, inspection: Inspection, **fields: Any) -> Inspection:
    inspection = (
        Inspection.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=inspection.pk)
    )
    ensure_can(by, Action.CHANGE, inspection)
    before = snapshot(inspection)
    _apply(inspection, fields, INSPECTION_FIELDS)
    inspection.full_clean()
    first_deadline = inspection.hazards.order_by("deadline").values_list("deadline", flat=True)
    earliest = first_deadline.first()
    if earliest is not None and inspection.date > earliest:
        raise ValidationError(
            {"date": _("A hazard of this inspection has a deadline before this date.")}
        )
    inspection.save()
    audit_save(by=by, obj=inspection, before=before)
    return inspection


# Hazards -----------------------------------------------------------------------------------


@transaction.atomic
def hazard_add(*, by: Any, inspection: Inspection, **fields: Any) -> Hazard:
    inspection = Inspection.objects.select_related("unit").get(pk=inspection.pk)
    ensure_can(by, Action.CHANGE, inspection)
    hazard = Hazard(inspection=inspection)
    _apply(hazard, fields, HAZARD_FIELDS)
    hazard.full_clean()
    hazard.save()
    audit_record(
        by=by, action=AuditAction.CREATE, obj=hazard, after=snapshot(hazard),
        unit=inspection.unit,
    )  # fmt: skip
    return hazard


def _locked_hazard(by: Any, hazard: Hazard) -> Hazard:
    locked = (
        Hazard.objects.select_for_update(of=("self",))
        .select_related("inspection", "inspection__unit")
        .get(pk=hazard.pk)
    )
    ensure_can(by, Action.CHANGE, locked)
    return locked


def _save_hazard(by: Any, hazard: Hazard, before: dict[str, Any], **extra: Any) -> Hazard:
    hazard.full_clean()
    hazard.save()
    audit_record(
        by=by, action=AuditAction.UPDATE, obj=hazard, before=before,
        after={**snapshot(hazard), **extra}, unit=hazard.inspection.unit,
    )  # fmt: skip
    return hazard


@transaction.atomic
def hazard_update(*, by: Any, hazard: Hazard, **fields: Any) -> Hazard:
    """Change the description, severity or deadline of a hazard still being rectified."""
    hazard = _locked_hazard(by, hazard)
    if hazard.status != HazardStatus.OPEN:
        raise ValidationError(
            _("This hazard is rectified and cannot be changed; reopen it first."), code="closed"
        )
    before = snapshot(hazard)
    _apply(hazard, fields, HAZARD_FIELDS)
    return _save_hazard(by, hazard, before)


@transaction.atomic
def hazard_rectify(
    *, by: Any, hazard: Hazard, rectified_on: datetime.date, rectification: str = ""
) -> Hazard:
    hazard = _locked_hazard(by, hazard)
    if hazard.status != HazardStatus.OPEN:
        raise ValidationError(_("This hazard is already rectified."), code="not_open")
    before = snapshot(hazard)
    hazard.status = HazardStatus.RECTIFIED
    hazard.rectified_on = rectified_on
    hazard.rectification = (rectification or "").strip()
    return _save_hazard(by, hazard, before)


@transaction.atomic
def hazard_verify(*, by: Any, hazard: Hazard, verified_on: datetime.date) -> Hazard:
    """The union checked the rectification on the spot: the hazard is closed."""
    hazard = _locked_hazard(by, hazard)
    if hazard.status != HazardStatus.RECTIFIED:
        raise ValidationError(_("Only a rectified hazard can be verified."), code="not_rectified")
    before = snapshot(hazard)
    hazard.status = HazardStatus.VERIFIED
    hazard.verified_on = verified_on
    return _save_hazard(by, hazard, before)


@transaction.atomic
def hazard_reopen(*, by: Any, hazard: Hazard, reason: str) -> Hazard:
    """The rectification did not hold: the hazard is open again; the reason is audited."""
    hazard = _locked_hazard(by, hazard)
    if hazard.status == HazardStatus.OPEN:
        raise ValidationError(_("This hazard is still being rectified."), code="not_closed")
    reason = _required(reason, "reason", _("Give the reason for reopening."))
    before = snapshot(hazard)
    hazard.status = HazardStatus.OPEN
    hazard.rectified_on = hazard.verified_on = None
    hazard.reopen_count += 1
    return _save_hazard(by, hazard, before, reopen_reason=reason)


@transaction.atomic
def hazard_add_photos(*, by: Any, hazard: Hazard, files: Iterable[Any]) -> list[HazardPhoto]:
    """Photos checked by their content (like case files), images only; a verified hazard's
    file is closed."""
    hazard = _locked_hazard(by, hazard)
    if hazard.status == HazardStatus.VERIFIED:
        raise ValidationError(_("This hazard is closed; reopen it to add photos."), code="closed")
    checked = check_files(files)
    if not checked:
        raise ValidationError({"files": _("Choose at least one photo.")}, code="required")
    for item in checked:
        if not item.content_type.startswith("image/"):
            raise ValidationError(
                {"files": _("“%(name)s” is not a photo (JPG, PNG, GIF, WEBP or HEIC).")
                 % {"name": item.name}},
                code="file_type",
            )  # fmt: skip
    stored: list[HazardPhoto] = []
    try:
        for item in checked:
            photo = HazardPhoto(
                hazard=hazard, original_name=item.name, size=item.size,
                content_type=item.content_type, uploaded_by=_user(by),
            )  # fmt: skip
            photo.file.save(item.name, item.file, save=False)
            stored.append(photo)
            photo.save()
            audit_record(
                by=by, action=AuditAction.CREATE, obj=photo, after=snapshot(photo),
                unit=hazard.inspection.unit,
            )  # fmt: skip
    except BaseException:
        for photo in stored:  # the rows roll back; the files must not stay behind
            photo.file.delete(save=False)
        raise
    return stored


def overdue_hazards(
    user: Any, unit: OrgUnit, today: datetime.date | None = None
) -> QuerySet[Hazard]:
    """Hazards still open past their rectification deadline, the most overdue first."""
    today = today or timezone.localdate()
    return (
        Hazard.objects.restrict(user, Action.VIEW)
        .within(unit)
        .filter(status=HazardStatus.OPEN, deadline__lt=today)
        .select_related("inspection", "inspection__unit", "inspection__enterprise")
        .order_by("deadline", "pk")
    )


# Safety competition (安康杯) ---------------------------------------------------------------


def _entry_name(entry: SafetyCompetitionEntry) -> None:
    if entry.enterprise_id is not None:
        entry.participant_name = entry.enterprise.name  # type: ignore[union-attr]
    elif not (entry.participant_name or "").strip():
        entry.participant_name = entry.unit.name
    if entry.year:
        entry.year_start = datetime.date(int(entry.year), 1, 1)


@transaction.atomic
def safety_entry_create(
    *, by: Any, unit: OrgUnit, enterprise: Enterprise | None = None, **fields: Any
) -> SafetyCompetitionEntry:
    """An enterprise (or the unit itself, without one) taking part in the year's competition."""
    ensure_can(by, Action.ADD, unit)
    if enterprise is not None:
        ensure_can(by, Action.VIEW, enterprise)
    entry = SafetyCompetitionEntry(unit=unit, enterprise=enterprise, created_by=_user(by))
    _apply(entry, fields, ENTRY_FIELDS)
    _entry_name(entry)
    entry.full_clean()
    entry.save()
    audit_save(by=by, obj=entry, before=None)
    return entry


@transaction.atomic
def safety_entry_update(
    *, by: Any, entry: SafetyCompetitionEntry, **fields: Any
) -> SafetyCompetitionEntry:
    entry = (
        SafetyCompetitionEntry.objects.select_for_update(of=("self",))
        .select_related("unit", "enterprise")
        .get(pk=entry.pk)
    )
    ensure_can(by, Action.CHANGE, entry)
    before = snapshot(entry)
    _apply(entry, fields, ENTRY_FIELDS)
    _entry_name(entry)
    entry.full_clean()
    entry.save()
    audit_save(by=by, obj=entry, before=before)
    return entry
