"""Reading an uploaded table: xlsx, xls and ods with python-calamine, csv in UTF-8 or GBK.

The format is told from the content, not the file name: a zip is an Office Open XML (or
OpenDocument) workbook, an OLE compound file is either an old .xls or a password-protected
workbook (Office wraps an encrypted xlsx in an OLE file holding an ``EncryptedPackage``
stream), anything else is read as CSV text. Every failure is a ``ValidationError`` with a
Chinese message saying what to do.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from gonghui.imports.cells import is_empty
from gonghui.imports.headers import HEADER_SEARCH_ROWS, find_header_row
from gonghui.imports.specs import Importer

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")

Source = str | Path | bytes


def password_error() -> ValidationError:
    return ValidationError(
        _("The file is protected by a password: remove the password and upload it again."),
        code="password",
    )


def unreadable_error(detail: str = "") -> ValidationError:
    message = _(
        "The file cannot be read: upload an Excel workbook (.xlsx, .xls) or a CSV file "
        "saved by Excel or WPS."
    )
    if detail:
        message = f"{message}（{detail}）"
    return ValidationError(message, code="unreadable")


def empty_error() -> ValidationError:
    return ValidationError(
        _(
            "The file holds no data: put the column headers in the first row and one row per "
            "record below them."
        ),
        code="empty",
    )


def _read_bytes(source: Source) -> bytes:
    if isinstance(source, bytes):
        return source
    return Path(source).read_bytes()


@dataclass
class Table:
    """The first sheet of a workbook, or a CSV file, as rows of cells."""

    format: str
    _rows: Any
    _first_row: int = 1

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """Every row with its number as a spreadsheet shows it (1 = the first row)."""
        for offset, row in enumerate(self._rows()):
            yield self._first_row + offset, list(row)


def _calamine_table(source: Source, format_name: str) -> Table:
    try:
        if isinstance(source, bytes):
            book = CalamineWorkbook.from_filelike(io.BytesIO(source))
        else:
            book = CalamineWorkbook.from_path(str(source))
        if not book.sheet_names:
            raise empty_error()
        sheet = book.get_sheet_by_index(0)
    except PasswordError:
        raise password_error() from None
    except CalamineError as exc:
        raise unreadable_error(type(exc).__name__) from None
    start = sheet.start
    first_row = (start[0] + 1) if start else 1

    def rows() -> Iterator[list[Any]]:
        try:
            yield from sheet.iter_rows()
        except CalamineError as exc:  # pragma: no cover - calamine reads the sheet on load
            raise unreadable_error(type(exc).__name__) from None

    return Table(format_name, rows, first_row)


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (what Excel in China writes)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise unreadable_error(_("not UTF-8 or GBK text")) from None


def _csv_table(data: bytes) -> Table:
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise unreadable_error()
    text = _decode(data)
    first_line = text[: text.find("\n")] if "\n" in text else text
    delimiter = max(",\t;", key=first_line.count) if first_line else ","

    def rows() -> Iterator[list[str]]:
        try:
            yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        except csv.Error as exc:
            raise unreadable_error(str(exc)) from None

    return Table("csv", rows)


def open_table(source: Source) -> Table:
    """Open a table from a path or bytes; the format is told from the content."""
    data = _read_bytes(source)
    if not data.strip():
        raise empty_error()
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise password_error()
        return _calamine_table(data if isinstance(source, bytes) else source, "xls")
    if data.startswith(ZIP_MAGIC):
        return _calamine_table(data if isinstance(source, bytes) else source, "xlsx")
    return _csv_table(data)


def _row_is_empty(row: list[Any]) -> bool:
    return all(is_empty(cell) for cell in row)


@dataclass
class Sheet:
    """A table with its header row found: headers, then the data rows."""

    table: Table
    header_number: int
    headers: list[Any]
    _head: list[tuple[int, list[Any]]]
    _rest: Iterator[tuple[int, list[Any]]]

    def data_rows(self) -> Iterator[tuple[int, list[Any]]]:
        """Non-empty rows below the header, each padded or cut to the header's width."""
        width = len(self.headers)
        for number, row in self._chain():
            if number <= self.header_number:
                continue
            row = row[:width]
            if _row_is_empty(row):
                continue
            if len(row) < width:
                row += [None] * (width - len(row))
            yield number, row

    def _chain(self) -> Iterator[tuple[int, list[Any]]]:
        yield from self._head
        yield from self._rest


def open_sheet(spec: Importer, source: Source) -> Sheet:
    """Open the file and find its header row; raises the "no data" error when there is none."""
    table = open_table(source)
    rows = table.rows()
    head: list[tuple[int, list[Any]]] = []
    for numbered in rows:
        head.append(numbered)
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    non_empty = [(n, r) for n, r in head if not _row_is_empty(r)]
    if not non_empty:
        raise empty_error()
    position = find_header_row(spec, [r for _n, r in non_empty])
    header_number, header_cells = non_empty[position]
    # Columns to the right of the last header are not part of the table.
    while header_cells and is_empty(header_cells[-1]):
        header_cells = header_cells[:-1]
    if not header_cells:
        raise empty_error()
    return Sheet(table, header_number, header_cells, head, rows)


def read_upload(upload: IO[bytes] | Any) -> bytes:
    """The bytes of an uploaded file (the caller has checked its size first)."""
    upload.seek(0)
    data: bytes = upload.read()
    upload.seek(0)
    return data
