"""Throughput of resident ID number validation (figures only, never pass/fail).

Run with ``uv run --with python-stdnum python bench/bench_idcard.py``; without python-stdnum the
baseline is skipped.
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.test_settings")

from gonghui.utils import regions
from gonghui.utils.idcard import make_id_number, normalize_id_number

COUNT = 200_000
TODAY = date(2025, 6, 1)


def valid_numbers(count: int) -> list[str]:
    """``count`` valid numbers over current county codes and 1940-2007 births, fixed seed."""
    rng = random.Random(11643)
    counties = sorted(
        county
        for province, _ in regions.current_provinces()
        for prefecture, _ in regions.current_children(province)
        for county, _ in regions.current_children(prefecture) or [(prefecture, "")]
    )
    start = date(1940, 1, 1).toordinal()
    span = date(2007, 12, 31).toordinal() - start
    return [
        make_id_number(
            rng.choice(counties),
            date.fromordinal(start + rng.randrange(span)),
            rng.randrange(500),
            rng.choice(("male", "female")),
        )
        for _ in range(count)
    ]


def messy(number: str, index: int) -> str:
    """The same number as typed into Excel or on a phone."""
    full_width = "".join(chr(ord(c) + 0xFEE0) if index % 3 == 0 else c for c in number)
    spaced = f" {full_width[:6]} {full_width[6:14]} {full_width[14:]} "
    return spaced.replace("X", "x") if index % 2 else spaced


def rate(name: str, func: Callable[[str], object], numbers: list[str]) -> None:
    func(numbers[0])  # load lazily built tables outside the timing
    began = time.perf_counter()
    for number in numbers:
        func(number)
    elapsed = time.perf_counter() - began
    print(f"{name:<48} {len(numbers) / elapsed:>12,.0f} numbers/s")


def main() -> None:
    numbers = valid_numbers(COUNT)
    print(f"{COUNT:,} valid numbers, Python {sys.version.split()[0]}")
    rate(
        "normalize_id_number (canonical input)",
        lambda n: normalize_id_number(n, today=TODAY),
        numbers,
    )
    rate("normalize_id_number (today=None)", normalize_id_number, numbers)
    untidy = [messy(n, i) for i, n in enumerate(numbers)]
    rate("normalize_id_number (spaces, full-width, x)", normalize_id_number, untidy)
    try:
        from stdnum.cn import ric
    except ImportError:
        print("python-stdnum not importable: no baseline")
        return

    def stdnum_validate(number: str) -> bool:
        try:
            ric.validate(number)
        except Exception:  # it also raises KeyError on some prefecture-level codes
            return False
        return True

    rate("stdnum.cn.ric.validate (baseline)", stdnum_validate, numbers)
    # stdnum also refuses a number whose address code was created after the birth year, which
    # real numbers issued after a redistricting have; count those so the figures compare.
    refused = sum(1 for number in numbers if not stdnum_validate(number))
    print(f"  stdnum refused {refused:,} of these {len(numbers):,} numbers")


if __name__ == "__main__":
    main()
