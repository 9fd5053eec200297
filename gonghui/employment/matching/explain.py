"""Why a result was matched, in the interface language (Chinese): "职业相符、期望薪资在范围内、
距离8公里、技能匹配：电工证、叉车"."""

from __future__ import annotations

import functools

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gonghui.employment.matching.documents import PostingDoc, SeekerDoc, region_prefix
from gonghui.employment.matching.scorer import Match

TEXT_SIMILAR = 0.15  # a TF-IDF cosine above which the descriptions are said to be alike
MAX_SHARED_SHOWN = 5
# The enumeration comma of the interface language (Chinese), between reasons and skills.
SEPARATOR = "、"


@functools.lru_cache(maxsize=8)
def _phrases(language: str | None) -> dict[str, str]:
    """The phrases translated once per language: the batch explains millions of results."""
    return {
        "hardship": _("Hardship household, put first"),
        "level3": _("Occupation matches"),
        "level2": _("Related occupation"),
        "level1": _("Same occupational group"),
        "pay_above": _("Pay above the expected pay"),
        "pay_within": _("Expected pay within the range"),
        "near": _("Less than 1 km away"),
        "km": _("%(km)d km away"),
        "place": _("In a wanted place"),
        "skills": _("Skills match: %(skills)s"),
        "text": _("Similar job description"),
    }


def reasons(match: Match, seeker: SeekerDoc, posting: PostingDoc) -> list[str]:
    """The reasons for one seeker-posting pair, most telling first."""
    phrases = _phrases(get_language())
    found: list[str] = []
    if match.hardship_first:
        found.append(phrases["hardship"])
    if match.occupation_level:
        found.append(phrases[f"level{match.occupation_level}"])
    if seeker.expected_pay is not None and posting.pay_max is not None:
        if posting.pay_min is not None and seeker.expected_pay < posting.pay_min:
            found.append(phrases["pay_above"])
        else:
            found.append(phrases["pay_within"])
    if match.distance_km is not None:
        km = round(match.distance_km)
        found.append(phrases["near"] if km < 1 else phrases["km"] % {"km": km})
    elif any(posting.region.startswith(p) for p in map(region_prefix, seeker.regions) if p):
        found.append(phrases["place"])
    if match.shared:
        shown = SEPARATOR.join(match.shared[:MAX_SHARED_SHOWN])
        found.append(phrases["skills"] % {"skills": shown})
    if match.text_score >= TEXT_SIMILAR:
        found.append(phrases["text"])
    return found


def sentence(parts: list[str]) -> str:
    return SEPARATOR.join(parts)
