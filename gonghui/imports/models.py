from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ScopedManager, ScopedRecord
from gonghui.imports.choices import ACTIVE_STATUSES, RESUMABLE_STATUSES, ImportStatus


def new_token() -> str:
    return secrets.token_hex(16)


def source_path(instance: DataImport, filename: str) -> str:
    """A random name under ``imports/``: the original name is kept in the record only."""
    suffix = Path(filename).suffix.lower()[:8]
    return f"imports/{instance.token}{suffix}"


def error_path(instance: DataImport, filename: str) -> str:
    return f"imports/{instance.token}-errors.xlsx"


class DataImport(ScopedRecord, models.Model):
    """One uploaded table (数据导入) and its run: the file, the mapping, progress and counts.

    The stored files (the upload and the error workbook) hold personal data in clear: they
    live under ``MEDIA_ROOT/imports/`` with random names, are never served as media, and are
    downloaded only through views that check the user's scope.
    """

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    spec = models.CharField(_("what is imported"), max_length=64)
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    source = models.FileField(_("uploaded file"), upload_to=source_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file_format = models.CharField(_("format"), max_length=8)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    header_row = models.PositiveIntegerField(_("header row"), default=1)
    headers = models.JSONField(_("column headers"), default=list, blank=True)
    mapping = models.JSONField(_("column mapping"), default=list, blank=True)
    # The first rows, shown on the mapping page; emptied once the import starts.
    preview = models.JSONField(_("preview"), default=list, blank=True)
    total_rows = models.PositiveIntegerField(_("data rows"), default=0)
    error_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    validated = models.BooleanField(_("rows checked"), default=False)
    chunks_total = models.PositiveIntegerField(_("chunks"), default=0)
    chunks_committed = models.PositiveIntegerField(_("chunks written"), default=0)
    # Rows refused while writing (a record outside the user's scope): row number → reason.
    late_errors = models.JSONField(_("errors found while writing"), default=dict, blank=True)
    error_file = models.FileField(
        _("error workbook"), upload_to=error_path, max_length=200, blank=True
    )
    failure = models.TextField(_("failure"), blank=True)
    job = models.ForeignKey(
        "background.BackgroundJob",
        verbose_name=_("background job"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    scope_path_lookup: ClassVar[str] = "unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("data import")
        verbose_name_plural = _("data imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "status"], name="dataimport_unit_status")]

    def __str__(self) -> str:
        return f"{self.spec_label()} · {self.original_name}"

    def spec_label(self) -> Any:
        from gonghui.imports.specs import get_importer

        try:
            return get_importer(self.spec).label
        except LookupError:
            return self.spec

    @property
    def valid_rows(self) -> int:
        return max(0, self.total_rows - self.error_rows)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_resumable(self) -> bool:
        return self.status in RESUMABLE_STATUSES
