"""The matching rules on one seeker and one posting, in plain Python.

This is the reference: the vectorised index (``index``) must give the same filters and the
same scores, and the brute-force baseline of the benchmark is ``rank_brute_force`` below.

Hard filters (all must pass): the posting is published and not expired; the place (commuting
distance when both sides have coordinates, else the posting lies in one of the seeker's wanted
places); pay (the seeker's expected minimum is at most the posting's maximum); age limits;
minimum education.

Score in [0, 1]: ``W_OCCUPATION`` x occupation (same small category, or codes agreeing as far
as both go, 1; same medium 0.6; same major 0.25) + ``W_TAGS`` x overlap of skills and
certificates (cosine of the two sets) + ``W_TEXT`` x TF-IDF cosine of the Chinese descriptions.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from django.conf import settings

from gonghui.employment.matching.documents import (
    PostingDoc,
    SeekerDoc,
    occupation_levels,
    region_prefix,
)

W_OCCUPATION = 0.5
W_TAGS = 0.2
W_TEXT = 0.3
LEVEL_SCORES = (0.25, 0.6, 1.0)  # same major, medium, small category
# Below this best score a seeker "has no good match" and is shown trainings.
GOOD_MATCH = 0.35
# Scores are rounded before ranking so that the vectorised and plain sums rank alike.
DECIMALS = 9
EARTH_RADIUS_KM = 6371.0088


def max_km_default() -> float:
    return float(settings.EMPLOYMENT_MATCHING_MAX_KM)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


# Hard filters ---------------------------------------------------------------------------


def open_ok(posting: PostingDoc, today: datetime.date) -> bool:
    return posting.published and (posting.valid_until is None or posting.valid_until >= today)


def distance_km(seeker: SeekerDoc, posting: PostingDoc) -> float | None:
    if None in (seeker.lat, seeker.lon, posting.lat, posting.lon):
        return None
    return haversine_km(seeker.lat, seeker.lon, posting.lat, posting.lon)  # type: ignore[arg-type]


def place_ok(seeker: SeekerDoc, posting: PostingDoc, max_km: float | None = None) -> bool:
    distance = distance_km(seeker, posting)
    if distance is not None:
        return distance <= (seeker.max_km or max_km or max_km_default())
    prefixes = [p for p in map(region_prefix, seeker.regions) if p]
    if not prefixes:
        return True  # the seeker said nothing about the place
    return any(posting.region.startswith(prefix) for prefix in prefixes)


def pay_ok(seeker: SeekerDoc, posting: PostingDoc) -> bool:
    if seeker.expected_pay is None or posting.pay_max is None:
        return True
    return seeker.expected_pay <= posting.pay_max


def age_ok(seeker: SeekerDoc, posting: PostingDoc) -> bool:
    if seeker.age is None:
        return True
    if posting.age_min is not None and seeker.age < posting.age_min:
        return False
    return posting.age_max is None or seeker.age <= posting.age_max


def education_ok(seeker: SeekerDoc, posting: PostingDoc) -> bool:
    return seeker.education >= posting.education_min


def passes(
    seeker: SeekerDoc, posting: PostingDoc, today: datetime.date, max_km: float | None = None
) -> bool:
    return (
        open_ok(posting, today)
        and place_ok(seeker, posting, max_km)
        and pay_ok(seeker, posting)
        and age_ok(seeker, posting)
        and education_ok(seeker, posting)
    )


# Score ----------------------------------------------------------------------------------


def occupation_level(wanted: tuple[str, ...], code: str) -> int:
    """3 when the codes agree at every level both give ("4-01" wanted, "4-01-02" posted: the
    posting lies in what is wanted), else 2 for the same medium category, 1 for the same major
    one, 0 for none: the best over ``wanted``."""
    target = occupation_levels(code)
    best = 0
    for want in wanted:
        levels = occupation_levels(want)
        if not levels[0] or levels[0] != target[0]:
            continue
        if all(not levels[d] or not target[d] or levels[d] == target[d] for d in (1, 2)):
            return 3
        best = max(best, 2 if levels[1] and levels[1] == target[1] else 1)
    return best


def occupation_score(level: int) -> float:
    return LEVEL_SCORES[level - 1] if level else 0.0


def tag_score(seeker_tags: frozenset[str], posting_tags: frozenset[str]) -> float:
    if not seeker_tags or not posting_tags:
        return 0.0
    return len(seeker_tags & posting_tags) / math.sqrt(len(seeker_tags) * len(posting_tags))


def sparse_cosine(a: dict[int, float], b: dict[int, float]) -> float:
    """Dot product of two L2-normalised sparse vectors kept as dicts."""
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(term, 0.0) for term, weight in a.items())


def combine(occupation: float, tags: float, text: float) -> float:
    return round(W_OCCUPATION * occupation + W_TAGS * tags + W_TEXT * text, DECIMALS)


@dataclass(slots=True)
class Match:
    """One result: the other side's id, the score and what the explanation needs."""

    id: int
    score: float
    occupation_level: int = 0
    tag_score: float = 0.0
    text_score: float = 0.0
    distance_km: float | None = None
    shared: tuple[str, ...] = ()
    hardship_first: bool = False
    reasons: list[str] = field(default_factory=list)


def score_pair(
    seeker: SeekerDoc,
    posting: PostingDoc,
    seeker_vector: dict[int, float],
    posting_vector: dict[int, float],
) -> Match:
    level = occupation_level(seeker.occupations, posting.occupation)
    tags = tag_score(seeker.tags, posting.tags)
    text = sparse_cosine(seeker_vector, posting_vector)
    return Match(
        id=posting.id,
        score=combine(occupation_score(level), tags, text),
        occupation_level=level,
        tag_score=tags,
        text_score=text,
        distance_km=distance_km(seeker, posting),
        shared=tuple(sorted(seeker.tags & posting.tags)),
    )


def rank_brute_force(
    seeker: SeekerDoc,
    postings: list[PostingDoc],
    vectors: list[dict[int, float]],
    seeker_vector: dict[int, float],
    today: datetime.date,
    limit: int = 10,
    max_km: float | None = None,
) -> list[Match]:
    """Every posting checked and scored one by one: no prefilter, no arrays."""
    matches = [
        score_pair(seeker, posting, seeker_vector, vector)
        for posting, vector in zip(postings, vectors, strict=True)
        if passes(seeker, posting, today, max_km)
    ]
    matches.sort(key=lambda m: (-m.score, m.id))
    return matches[:limit]
