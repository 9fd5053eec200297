"""Mainland China mobile numbers (手机号码): eleven digits, 1 then an allocated prefix."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError

# Three-digit prefixes (号段) allocated by MIIT for eleven-digit numbers, as of 2025.
MOBILE_PREFIXES: frozenset[str] = frozenset(
    {
        # 13x: China Mobile 134-139 (1349 satellite), China Unicom 130-132, China Telecom 133.
        "130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
        # 14x data cards and IoT: 141 Telecom, 145 Unicom, 146 Unicom, 147 Mobile,
        # 148 Mobile, 149 Telecom. (140 and 144 are thirteen-digit IoT numbers.)
        "141", "145", "146", "147", "148", "149",
        # 15x: Mobile 150-152, 157-159; Unicom 155, 156; Telecom 153. (154 unallocated.)
        "150", "151", "152", "153", "155", "156", "157", "158", "159",
        # 16x: 166 Unicom; virtual operators (虚拟运营商) 162 Telecom, 165 Mobile, 167 Unicom.
        "162", "165", "166", "167",
        # 17x: virtual operators 170 (all three networks) and 171 (Unicom); 172 Mobile IoT;
        # 173, 177 Telecom; 174 satellite (1740 Telecom, 1749 maritime); 175, 176 Unicom;
        # 178 Mobile. (179 unallocated.)
        "170", "171", "172", "173", "174", "175", "176", "177", "178",
        # 18x: Mobile 182-184, 187, 188; Unicom 185, 186; Telecom 180, 181, 189.
        "180", "181", "182", "183", "184", "185", "186", "187", "188", "189",
        # 19x: Telecom 190, 191, 193, 199; China Broadnet (中国广电) 192; Mobile 195, 197, 198;
        # Unicom 196. (194 unallocated.)
        "190", "191", "192", "193", "195", "196", "197", "198", "199",
    }
)  # fmt: skip

# Consumer prefixes used for demo data: no data-only, IoT, satellite or virtual-operator ranges.
_DEMO_PREFIXES = tuple(
    sorted(
        MOBILE_PREFIXES
        - {"141", "145", "146", "147", "148", "149", "162", "165", "167", "170", "171", "172",
           "174"}
    )
)  # fmt: skip
_SEPARATORS = str.maketrans("", "", " \t-‐‑‒–—()")


def normalize_mobile(raw: str) -> str:
    """Return the eleven-digit number or raise ValidationError saying what is wrong.

    Accepts spaces, dashes, full-width digits and a leading +86, 0086 or 86. Error codes:
    ``empty``, ``invalid_character``, ``invalid_length``, ``invalid_start``,
    ``unallocated_prefix``.
    """
    number = unicodedata.normalize("NFKC", raw).translate(_SEPARATORS)
    number = "".join(number.split())
    if number.startswith("+86"):
        number = number[3:]
    elif number.startswith("0086"):
        number = number[4:]
    elif number.startswith("86") and len(number) == 13:
        number = number[2:]
    if not number:
        raise ValidationError("手机号码不能为空", code="empty")
    for position, char in enumerate(number, start=1):
        if not ("0" <= char <= "9"):
            raise ValidationError(
                f"手机号码第{position}位字符“{char}”无效：手机号码只能由数字组成",
                code="invalid_character",
            )
    if len(number) != 11:
        raise ValidationError(f"手机号码应为11位，当前为{len(number)}位", code="invalid_length")
    if number[0] != "1":
        raise ValidationError(f"手机号码应以1开头，当前以{number[0]}开头", code="invalid_start")
    if number[:3] not in MOBILE_PREFIXES:
        raise ValidationError(
            f"号段{number[:3]}未分配给任何运营商，请核对手机号码", code="unallocated_prefix"
        )
    return number


def mask_mobile(canonical: str) -> str:
    """First three and last four digits: 138****5678."""
    return canonical[:3] + "****" + canonical[-4:]


def make_mobile(seed_int: int) -> str:
    """A valid consumer mobile number for demo data; distinct seeds give distinct numbers.

    The prefix cycles through the consumer prefixes and the eight remaining digits are the
    rest of the seed multiplied by a number coprime to 10**8, so numbers look scattered.
    """
    if seed_int < 0:
        raise ValueError(f"seed_int must not be negative, got {seed_int}")
    prefix = _DEMO_PREFIXES[seed_int % len(_DEMO_PREFIXES)]
    rest = (seed_int // len(_DEMO_PREFIXES) * 48_271 + 13_579_246) % 10**8
    return f"{prefix}{rest:08d}"
