"""Turning spreadsheet cells into values, with the Chinese message when a cell is wrong.

A cell arrives as calamine gives it (str, float, int, bool, date, datetime, time) or as CSV
text. Excel keeps every number as a double: an ID number typed as a number loses its last
digits (a double holds 15-16 significant digits), a phone number comes back as
``13800138000.0``. The cleaners turn whole floats back into digits and say so when digits are
lost. Identifiers are checked by the same functions as the forms and the API
(``gonghui.utils``): one validation, not a copy.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from gonghui.utils.credit_code import normalize_credit_code
from gonghui.utils.idcard import normalize_id_number
from gonghui.utils.phone import normalize_mobile
from gonghui.utils.regions import region_code_validator

# Integers above this are not exact in a double (2**53): an 18-digit number stored as a number
# in Excel has lost digits.
_EXACT_FLOAT_LIMIT = 2**53


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _float_text(value: float) -> str:
    if value.is_integer():
        return str(int(value))
    return repr(value)


def cell_text(value: Any) -> str:
    """A cell as text: whole numbers without ".0", dates as ISO dates, text stripped."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value).strip()


def clean_text(value: Any) -> str:
    """Text with runs of whitespace made one space, as the services store names."""
    return " ".join(cell_text(value).split())


def text(max_length: int, *, normalize: Callable[[str], str] = clean_text) -> Callable[[Any], str]:
    """Text of at most ``max_length`` characters, in the form ``normalize`` gives."""

    def clean(value: Any) -> str:
        result = normalize(cell_text(value))
        if len(result) > max_length:
            raise ValidationError(
                _("at most %(max)d characters, this one has %(count)d")
                % {"max": max_length, "count": len(result)},
                code="max_length",
            )
        return result

    return clean


def clean_code(value: Any) -> str:
    """A code (unit code and the like): no spaces at all, full-width forms made ASCII."""
    return "".join(unicodedata.normalize("NFKC", cell_text(value)).split())


def _digits_from_number(value: Any, what: str) -> str:
    """A number cell as the digits typed, or an error when Excel has rounded it."""
    if isinstance(value, bool):
        raise ValidationError(_("not a number"), code="invalid")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValidationError(
                _("%(what)s %(value)s is not a whole number") % {"what": what, "value": value},
                code="invalid",
            )
        if abs(value) >= _EXACT_FLOAT_LIMIT:
            raise ValidationError(
                _(
                    "the cell holds a number (%(value)s) and Excel has lost its last digits: "
                    "format the column as text, type the %(what)s again and re-import"
                )
                # As Excel shows it in a narrow column: 3.40802E+17.
                % {"value": f"{value:.5E}", "what": what},
                code="precision_lost",
            )
        return str(int(value))
    return str(value)


def clean_id_number(value: Any) -> str:
    if isinstance(value, float | int):
        value = _digits_from_number(value, _("ID number"))
    return normalize_id_number(cell_text(value))


def clean_mobile(value: Any) -> str:
    if isinstance(value, float | int):
        value = _digits_from_number(value, _("mobile number"))
    return normalize_mobile(cell_text(value))


def clean_credit_code(value: Any) -> str:
    if isinstance(value, float | int):
        value = _digits_from_number(value, _("credit code"))
    return normalize_credit_code(cell_text(value))


def clean_region_code(value: Any) -> str:
    if isinstance(value, float | int):
        value = _digits_from_number(value, _("region code"))
    code = clean_code(value)
    region_code_validator(code)
    return code


def clean_count(value: Any) -> int:
    """A whole number of zero or more ("120", 120.0, "1,200")."""
    if isinstance(value, bool):
        raise ValidationError(_("not a number"), code="invalid")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValidationError(_("%(value)s is not a whole number") % {"value": value})
        number = int(value)
    else:
        raw = unicodedata.normalize("NFKC", cell_text(value)).replace(",", "")
        raw = raw.removesuffix("人")
        try:
            number = int(raw)
        except ValueError:
            raise ValidationError(
                _("“%(value)s” is not a whole number") % {"value": cell_text(value)},
                code="invalid",
            ) from None
    if number < 0:
        raise ValidationError(_("must not be negative"), code="negative")
    return number


_TRUE = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "有", "已建", "已建会", "已建立"})
_FALSE = frozenset({"否", "n", "no", "false", "0", "×", "✗", "无", "未建", "未建会", "未建立"})


def clean_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = unicodedata.normalize("NFKC", cell_text(value)).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValidationError(
        _("“%(value)s” is neither yes (是) nor no (否)") % {"value": cell_text(value)},
        code="invalid",
    )


_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# Excel's day 1 is 1900-01-01, counted with the 1900 leap-year bug, so serials start here.
_EXCEL_EPOCH = datetime.date(1899, 12, 30)


def clean_date(value: Any) -> datetime.date:
    """An Excel date, an Excel day number, or text: 2024-01-05, 2024/1/5, 2024年1月5日, 20240105."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer():
            if 19000101 <= value <= 29991231:  # 20240105 typed as a number
                return clean_date(str(int(value)))
            if 1 <= value < 2958466:  # Excel's last day is 9999-12-31
                return _EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise ValidationError(_("“%(value)s” is not a date") % {"value": value}, code="invalid")
    raw = unicodedata.normalize("NFKC", cell_text(value))
    match = _DATE_TEXT.match(raw) or _DATE_COMPACT.match(raw)
    if match:
        year, month, day = (int(part) for part in match.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError:
            pass
    raise ValidationError(
        _("“%(value)s” is not a date (write it as 2024-01-05 or 2024年1月5日)")
        % {"value": cell_text(value)},
        code="invalid",
    )


_CHOICE_MEMO = 1000


def _choice_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def choice(
    choices: Iterable[tuple[str, Any]], *, synonyms: dict[str, str] | None = None
) -> Callable[[Any], str]:
    """A choice given by its code, its Chinese label or a common synonym.

    Labels are read in Chinese whatever the interface language, since the files are Chinese.
    The lookup table is built on first use (the translations are ready by then). A column
    repeats a handful of spellings over and over, so each text cell seen is remembered with its
    code (up to ``_CHOICE_MEMO`` of them) and normalised only once.
    """
    choices = list(choices)
    table: dict[str, str] = {}
    seen: dict[str, str] = {}

    def build() -> None:
        with translation.override("zh-hans"):
            for code, label in choices:
                table[_choice_key(code)] = code
                table[_choice_key(str(label))] = code
        for word, code in (synonyms or {}).items():
            table[_choice_key(word)] = code

    def clean(value: Any) -> str:
        if isinstance(value, str):
            known = seen.get(value)
            if known is not None:
                return known
        if not table:
            build()
        found = table.get(_choice_key(cell_text(value)))
        if found is not None and isinstance(value, str) and len(seen) < _CHOICE_MEMO:
            seen[value] = found
        if found is None:
            with translation.override("zh-hans"):
                allowed = "、".join(str(label) for _code, label in choices[:12])
            more = "…" if len(choices) > 12 else ""
            raise ValidationError(
                _("“%(value)s” is not one of: %(allowed)s")
                % {"value": cell_text(value), "allowed": allowed + more},
                code="invalid_choice",
            )
        return found

    return clean
