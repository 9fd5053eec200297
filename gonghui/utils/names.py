"""A person's name as the platform keeps it (姓名规范化).

Rosters pad two-character names to line them up ("孙  丽", "孙　丽" with a full-width space)
and write the middle dot of minority and foreign names in several ways (·, •, ．, ・). The
stored form has no space between Chinese characters, one space elsewhere (Latin names), and
the middle dot ``·``: the same person typed two ways is one name.
"""

from __future__ import annotations

import re
import unicodedata

_DOTS = str.maketrans({"•": "·", "．": "·", "・": "·", "‧": "·", "∙": "·", "⋅": "·"})
_HAN = r"[\u3400-\u9fff\U00020000-\U0003ffff]"
_SPACE_BETWEEN_HAN = re.compile(rf"(?<={_HAN})\s+(?={_HAN})")
_SPACE_AROUND_DOT = re.compile(r"\s*·\s*")


def normalize_person_name(raw: object) -> str:
    """``" 孙　丽 "`` → ``"孙丽"``; ``"阿卜杜 • 热合曼"`` → ``"阿卜杜·热合曼"``."""
    # NFKC turns the full-width space into a plain one; the dots are mapped first, because
    # NFKC would make the full-width full stop a plain one.
    text = unicodedata.normalize("NFKC", str(raw).translate(_DOTS))
    text = " ".join(text.split())
    text = _SPACE_BETWEEN_HAN.sub("", text)
    return _SPACE_AROUND_DOT.sub("·", text)
