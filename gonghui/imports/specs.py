"""The importer registry: what each kind of tabular file holds and how its rows are written.

There is one import pipeline (``pipeline.py``). A module that wants its records importable
declares an ``Importer`` in its app's ``importers.py`` (found by ``autodiscover_modules`` when
the imports app is ready) and registers it::

    register(PersonImporter())

A spec says which columns a file may have (the Chinese header, its synonyms, whether it is
required and how a cell is cleaned), the natural key that makes a re-import update instead of
duplicate, how a chunk of cleaned rows is looked up against the database (``resolve``) and
how it is written (``write``, an upsert in bulk). The headers are part of the file format that
Chinese offices exchange, so they are Chinese in code, like the names of the ethnic groups.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.imports.cells import clean_text

if TYPE_CHECKING:
    from gonghui.core.models import OrgUnit

Cleaner = Callable[[Any], Any]

# The standard column naming the union unit a row belongs to; offered by every spec whose
# ``unit_column`` is on. Rows without it belong to the import's unit.
UNIT_CODE_FIELD = "unit_code"
UNIT_CODE_HEADER = "工会组织代码"


@dataclass(frozen=True)
class Column:
    """One column a file may have.

    ``clean`` turns a cell (str, int, float, bool, date, datetime or None) into the value to
    store, or raises ``ValidationError`` with a Chinese message; an empty cell never reaches it
    (an empty required cell is reported by the pipeline, an empty optional one is "not given").
    """

    field: str
    header: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    clean: Cleaner = clean_text
    example: Any = ""
    note: Any = ""

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.header, *self.synonyms)


@dataclass(slots=True)
class Row:
    """A data row on its way through the pipeline.

    ``number`` is the row's number in the source file as a spreadsheet shows it (the header is
    usually row 1). ``values`` holds only the cells that were given, cleaned.
    """

    number: int
    values: dict[str, Any]
    errors: list[str] = field(default_factory=list)


@dataclass
class WriteResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Rows refused at write time (a record outside the user's scope): row number → reason.
    errors: dict[int, str] = field(default_factory=dict)


@dataclass
class ImportContext:
    """What a spec's ``resolve`` and ``write`` know about the import they serve."""

    user: Any
    unit: OrgUnit
    mapped_fields: frozenset[str]
    # Subtree roots where the user may change existing records (``scoping.scope_paths``).
    change_roots: list[str]
    now: Any
    cache: dict[str, Any] = field(default_factory=dict)

    def may_change(self, path: str) -> bool:
        return any(path.startswith(root) for root in self.change_roots)


class Importer:
    """Base class of an import spec; subclasses set the attributes and implement ``write``."""

    code: str = ""
    label: Any = ""
    model: type[models.Model]
    columns: Sequence[Column] = ()
    # Offer the standard "工会组织代码" column placing a row under a unit below the import's.
    unit_column: bool = True
    chunk_size: int = 5000

    def all_columns(self) -> list[Column]:
        columns = list(self.columns)
        if self.unit_column:
            from gonghui.imports.cells import clean_code

            columns.append(
                Column(
                    UNIT_CODE_FIELD,
                    UNIT_CODE_HEADER,
                    ("所属工会代码", "工会代码", "所属工会组织代码", "工会组织编码"),
                    clean=clean_code,
                    note=_(
                        "Optional: a unit below the import's unit; empty means the import's unit"
                    ),
                )
            )
        return columns

    def column(self, field_name: str) -> Column:
        for column in self.all_columns():
            if column.field == field_name:
                return column
        raise KeyError(field_name)

    def required_fields(self) -> list[str]:
        return [c.field for c in self.all_columns() if c.required]

    def key(self, values: dict[str, Any]) -> Hashable | None:
        """The natural key of a cleaned row (None: the row has none and is never a duplicate)."""
        return None

    def key_label(self) -> str:
        """The header of the key column, for the duplicate message."""
        return ""

    def resolve(self, rows: list[Row], ctx: ImportContext) -> None:
        """Look a chunk of cleaned rows up in the database (in bulk), adding values or errors."""

    def write(self, rows: list[Row], ctx: ImportContext) -> WriteResult:
        """Write a chunk of valid rows in bulk; runs inside the chunk's transaction."""
        raise NotImplementedError

    def example_rows(self) -> list[dict[str, Any]]:
        return [{c.field: c.example for c in self.all_columns() if c.example != ""}]


_REGISTRY: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    existing = _REGISTRY.get(importer.code)
    if existing is not None and type(existing) is not type(importer):
        raise ValueError(f"an importer is already registered as {importer.code!r}")
    _REGISTRY[importer.code] = importer
    return importer


def get_importer(code: str) -> Importer:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise LookupError(f"no importer registered as {code!r}") from None


def all_importers() -> list[Importer]:
    return sorted(_REGISTRY.values(), key=lambda spec: spec.code)


def importer_choices() -> list[tuple[str, Any]]:
    return [(spec.code, spec.label) for spec in all_importers()]


def fields_of(columns: Iterable[Column]) -> list[str]:
    return [c.field for c in columns]
