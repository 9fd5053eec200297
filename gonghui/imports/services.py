"""Writes of the import pipeline: upload, confirm the mapping and start, resume, run.

A rejected upload (too large, unreadable, password-protected, empty) stores nothing: the
checks run on the uploaded bytes before the record or the file is saved.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core.audit import audit_record
from gonghui.core.choices import Action, AuditAction
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ensure_can
from gonghui.imports import pipeline
from gonghui.imports.choices import RESUMABLE_STATUSES, ImportStatus
from gonghui.imports.headers import Mapping, check_mapping
from gonghui.imports.models import DataImport
from gonghui.imports.reading import read_upload
from gonghui.imports.specs import get_importer

JOB_KIND = "imports.run"
ALLOWED_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".csv", ".txt", ".ods"})


def audit_state(data_import: DataImport) -> dict[str, Any]:
    """What the audit log keeps of an import: never the preview rows (personal data)."""
    return {
        "unit_id": data_import.unit_id,
        "spec": data_import.spec,
        "original_name": data_import.original_name,
        "size": data_import.size,
        "sha256": data_import.sha256,
        "file_format": data_import.file_format,
        "status": data_import.status,
        "mapping": data_import.mapping,
        "total_rows": data_import.total_rows,
        "job_id": data_import.job_id,
    }


def _audit(by: Any, data_import: DataImport, before: dict[str, Any] | None) -> None:
    audit_record(
        by=by,
        action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
        obj=data_import,
        before=before,
        after=audit_state(data_import),
    )


def max_upload_bytes() -> int:
    return int(settings.IMPORT_MAX_UPLOAD_BYTES)


def check_upload_size(size: int) -> None:
    limit = max_upload_bytes()
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s MB; an import accepts at most %(limit)s MB.")
            % {"size": f"{size / 1024 / 1024:.1f}", "limit": f"{limit / 1024 / 1024:g}"},
            code="too_large",
        )


def _spec(code: str) -> Any:
    try:
        return get_importer(code)
    except LookupError:
        raise ValidationError(
            _("Unknown kind of import “%(code)s”.") % {"code": code}, code="unknown_spec"
        ) from None


def import_upload(
    *,
    by: Any,
    unit: OrgUnit,
    spec: str,
    upload: Any,
    mapping: Sequence[str] | dict[str, str] | None = None,
    require_complete_mapping: bool = False,
) -> DataImport:
    """Check an uploaded table and record it, with the headers found and the mapping guessed.

    Raises ``ValidationError`` (and stores nothing) when the file is too large, cannot be
    read, is protected by a password or holds no data. ``mapping`` replaces the guess: a list
    of field names by column ("" ignores a column) or {file header: field name}. With
    ``require_complete_mapping`` an incomplete mapping is refused too, before anything is
    stored. The record and its audit row are written in one transaction; should it fail, the
    stored file is removed again.
    """
    ensure_can(by, Action.ADD, unit)
    importer = _spec(spec)
    name = PurePath(str(getattr(upload, "name", "") or "upload")).name
    check_upload_size(int(upload.size))
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ValidationError(
            _("Upload an Excel workbook (.xlsx, .xls) or a CSV file, not “%(suffix)s”.")
            % {"suffix": suffix or name},
            code="unsupported",
        )
    data = read_upload(upload)
    check_upload_size(len(data))
    inspection = pipeline.inspect(importer, data)
    chosen = inspection.mapping
    if mapping is not None:
        chosen = check_mapping(importer, inspection.headers, _fields(inspection.headers, mapping))
    if require_complete_mapping and not chosen.is_complete:
        raise ValidationError({"mapping": chosen.problems}, code="mapping")
    data_import = DataImport(
        unit=unit,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        spec=importer.code,
        original_name=name[:255],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        file_format=inspection.format,
        header_row=inspection.header_row,
        headers=inspection.headers,
        mapping=chosen.fields,
        preview=inspection.preview,
        total_rows=inspection.total_rows,
    )
    data_import.source.save(name, ContentFile(data), save=False)
    try:
        with transaction.atomic():
            data_import.save()
            _audit(by, data_import, None)
    except BaseException:
        data_import.source.delete(save=False)
        raise
    return data_import


def _fields(headers: Sequence[str], mapping: Sequence[str] | dict[str, str]) -> list[str]:
    if isinstance(mapping, dict):
        return [str(mapping.get(header, "") or "") for header in headers]
    return [str(name or "") for name in mapping]


def import_mapping(data_import: DataImport) -> Mapping:
    return check_mapping(get_importer(data_import.spec), data_import.headers, data_import.mapping)


@transaction.atomic
def import_set_mapping(*, by: Any, data_import: DataImport, fields: Sequence[str]) -> Mapping:
    """Replace the guessed mapping with the user's choice (before the import starts)."""
    data_import = (
        DataImport.objects.select_for_update().select_related("unit").get(pk=data_import.pk)
    )
    ensure_can(by, Action.ADD, data_import)
    if data_import.status != ImportStatus.UPLOADED:
        raise ValidationError(_("This import has already started."), code="started")
    mapping = check_mapping(get_importer(data_import.spec), data_import.headers, list(fields))
    before = audit_state(data_import)
    data_import.mapping = mapping.fields
    data_import.save(update_fields=["mapping"])
    _audit(by, data_import, before)
    return mapping


def import_sync_with_job(data_import: DataImport) -> DataImport:
    """Take over the job's end when the runner could not record it (a worker that died).

    A job that failed or was cancelled before the runner started leaves the import queued;
    this puts the import in the same state, so that it can be resumed.
    """
    job = data_import.job
    if data_import.is_active and job is not None and job.is_finished:
        from gonghui.background.models import JobStatus

        if job.status == JobStatus.CANCELLED:
            status = ImportStatus.CANCELLED
        elif job.status == JobStatus.FAILED:
            status = ImportStatus.FAILED
        else:
            return data_import
        changed = DataImport.objects.filter(
            pk=data_import.pk, status=data_import.status, job=job
        ).update(status=status, failure=job.error, finished_at=job.finished_at)
        if changed:
            data_import.status, data_import.failure = status, job.error
    return data_import


def _start_job(by: Any, data_import: DataImport) -> DataImport:
    from gonghui.background.services import job_start

    title = _("Import %(what)s: %(file)s") % {
        "what": data_import.spec_label(),
        "file": data_import.original_name,
    }
    job = job_start(
        by=by,
        unit=data_import.unit,
        kind=JOB_KIND,
        title=title,
        params={"import_id": data_import.pk},
    )
    data_import.job = job
    data_import.status = ImportStatus.QUEUED
    data_import.started_by = by if getattr(by, "is_authenticated", False) else None
    data_import.failure = ""
    data_import.finished_at = None
    data_import.save(update_fields=["job", "status", "started_by", "failure", "finished_at"])
    return data_import


@transaction.atomic
def import_start(*, by: Any, data_import: DataImport) -> DataImport:
    """Start the import with its mapping as a background job; refused while incomplete."""
    data_import = (
        DataImport.objects.select_for_update().select_related("unit").get(pk=data_import.pk)
    )
    ensure_can(by, Action.ADD, data_import)
    if data_import.status != ImportStatus.UPLOADED:
        raise ValidationError(_("This import has already started."), code="started")
    mapping = import_mapping(data_import)
    if not mapping.is_complete:
        raise ValidationError(mapping.problems, code="mapping")
    before = audit_state(data_import)
    data_import.preview = []
    data_import.save(update_fields=["preview"])
    _start_job(by, data_import)
    _audit(by, data_import, before)
    return data_import


@transaction.atomic
def import_resume(*, by: Any, data_import: DataImport) -> DataImport:
    """Run a failed or cancelled import again; the chunks already written are skipped."""
    data_import = (
        DataImport.objects.select_for_update().select_related("unit").get(pk=data_import.pk)
    )
    ensure_can(by, Action.ADD, data_import)
    if data_import.status not in RESUMABLE_STATUSES:
        raise ValidationError(
            _("Only a failed or cancelled import can be resumed."), code="not_resumable"
        )
    before = audit_state(data_import)
    _start_job(by, data_import)
    _audit(by, data_import, before)
    return data_import


def import_run(*, data_import: DataImport, by: Any, progress: Any = None) -> dict[str, Any]:
    """Run the import in this process (the job's runner, the benchmark)."""
    return pipeline.execute(data_import, user=by, progress=progress or pipeline.NullProgress())
