"""Unified social credit codes (统一社会信用代码, GB 32100-2015).

Eighteen characters from 0-9 and the capitals other than I, O, S, V, Z:

* 1: registration authority (登记管理部门) and 2: kind of organisation (机构类别), from the
  standard's table 1 (as extended for 中央军委改革和编制办公室 and 农业 registrations);
* 3-8: GB/T 2260 division code of the registering authority (digits);
* 9-17: organisation code (组织机构代码, GB 11714), whose ninth character is its own check;
* 18: check character over the first seventeen, modulo 31.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {char: value for value, char in enumerate(CHARSET)}
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)  # 3**i mod 31
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# Registration authority → {organisation kind: description}. "工会" (8) registers unions.
REGISTRATION_KINDS: dict[str, tuple[str, dict[str, str]]] = {
    "1": (
        "机构编制",
        {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"},
    ),
    "2": ("外交", {"1": "外国常驻新闻机构", "9": "其他"}),
    "3": (
        "司法行政",
        {
            "1": "律师执业机构",
            "2": "公证处",
            "3": "基层法律服务所",
            "4": "司法鉴定机构",
            "5": "仲裁委员会",
            "9": "其他",
        },
    ),
    "4": ("文化", {"1": "外国在华文化中心", "9": "其他"}),
    "5": ("民政", {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"}),
    "6": (
        "旅游",
        {
            "1": "外国旅游部门常驻代表机构",
            "2": "港澳台地区旅游部门常驻内地（大陆）代表机构",
            "9": "其他",
        },
    ),
    "7": ("宗教", {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"}),
    "8": ("工会", {"1": "基层工会", "9": "其他"}),
    "9": ("工商", {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"}),
    "A": ("中央军委改革和编制办公室", {"1": "军队事业单位", "9": "其他"}),
    "N": (
        "农业",
        {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"},
    ),
    "Y": ("其他", {"1": "其他"}),
}


def credit_check_char(first17: str) -> str:
    """The GB 32100 check character for the first seventeen characters."""
    total = sum(_VALUE[char] * weight for char, weight in zip(first17, _WEIGHTS, strict=True))
    return CHARSET[-total % 31]


def organisation_check_char(body: str) -> str:
    """The GB 11714 check character (0-9 or X) for an organisation code's first eight chars.

    GB 11714 values letters A=10 … Z=35 over the whole alphabet, unlike GB 32100.
    """
    total = sum(int(char, 36) * weight for char, weight in zip(body, _ORG_WEIGHTS, strict=True))
    check = -total % 11
    return "X" if check == 10 else str(check)


def _invalid(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def normalize_credit_code(raw: str) -> str:
    """Return the canonical code (upper case, no spaces) or raise ValidationError.

    Error codes: ``empty``, ``invalid_length``, ``invalid_character``,
    ``unknown_authority``, ``unknown_kind``, ``invalid_region``,
    ``invalid_organisation_check``, ``invalid_check_digit``.
    """
    code = "".join(unicodedata.normalize("NFKC", raw).split()).upper()
    if not code:
        raise _invalid("统一社会信用代码不能为空", "empty")
    if len(code) != 18:
        raise _invalid(f"统一社会信用代码应为18位，当前为{len(code)}位", "invalid_length")
    for position, char in enumerate(code, start=1):
        if char not in _VALUE:
            hint = "（不使用字母I、O、S、V、Z）" if char in "IOSVZ" else ""
            raise _invalid(
                f"第{position}位字符“{char}”无效：统一社会信用代码只能由数字和大写字母组成{hint}",
                "invalid_character",
            )
    authority = REGISTRATION_KINDS.get(code[0])
    if authority is None:
        raise _invalid(f"第1位登记管理部门代码“{code[0]}”不存在", "unknown_authority")
    authority_name, kinds = authority
    if code[1] not in kinds:
        raise _invalid(
            f"第2位机构类别代码“{code[1]}”不属于登记管理部门“{authority_name}”（{code[0]}）",
            "unknown_kind",
        )
    if not code[2:8].isdigit():
        raise _invalid(
            f"第3至8位登记管理机关行政区划码应为6位数字，当前为“{code[2:8]}”", "invalid_region"
        )
    expected_org = organisation_check_char(code[8:16])
    if code[16] != expected_org:
        raise _invalid(
            f"第9至17位组织机构代码校验码错误：第17位应为{expected_org}，实际为{code[16]}",
            "invalid_organisation_check",
        )
    expected = credit_check_char(code[:17])
    if code[17] != expected:
        raise _invalid(f"校验码错误：第18位应为{expected}，实际为{code[17]}", "invalid_check_digit")
    return code


def make_credit_code(region_code: str, serial: int, *, kind: str = "91") -> str:
    """A valid code for demo data, the same for the same arguments.

    ``kind`` is the first two characters ("91" an enterprise, "81" a grassroots union);
    ``serial`` (0 to 10**8 - 1) becomes the organisation code's eight digits.
    """
    if len(region_code) != 6 or not region_code.isdigit():
        raise ValueError(f"region_code must be six digits, got {region_code!r}")
    if not 0 <= serial < 10**8:
        raise ValueError(f"serial must be in 0..99999999, got {serial}")
    authority = REGISTRATION_KINDS.get(kind[:1])
    if len(kind) != 2 or authority is None or kind[1] not in authority[1]:
        raise ValueError(f"unknown registration kind {kind!r}")
    body = f"{serial:08d}"
    first17 = kind + region_code + body + organisation_check_char(body)
    return first17 + credit_check_char(first17)
