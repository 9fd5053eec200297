"""Finding requirements the law forbids in a job posting (就业歧视: 性别, 民族, 婚育, 户籍).

A keyword list in Chinese, matched in the title, description and requirements. It flags for
a reviewer; it does not decide: a reviewer may publish a flagged posting with a note saying
why (for example "女职工禁忌劳动范围" for an underground mining job).
"""

from __future__ import annotations

from gonghui.employment.choices import FlagReason

KEYWORDS: dict[str, tuple[str, ...]] = {
    FlagReason.GENDER.value: (
        "限男性", "限女性", "仅限男性", "仅限女性", "只招男", "只招女", "男性优先", "女性优先",
        "男士优先", "女士优先", "限男", "限女", "仅招男", "仅招女", "不招女", "不招男",
        "男生优先", "女生优先", "性别：男", "性别:男", "性别：女", "性别:女",
    ),
    FlagReason.ETHNICITY.value: ("汉族", "限汉族", "仅限汉族", "民族不限汉", "少数民族勿扰"),
    FlagReason.MARITAL_STATUS.value: (
        "未婚", "已婚已育", "已婚", "已育", "未育", "婚育", "单身", "无生育计划",
        "两年内不生育", "不得怀孕",
    ),
    FlagReason.HUKOU.value: (
        "本地户口", "本地户籍", "户籍", "户口", "限本地人", "仅限本地", "本市户籍", "城镇户口",
        "农村户口",
    ),
}  # fmt: skip


def discrimination_flags(*texts: str) -> list[str]:
    """The reasons (``FlagReason`` values) found in the texts, in a fixed order."""
    text = "".join(t or "" for t in texts).replace(" ", "")
    return [reason for reason, words in KEYWORDS.items() if any(w in text for w in words)]


def flag_labels(reasons: list[str]) -> list[str]:
    labels = dict(FlagReason.choices)
    return [str(labels.get(r, r)) for r in reasons]
