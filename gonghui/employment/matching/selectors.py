"""What the rest of the app asks the matcher: postings for a seeker, seekers for a posting,
trainings for a seeker without a good match.

The open postings are indexed once per process; the index is rebuilt when a cheap fingerprint
of the published postings (count, last ``updated_at``, last id, and the day) changes.
"""

from __future__ import annotations

import datetime
import math
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from gonghui.employment.choices import PostingStatus
from gonghui.employment.matching import explain, scorer
from gonghui.employment.matching.documents import (
    PostingDoc,
    SeekerDoc,
    posting_doc,
    posting_docs,
    seeker_doc,
    seeker_docs,
)
from gonghui.employment.matching.index import KM_PER_DEGREE_LAT, PostingIndex, sparse_dict


@dataclass
class Result:
    """One matched posting (for a seeker) or seeker (for a posting)."""

    id: int
    score: float
    reasons: list[str]
    match: scorer.Match
    hardship: bool = False
    object: Any = None

    @property
    def reason_text(self) -> str:
        return explain.sentence(self.reasons)

    @property
    def percent(self) -> int:
        return round(self.score * 100)


@dataclass
class TrainingSuggestion:
    training: Any
    postings: int
    posting_ids: list[int] = field(default_factory=list)


# The index of open postings ---------------------------------------------------------------

_lock = threading.Lock()
_cached: tuple[tuple[Any, ...], PostingIndex] | None = None


def open_postings(today: datetime.date) -> QuerySet[Any]:
    from gonghui.employment.models import JobPosting

    return JobPosting.objects.filter(status=PostingStatus.PUBLISHED, valid_until__gte=today)


def fingerprint(today: datetime.date) -> tuple[Any, ...]:
    from gonghui.employment.models import JobPosting

    row = JobPosting.objects.filter(status=PostingStatus.PUBLISHED).aggregate(
        count=Count("id"), updated=Max("updated_at"), last=Max("id")
    )
    return (today, row["count"], row["updated"], row["last"])


# The fingerprint query scans the published postings (~20-140 ms for 50,000 on SQLite): it is
# asked at most this often per process, so a change shows in the matches within seconds.
RECHECK_SECONDS = 5.0
_checked_at = 0.0


def posting_index(today: datetime.date | None = None) -> PostingIndex:
    """The index of the postings open today, rebuilt when they changed (one query if not)."""
    global _cached, _checked_at
    today = today or timezone.localdate()
    cached = _cached
    now = time.monotonic()
    if cached is not None and cached[0][0] == today and now - _checked_at < RECHECK_SECONDS:
        return cached[1]
    key = fingerprint(today)
    _checked_at = now
    if cached is not None and cached[0] == key:
        return cached[1]
    with _lock:
        if _cached is not None and _cached[0] == key:
            return _cached[1]
        index = PostingIndex(posting_docs(open_postings(today)))
        _cached = (key, index)
        return index


def forget_index() -> None:
    global _cached, _checked_at
    _cached = None
    _checked_at = 0.0


# Postings for a seeker ---------------------------------------------------------------------


def rank_postings(
    doc: SeekerDoc, index: PostingIndex, today: datetime.date, limit: int = 10
) -> list[Result]:
    results = []
    for match in index.rank(doc, today, limit):
        posting = index.docs[index.row_of[match.id]]
        match.reasons = explain.reasons(match, doc, posting)
        results.append(Result(match.id, match.score, match.reasons, match))
    return results


def postings_for_seeker(
    seeker: Any,
    limit: int = 10,
    *,
    today: datetime.date | None = None,
) -> list[Result]:
    """The best open postings for ``seeker`` (a JobSeeker), each with ``object`` loaded.
    (Putting hardship households first orders seekers: see ``seekers_for_posting``.)"""
    from gonghui.employment.models import JobPosting

    today = today or timezone.localdate()
    index = posting_index(today)
    results = rank_postings(seeker_doc(seeker, today=today), index, today, limit)
    objects = JobPosting.objects.select_related("enterprise", "occupation").in_bulk(
        [r.id for r in results]
    )
    for result in results:
        result.object = objects.get(result.id)
    return [r for r in results if r.object is not None]


# Seekers for a posting ---------------------------------------------------------------------


def _years_ago(today: datetime.date, years: int) -> datetime.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def seeker_candidates(posting: PostingDoc, seekers: QuerySet[Any], today: datetime.date) -> Any:
    """The filters that SQL can apply cheaply (the rest run on the documents)."""
    query = seekers.filter(active=True, education__gte=posting.education_min)
    if posting.pay_max is not None:
        query = query.filter(expected_pay_min__lte=posting.pay_max)
    if posting.age_min is not None:  # born on or before today minus age_min years
        query = query.filter(person__birth_date__lte=_years_ago(today, posting.age_min))
    if posting.age_max is not None:  # not yet age_max + 1
        query = query.filter(person__birth_date__gt=_years_ago(today, posting.age_max + 1))
    if posting.lat is not None and posting.lon is not None:
        # seekers with coordinates: only those in the box around the commuting circle
        lat_reach = scorer.max_km_default() / KM_PER_DEGREE_LAT + 0.001
        lon_reach = lat_reach / max(0.01, math.cos(math.radians(posting.lat)))
        box = Q(
            latitude__gte=posting.lat - lat_reach,
            latitude__lte=posting.lat + lat_reach,
            longitude__gte=posting.lon - lon_reach,
            longitude__lte=posting.lon + lon_reach,
        )
        query = query.filter(box | Q(latitude__isnull=True) | Q(longitude__isnull=True))
    return query


def rank_seekers(
    posting: PostingDoc,
    seekers: list[SeekerDoc],
    index: PostingIndex,
    today: datetime.date,
    limit: int = 10,
    hardship_first: bool = False,
) -> list[Result]:
    """Seekers for one posting: the same filters and score as the other direction."""
    posting_vector = sparse_dict(index.text_vector(posting.text))
    kept = [s for s in seekers if scorer.passes(s, posting, today)]
    if not kept or not scorer.open_ok(posting, today):
        return []
    matrix = index.text_vector_many([s.text for s in kept])
    scored = []
    for row, seeker in enumerate(kept):
        match = scorer.score_pair(seeker, posting, sparse_dict(matrix.getrow(row)), posting_vector)
        match.id = seeker.id
        match.hardship_first = (
            hardship_first and seeker.hardship and match.score >= scorer.GOOD_MATCH
        )
        scored.append((seeker, match))
    scored.sort(key=lambda pair: (not pair[1].hardship_first, -pair[1].score, pair[0].id))
    results = []
    for seeker, match in scored[:limit]:
        match.reasons = explain.reasons(match, seeker, posting)
        results.append(Result(seeker.id, match.score, match.reasons, match, seeker.hardship))
    return results


def seekers_for_posting(
    posting: Any,
    limit: int = 10,
    *,
    hardship_first: bool = False,
    today: datetime.date | None = None,
    seekers: QuerySet[Any] | None = None,
) -> list[Result]:
    """The best active seekers for ``posting`` among ``seekers`` (a scoped queryset; all
    seekers by default). With ``hardship_first``, seekers of hardship households whose score
    reaches ``scorer.GOOD_MATCH`` come before the others."""
    from gonghui.employment.models import JobSeeker

    today = today or timezone.localdate()
    doc = posting_doc(posting)
    seekers = JobSeeker.objects.all() if seekers is None else seekers
    candidates = seeker_docs(seeker_candidates(doc, seekers, today), today=today)
    results = rank_seekers(doc, candidates, posting_index(today), today, limit, hardship_first)
    objects = JobSeeker.objects.select_related("person").in_bulk([r.id for r in results])
    for result in results:
        result.object = objects.get(result.id)
    return [r for r in results if r.object is not None]


# Trainings for a seeker without a good match ------------------------------------------------


def _under(code: str, parent: str) -> bool:
    return code == parent or code.startswith(parent + "-")


def trainings_for(
    seeker: Any,
    *,
    today: datetime.date | None = None,
    limit: int = 5,
    threshold: float = scorer.GOOD_MATCH,
    trainings: QuerySet[Any] | None = None,
) -> list[TrainingSuggestion]:
    """When the seeker's best posting scores under ``threshold`` (or there is none): the
    coming trainings whose occupation covers the most postings open to the seeker (passing
    the place, pay, age and education filters), with that count. Else nothing."""
    today = today or timezone.localdate()
    index = posting_index(today)
    doc = seeker_doc(seeker, today=today)
    return suggest_trainings(doc, index, today, limit, threshold, trainings)


def suggest_trainings(
    doc: SeekerDoc,
    index: PostingIndex,
    today: datetime.date,
    limit: int = 5,
    threshold: float = scorer.GOOD_MATCH,
    trainings: QuerySet[Any] | None = None,
) -> list[TrainingSuggestion]:
    from gonghui.employment.models import Training

    best = index.rank(doc, today, 1)
    if best and best[0].score >= threshold:
        return []
    rows, _distances = index.candidates(doc)
    rows = rows[index.filter_mask(doc, rows, today)]
    open_codes = [(index.docs[row].occupation, index.docs[row].id) for row in rows]
    if trainings is None:
        trainings = Training.objects.all()
    coming = (
        trainings.filter(starts_on__gte=today, occupation__isnull=False)
        .select_related("occupation")
        .order_by("starts_on", "id")
    )
    suggestions = []
    for training in coming:
        code = training.occupation.code
        ids = [pid for occupation, pid in open_codes if _under(occupation, code)]
        if ids:
            suggestions.append(TrainingSuggestion(training, len(ids), ids))
    suggestions.sort(key=lambda s: (-s.postings, s.training.starts_on, s.training.pk))
    return suggestions[:limit]


__all__ = [
    "Result",
    "TrainingSuggestion",
    "forget_index",
    "posting_index",
    "postings_for_seeker",
    "seekers_for_posting",
    "trainings_for",
]
