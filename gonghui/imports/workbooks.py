"""The workbooks the pipeline hands back: a spec's template and an import's error workbook.

Both are written with openpyxl in write-only mode (rows streamed to the file, not kept).
Identifier columns are written as text with the "@" format, so that Excel keeps the 18 digits
of an ID number someone types into the template.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from gonghui.imports.specs import Importer

_HEADER_FONT = Font(bold=True)
_REQUIRED_FILL = PatternFill("solid", fgColor="FDE2E1")
_ERROR_FONT = Font(color="C00000")
_FORMULA_STARTS = ("=", "+", "-", "@")

REASON_HEADER = "错误原因"
ROW_HEADER = "原行号"


def _text_cell(sheet: Worksheet, value: Any, **style: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _safe(value: Any) -> Any:
    """A value copied from an upload, never run as a formula when the workbook is opened."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    if isinstance(value, datetime.timedelta):
        return str(value)
    return value


def write_template(spec: Importer, target: IO[bytes] | Path) -> None:
    """The spec's template: headers (required ones marked), an example row, a notes sheet."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(spec.label)[:31] or "Sheet1")
    columns = spec.all_columns()
    for index, column in enumerate(columns):
        letter = _column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(column.header) * 2 + 4)
        sheet.column_dimensions[letter].number_format = "@"
    sheet.append(
        [
            _text_cell(
                sheet,
                column.header + ("*" if column.required else ""),
                font=_HEADER_FONT,
                fill=_REQUIRED_FILL if column.required else PatternFill(),
            )
            for column in columns
        ]
    )
    for example in spec.example_rows():
        sheet.append(
            [
                _text_cell(sheet, _cell_value(example.get(c.field, "")), number_format="@")
                for c in columns
            ]
        )
    notes = book.create_sheet(_("Notes"))
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["B"].width = 40
    notes.column_dimensions["C"].width = 60
    notes.append(
        [
            _text_cell(notes, _("Column"), font=_HEADER_FONT),
            _text_cell(notes, _("Also recognised as"), font=_HEADER_FONT),
            _text_cell(notes, _("Notes"), font=_HEADER_FONT),
        ]
    )
    for column in columns:
        note = str(column.note) if column.note else ""
        if column.required:
            note = _("Required.") + (" " + note if note else "")
        notes.append([column.header, "、".join(column.synonyms), note])
    notes.append([])
    notes.append([_("Fill in one row per record below the header row; delete the example row.")])
    book.save(target)


def _cell_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def write_error_workbook(
    headers: list[Any],
    rows: Iterable[tuple[int, list[Any], str]],
    target: IO[bytes] | Path,
) -> int:
    """The rows as uploaded, with the source row number first and the reason last."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Rows with errors")[:31])
    sheet.column_dimensions["A"].width = 8
    last = _column_letter(len(headers) + 1)
    sheet.column_dimensions[last].width = 60
    sheet.freeze_panes = "B2"
    sheet.append(
        [
            _text_cell(sheet, ROW_HEADER, font=_HEADER_FONT),
            *(_text_cell(sheet, _safe(h), font=_HEADER_FONT) for h in headers),
            _text_cell(sheet, REASON_HEADER, font=_HEADER_FONT),
        ]
    )
    count = 0
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, cells, reason in rows:
        sheet.append(
            [
                number,
                *(_text_cell(sheet, _safe(v), number_format="@") for v in cells),
                _text_cell(sheet, reason, font=_ERROR_FONT, alignment=wrap),
            ]
        )
        count += 1
    book.save(target)
    return count
