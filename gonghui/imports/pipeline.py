"""The import pipeline: read, check every row, write the good ones in bulk, report the bad ones.

A run has two passes over the file:

1. **Check** (``validate``): every data row is cleaned column by column, looked up in bulk
   (employers, unit codes: ``Importer.resolve``) and checked against the rows before it for a
   repeated natural key ("与第12行重复"). Every reason a row is wrong is collected. The valid
   rows go to a work file in chunks (pickled, under ``MEDIA_ROOT/imports/work/``); the reasons
   go to a second work file. Nothing is written to the database's records in this pass.
2. **Write** (``write``): the chunks are written one by one, each in its own transaction
   together with the import's progress (chunks written, counts). A failure rolls back only the
   chunk it hit, so no chunk is ever half-written, and the import remembers how far it got.

**Resuming.** A failed or cancelled import is resumed by running it again: checked rows are
read back from the work file and the chunks already written are skipped (they are committed
and counted). Were the work files lost, the whole file is checked and written again, which is
safe because writes are upserts on the natural key: rows already written are updated (or
counted unchanged), never duplicated.

At the end the error workbook is written (the rows as uploaded, the row number and a 错误原因
column), the work files are removed, and one audit row records the run (who, unit, file,
counts): the pipeline does not write one audit row per imported record.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.audit import audit_record
from gonghui.core.choices import Action, AuditAction, UnitStatus
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ensure_can, forget_grants, scope_paths
from gonghui.imports.choices import ImportStatus
from gonghui.imports.headers import Mapping, check_mapping, detect_mapping
from gonghui.imports.models import DataImport
from gonghui.imports.reading import Sheet, Source, empty_error, open_sheet
from gonghui.imports.specs import (
    UNIT_CODE_FIELD,
    UNIT_CODE_HEADER,
    ImportContext,
    Importer,
    Row,
    get_importer,
)
from gonghui.imports.workbooks import write_error_workbook

PREVIEW_ROWS = 5
REASON_SEPARATOR = "；"


class ProgressLike(Protocol):
    def stage(self, label: Any, total: int | None = None) -> None: ...
    def advance(self, count: int = 1) -> None: ...
    def log(self, message: Any, level: str = "info") -> None: ...
    def check_cancelled(self) -> None: ...


class NullProgress:
    """Progress reporting that goes nowhere (benchmarks, direct calls)."""

    def stage(self, label: Any, total: int | None = None) -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass

    def log(self, message: Any, level: str = "info") -> None:
        pass

    def check_cancelled(self) -> None:
        pass


# ---------------------------------------------------------------------------------------------
# Inspecting an upload


@dataclass
class Inspection:
    """What an upload holds, read once when it arrives."""

    format: str
    header_row: int
    headers: list[str]
    mapping: Mapping
    preview: list[list[str]]
    total_rows: int


def _preview_value(value: Any) -> str:
    from gonghui.imports.cells import cell_text

    return cell_text(value)[:60]


def inspect(spec: Importer, source: Source) -> Inspection:
    """Read the file once: find the headers, guess the mapping, count the data rows.

    Raises ``ValidationError`` for an unreadable, password-protected or empty file.
    """
    sheet = open_sheet(spec, source)
    preview: list[list[str]] = []
    total = 0
    for _number, cells in sheet.data_rows():
        if total < PREVIEW_ROWS:
            preview.append([_preview_value(v) for v in cells])
        total += 1
    if not total:
        raise empty_error()
    headers = [_preview_value(h) for h in sheet.headers]
    return Inspection(
        format=sheet.table.format,
        header_row=sheet.header_number,
        headers=headers,
        mapping=detect_mapping(spec, headers),
        preview=preview,
        total_rows=total,
    )


# ---------------------------------------------------------------------------------------------
# Work files


def work_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / "work"


def _rows_file(data_import: DataImport) -> Path:
    return work_dir() / f"{data_import.token}.rows"


def _errors_file(data_import: DataImport) -> Path:
    return work_dir() / f"{data_import.token}.errors"


def remove_work_files(data_import: DataImport) -> None:
    for path in (_rows_file(data_import), _errors_file(data_import)):
        path.unlink(missing_ok=True)


def _write_atomically(path: Path, writer: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as handle:
        writer(handle)
    Path(handle.name).replace(path)


def _read_chunks(path: Path) -> Iterator[list[tuple[int, dict[str, Any]]]]:
    with path.open("rb") as handle:
        while True:
            try:
                yield pickle.load(handle)
            except EOFError:
                return


# ---------------------------------------------------------------------------------------------
# Pass 1: check every row


def _context(data_import: DataImport, user: Any, mapping: Mapping) -> ImportContext:
    return ImportContext(
        user=user,
        unit=data_import.unit,
        mapped_fields=frozenset(f for f in mapping.fields if f),
        change_roots=scope_paths(user, Action.CHANGE),
        now=timezone.now(),
    )


def _resolve_units(rows: list[Row], ctx: ImportContext) -> None:
    """Put every row under a unit: the import's, or the one its unit code names below it."""
    codes = {row.values[UNIT_CODE_FIELD] for row in rows if UNIT_CODE_FIELD in row.values}
    units: dict[str, int] = ctx.cache.setdefault("units", {})
    wanted = codes - units.keys()
    if wanted:
        found = dict(
            OrgUnit.objects.within(ctx.unit)
            .exclude(status=UnitStatus.DISSOLVED)
            .filter(code__in=wanted)
            .values_list("code", "pk")
        )
        units.update(found)
    header = UNIT_CODE_HEADER
    for row in rows:
        code = row.values.pop(UNIT_CODE_FIELD, None)
        if code is None:
            row.values["unit_id"] = ctx.unit.pk
        elif code in units:
            row.values["unit_id"] = units[code]
        else:
            row.errors.append(
                f"{header}："
                + _("no unit with the code “%(code)s” under %(unit)s")
                % {"code": code, "unit": ctx.unit.name}
            )


# A mapped column as the check pass uses it: (cell index, field, cleaner, required, header).
CleanColumn = tuple[int, str, Callable[[Any], Any], bool, str]


def _clean_row(number: int, cells: list[Any], columns: list[CleanColumn]) -> Row:
    """Clean the mapped cells; a reason names the column as the file heads it."""
    values: dict[str, Any] = {}
    errors: list[str] = []
    for index, field, clean, required, header in columns:
        cell = cells[index]
        # is_empty, inlined: this runs for every cell of the file.
        if cell is None or (isinstance(cell, str) and (not cell or cell.isspace())):
            if required:
                errors.append(f"{header}：" + _("must not be empty"))
            continue
        try:
            values[field] = clean(cell)
        except ValidationError as exc:
            errors.append(f"{header}：" + REASON_SEPARATOR.join(exc.messages))
    return Row(number, values, errors)


def validate(
    spec: Importer,
    sheet: Sheet,
    mapping: Mapping,
    ctx: ImportContext,
    progress: ProgressLike,
    rows_out: Any,
) -> tuple[int, int, dict[int, str]]:
    """Check every row; pickle the valid ones to ``rows_out`` in chunks.

    Returns (data rows, chunks written to the work file, {row number: reasons}).
    """
    columns: list[CleanColumn] = []
    for index, name in enumerate(mapping.fields):
        if name:
            column = spec.column(name)
            header = mapping.headers[index] or column.header
            columns.append((index, column.field, column.clean, column.required, header))
    key_label = spec.key_label()
    seen: dict[Any, int] = {}
    errors: dict[int, str] = {}
    total = chunks = 0
    chunk: list[Row] = []

    def flush() -> None:
        nonlocal chunks
        _resolve_units(chunk, ctx)
        spec.resolve(chunk, ctx)
        valid: list[tuple[int, dict[str, Any]]] = []
        for row in chunk:
            if not row.errors:
                key = spec.key(row.values)
                if key is not None:
                    first = seen.setdefault(key, row.number)
                    if first != row.number:
                        row.errors.append(
                            _("same %(key)s as row %(row)d") % {"key": key_label, "row": first}
                        )
            if row.errors:
                errors[row.number] = REASON_SEPARATOR.join(row.errors)
            else:
                valid.append((row.number, row.values))
        if valid:
            pickle.dump(valid, rows_out, protocol=pickle.HIGHEST_PROTOCOL)
            chunks += 1
        progress.advance(len(chunk))
        progress.check_cancelled()
        chunk.clear()

    for number, cells in sheet.data_rows():
        chunk.append(_clean_row(number, cells, columns))
        total += 1
        if len(chunk) >= spec.chunk_size:
            flush()
    if chunk:
        flush()
    return total, chunks, errors


# ---------------------------------------------------------------------------------------------
# Pass 2: write the valid rows chunk by chunk


def write(
    spec: Importer,
    data_import: DataImport,
    ctx: ImportContext,
    progress: ProgressLike,
) -> None:
    """Write the checked chunks not yet written, one transaction per chunk."""
    late_errors = dict(data_import.late_errors)
    for index, chunk in enumerate(_read_chunks(_rows_file(data_import))):
        if index < data_import.chunks_committed:  # written before a failure: resume after it
            progress.advance(len(chunk))
            continue
        rows = [Row(number, values) for number, values in chunk]
        with transaction.atomic():
            result = spec.write(rows, ctx)
            late_errors.update({str(k): v for k, v in result.errors.items()})
            DataImport.objects.filter(pk=data_import.pk).update(
                chunks_committed=F("chunks_committed") + 1,
                created_count=F("created_count") + result.created,
                updated_count=F("updated_count") + result.updated,
                unchanged_count=F("unchanged_count") + result.unchanged,
                error_rows=F("error_rows") + len(result.errors),
                late_errors=late_errors,
            )
        progress.advance(len(rows))
        progress.check_cancelled()
    data_import.refresh_from_db()


# ---------------------------------------------------------------------------------------------
# Error workbook


def _all_errors(data_import: DataImport) -> dict[int, str]:
    errors: dict[int, str] = {}
    path = _errors_file(data_import)
    if path.exists():
        with path.open("rb") as handle:
            errors.update(pickle.load(handle))
    errors.update({int(k): v for k, v in data_import.late_errors.items()})
    return errors


def build_error_workbook(spec: Importer, data_import: DataImport, errors: dict[int, str]) -> None:
    """Read the upload again and copy the rows with errors, each with its reason."""
    with data_import.source.open("rb") as handle:
        sheet = open_sheet(spec, handle.read())

    def rows() -> Iterator[tuple[int, list[Any], str]]:
        for number, cells in sheet.data_rows():
            if number in errors:
                yield number, cells, errors[number]

    with tempfile.TemporaryFile() as target:
        write_error_workbook(sheet.headers, rows(), target)
        target.seek(0)
        if data_import.error_file:
            data_import.error_file.delete(save=False)
        data_import.error_file.save("errors.xlsx", File(target), save=False)


# ---------------------------------------------------------------------------------------------
# A run


STAGE_CHECK = gettext_lazy("Checking rows")
STAGE_WRITE = gettext_lazy("Writing rows")
STAGE_FINISH = gettext_lazy("Preparing the error workbook")


def _source_path_or_bytes(data_import: DataImport) -> Source:
    try:
        return data_import.source.path
    except NotImplementedError:  # a storage without local paths
        with data_import.source.open("rb") as handle:
            return bytes(handle.read())


def execute(data_import: DataImport, *, user: Any, progress: ProgressLike) -> dict[str, Any]:
    """Run (or resume) an import; called by the background job, or directly.

    Runs outside any transaction and owns its transactions. Raises on failure, after marking
    the import failed (or cancelled); the chunks written so far stay written.
    """
    data_import = DataImport.objects.select_related("unit").get(pk=data_import.pk)
    forget_grants(user)
    ensure_can(user, Action.ADD, data_import)
    spec = get_importer(data_import.spec)
    mapping = check_mapping(spec, data_import.headers, data_import.mapping)
    if not mapping.is_complete:
        raise ValidationError(REASON_SEPARATOR.join(mapping.problems), code="mapping")
    ctx = _context(data_import, user, mapping)
    DataImport.objects.filter(pk=data_import.pk).update(
        status=ImportStatus.RUNNING, started_at=timezone.now(), failure=""
    )
    try:
        if not data_import.validated or not _rows_file(data_import).exists():
            _check_pass(spec, data_import, mapping, ctx, progress)
        progress.stage(STAGE_WRITE, total=data_import.valid_rows)
        progress.log(
            _("%(rows)d rows checked, %(errors)d with errors.")
            % {"rows": data_import.total_rows, "errors": data_import.error_rows}
        )
        write(spec, data_import, ctx, progress)
        errors = _all_errors(data_import)
        if errors:
            progress.stage(STAGE_FINISH)
            build_error_workbook(spec, data_import, errors)
    except BaseException as exc:
        _mark_stopped(data_import, exc)
        raise
    return _finish(data_import, user)


def _check_pass(
    spec: Importer,
    data_import: DataImport,
    mapping: Mapping,
    ctx: ImportContext,
    progress: ProgressLike,
) -> None:
    """Pass 1, from the start: the earlier work files (if any) and counts are discarded."""
    progress.stage(STAGE_CHECK, total=data_import.total_rows)
    sheet = open_sheet(spec, _source_path_or_bytes(data_import))
    outcome: dict[str, Any] = {}

    def run(handle: Any) -> None:
        outcome["result"] = validate(spec, sheet, mapping, ctx, progress, handle)

    _write_atomically(_rows_file(data_import), run)
    total, chunks, errors = outcome["result"]
    _write_atomically(
        _errors_file(data_import),
        lambda handle: pickle.dump(errors, handle, protocol=pickle.HIGHEST_PROTOCOL),
    )
    DataImport.objects.filter(pk=data_import.pk).update(
        validated=True,
        total_rows=total,
        error_rows=len(errors),
        chunks_total=chunks,
        chunks_committed=0,
        created_count=0,
        updated_count=0,
        unchanged_count=0,
        late_errors={},
    )
    data_import.refresh_from_db()


def _mark_stopped(data_import: DataImport, exc: BaseException) -> None:
    from gonghui.background.runners import JobCancelled

    if isinstance(exc, JobCancelled):
        status, failure = ImportStatus.CANCELLED, ""
    else:
        status = ImportStatus.FAILED
        if isinstance(exc, ValidationError):
            failure = REASON_SEPARATOR.join(exc.messages)
        else:
            failure = _("The import stopped because of an internal error (%(error)s).") % {
                "error": type(exc).__name__
            }
    DataImport.objects.filter(pk=data_import.pk).update(
        status=status, failure=failure, finished_at=timezone.now()
    )


@transaction.atomic
def _finish(data_import: DataImport, user: Any) -> dict[str, Any]:
    data_import.status = ImportStatus.SUCCEEDED
    data_import.finished_at = timezone.now()
    data_import.preview = []
    data_import.save(update_fields=["status", "finished_at", "preview", "error_file"])
    counts = result_counts(data_import)
    audit_record(
        by=user,
        action=AuditAction.CREATE,
        obj=data_import,
        after={
            "spec": data_import.spec,
            "file": data_import.original_name,
            "sha256": data_import.sha256,
            "unit": data_import.unit.code,
            **counts,
        },
    )
    transaction.on_commit(lambda: remove_work_files(data_import))
    return counts


def result_counts(data_import: DataImport) -> dict[str, int]:
    return {
        "rows": data_import.total_rows,
        "valid": data_import.valid_rows,
        "errors": data_import.error_rows,
        "created": data_import.created_count,
        "updated": data_import.updated_count,
        "unchanged": data_import.unchanged_count,
    }
