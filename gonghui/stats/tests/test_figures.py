"""The statistics figures of the fixed data set (see conftest), added up by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from gonghui.indicators import registry
from gonghui.indicators.periods import Period
from gonghui.indicators.selectors import values_over
from gonghui.stats import figures, services

pytestmark = pytest.mark.django_db

CONSULTATIONS = "rights.consultations"
ATTENDEES = "rights.outreach_attendees"


def _figure(board: figures.Dashboard, code: str) -> figures.KeyFigure:
    for _section, items in board.sections:
        for item in items:
            if item.indicator.code == code:
                return item
    raise AssertionError(code)


def test_values_over_gives_each_period_its_figures(data):
    periods = [Period.year(2025), Period.year(2024), Period.quarter(2025, 2), Period.year(2020)]
    consultations = registry.get(CONSULTATIONS)
    attendees = registry.get(ATTENDEES)
    series = values_over([consultations, attendees], data.city, periods)
    # 2025: 1 + 2 + 1 + 3 + 4; 2024: 2 + 2; Q2 2025: 5 May, 1 June, 1 and 2 April.
    assert [s[CONSULTATIONS] for s in series] == [11, 4, 4, 0]
    assert [s[ATTENDEES] for s in series] == [Decimal(150), Decimal(100), 0, 0]


def test_dashboard_figures_last_year_and_change(data, city_admin):
    board = figures.dashboard(data.city, Period.year(2025), user=city_admin)
    item = _figure(board, CONSULTATIONS)
    assert (item.value, item.previous) == (11, 4)
    assert item.display == "11次" and item.previous_display == "4次"
    # (11 - 4) / 4 = 175%.
    assert item.change == "同比增长175.0%"
    attendees = _figure(board, ATTENDEES)
    assert (attendees.value, attendees.previous) == (150, 100)
    assert attendees.change == "同比增长50.0%"
    assert item.completion is None
    # County B: 4 this year, 2 last year (grassroots_b 2024: 1 January and 31 December).
    board_b = figures.dashboard(data.county_b, Period.year(2025), user=city_admin)
    assert _figure(board_b, CONSULTATIONS).change == "同比增长100.0%"
    assert _figure(board_b, ATTENDEES).change == ""  # nothing last year


def test_dashboard_completion_against_the_target(data, city_admin):
    services.target_set(by=city_admin, unit=data.city, indicator=CONSULTATIONS, year=2025,
                        value=Decimal(20))  # fmt: skip
    # Half-way through 2025: 11 of 20 = 55.0% against 181 of 365 days = 49.6%.
    board = figures.dashboard(
        data.city, Period.year(2025), user=city_admin, today=datetime.date(2025, 6, 30)
    )
    done = _figure(board, CONSULTATIONS).completion
    assert done is not None
    assert (done.value, done.rate, done.expected, done.behind) == (
        11,
        Decimal("55.0"),
        Decimal("49.6"),
        False,
    )
    # The year is over: 55.0% of a whole year is behind the calendar.
    board = figures.dashboard(
        data.city, Period.year(2025), user=city_admin, today=datetime.date(2026, 1, 5)
    )
    assert _figure(board, CONSULTATIONS).completion.behind is True
    # A quarter reads the year up to its end: January to June = 1 + 1 + 1 + 2 + 3 = 8 → 40.0%
    # (city 1 Feb; county_a 15 Jan; township 5 May; grassroots_a 1 Mar, 1 Jun; grassroots_b
    # 1 Jan, 1 Apr, 2 Apr).
    board = figures.dashboard(
        data.city, Period.quarter(2025, 2), user=city_admin, today=datetime.date(2026, 1, 5)
    )
    item = _figure(board, CONSULTATIONS)
    assert item.value == 4
    assert item.completion.value == 8 and item.completion.rate == Decimal("40.0")


def test_period_with_no_data_gives_zeros(data, city_admin):
    board = figures.dashboard(data.city, Period.year(2019), user=city_admin)
    item = _figure(board, CONSULTATIONS)
    assert (item.value, item.previous, item.change) == (0, 0, "")
    rate = _figure(board, "rights.requests_answered_rate")
    assert rate.value is None and rate.display == "—"


def test_key_indicators_skip_unknown_codes_and_fall_back_to_additive(data, monkeypatch):
    codes = [i.code for i in figures.key_indicators()]
    assert CONSULTATIONS in codes and "employment.nonexistent" not in codes
    # A section none of whose indicators is named shows all its additive indicators.
    monkeypatch.setattr(figures, "KEY_INDICATORS", ("rights.requests",))
    codes = [i.code for i in figures.key_indicators()]
    membership = [i for i in registry.all_indicators() if i.section.code == "membership"]
    assert [c for c in codes if c.startswith("membership.")] == [
        i.code for i in membership if i.is_additive
    ]
    assert [c for c in codes if c.startswith("rights.")] == ["rights.requests"]


def test_children_table_and_ranking(data, city_admin):
    consultations = registry.get(CONSULTATIONS)
    attendees = registry.get(ATTENDEES)
    table = figures.children_table(
        data.city, Period.year(2025), [consultations, attendees], user=city_admin
    )
    assert [(r.unit.code, r[CONSULTATIONS], r[ATTENDEES]) for r in table.rows] == [
        ("340802", 6, 30), ("340822", 4, 120)
    ]  # fmt: skip
    assert table.own == {CONSULTATIONS: 1, ATTENDEES: 0}
    assert table.total == {CONSULTATIONS: 11, ATTENDEES: 150}
    ranked = figures.ranking(
        consultations, data.city, Period.year(2025), user=city_admin, level=figures.GRASSROOTS
    )
    assert [(r.unit.code, v) for r, v in ranked] == [("340822001", 4), ("340802001001", 3)]


def test_charts_members_series_and_ranking(data, city_admin):
    result = figures.charts(data.city, Period.year(2025), user=city_admin, rank_code=CONSULTATIONS)
    assert result["members"]["labels"][0] == "2025年1月" and len(result["members"]["labels"]) == 12
    assert result["ranking"]["labels"] == ["迎江区总工会", "怀宁县总工会"]
    assert result["ranking"]["series"][0]["data"] == [6, 4]
    assert "requests" in result and "aid" in result


def test_filters_reaching_another_table_are_counted_on_their_own():
    from django.db.models import Q

    from gonghui.indicators.selectors import _groups, _needs_join
    from gonghui.membership.models import Membership

    assert _needs_join(Membership, Q(person__user__isnull=False))
    assert not _needs_join(Membership, Q(previous__isnull=True))
    assert not _needs_join(Membership, Q(status="active") & ~Q(worker_group=""))
    assert not _needs_join(Membership, Q(person_id=1) | Q(person__id=2))
    members = registry.get("membership.verified_share")
    groups = _groups([members.numerator, members.denominator])  # type: ignore[attr-defined]
    assert [[i.code for i in g.indicators] for g in groups] == [
        ["membership.verified_now"], ["membership.active_now"]
    ]  # fmt: skip
