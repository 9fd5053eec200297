"""Finding a worker by ID number or mobile number through the blind index (figures only).

    uv run python bench/bench_lookup.py                    # a temporary SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_bench uv run python bench/bench_lookup.py

Without workers in the database it first builds the demo city (~20,000 workers). With an
existing database, give it the same GONGHUI_FIELD_KEY its data was written with. Each lookup
is timed as the search box runs it: normalise the typed text, compute the blind index, query,
decrypt the row. The baseline is a primary-key fetch of one worker in the same run.
See bench/README.md.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_tree import setup_django

SAMPLE = 500
SEED = 11643


def measure(
    cases: list[tuple[str, Callable[[str], list[object]], list[str]]],
) -> list[tuple[float, float, int]]:
    """Per case (mean µs, p95 µs, calls not finding exactly one worker), run interleaved."""
    samples: list[list[float]] = [[] for _ in cases]
    misses = [0] * len(cases)
    for i in range(len(cases[0][2])):
        for case, (_, call, inputs) in enumerate(cases):
            started = time.perf_counter_ns()
            found = call(inputs[i])
            samples[case].append((time.perf_counter_ns() - started) / 1000)
            misses[case] += len(found) != 1
    results = []
    for times, missed in zip(samples, misses, strict=True):
        times.sort()
        results.append((statistics.fmean(times), times[int(len(times) * 0.95)], missed))
    return results


def main() -> None:
    database = setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.core import crypto
    from gonghui.registry.models import ID_NUMBER_INDEX, Person
    from gonghui.registry.selectors import person_search, persons_by_id_number, persons_by_phone
    from gonghui.utils.idcard import normalize_id_number
    from gonghui.utils.phone import normalize_mobile

    print(f"database: {database}")
    if not Person.objects.exists():
        from gonghui.demo.builder import build_demo

        result = build_demo("city")
        print(f"built the demo city in {result.seconds:.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    total = Person.objects.count()
    rng = random.Random(SEED)
    ids = rng.sample(list(Person.objects.values_list("pk", flat=True)), min(SAMPLE, total))
    sample = list(Person.objects.filter(pk__in=ids).exclude(phone_hash=""))
    rng.shuffle(sample)
    pks = [str(p.pk) for p in sample]
    id_numbers = [p.id_number for p in sample]
    # Typed as people type them: a lower-case x, a phone with the country code and dashes.
    typed_ids = [n.lower() for n in id_numbers]
    typed_phones = [f"+86 {p.phone[:3]}-{p.phone[3:7]}-{p.phone[7:]}" for p in sample]
    people = Person.objects.all()
    print(f"{total:,} workers; {len(sample)} lookups of each kind, shuffled\n")

    cases: list[tuple[str, Callable[[str], list[object]], list[str]]] = [
        ("baseline: primary key", lambda pk: [people.get(pk=int(pk))], pks),
        ("ID number, blind index", lambda t: list(
            persons_by_id_number(people, normalize_id_number(t))), typed_ids),
        ("phone, blind index", lambda t: list(
            persons_by_phone(people, normalize_mobile(t))), typed_phones),
        ("person_search(ID number)", lambda t: list(person_search(people, t)), typed_ids),
        ("person_search(phone)", lambda t: list(person_search(people, t)), typed_phones),
    ]  # fmt: skip
    for _, call, inputs in cases:  # warm up caches and connections
        for text in inputs[:20]:
            call(text)
    print("lookup                      mean µs   p95 µs  × pk fetch  queries  not exactly 1")
    results = measure(cases)
    baseline = results[0][0]
    for (name, call, inputs), (mean, p95, misses) in zip(cases, results, strict=True):
        with CaptureQueriesContext(connection) as captured:
            call(inputs[0])
        print(f"{name:<26} {mean:>8.0f} {p95:>8.0f}  {mean / baseline:>10.2f}  "
              f"{len(captured):>7}  {misses:>13}")  # fmt: skip

    started = time.perf_counter_ns()
    for number in id_numbers:
        crypto.blind_index_candidates(normalize_id_number(number), ID_NUMBER_INDEX)
    hashing = (time.perf_counter_ns() - started) / 1000 / len(id_numbers)
    print(f"\nof which normalising + blind index (HMAC-SHA256), no database: {hashing:.1f} µs")


if __name__ == "__main__":
    main()
