"""Matching a file's column headers to a spec's fields.

Headers are compared after normalising: NFKC (full-width letters, digits and brackets become
ASCII), every whitespace character removed, asterisks (必填 markers) dropped and bracketed
notes such as "(必填)", "（选填）" or "【18位】" cut off, Latin letters lower-cased. A header
then matches a column's header or one of its synonyms.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from gonghui.imports.cells import cell_text
from gonghui.imports.specs import Column, Importer

_NOTES = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】|<[^>]*>|〔[^〕]*〕")
_DROPPED = str.maketrans("", "", "*※★☆:")

# How many rows at the top of a sheet may come before the header row (a title, a date line).
HEADER_SEARCH_ROWS = 10


def normalize_header(text: Any) -> str:
    value = unicodedata.normalize("NFKC", cell_text(text))
    value = "".join(value.split())
    value = _NOTES.sub("", value)
    return value.translate(_DROPPED).lower()


def header_index(columns: Sequence[Column]) -> dict[str, str]:
    """Normalised header or synonym → field."""
    index: dict[str, str] = {}
    for column in columns:
        for name in column.headers:
            index.setdefault(normalize_header(name), column.field)
    return index


@dataclass
class Mapping:
    """Which file column feeds which field: ``fields[i]`` for column ``i`` ("" = ignored)."""

    headers: list[str]
    fields: list[str]
    problems: list[str] = field(default_factory=list)

    def field_columns(self) -> dict[str, int]:
        return {name: index for index, name in enumerate(self.fields) if name}

    @property
    def ignored(self) -> list[str]:
        return [
            header or _("(column %(number)d)") % {"number": index + 1}
            for index, (header, name) in enumerate(zip(self.headers, self.fields, strict=True))
            if not name and header
        ]

    @property
    def is_complete(self) -> bool:
        return not self.problems


def detect_mapping(spec: Importer, headers: Sequence[Any]) -> Mapping:
    """The mapping guessed from the headers; a field claimed twice keeps its first column."""
    index = header_index(spec.all_columns())
    names = [cell_text(h) for h in headers]
    fields: list[str] = []
    taken: set[str] = set()
    for header in names:
        name = index.get(normalize_header(header), "")
        if name in taken:
            name = ""
        if name:
            taken.add(name)
        fields.append(name)
    return check_mapping(spec, names, fields)


def check_mapping(spec: Importer, headers: Sequence[str], fields: Sequence[str]) -> Mapping:
    """Check a mapping (guessed or chosen): known fields, each once, every required one."""
    columns = {c.field: c for c in spec.all_columns()}
    problems: list[str] = []
    cleaned: list[str] = []
    seen: dict[str, int] = {}
    for position, name in enumerate(fields):
        if name and name not in columns:
            problems.append(_("Unknown field “%(field)s”.") % {"field": name})
            name = ""
        if name in seen:
            problems.append(
                _("“%(header)s” is chosen for more than one column (columns %(a)d and %(b)d).")
                % {"header": columns[name].header, "a": seen[name] + 1, "b": position + 1}
            )
        elif name:
            seen[name] = position
        cleaned.append(name)
    cleaned += [""] * (len(headers) - len(cleaned))
    missing = [columns[name].header for name in spec.required_fields() if name not in seen]
    if missing:
        problems.append(
            _("Required columns are missing: %(columns)s.") % {"columns": "、".join(missing)}
        )
    return Mapping(list(headers), cleaned[: len(headers)], problems)


def find_header_row(spec: Importer, rows: Sequence[Sequence[Any]]) -> int:
    """The index of the header row among the first rows: the one matching most headers.

    A roster often starts with a title ("2024年职工花名册") or a date line above the headers;
    without any match the first non-empty row is taken.
    """
    index = header_index(spec.all_columns())
    best, best_score = -1, 0
    for position, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = len({index[n] for n in map(normalize_header, row) if n in index})
        if score > best_score:
            best, best_score = position, score
    if best >= 0:
        return best
    for position, row in enumerate(rows):
        if any(cell_text(cell) for cell in row):
            return position
    return 0
