"""Writing a work report (工作总结) for a unit and a period from a template and the records.

``build_report(unit, period, user=...)`` is the one pure function both outputs (the web page
and the Word document) and the API use. Every indicator the template names is computed for the
period and the same period last year in one ``selectors.values_over`` call (one query per model
counted), then each sentence is filled in:

- a sentence whose figures are all zero or without value is left out;
- an optional clause ``[...]`` is left out the same way, or when a change or completion in it
  cannot be computed (nothing last year, no target);
- a section left with no sentence is left out, so no heading is printed over blanks; a period
  with no data at all gives a report with no section (``has_data`` false), which the outputs
  state in words.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone

from gonghui.core.models import OrgUnit
from gonghui.indicators import formatting, registry, selectors
from gonghui.indicators.periods import Period
from gonghui.indicators.registry import Indicator, Value
from gonghui.reports.models import ReportSection, ReportSentence, ReportTemplate
from gonghui.reports.placeholders import (
    Clause,
    Field,
    Modifier,
    Placeholder,
    ReportField,
    Text,
    Token,
    parse,
)
from gonghui.stats.targets import target_for

CN_DIGITS = "零一二三四五六七八九"

TargetLookup = Callable[[OrgUnit, str, int], Value]


def chinese_number(n: int) -> str:
    """一, 二, ... 十, 十一, ... 二十一, ... 九十九 (section numbers of a report)."""
    if not 0 < n < 100:
        raise ValueError(f"no Chinese section number for {n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CN_DIGITS[ones]
    head = "" if tens == 1 else CN_DIGITS[tens]
    return f"{head}十{CN_DIGITS[ones] if ones else ''}"


@dataclass(frozen=True)
class Figure:
    """One number printed in a sentence, with what it is and where it comes from."""

    code: str
    name: str
    unit_label: str
    modifier: str
    value: Value  # the value in the period
    previous: Value  # the value in the same period last year
    target: Value  # the unit's yearly target, None when none is set
    text: str  # as printed ("3.20万人", "同比增长10.2%")
    period: Period  # the period the printed number is about (last year's for 上年)


@dataclass(frozen=True)
class RenderedSentence:
    parts: tuple[str | Figure, ...]

    @property
    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.text for p in self.parts)

    @property
    def figures(self) -> list[Figure]:
        return [p for p in self.parts if isinstance(p, Figure)]


@dataclass(frozen=True)
class RenderedSection:
    number: str  # 一, 二, ...
    heading: str
    intro: str
    sentences: tuple[RenderedSentence, ...]


@dataclass
class ReportData:
    unit: OrgUnit
    period: Period
    template: ReportTemplate | None
    title: str
    preamble: str
    sections: list[RenderedSection]
    generated_on: datetime.date
    figures: dict[str, Value] = field(default_factory=dict)  # by code, this period
    previous: dict[str, Value] = field(default_factory=dict)  # by code, last year

    @property
    def has_data(self) -> bool:
        return bool(self.sections)

    @property
    def generated_text(self) -> str:
        return formatting.date(self.generated_on)


def report_title(unit: OrgUnit, period: Period) -> str:
    """``安庆市总工会2024年工作总结``; another period gives ``...2024年第三季度工作总结``."""
    return f"{unit.name}{period.label}工作总结"


def template_for(unit: OrgUnit) -> ReportTemplate | None:
    """The template in use for the unit's kind: one naming the kind before one for every
    kind, then the most recently updated."""
    fitting = [t for t in ReportTemplate.objects.filter(is_active=True) if t.fits(unit.kind)]
    fitting.sort(key=lambda t: (bool(t.unit_kinds), t.updated_at), reverse=True)
    return fitting[0] if fitting else None


def _is_nothing(value: Value) -> bool:
    return value is None or value == 0


def _completion(value: Value, target: Value) -> Decimal | None:
    if value is None or not target:
        return None
    return Decimal(value) * 100 / Decimal(target)


class _Filler:
    """Fills the tokens of sentences with the figures of one report."""

    def __init__(
        self,
        *,
        unit: OrgUnit,
        period: Period,
        as_of: datetime.date,
        indicators: dict[str, Indicator],
        current: dict[str, Value],
        previous: dict[str, Value],
        targets: dict[str, Value],
    ) -> None:
        self.unit, self.period, self.as_of = unit, period, as_of
        self.indicators, self.current, self.previous, self.targets = (
            indicators, current, previous, targets
        )  # fmt: skip

    def figure(self, placeholder: Placeholder) -> Figure:
        """The figure for a placeholder; its text is "" when it cannot be computed."""
        code, modifier = placeholder.code, placeholder.modifier
        indicator = self.indicators[code]
        value, previous = self.current.get(code), self.previous.get(code)
        target = self.targets.get(code)
        period = self.period
        label = indicator.unit_label
        if modifier == Modifier.CHANGE:
            text = formatting.change(value, previous)
        elif modifier == Modifier.PREVIOUS:
            text = "" if previous is None else formatting.number(previous, label)
            period = self.period.previous_year()
        elif modifier == Modifier.TARGET:
            text = "" if target is None else formatting.number(target, label)
        elif modifier == Modifier.COMPLETION:
            rate = _completion(value, target)
            text = "" if rate is None else formatting.percent(rate)
        else:
            text = "" if value is None else formatting.number(value, label)
        return Figure(
            code=code,
            name=str(indicator.name),
            unit_label=label,
            modifier=modifier,
            value=value,
            previous=previous,
            target=target,
            text=text,
            period=period,
        )

    def field(self, token: ReportField) -> str:
        if token.name == Field.UNIT:
            return self.unit.name
        if token.name == Field.PERIOD:
            return self.period.label
        # "截至…": the period's last day, or the day of writing while the period runs.
        return formatting.date(self.as_of)

    def _says_something(self, figures: list[Figure]) -> bool:
        """Some figure is not zero, and every change or target named can be written."""
        if any(not f.text for f in figures):
            return False
        return any(not _is_nothing(self._shown_value(f)) for f in figures)

    @staticmethod
    def _shown_value(figure: Figure) -> Value:
        if figure.modifier == Modifier.PREVIOUS:
            return figure.previous
        if figure.modifier == Modifier.TARGET:
            return figure.target
        return figure.value

    def sentence(self, tokens: list[Token]) -> RenderedSentence | None:
        """The sentence filled in, or None when it says nothing (all its figures zero)."""
        parts: list[str | Figure] = []
        figures: list[Figure] = []
        for token in tokens:
            if isinstance(token, Text):
                parts.append(token.text)
            elif isinstance(token, ReportField):
                parts.append(self.field(token))
            elif isinstance(token, Placeholder):
                filled = self.figure(token)
                figures.append(filled)
                parts.append(filled if filled.text else "")
            elif isinstance(token, Clause):
                inner = [
                    self.figure(t)
                    if isinstance(t, Placeholder)
                    else self.field(t)
                    if isinstance(t, ReportField)
                    else t.text
                    for t in token.tokens
                ]
                inner_figures = [p for p in inner if isinstance(p, Figure)]
                if inner_figures and not self._says_something(inner_figures):
                    continue
                figures.extend(inner_figures)
                parts.extend(inner)
        if not figures or all(_is_nothing(self._shown_value(f)) for f in figures):
            return None
        return RenderedSentence(tuple(_tidy(parts)))


_PUNCTUATION_RUN = re.compile(r"[，、；。]{2,}")
_STRENGTH = "、，；。"


def _strongest(match: re.Match[str]) -> str:
    return max(match.group(), key=_STRENGTH.index)


def _tidy(parts: list[str | Figure]) -> list[str | Figure]:
    """Join the text around a figure left empty, keeping the strongest of the punctuation
    marks it leaves side by side ("，；" → "；", "，。" → "。")."""
    merged: list[str | Figure] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif not (isinstance(part, str) and not part):
            merged.append(part)
    tidied = [_PUNCTUATION_RUN.sub(_strongest, p) if isinstance(p, str) else p for p in merged]
    if tidied and isinstance(tidied[0], str):
        tidied[0] = tidied[0].lstrip("，、；。")
    return [p for p in tidied if not (isinstance(p, str) and not p)]


def _templates_sections(template: ReportTemplate) -> list[ReportSection]:
    sentences = Prefetch("sentences", queryset=ReportSentence.objects.order_by("order", "pk"))
    return list(template.sections.order_by("order", "pk").prefetch_related(sentences))


def _indicators_named(parsed: Iterable[list[Token]]) -> dict[str, Indicator]:
    found: dict[str, Indicator] = {}
    for tokens in parsed:
        for token in tokens:
            inside = token.tokens if isinstance(token, Clause) else (token,)
            for item in inside:
                if isinstance(item, Placeholder) and item.code not in found:
                    found[item.code] = registry.get(item.code)
    return found


def _needs_targets(parsed: Iterable[list[Token]]) -> set[str]:
    codes: set[str] = set()
    for tokens in parsed:
        for token in tokens:
            inside = token.tokens if isinstance(token, Clause) else (token,)
            for item in inside:
                if isinstance(item, Placeholder) and item.modifier in (
                    Modifier.TARGET,
                    Modifier.COMPLETION,
                ):
                    codes.add(item.code)
    return codes


def build_report(
    unit: OrgUnit,
    period: Period,
    *,
    user: Any = None,
    template: ReportTemplate | None = None,
    target_lookup: TargetLookup | None = None,
    today: datetime.date | None = None,
) -> ReportData:
    """The report of ``unit``'s subtree for ``period`` (figures restricted to what ``user``
    may view when given), from ``template`` or the one in use for the unit's kind.

    ``target_lookup(unit, code, year)`` gives yearly targets (default: the stats app's).
    """
    template = template if template is not None else template_for(unit)
    report = ReportData(
        unit=unit,
        period=period,
        template=template,
        title=report_title(unit, period),
        preamble=template.preamble if template else "",
        sections=[],
        generated_on=today or timezone.localdate(),
    )
    if template is None:
        return report
    sections = _templates_sections(template)
    parsed: dict[int, list[Token]] = {}
    for section in sections:
        for sentence in section.sentences.all():
            try:
                parsed[sentence.pk] = parse(sentence.text)
            except ValidationError:  # names a code unregistered since: skipped
                continue
    indicators = _indicators_named(parsed.values())
    wanted = list(indicators.values())
    current, previous = (
        selectors.values_over(wanted, unit, [period, period.previous_year()], user=user)
        if wanted
        else ({}, {})
    )
    targets: dict[str, Value] = {}
    target_codes = _needs_targets(parsed.values())
    lookup = target_lookup or target_for
    for code in sorted(target_codes):
        targets[code] = lookup(unit, code, period.end.year)
    filler = _Filler(
        unit=unit,
        period=period,
        as_of=min(period.end, report.generated_on),
        indicators=indicators,
        current=current,
        previous=previous,
        targets=targets,
    )
    for section in sections:
        rendered = [
            filled
            for sentence in section.sentences.all()
            if sentence.pk in parsed and (filled := filler.sentence(parsed[sentence.pk]))
        ]
        if rendered:
            report.sections.append(
                RenderedSection(
                    number=chinese_number(len(report.sections) + 1),
                    heading=section.heading,
                    intro=section.intro,
                    sentences=tuple(rendered),
                )
            )
    report.figures, report.previous = current, previous
    return report
