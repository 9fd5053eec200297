"""The score, the ranking and the explanations, and the quality on the evaluation set."""

from __future__ import annotations

import dataclasses
import datetime
import math

import numpy as np
import pytest

from gonghui.employment.matching import evaluation, explain, scorer, synthetic
from gonghui.employment.matching.documents import PostingDoc, SeekerDoc, region_prefix
from gonghui.employment.matching.index import PostingIndex, sparse_dict, top_k
from gonghui.employment.matching.text import tokenize

TODAY = datetime.date(2026, 6, 1)


def test_occupation_levels_follow_the_code_prefixes() -> None:
    assert scorer.occupation_level(("6-30-05",), "6-30-05") == 3  # same small category
    assert scorer.occupation_level(("6-30",), "6-30-05") == 3  # inside the wanted category
    assert scorer.occupation_level(("6-30-05",), "6-30") == 3  # posting coded coarsely
    assert scorer.occupation_level(("6-30-05",), "6-30-01") == 2  # same medium
    assert scorer.occupation_level(("6-30-05",), "6-31-01") == 1  # same major
    assert scorer.occupation_level(("6-30-05",), "4-02-06") == 0
    assert scorer.occupation_level(("4-02-06", "6-30-01"), "6-30-05") == 2  # best of the wanted
    assert scorer.occupation_level((), "6-30-05") == 0
    assert region_prefix("340800") == "3408" and region_prefix("340000") == "34"
    assert region_prefix("340802") == "340802" and region_prefix("bad") == ""


def test_skills_overlap_is_the_cosine_of_the_two_sets() -> None:
    assert scorer.tag_score(frozenset({"电工证", "叉车"}), frozenset({"叉车"})) == pytest.approx(
        1 / math.sqrt(2)
    )
    assert scorer.tag_score(frozenset(), frozenset({"叉车"})) == 0


def test_text_is_segmented_without_punctuation_or_stopwords() -> None:
    assert tokenize("我是一名电工，持有电工证，会开叉车。") == [
        "电工",
        "持有",
        "电工证",
        "会开",
        "叉车",
    ]


def test_the_score_combines_occupation_skills_and_text() -> None:
    post = PostingDoc(id=1, occupation="6-30-05", region="340802", text="叉车司机 驾驶叉车",
                      skills=frozenset({"叉车", "装卸"}))  # fmt: skip
    other = PostingDoc(id=2, occupation="4-03-02", region="340802", text="厨师 炒菜")
    person = SeekerDoc(id=9, occupations=("6-30-05",), text="开过叉车", skills=frozenset({"叉车"}))
    index = PostingIndex([post, other])
    first, second = index.rank(person, TODAY)
    text = sparse_dict(index.text_vector(person.text))
    cosine = sum(w * sparse_dict(index.text.getrow(0)).get(t, 0) for t, w in text.items())
    assert cosine > 0
    assert first.id == 1
    assert first.score == pytest.approx(0.5 * 1 + 0.2 * (1 / math.sqrt(2)) + 0.3 * cosine)
    assert (second.id, second.score) == (2, 0.0)


def test_query_vectors_are_those_of_the_fitted_vectoriser() -> None:
    postings = [g.doc for g in synthetic.make_postings(300, TODAY, seed=5)]
    index = PostingIndex(postings)  # type: ignore[arg-type]
    for text in ("开了三年叉车，有叉车证，叉车熟练", "会计 金蝶 报税", "无关的话", ""):
        ours = index.text_vector(text).toarray()
        theirs = index.vectorizer.transform([text]).toarray()
        assert np.allclose(ours, theirs, atol=1e-12), text


def test_the_index_ranks_exactly_like_the_brute_force_scorer() -> None:
    postings = [g.doc for g in synthetic.make_postings(1500, TODAY, seed=3)]
    seekers = [g.doc for g in synthetic.make_seekers(120, seed=4)]
    index = PostingIndex(postings)  # type: ignore[arg-type]
    vectors = index.vectors()
    compared = 0
    for person in seekers:
        assert isinstance(person, SeekerDoc)
        fast = index.rank(person, TODAY, 10)
        slow = scorer.rank_brute_force(
            person, index.docs, vectors, sparse_dict(index.text_vector(person.text)), TODAY, 10
        )
        assert [(m.id, m.score, m.shared) for m in fast] == [
            (m.id, m.score, m.shared) for m in slow
        ]
        compared += bool(fast)
    assert compared > 100  # most seekers have results, so the comparison means something


def test_top_k_breaks_ties_by_the_smaller_id() -> None:
    scores = np.array([0.5, 0.9, 0.5, 0.5, 0.1])
    ids = np.array([40, 10, 30, 20, 50])
    assert ids[top_k(scores, ids, 3)].tolist() == [10, 20, 30]


def test_every_result_is_explained_in_chinese() -> None:
    person = SeekerDoc(
        id=1, occupations=("6-31-01",), lat=30.51, lon=117.09, text="做过电工",
        expected_pay=6000, skills=frozenset({"叉车"}), certificates=frozenset({"电工证"}),
    )  # fmt: skip
    post = PostingDoc(
        id=7, occupation="6-31-01", region="340802", lat=30.51 + 8 / 111.2, lon=117.09,
        text="招聘电工", pay_min=5000, pay_max=8000, skills=frozenset({"叉车"}),
        certificates=frozenset({"电工证"}),
    )  # fmt: skip
    (match,) = PostingIndex([post]).rank(person, TODAY)
    assert explain.sentence(explain.reasons(match, person, post)).startswith(
        "职业相符、期望薪资在范围内、距离8公里、技能匹配：叉车、电工证"
    )
    coarse = dataclasses.replace(post, occupation="6-31-03", lat=None, lon=None, pay_min=6500)
    person = dataclasses.replace(person, lat=None, lon=None, regions=("340800",))
    (match,) = PostingIndex([coarse]).rank(person, TODAY)
    assert explain.reasons(match, person, coarse)[:3] == ["职业相近", "薪资高于期望", "在期望地区"]


def test_the_scorer_beats_the_keyword_baseline_on_the_evaluation_set() -> None:
    data = evaluation.load()
    assert (len(data.seekers), len(data.postings)) == (30, 200)
    figures = evaluation.run(data)
    scorer_figures, baseline = figures["scorer"], figures["keyword baseline"]
    assert scorer_figures["precision@10"] > baseline["precision@10"]
    assert scorer_figures["ndcg@10"] > baseline["ndcg@10"]


def test_the_metrics_on_a_hand_made_ranking() -> None:
    grades = {1: 2, 2: 1, 3: 2}
    ranked = [2, 9, 1]
    assert evaluation.precision_at(ranked, grades) == pytest.approx(2 / 10)
    dcg = 1 / math.log2(2) + 3 / math.log2(4)
    ideal = 3 / math.log2(2) + 3 / math.log2(3) + 1 / math.log2(4)
    assert evaluation.ndcg_at(ranked, grades) == pytest.approx(dcg / ideal)
