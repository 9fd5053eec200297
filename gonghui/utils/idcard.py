"""Resident ID numbers (公民身份号码, GB 11643-1999).

An 18-character number: six digits of address code (the GB/T 2260 division where the number
was issued, kept when the division is later renamed or abolished), eight digits of birth date
(YYYYMMDD), three digits of sequence whose last digit is odd for men and even for women, and a
check character (0-9 or X). Numbers issued before 1999 had 15 digits (two-digit year, no check
character) and are upgraded here.

``normalize_id_number`` sits on every import of member lists, so its success path is a few
string operations and integer comparisons: no regular expression, no date object, no exception.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

from django.core.exceptions import ValidationError

from gonghui.utils import regions

Gender = Literal["male", "female"]

# Hong Kong, Macao and Taiwan residents' residence permits (港澳台居民居住证, 2018) use the
# same format with these address codes; 830000 is not a GB/T 2260 code.
RESIDENCE_PERMIT_PREFIXES = frozenset({"810000", "820000", "830000"})

_DIGITS = frozenset("0123456789")
_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_CHECK_CHARS = "0123456789X"


def id_check_digit(first17: str) -> str:
    """The GB 11643 check character (0-9 or X) for the first 17 digits.

    The standard's weights are 2**(17-i) mod 11 and 13 ≡ 2 (mod 11), so the weighted sum is
    int(first17, 13) mod 11 up to a factor of 2, which lets C do the arithmetic.
    """
    return _CHECK_CHARS[(1 - 2 * int(first17, 13)) % 11]


def _today_string(today: date | None) -> str:
    return _yyyymmdd(today or date.today())


@functools.lru_cache(maxsize=16)
def _yyyymmdd(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _clean(raw: str) -> str:
    """Undo what Excel and phone keyboards do to a number: spaces, full-width forms, x."""
    text = unicodedata.normalize("NFKC", raw)
    return "".join(text.split()).upper()


def _invalid(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _check_characters(number: str) -> None:
    if "E+" in number:
        raise _invalid(
            f"公民身份号码“{number}”已被Excel转换为科学计数法，后几位已丢失："
            "请将该列设置为文本格式后重新填写",
            "excel_scientific",
        )
    last = len(number) - 1
    for position, char in enumerate(number):
        if char in _DIGITS or (char == "X" and position == last):
            continue
        if char == "X":
            message = f"第{position + 1}位为“X”：X只能出现在公民身份号码的最后一位"
        else:
            message = f"第{position + 1}位字符“{char}”无效：公民身份号码只能由数字组成，末位可为X"
        raise _invalid(message, "invalid_character")


def _check_birth_date(birth: str, today: str) -> None:
    year, month, day = int(birth[:4]), int(birth[4:6]), int(birth[6:])
    if not 1 <= month <= 12:
        raise _invalid(
            f"出生日期{birth}无效：月份应为01至12，当前为{birth[4:6]}", "invalid_birth_date"
        )
    days = 29 if month == 2 and _is_leap(year) else _DAYS_IN_MONTH[month]
    if day == 0:
        raise _invalid(f"出生日期{birth}无效：日期不能为00", "invalid_birth_date")
    if day > days:
        raise _invalid(f"出生日期{birth}无效：{year}年{month}月只有{days}天", "invalid_birth_date")
    if year < 1900:
        raise _invalid(f"出生日期{birth}早于1900年", "birth_date_out_of_range")
    if birth > today:
        raise _invalid(f"出生日期{birth}晚于今天（{today}）", "birth_date_out_of_range")


def normalize_id_number(raw: str, *, today: date | None = None) -> str:
    """Return the canonical 18-character number, or raise ValidationError saying what is wrong.

    ``today`` bounds the birth date (default: the current date). A 15-digit number is upgraded to
    18 digits. The error code is one of ``empty``, ``excel_scientific``, ``invalid_character``,
    ``invalid_length``, ``unknown_region``, ``invalid_birth_date``, ``birth_date_out_of_range``,
    ``invalid_check_digit``.
    """
    number = raw
    # Fast path: already canonical, as nearly all stored and imported numbers are.
    if not (
        len(number) == 18
        and number.isascii()
        and number[:17].isdigit()
        and (number[17] in _DIGITS or number[17] == "X")
    ):
        number = _clean(raw)
        if not number:
            raise _invalid("公民身份号码不能为空", "empty")
        _check_characters(number)
        length = len(number)
        if length == 15:
            if number[14] == "X":
                raise _invalid("第15位为“X”：15位旧号码只能由数字组成", "invalid_character")
            region = number[:6]
            if not (regions.is_division_code(region) or region in RESIDENCE_PERMIT_PREFIXES):
                raise _invalid(f"地址码（前6位）{region}不是有效的行政区划代码", "unknown_region")
            _check_birth_date("19" + number[6:12], _today_string(today))
            first17 = number[:6] + "19" + number[6:]
            return first17 + id_check_digit(first17)
        if length != 18:
            raise _invalid(
                f"公民身份号码应为18位（或15位旧号码），当前为{length}位", "invalid_length"
            )

    region = number[:6]
    if not (regions.is_division_code(region) or region in RESIDENCE_PERMIT_PREFIXES):
        raise _invalid(f"地址码（前6位）{region}不是有效的行政区划代码", "unknown_region")

    birth = number[6:14]
    year, month, day = int(birth[:4]), int(birth[4:6]), int(birth[6:])
    if not (
        year >= 1900
        and 1 <= month <= 12
        and (1 <= day <= _DAYS_IN_MONTH[month] or (month == 2 and day == 29 and _is_leap(year)))
        and birth <= _today_string(today)
    ):
        _check_birth_date(birth, _today_string(today))

    expected = _CHECK_CHARS[(1 - 2 * int(number[:17], 13)) % 11]
    if number[17] != expected:
        raise _invalid(
            f"校验码错误：第18位应为{expected}，实际为{number[17]}", "invalid_check_digit"
        )
    return number


@dataclass(frozen=True)
class IdNumberInfo:
    """What a canonical ID number says about its holder."""

    region_code: str
    birth_date: date
    gender: Gender


def parse_id_number(canonical: str) -> IdNumberInfo:
    """Read a number already returned by ``normalize_id_number``."""
    birth = date(int(canonical[6:10]), int(canonical[10:12]), int(canonical[12:14]))
    gender: Gender = "male" if int(canonical[16]) % 2 else "female"
    return IdNumberInfo(region_code=canonical[:6], birth_date=birth, gender=gender)


def mask_id_number(canonical: str) -> str:
    """First four and last four characters, ten asterisks between: 3408**********123X."""
    return canonical[:4] + "*" * 10 + canonical[-4:]


def make_id_number(region_code: str, birth: date, sequence: int, gender: str) -> str:
    """A valid number for demo data and tests, the same for the same arguments.

    ``sequence`` (0-499) picks one of the 500 sequence codes a region has per day and gender;
    the third sequence digit is odd for ``"male"`` and even for ``"female"``.
    """
    if len(region_code) != 6 or not region_code.isdigit():
        raise ValueError(f"region_code must be six digits, got {region_code!r}")
    if not 0 <= sequence <= 499:
        raise ValueError(f"sequence must be in 0..499, got {sequence}")
    if gender not in ("male", "female"):
        raise ValueError(f"gender must be 'male' or 'female', got {gender!r}")
    code = 2 * sequence + (1 if gender == "male" else 0)
    first17 = f"{region_code}{birth.year:04d}{birth.month:02d}{birth.day:02d}{code:03d}"
    return first17 + id_check_digit(first17)
