"""The placeholder syntax of report sentences, and its parser.

A sentence is text with placeholders naming registered indicators::

    全年新发展会员{membership.new_members}[，{membership.new_members|同比}]；
    会员总数达到{membership.members}[，完成年度目标的{membership.members|完成率}]。

- ``{code}``: the indicator's value for the period, written the Chinese way (``3.20万人``);
- ``{code|modifier}``: the same indicator seen another way (see ``MODIFIERS``):
  ``同比`` the change on the same period last year (``同比增长10.2%``), ``上年`` last year's
  value, ``目标`` the unit's yearly target, ``完成率`` the value as a share of the target;
  English aliases are accepted (``yoy``, ``last_year``, ``target``, ``completion``);
- ``{单位}`` the unit's name, ``{期间}`` the period (``2024年``), ``{期末}`` its last day
  (``2024年12月底``; the day of writing while the period runs), for sentences such as
  "截至{期末}，..." (aliases ``unit``, ``period``, ``period_end``); they are text, not figures;
- ``[ ... ]``: an optional clause, left out when every figure in it is zero or has no value,
  or when a change or completion in it cannot be computed (nothing last year, no target);
- ``{{ }} [[ ]]``: literal braces and brackets.

``parse`` turns the text into a list of ``Text``, ``Placeholder`` and ``Clause`` tokens and
raises a ``ValidationError`` in Chinese naming what is wrong (an unknown indicator, an unknown
modifier, an unclosed brace). ``indicator_codes`` lists the codes a sentence names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.indicators import registry


class Modifier:
    VALUE = "value"
    CHANGE = "change"
    PREVIOUS = "previous"
    TARGET = "target"
    COMPLETION = "completion"


MODIFIERS: dict[str, str] = {
    "同比": Modifier.CHANGE,
    "yoy": Modifier.CHANGE,
    "上年": Modifier.PREVIOUS,
    "last_year": Modifier.PREVIOUS,
    "目标": Modifier.TARGET,
    "target": Modifier.TARGET,
    "完成率": Modifier.COMPLETION,
    "completion": Modifier.COMPLETION,
}
"""Modifier names (Chinese, or an English alias) → what they show."""


class Field:
    UNIT = "unit"
    PERIOD = "period"
    PERIOD_END = "period_end"


FIELDS: dict[str, str] = {
    "单位": Field.UNIT,
    "unit": Field.UNIT,
    "期间": Field.PERIOD,
    "period": Field.PERIOD,
    "期末": Field.PERIOD_END,
    "period_end": Field.PERIOD_END,
}
"""Names of the report's own fields (not indicators) a sentence may print."""

CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
_TOKEN = re.compile(r"\{\{|\}\}|\[\[|\]\]|\{[^{}]*\}|[\[\]{}]|[^\[\]{}]+")


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Placeholder:
    code: str
    modifier: str = Modifier.VALUE
    source: str = ""  # as written, for messages


@dataclass(frozen=True)
class ReportField:
    """The unit's name or the period, printed as text."""

    name: str


@dataclass(frozen=True)
class Clause:
    """An optional part of a sentence: text and placeholders, left out when it says nothing."""

    tokens: tuple[Text | Placeholder | ReportField, ...]


Token = Text | Placeholder | ReportField | Clause


def _placeholder(inner: str, source: str) -> Placeholder | ReportField:
    code, bar, modifier_name = inner.partition("|")
    code, modifier_name = code.strip(), modifier_name.strip()
    if code in FIELDS and not bar:
        return ReportField(FIELDS[code])
    if not code:
        raise ValidationError(
            _("The placeholder %(placeholder)s names no indicator.") % {"placeholder": source},
            code="empty",
        )
    if not CODE.match(code) or code not in _known_codes():
        raise ValidationError(
            _("Unknown indicator %(code)s in %(placeholder)s.")
            % {"code": code, "placeholder": source},
            code="unknown_indicator",
        )
    modifier = Modifier.VALUE
    if bar:
        if modifier_name not in MODIFIERS:
            raise ValidationError(
                _("Unknown modifier %(modifier)s in %(placeholder)s; use one of: %(known)s.")
                % {
                    "modifier": modifier_name or "''",
                    "placeholder": source,
                    "known": "、".join(m for m in MODIFIERS if not m.isascii()),
                },
                code="unknown_modifier",
            )
        modifier = MODIFIERS[modifier_name]
    return Placeholder(code=code, modifier=modifier, source=source)


def _known_codes() -> set[str]:
    return {indicator.code for indicator in registry.all_indicators()}


def parse(text: str) -> list[Token]:
    """The tokens of a sentence; a ValidationError in Chinese naming the first fault."""
    tokens: list[Token] = []
    clause: list[Text | Placeholder | ReportField] | None = None

    def add(token: Text | Placeholder | ReportField) -> None:
        target = tokens if clause is None else clause
        if isinstance(token, Text) and target and isinstance(target[-1], Text):
            target[-1] = Text(target[-1].text + token.text)  # type: ignore[union-attr]
        else:
            target.append(token)

    for match in _TOKEN.finditer(text):
        piece = match.group()
        if piece in ("{{", "}}", "[[", "]]"):
            add(Text(piece[0]))
        elif piece.startswith("{") and piece.endswith("}") and len(piece) > 1:
            add(_placeholder(piece[1:-1], piece))
        elif piece == "[":
            if clause is not None:
                raise ValidationError(
                    _("Optional clauses [ ] cannot be nested."), code="nested_clause"
                )
            clause = []
        elif piece == "]":
            if clause is None:
                raise ValidationError(
                    _("A ] closes no optional clause; write ]] for a bracket."),
                    code="unmatched_bracket",
                )
            tokens.append(Clause(tuple(clause)))
            clause = None
        elif piece in ("{", "}"):
            raise ValidationError(
                _(
                    "An unmatched %(brace)s; write a placeholder as {code} or {code|同比}, "
                    "a literal brace as {{ or }}."
                )
                % {"brace": piece},
                code="unmatched_brace",
            )
        else:
            add(Text(piece))
    if clause is not None:
        raise ValidationError(
            _("An optional clause [ is not closed with ]."), code="unclosed_clause"
        )
    return tokens


def placeholders(tokens: list[Token]) -> list[Placeholder]:
    """Every placeholder of the tokens, clauses included, in order."""
    found: list[Placeholder] = []
    for token in tokens:
        if isinstance(token, Placeholder):
            found.append(token)
        elif isinstance(token, Clause):
            found.extend(t for t in token.tokens if isinstance(t, Placeholder))
    return found


def indicator_codes(text: str) -> list[str]:
    """The indicator codes a sentence names, once each, in order."""
    return list(dict.fromkeys(p.code for p in placeholders(parse(text))))
