"""Pinyin of personal names, for search and sorting (姓名拼音).

pypinyin reads a character by its most common reading, which is wrong for many surnames
(曾 is "ceng" in 曾经 but "zeng" as a surname), so the surname is split off and read from a
table of surname readings first.
"""

from __future__ import annotations

import functools

from pypinyin import Style, lazy_pinyin

# Compound surnames (复姓) whose reading differs from the characters' common readings.
_COMPOUND_READINGS: dict[str, tuple[str, str]] = {
    "尉迟": ("yu", "chi"),
    "万俟": ("mo", "qi"),
    "长孙": ("zhang", "sun"),
    "令狐": ("ling", "hu"),
    "澹台": ("tan", "tai"),
    "乐正": ("yue", "zheng"),
    "鲜于": ("xian", "yu"),
}

# Other compound surnames: read normally, but still one surname.
_COMPOUNDS = frozenset(_COMPOUND_READINGS) | frozenset(
    (
        "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "公孙", "慕容", "宇文", "夏侯",
        "司徒", "司空", "轩辕", "呼延", "端木", "西门", "南宫", "独孤", "百里", "东郭",
        "闻人", "濮阳", "申屠", "公冶", "太史", "赫连", "拓跋", "钟离", "宗政", "公羊",
        "亓官", "司寇", "子车", "颛孙", "壤驷", "公良", "漆雕", "宰父", "谷梁", "夹谷",
        "段干", "东门", "仲孙", "叔孙", "左丘", "第五", "梁丘", "微生", "羊舌", "巫马",
        "闾丘",
    )
)  # fmt: skip

# Single-character surnames read differently from the character's most common reading.
_SURNAME_READINGS: dict[str, str] = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "朴": "piao",
    "查": "zha", "盖": "ge", "乐": "yue", "覃": "qin", "翟": "zhai", "缪": "miao",
    "员": "yun", "黑": "he", "秘": "bi", "种": "chong", "重": "chong", "繁": "po",
    "能": "nai", "折": "she", "宿": "su", "召": "shao", "隗": "wei", "牟": "mu",
    "尉": "wei", "长": "chang", "洗": "xian", "藏": "zang", "句": "gou", "阚": "kan",
    "便": "pian", "薄": "bo", "都": "du", "卜": "bu", "佴": "nai", "乜": "nie",
    "祭": "zhai", "角": "jue", "炅": "gui", "颉": "xie", "沓": "ta", "粘": "nian",
    "柏": "bai", "褚": "chu", "谌": "chen", "莘": "shen", "厍": "she", "钭": "tou",
    "华": "hua", "纪": "ji", "任": "ren", "过": "guo", "郇": "huan", "阿": "a",
}  # fmt: skip

# Separators inside names that carry no sound: spaces and the middle dots of transcribed names
# (买买提·艾力).
_SEPARATORS = str.maketrans(dict.fromkeys("\u00b7\u2022\u30fb\u2027\uff65", " "))


def split_surname(name: str) -> tuple[str, str]:
    """Split a Chinese name into (surname, given name); a compound surname counts whole.

    A two-character name is taken as a one-character surname, so 欧阳 alone is 欧 + 阳; a name
    that does not start with a Chinese character has no surname.
    """
    name = name.strip()
    if not name or not _is_han(name[0]):
        return "", name
    if len(name) >= 3 and name[:2] in _COMPOUNDS:
        return name[:2], name[2:]
    return name[:1], name[1:]


def _is_han(char: str) -> bool:
    """CJK unified ideographs, extension A and the supplementary-plane extensions."""
    return "\u3400" <= char <= "\u9fff" or "\U00020000" <= char <= "\U0003ffff"


# Imports read hundreds of thousands of names, whose given names repeat far more than whole
# names do: the readings of a given name (or surname) are kept once read. A part is read as a
# whole, so the result is the same as without the cache.
@functools.lru_cache(maxsize=65536)
def _syllables(text: str) -> tuple[str, ...]:
    """Toneless syllables; non-Chinese text comes back lower-cased, one item per word."""
    items: list[str] = []
    for item in lazy_pinyin(text, style=Style.NORMAL):
        items.extend(item.translate(_SEPARATORS).lower().split())
    return tuple(items)


def name_pinyin(name: str) -> tuple[str, str]:
    """(full pinyin without tones, initials), both lower case: "张三" → ("zhangsan", "zs").

    The surname takes its surname reading (曾 → zeng, 单 → shan, 尉迟 → yuchi). Non-Chinese
    characters pass through lower-cased, each word giving one initial; spaces and the middle
    dots of transcribed names are dropped.
    """
    surname, given = split_surname(name)
    if surname in _COMPOUND_READINGS:
        head = list(_COMPOUND_READINGS[surname])
    elif surname in _SURNAME_READINGS:
        head = [_SURNAME_READINGS[surname]]
    else:
        head = list(_syllables(surname))
    syllables = [*head, *_syllables(given)]
    return "".join(syllables), "".join(s[0] for s in syllables)
