"""Quality of the matcher on the evaluation set (``set.json``, see README.md): precision@10
and nDCG@10 of the scorer and of a plain keyword baseline."""

from __future__ import annotations

import datetime
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from gonghui.employment.matching.documents import PostingDoc, SeekerDoc
from gonghui.employment.matching.index import PostingIndex
from gonghui.employment.matching.text import tokenize

SET_FILE = Path(__file__).resolve().parent / "set.json"
K = 10


@dataclass
class EvaluationSet:
    today: datetime.date
    postings: list[PostingDoc]
    seekers: list[SeekerDoc]
    judgements: dict[int, dict[int, int]]


def load(path: Path = SET_FILE) -> EvaluationSet:
    data = json.loads(path.read_text(encoding="utf-8"))
    postings = [
        PostingDoc(
            id=p["id"], occupation=p["occupation"], region=p["region"], text=p["text"],
            pay_min=p["pay_min"], pay_max=p["pay_max"], lat=p["lat"], lon=p["lon"],
            education_min=p["education_min"], age_min=p["age_min"], age_max=p["age_max"],
            skills=frozenset(p["skills"]), certificates=frozenset(p["certificates"]),
            valid_until=datetime.date.fromisoformat(p["valid_until"]) if p["valid_until"] else None,
            published=p["published"], title=p["title"], employer=p["employer"],
        )
        for p in data["postings"]
    ]  # fmt: skip
    seekers = [
        SeekerDoc(
            id=s["id"], occupations=tuple(s["occupations"]), regions=tuple(s["regions"]),
            text=s["text"], expected_pay=s["expected_pay"], lat=s["lat"], lon=s["lon"],
            education=s["education"], age=s["age"], skills=frozenset(s["skills"]),
            certificates=frozenset(s["certificates"]), hardship=s["hardship"],
        )
        for s in data["seekers"]
    ]  # fmt: skip
    judgements = {
        int(seeker): {int(posting): grade for posting, grade in grades.items()}
        for seeker, grades in data["judgements"].items()
    }
    return EvaluationSet(datetime.date.fromisoformat(data["today"]), postings, seekers, judgements)


def precision_at(ranked: list[int], grades: dict[int, int], k: int = K) -> float:
    return sum(1 for pid in ranked[:k] if grades.get(pid, 0) > 0) / k


def ndcg_at(ranked: list[int], grades: dict[int, int], k: int = K) -> float:
    def dcg(gains: list[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:k]))

    ideal = dcg(sorted(grades.values(), reverse=True))
    return dcg([grades.get(pid, 0) for pid in ranked]) / ideal if ideal else 0.0


Ranker = Callable[[SeekerDoc], list[int]]


def keyword_ranker(postings: list[PostingDoc]) -> Ranker:
    """The plain baseline: how many of the seeker's keywords (skills, certificates, words of
    the experience) occur in the posting's text, skills or certificates; no filters."""
    haystacks = [
        (p.id, " ".join([p.title, p.text, *sorted(p.skills), *sorted(p.certificates)]))
        for p in postings
    ]

    def rank(seeker: SeekerDoc) -> list[int]:
        keywords = set(seeker.tags) | {w for w in tokenize(seeker.text) if len(w) >= 2}
        scored = [(sum(1 for w in keywords if w in text), pid) for pid, text in haystacks]
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        return [pid for hits, pid in scored if hits > 0][:K]

    return rank


def scorer_ranker(postings: list[PostingDoc], today: datetime.date) -> Ranker:
    index = PostingIndex(postings)
    return lambda seeker: [m.id for m in index.rank(seeker, today, K)]


def evaluate(ranker: Ranker, data: EvaluationSet) -> dict[str, float]:
    precisions, ndcgs = [], []
    for seeker in data.seekers:
        grades = data.judgements.get(seeker.id, {})
        ranked = ranker(seeker)
        precisions.append(precision_at(ranked, grades))
        ndcgs.append(ndcg_at(ranked, grades))
    return {
        "precision@10": sum(precisions) / len(precisions),
        "ndcg@10": sum(ndcgs) / len(ndcgs),
    }


def run(data: EvaluationSet | None = None) -> dict[str, dict[str, float]]:
    data = data or load()
    return {
        "scorer": evaluate(scorer_ranker(data.postings, data.today), data),
        "keyword baseline": evaluate(keyword_ranker(data.postings), data),
    }


__all__ = ["EvaluationSet", "K", "load", "ndcg_at", "precision_at", "run"]
