"""The national occupational classification shipped in ``data/occupations.csv``."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, NamedTuple

from gonghui.employment.choices import OccupationLevel

DATA_FILE = Path(__file__).resolve().parent / "data" / "occupations.csv"


class OccupationRow(NamedTuple):
    code: str
    name: str
    level: str
    parent_code: str


def level_of(code: str) -> str:
    depth = code.count("-")
    return (OccupationLevel.MAJOR, OccupationLevel.MEDIUM, OccupationLevel.SMALL)[depth].value


def read_occupations(path: Path = DATA_FILE) -> list[OccupationRow]:
    """The rows in code order; a parent always comes before its children."""
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    rows = []
    for record in csv.DictReader(lines):
        code = record["code"].strip()
        parent = code.rsplit("-", 1)[0] if "-" in code else ""
        rows.append(OccupationRow(code, record["name"].strip(), level_of(code), parent))
    return rows


def load_occupations(model: Any) -> int:
    """Create or update every row in ``model`` (the real or the historical model); idempotent."""
    by_code: dict[str, Any] = {o.code: o for o in model.objects.all()}
    for row in read_occupations():
        parent = by_code.get(row.parent_code) if row.parent_code else None
        existing = by_code.get(row.code)
        if existing is None:
            by_code[row.code] = model.objects.create(
                code=row.code, name=row.name, level=row.level, parent=parent
            )
        elif (existing.name, existing.level, existing.parent_id) != (
            row.name,
            row.level,
            parent.pk if parent else None,
        ):
            existing.name, existing.level, existing.parent = row.name, row.level, parent
            existing.save()
    return len(by_code)
