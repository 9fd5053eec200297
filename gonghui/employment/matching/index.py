"""The in-memory index of open postings: filters as array masks, scores as sparse products.

For one seeker: candidates come from an inverted index (rows by region prefix) or, when the
seeker has coordinates, from a latitude band found by binary search; the remaining filters are
boolean masks on those rows; the score is occupation codes compared as integers plus two sparse
dot products (skills/certificates, TF-IDF text); ``argpartition`` picks the top k.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from gonghui.employment.matching import scorer
from gonghui.employment.matching.documents import (
    PostingDoc,
    SeekerDoc,
    occupation_levels,
    region_prefix,
)
from gonghui.employment.matching.text import make_vectorizer, tokenize

BIG = np.int64(2**62)
INT32_MAX = np.iinfo(np.int32).max
KM_PER_DEGREE_LAT = 111.2


def _region_int(code: str) -> int:
    return int(code) if len(code) == 6 and code.isdigit() else 0


def sparse_dict(row: Any) -> dict[int, float]:
    """One row of a CSR matrix as {column: value} (for the plain-Python scorer)."""
    return dict(zip(row.indices.tolist(), row.data.tolist(), strict=True))


class PostingIndex:
    """Arrays over a fixed list of postings (the open ones, as loaded)."""

    def __init__(self, postings: Sequence[PostingDoc], vectorizer: Any = None) -> None:
        self.docs = list(postings)
        n = len(self.docs)
        self.n = n
        self.ids = np.fromiter((d.id for d in self.docs), dtype=np.int64, count=n)
        self.row_of = {doc.id: row for row, doc in enumerate(self.docs)}

        # occupation codes as integers per level (-1: the posting's code stops short)
        self.occ_vocab: list[dict[str, int]] = [{}, {}, {}]
        self.occ = np.full((3, n), -1, dtype=np.int64)
        for row, doc in enumerate(self.docs):
            for depth, code in enumerate(occupation_levels(doc.occupation)):
                if code:
                    vocab = self.occ_vocab[depth]
                    self.occ[depth, row] = vocab.setdefault(code, len(vocab))

        region = np.fromiter((_region_int(d.region) for d in self.docs), np.int64, count=n)
        self.region_rows: dict[str, np.ndarray] = {}
        self.nocoord_region_rows: dict[str, np.ndarray] = {}
        lat = np.array([np.nan if d.lat is None else d.lat for d in self.docs], dtype=np.float64)
        lon = np.array([np.nan if d.lon is None else d.lon for d in self.docs], dtype=np.float64)
        has_coord = ~(np.isnan(lat) | np.isnan(lon))
        for digits in (2, 4, 6):
            keys = region // 10 ** (6 - digits)
            self._invert(keys, digits, self.region_rows, np.ones(n, dtype=bool))
            self._invert(keys, digits, self.nocoord_region_rows, ~has_coord)
        self.nocoord_rows = np.flatnonzero(~has_coord)
        coord_rows = np.flatnonzero(has_coord)
        order = np.argsort(lat[coord_rows], kind="stable")
        self.lat_rows = coord_rows[order]
        self.lat_sorted = lat[self.lat_rows]
        self.lon_deg = lon
        self.lat_rad = np.radians(lat)
        self.lon_rad = np.radians(lon)

        def ints(values: Any, missing: int | np.int64) -> np.ndarray:
            return np.array([missing if v is None else v for v in values], dtype=np.int64)

        self.pay_max = ints((d.pay_max for d in self.docs), BIG)
        self.education_min = ints((d.education_min for d in self.docs), 0)
        self.age_min = ints((d.age_min for d in self.docs), 0)
        self.age_max = ints((d.age_max for d in self.docs), 10_000)
        self.valid_until = ints(
            (d.valid_until.toordinal() if d.valid_until else None for d in self.docs), BIG
        )
        self.published = np.fromiter((d.published for d in self.docs), dtype=bool, count=n)
        # the filtered columns side by side; an unpublished posting "expired" long ago
        self.limits = np.column_stack(
            [
                np.where(self.published, np.minimum(self.valid_until, INT32_MAX), -1),
                np.minimum(self.pay_max, INT32_MAX),
                self.age_min,
                self.age_max,
                self.education_min,
            ]
        ).astype(np.int32)

        # skills and certificates: binary rows, L2-normalised, so a dot product is the cosine
        self.tag_vocab: dict[str, int] = {}
        indptr, indices = [0], []
        for doc in self.docs:
            for tag in sorted(doc.tags):
                indices.append(self.tag_vocab.setdefault(tag, len(self.tag_vocab)))
            indptr.append(len(indices))
        counts = np.diff(np.array(indptr))
        data = np.repeat(1.0 / np.sqrt(np.maximum(counts, 1)), counts)
        self.tags = sp.csr_matrix(
            (data, np.array(indices, dtype=np.int64), np.array(indptr)),
            shape=(n, max(1, len(self.tag_vocab))),
        )

        texts = [d.text for d in self.docs]
        self.vectorizer = vectorizer
        self.text = sp.csr_matrix((n, 1))
        if vectorizer is not None:
            self.text = sp.csr_matrix(vectorizer.transform(texts))
        else:
            fitted = make_vectorizer()
            try:
                self.text = sp.csr_matrix(fitted.fit_transform(texts))
                self.vectorizer = fitted
            except ValueError:  # not one word in any posting
                pass
        self.vocabulary: dict[str, int] = (
            dict(self.vectorizer.vocabulary_) if self.vectorizer is not None else {}
        )
        self.idf = self.vectorizer.idf_ if self.vectorizer is not None else np.zeros(0)
        # Transposed (term -> postings): a query touches only the lists of its few terms.
        self.text_postings = self.text.T.tocsr()
        self.tag_postings = self.tags.T.tocsr()

    @staticmethod
    def _invert(
        keys: np.ndarray, digits: int, target: dict[str, np.ndarray], keep: np.ndarray
    ) -> None:
        rows = np.flatnonzero(keep & (keys > 0))
        if not len(rows):
            return
        order = np.argsort(keys[rows], kind="stable")
        rows = rows[order]
        values, starts = np.unique(keys[rows], return_index=True)
        for value, chunk in zip(values, np.split(rows, starts[1:]), strict=True):
            target[str(int(value)).zfill(digits)] = np.sort(chunk)

    # vectors of one seeker ---------------------------------------------------------------

    def query_terms(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The TF-IDF weights of ``text`` as the fitted vectoriser would make them (sublinear
        tf, idf, L2 norm), computed directly: sklearn's ``transform`` costs ~1 ms a call."""
        counts: dict[int, int] = {}
        for token in tokenize(text):
            column = self.vocabulary.get(token)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        if not counts:
            return np.empty(0, dtype=np.int64), np.empty(0)
        columns = np.array(sorted(counts), dtype=np.int64)
        weights = (1.0 + np.log([counts[c] for c in columns.tolist()])) * self.idf[columns]
        return columns, weights / np.sqrt(np.dot(weights, weights))

    def text_vector(self, text: str) -> Any:
        columns, weights = self.query_terms(text)
        return sp.csr_matrix(
            (weights, columns, np.array([0, len(columns)])), shape=(1, self.text.shape[1])
        )

    def text_vector_many(self, texts: list[str]) -> Any:
        if self.vectorizer is None:
            return sp.csr_matrix((len(texts), self.text.shape[1]))
        return sp.csr_matrix(self.vectorizer.transform(texts))

    # the steps ---------------------------------------------------------------------------

    def candidates(
        self, seeker: SeekerDoc, max_km: float | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Rows passing the place filter, and their distance in km (NaN without coordinates)."""
        prefixes = sorted({p for p in map(region_prefix, seeker.regions) if p})
        if seeker.lat is not None and seeker.lon is not None:
            km = seeker.max_km or max_km or scorer.max_km_default()
            band = km / KM_PER_DEGREE_LAT + 1e-6
            lo, hi = np.searchsorted(self.lat_sorted, [seeker.lat - band, seeker.lat + band])
            near = self.lat_rows[lo:hi]
            reach = band / max(0.01, np.cos(np.radians(seeker.lat)))
            near = near[np.abs(self.lon_deg[near] - seeker.lon) <= reach]
            distance = self._haversine(seeker.lat, seeker.lon, near)
            keep = distance <= km
            near, distance = near[keep], distance[keep]
            far = self._union(self.nocoord_region_rows, prefixes) if prefixes else self.nocoord_rows
            rows = np.concatenate([near, far])
            distances = np.concatenate([distance, np.full(len(far), np.nan)])
            return rows, distances
        rows = self._union(self.region_rows, prefixes) if prefixes else np.arange(self.n)
        return rows, np.full(len(rows), np.nan)

    @staticmethod
    def _union(table: dict[str, np.ndarray], prefixes: list[str]) -> np.ndarray:
        """Rows under any of the prefixes; a prefix inside another one adds nothing, and the
        rest are disjoint, so the lists are only concatenated (order does not matter)."""
        kept = [p for p in prefixes if not any(p != q and p.startswith(q) for q in prefixes)]
        parts = [table[p] for p in kept if p in table]
        if not parts:
            return np.empty(0, dtype=np.int64)
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def _haversine(self, lat: float, lon: float, rows: np.ndarray) -> np.ndarray:
        p1 = np.radians(lat)
        p2 = self.lat_rad[rows]
        dp = p2 - p1
        dl = self.lon_rad[rows] - np.radians(lon)
        a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
        return 2 * scorer.EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))

    def filter_mask(self, seeker: SeekerDoc, rows: np.ndarray, today: datetime.date) -> Any:
        limits = self.limits[rows].T  # one gather of whole rows for the five columns
        mask = limits[0] >= today.toordinal()  # published rows only: see ``limits``
        if seeker.expected_pay is not None:
            mask &= limits[1] >= seeker.expected_pay
        if seeker.age is not None:
            mask &= (limits[2] <= seeker.age) & (limits[3] >= seeker.age)
        mask &= limits[4] <= seeker.education
        return mask

    def _accumulate(self, postings: Any, columns: Any, weights: Any) -> np.ndarray:
        """Dot products of every posting with a sparse query, through the term lists."""
        total = np.zeros(self.n)
        indptr, indices, data = postings.indptr, postings.indices, postings.data
        for column, weight in zip(columns.tolist(), weights.tolist(), strict=True):
            start, end = indptr[column], indptr[column + 1]
            total[indices[start:end]] += weight * data[start:end]
        return total

    def occupation_levels(self, seeker: SeekerDoc, rows: np.ndarray) -> np.ndarray:
        """``scorer.occupation_level`` over the rows (-1 in ``occ``: the posting's code stops
        short of that level)."""
        best = np.zeros(len(rows), dtype=np.int64)
        occ = self.occ[:, rows] if seeker.occupations else self.occ[:, :0]
        for want in seeker.occupations:
            levels = occupation_levels(want)
            ids = [
                self.occ_vocab[depth].get(code, -2) if code else None
                for depth, code in enumerate(levels)
            ]
            if ids[0] is None:
                continue
            major = occ[0] == ids[0]
            full = major.copy()
            for depth in (1, 2):
                if ids[depth] is not None:
                    full &= (occ[depth] == ids[depth]) | (occ[depth] == -1)
            medium = major & (occ[1] == ids[1]) if ids[1] is not None else np.zeros_like(major)
            level = np.where(full, 3, np.where(medium, 2, np.where(major, 1, 0)))
            best = np.maximum(best, level)
        return best

    def rank(
        self,
        seeker: SeekerDoc,
        today: datetime.date,
        limit: int = 10,
        max_km: float | None = None,
        text_similarity: np.ndarray | None = None,
    ) -> list[scorer.Match]:
        """The top ``limit`` postings for the seeker. ``text_similarity`` (one value per posting)
        replaces the TF-IDF cosine, to measure another text model with the same rest.

        Exact pruning: the postings of the seeker's medium (then major) category are ranked
        first; when their ``limit``-th score beats the best any posting of a lower occupation
        level could reach, the others cannot enter the list and are never filtered or scored.
        """
        rows, distances = self.candidates(seeker, max_km)
        if not len(rows):
            return []
        levels = self.occupation_levels(seeker, rows)
        scores = _LazyScores(self, seeker, text_similarity)
        if seeker.occupations:
            for floor in (2, 1):
                strong = levels >= floor
                if np.count_nonzero(strong) < limit:
                    continue
                found = self._rank_rows(
                    seeker, rows[strong], distances[strong], levels[strong], today, limit, scores
                )
                if len(found) == limit and found[-1].score > best_possible(floor - 1):
                    return found
        return self._rank_rows(seeker, rows, distances, levels, today, limit, scores)

    def _rank_rows(
        self,
        seeker: SeekerDoc,
        rows: np.ndarray,
        distances: np.ndarray,
        levels: np.ndarray,
        today: datetime.date,
        limit: int,
        lazy: _LazyScores,
    ) -> list[scorer.Match]:
        keep = self.filter_mask(seeker, rows, today)
        rows, distances, levels = rows[keep], distances[keep], levels[keep]
        if not len(rows):
            return []
        occupation = OCCUPATION_SCORES[levels]
        tags, text = lazy.tags()[rows], lazy.text()[rows]
        scores = np.round(
            scorer.W_OCCUPATION * occupation + scorer.W_TAGS * tags + scorer.W_TEXT * text,
            scorer.DECIMALS,
        )
        top = top_k(scores, self.ids[rows], limit)
        return [
            scorer.Match(
                id=int(self.ids[rows[i]]),
                score=float(scores[i]),
                occupation_level=int(levels[i]),
                tag_score=float(tags[i]),
                text_score=float(text[i]),
                distance_km=None if np.isnan(distances[i]) else float(distances[i]),
                shared=tuple(sorted(seeker.tags & self.docs[rows[i]].tags)),
            )
            for i in top
        ]

    def vectors(self) -> list[dict[int, float]]:
        """Every posting's TF-IDF vector as a dict (what a plain-Python scorer would keep)."""
        return [sparse_dict(self.text.getrow(row)) for row in range(self.n)]


def top_k(scores: np.ndarray, ids: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k best scores, ties broken by the smaller id (as a full sort would)."""
    if len(scores) > k:
        threshold = scores[np.argpartition(-scores, k - 1)[:k]].min()
        chosen = np.flatnonzero(scores >= threshold)
    else:
        chosen = np.arange(len(scores))
    order = np.lexsort((ids[chosen], -scores[chosen]))
    return chosen[order[:k]]


OCCUPATION_SCORES = np.array((0.0, *scorer.LEVEL_SCORES))


def best_possible(level: int) -> float:
    """The highest score a posting of this occupation level can reach (skills and text at 1)."""
    return float(OCCUPATION_SCORES[level]) * scorer.W_OCCUPATION + scorer.W_TAGS + scorer.W_TEXT


class _LazyScores:
    """The seeker's skill and text similarity to every posting, computed once when needed."""

    def __init__(
        self, index: PostingIndex, seeker: SeekerDoc, text_similarity: np.ndarray | None
    ) -> None:
        self.index, self.seeker = index, seeker
        self._tags: np.ndarray | None = None
        self._text = text_similarity

    def tags(self) -> np.ndarray:
        if self._tags is None:
            index, tags = self.index, self.seeker.tags
            known = [index.tag_vocab[t] for t in tags if t in index.tag_vocab]
            if known:
                weight = np.full(len(known), 1.0 / np.sqrt(len(tags)))
                self._tags = index._accumulate(index.tag_postings, np.array(known), weight)
            else:
                self._tags = np.zeros(index.n)
        return self._tags

    def text(self) -> np.ndarray:
        if self._text is None:
            columns, weights = self.index.query_terms(self.seeker.text)
            if len(columns):
                self._text = self.index._accumulate(self.index.text_postings, columns, weights)
            else:
                self._text = np.zeros(self.index.n)
        return self._text
