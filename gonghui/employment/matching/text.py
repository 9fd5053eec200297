"""Chinese text for matching: rjieba segmentation and the TF-IDF vectoriser built on it."""

from __future__ import annotations

import unicodedata

import numpy as np
import rjieba
from sklearn.feature_extraction.text import TfidfVectorizer

# Words that carry no meaning about the work itself; kept short on purpose: TF-IDF already
# weighs down what every posting says.
_STOPWORDS = (
    "的 了 和 与 及 或 等 在 是 有 我 你 他 她 们 我们 本人 一名 一个 以上 以下 左右 能 会 "
    "可 可以 要求 负责 相关 工作 岗位 经验 优先 者 人 名 年 月 元 个 为 对 并 将 由 从 到 "
    "希望 想 找 做 过 曾 多 好 良好 熟练 具有 具备 能够 进行 以及 the a an and of to in"
)
STOPWORDS = frozenset(_STOPWORDS.split())


def _is_word(token: str) -> bool:
    """Whether a token has a letter or a digit (punctuation and spaces are dropped)."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in token)


def tokenize(text: str) -> list[str]:
    """Segment Chinese (and mixed) text into words, without punctuation or stopwords."""
    if not text:
        return []
    tokens = []
    for token in rjieba.cut(text.lower()):
        token = token.strip()
        if token and token not in STOPWORDS and _is_word(token):
            tokens.append(token)
    return tokens


def make_vectorizer() -> TfidfVectorizer:
    """TF-IDF over rjieba words; rows are L2-normalised, so a dot product is the cosine."""
    return TfidfVectorizer(
        tokenizer=tokenize,
        lowercase=False,
        token_pattern=None,
        sublinear_tf=True,
        dtype=np.float64,
    )
