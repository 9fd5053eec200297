"""Matching job seekers and postings (figures only).

    uv run python bench/bench_matching.py            # 50,000 postings, 200,000 seekers
    uv run python bench/bench_matching.py --small    # 5,000 postings, 20,000 seekers

The documents are synthetic but shaped like the city's (``matching.synthetic``: 20 kinds of work
with real occupation codes, a fifth of them coded only to the medium category, the ten counties
of 安庆 with coordinates for most postings and half the seekers, Chinese text from templates).
Everything but the last section works on documents in memory:

* building the index (rjieba + TF-IDF fit over every posting, arrays, inverted indexes);
* top-10 postings for one seeker, ``PostingIndex.rank``, median and p95 over 200 seekers;
  the baseline is the brute-force scorer of the same run (``scorer.rank_brute_force``: every
  posting filtered and scored in plain Python, no prefilter, no arrays) on the same seekers,
  and the two must return the same lists;
* recommendations for all seekers as the batch job computes them (rank and the Chinese
  reasons): ``--batch 200000`` times all of them, by default a tenth is timed and the total
  extrapolated (the brute force is always extrapolated from its per-seeker median).

The last section uses the database (a temporary SQLite unless ``DATABASE_URL`` is set): the
postings are bulk-written, then ``selectors.posting_index`` is timed building the index from
the database (query, documents, index), and the batch job's function ``recommend_all`` is timed
on seekers written to the database, including the ``Recommendation`` rows it writes.
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_tree import setup_django

SEED = 2026
TODAY = datetime.date(2026, 6, 1)


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", action="store_true", help="5,000 postings, 20,000 seekers")
    parser.add_argument(
        "--batch", type=int, default=0, help="seekers ranked in the timed batch (default: a tenth)"
    )
    args = parser.parse_args()
    postings_n, seekers_n = (5_000, 20_000) if args.small else (50_000, 200_000)
    queries = 50 if args.small else 200
    brute_queries = 20 if args.small else 30
    batch_sample = min(args.batch or seekers_n // 10, seekers_n)
    db_seekers = 300 if args.small else 2_000

    database = setup_django()
    from gonghui.employment.matching import scorer, synthetic
    from gonghui.employment.matching.documents import PostingDoc, SeekerDoc
    from gonghui.employment.matching.index import PostingIndex, sparse_dict
    from gonghui.employment.matching.selectors import rank_postings

    print(f"database: {database}")
    started = time.perf_counter()
    postings = [g.doc for g in synthetic.make_postings(postings_n, TODAY, seed=SEED)]
    generated_seekers = synthetic.make_seekers(seekers_n, seed=SEED + 1)
    seekers = [g.doc for g in generated_seekers]
    print(
        f"generated {postings_n:,} postings and {seekers_n:,} seekers "
        f"in {time.perf_counter() - started:.1f} s"
    )
    assert all(isinstance(p, PostingDoc) for p in postings)
    assert all(isinstance(s, SeekerDoc) for s in seekers)

    started = time.perf_counter()
    index = PostingIndex(postings)  # type: ignore[arg-type]
    build_s = time.perf_counter() - started
    print(
        f"index built from documents in {build_s:.2f} s "
        f"({index.text.shape[1]:,} words, {index.text.nnz:,} non-zero TF-IDF weights)"
    )
    started = time.perf_counter()
    vectors = index.vectors()
    print(f"brute force: posting vectors as dicts in {time.perf_counter() - started:.2f} s")

    rng = random.Random(SEED)
    sample = rng.sample(seekers, queries)
    fast_ms: list[float] = []
    candidates: list[int] = []
    for seeker in sample:
        assert isinstance(seeker, SeekerDoc)
        started = time.perf_counter()
        index.rank(seeker, TODAY, 10)
        fast_ms.append((time.perf_counter() - started) * 1000)
        candidates.append(len(index.candidates(seeker)[0]))
    slow_ms: list[float] = []
    same = 0
    for seeker in sample[:brute_queries]:
        assert isinstance(seeker, SeekerDoc)
        started = time.perf_counter()
        query = sparse_dict(index.text_vector(seeker.text))
        slow = scorer.rank_brute_force(seeker, index.docs, vectors, query, TODAY, 10)
        slow_ms.append((time.perf_counter() - started) * 1000)
        fast = index.rank(seeker, TODAY, 10)
        same += [(m.id, m.score) for m in fast] == [(m.id, m.score) for m in slow]
    fast_median, fast_p95 = percentiles(fast_ms)
    slow_median, slow_p95 = percentiles(slow_ms)
    print()
    print(f"top-10 postings for one seeker ({postings_n:,} postings)")
    print(f"{'':34} {'median ms':>10} {'p95 ms':>10} {'seekers':>8}")
    print(
        f"{'index (prefilter, arrays, sparse)':34} {fast_median:10.2f} {fast_p95:10.2f} {queries:8}"
    )
    print(
        f"{'brute force (plain Python)':34} {slow_median:10.1f} {slow_p95:10.1f} {brute_queries:8}"
    )
    print(
        f"ratio brute/index: median {slow_median / fast_median:,.0f}x, p95 "
        f"{slow_p95 / fast_p95:,.0f}x; identical top-10 lists: {same}/{brute_queries}; "
        f"rows left after the place prefilter: median {statistics.median(candidates):,.0f}"
    )

    # The batch, as the job computes it (rank + reasons), on all seekers or a sample
    batch = seekers[:batch_sample]
    started = time.perf_counter()
    written = 0
    for seeker in batch:
        assert isinstance(seeker, SeekerDoc)
        written += len(rank_postings(seeker, index, TODAY, 10))
    batch_s = time.perf_counter() - started
    all_s = batch_s * seekers_n / len(batch)
    brute_all_s = slow_median / 1000 * seekers_n
    print()
    measured = "measured" if len(batch) == seekers_n else "extrapolated"
    print(
        f"batch: {len(batch):,} seekers in {batch_s:.1f} s ({written:,} recommendations), "
        f"{len(batch) / batch_s:,.0f} seekers/s; all {seekers_n:,} {measured}: "
        f"{all_s / 60:.1f} min on one core"
    )
    print(
        f"brute force for all {seekers_n:,}, extrapolated from its median: "
        f"{brute_all_s / 3600:.1f} h ({brute_all_s / all_s:,.0f}x)"
    )

    database_section(postings, generated_seekers[:db_seekers])  # type: ignore[arg-type]


def database_section(postings: list[Any], generated: list[Any]) -> None:
    from django.db import connection

    from gonghui.core.choices import UnitKind
    from gonghui.core.models import OrgUnit
    from gonghui.employment.choices import PostingStatus
    from gonghui.employment.matching import selectors, synthetic
    from gonghui.employment.matching.runners import recommend_all
    from gonghui.employment.models import JobPosting, JobSeeker, Occupation, Recommendation
    from gonghui.registry.models import Enterprise, Person
    from gonghui.utils.credit_code import make_credit_code
    from gonghui.utils.idcard import make_id_number

    city = OrgUnit.objects.create(
        code="340800", name="安庆市总工会", kind=UnitKind.CITY, region_code="340800"
    )
    counties = {
        code: OrgUnit.objects.create(
            code=code, name=f"{name}总工会", kind=UnitKind.COUNTY, parent=city, region_code=code
        )
        for code, name, _lat, _lon in synthetic.COUNTIES
    }
    enterprises = {
        code: Enterprise.objects.create(
            unit=unit, name=f"{unit.name}企业", credit_code=make_credit_code(code, n + 1),
            region_code=code,
        )
        for n, (code, unit) in enumerate(counties.items())
    }  # fmt: skip
    occupations = dict(Occupation.objects.values_list("code", "id"))
    started = time.perf_counter()
    JobPosting.objects.bulk_create(
        [
            JobPosting(
                enterprise=enterprises[p.region], unit=counties[p.region], title=p.title,
                occupation_id=occupations[p.occupation], description=p.text, openings=1,
                region_code=p.region,
                latitude=None if p.lat is None else Decimal(str(p.lat)),
                longitude=None if p.lon is None else Decimal(str(p.lon)),
                pay_min=Decimal(p.pay_min), pay_max=Decimal(p.pay_max),
                education_min=p.education_min, age_min=p.age_min, age_max=p.age_max,
                skills=sorted(p.skills), certificates=sorted(p.certificates),
                valid_until=p.valid_until,
                status=PostingStatus.PUBLISHED if p.published else PostingStatus.CLOSED,
            )
            for p in postings
        ],
        batch_size=2000,
    )  # fmt: skip
    print()
    print(
        f"database ({connection.vendor}): wrote {len(postings):,} postings in "
        f"{time.perf_counter() - started:.1f} s"
    )
    today = datetime.date.today()  # the index keeps what is open today: shift the dates
    JobPosting.objects.update(valid_until=today + datetime.timedelta(days=30))
    selectors.forget_index()
    started = time.perf_counter()
    index = selectors.posting_index(today)
    first_s = time.perf_counter() - started
    started = time.perf_counter()
    selectors.fingerprint(today)
    again_ms = (time.perf_counter() - started) * 1000
    print(
        f"index of the {index.n:,} open postings built from the database in {first_s:.1f} s; "
        f"unchanged afterwards, the fingerprint query costs {again_ms:.1f} ms (asked at most "
        f"every {selectors.RECHECK_SECONDS:.0f} s)"
    )

    born = datetime.date(1970, 1, 1)
    started = time.perf_counter()
    for n, g in enumerate(generated):
        doc = g.doc
        unit = counties[g.county]
        birth = born + datetime.timedelta(days=7 * n)
        person = Person(
            unit=unit, name=f"求职者{n}", id_number=make_id_number(g.county, birth, n % 500, "male")
        )
        person.save()
        seeker = JobSeeker.objects.create(
            person=person, unit=unit, wanted_region_codes=list(doc.regions),
            latitude=None if doc.lat is None else Decimal(str(doc.lat)),
            longitude=None if doc.lon is None else Decimal(str(doc.lon)),
            expected_pay_min=Decimal(doc.expected_pay or 0), education=doc.education,
            skills=sorted(doc.skills), certificates=sorted(doc.certificates),
            experience=doc.text,
        )  # fmt: skip
        seeker.wanted_occupations.set([occupations[c] for c in doc.occupations])
    print(f"wrote {len(generated):,} seekers in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    result = recommend_all(JobSeeker.objects.all(), today=today)
    batch_s = time.perf_counter() - started
    assert Recommendation.objects.count() == result["recommendations"]
    print(
        f"recommend_all (the batch job's work) for {result['seekers']:,} seekers from the "
        f"database: {batch_s:.1f} s, {result['seekers'] / batch_s:,.0f} seekers/s, "
        f"{result['recommendations']:,} Recommendation rows written"
    )


if __name__ == "__main__":
    main()
