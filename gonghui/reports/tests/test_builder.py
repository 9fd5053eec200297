"""The report written from the fixed data set (see conftest): figures counted by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from gonghui.conftest import Tree
from gonghui.indicators.periods import Period
from gonghui.reports.builder import build_report, chinese_number, template_for
from gonghui.reports.models import ReportSection, ReportSentence, ReportTemplate
from gonghui.reports.tests.conftest import SENTENCE_MEMBERS

pytestmark = pytest.mark.django_db

CITY_2024 = [
    ("一", "组织建设", ["全年新发展会员5人，同比增长400.0%；会员总数达到6人，上年为1人。"]),
    (
        "二",
        "促进和谐稳定",
        ["协调处理欠薪案件1件，涉及职工12人，其中农民工10人，拖欠工资12.00万元。"],
    ),
]


def texts(report) -> list[tuple[str, str, list[str]]]:
    return [(s.number, s.heading, [x.text for x in s.sentences]) for s in report.sections]


def test_city_report_has_the_hand_counted_figures(tree: Tree, report_data, report_template):
    report = build_report(tree.city, Period.year(2024), template=report_template)
    assert report.title == "安庆市总工会2024年工作总结"
    # 3 + 2 new members in 2024 against 1 in 2023: +400%; 6 members at the end of 2024.
    # The transfers sentence (0) and the hardship section (0) are left out.
    assert texts(report) == CITY_2024
    figures = report.sections[0].sentences[0].figures
    assert [(f.code, f.modifier, f.value, f.previous) for f in figures] == [
        ("membership.new_members", "value", 5, 1),
        ("membership.new_members", "change", 5, 1),
        ("membership.members", "value", 6, 1),
        ("membership.members", "previous", 6, 1),
    ]
    assert figures[3].period == Period.year(2023)
    arrears = report.sections[1].sentences[0].figures[-1]
    assert arrears.value == Decimal("120000.00") and arrears.text == "12.00万元"


def test_subtree_figures_and_clauses_without_comparison(tree: Tree, report_data, report_template):
    county_a = build_report(tree.county_a, Period.year(2024), template=report_template)
    # 3 in 2024 against 1 in 2023: +200%; no arrears case in county A: that section is left out.
    assert texts(county_a) == [
        ("一", "组织建设", ["全年新发展会员3人，同比增长200.0%；会员总数达到4人，上年为1人。"])
    ]
    county_b = build_report(tree.county_b, Period.year(2024), template=report_template)
    # Nothing in 2023: no change and no last year's figure can be written, the clauses go.
    assert texts(county_b) == [
        ("一", "组织建设", ["全年新发展会员2人；会员总数达到2人。"]),
        ("二", "促进和谐稳定", CITY_2024[1][2]),
    ]


def test_a_period_with_no_data_has_no_section(tree: Tree, report_data, report_template):
    report = build_report(tree.city, Period.year(2022), template=report_template)
    assert report.sections == [] and not report.has_data
    quarter = build_report(tree.city, Period.quarter(2024, 1), template=report_template)
    # Q1 2024: the 3 members of March, against nothing in Q1 2023 (the 2023 member joined in
    # June); 4 members at the end of March 2024, none a year before.
    assert quarter.title == "安庆市总工会2024年第一季度工作总结"
    assert texts(quarter) == [("一", "组织建设", ["全年新发展会员3人；会员总数达到4人。"])]


def test_targets_give_completion_and_big_figures_in_wan(tree: Tree, report_data, db):
    template = ReportTemplate.objects.create(name="目标模板")
    section = ReportSection.objects.create(template=template, order=1, heading="组织建设")
    ReportSentence.objects.create(
        section=section,
        order=1,
        text="会员总数达到{membership.members}[，年度目标{membership.members|目标}]"
        "[，完成率{membership.members|完成率}]。",
    )
    asked = []

    def lookup(unit, code, year):
        asked.append((unit.pk, code, year))
        return 24_000

    report = build_report(tree.city, Period.year(2024), template=template, target_lookup=lookup)
    # 6 of 24,000: 0.025% → 0.0%; the target printed in 万人 with two decimals.
    assert texts(report) == [
        ("一", "组织建设", ["会员总数达到6人，年度目标2.40万人，完成率0.0%。"])
    ]
    assert asked == [(tree.city.pk, "membership.members", 2024)]
    no_target = build_report(
        tree.city, Period.year(2024), template=template, target_lookup=lambda u, c, y: None
    )
    assert texts(no_target) == [("一", "组织建设", ["会员总数达到6人。"])]


def test_figures_are_restricted_to_the_users_scope(
    tree: Tree, report_data, report_template, county_officer
):
    report = build_report(
        tree.city, Period.year(2024), user=county_officer, template=report_template
    )
    # The county A officer counts only county A's records, even for the city.
    assert texts(report)[0][2] == [
        "全年新发展会员3人，同比增长200.0%；会员总数达到4人，上年为1人。"
    ]
    assert len(report.sections) == 1


def test_queries_do_not_grow_with_sentences(
    tree: Tree, report_data, report_template, django_assert_max_num_queries
):
    section = report_template.sections.first()
    for n in range(10):
        ReportSentence.objects.create(section=section, order=10 + n, text=SENTENCE_MEMBERS)
    # template's sections, sentences, then for both years together one query per model counted
    # (memberships, cases, hardship files) at most.
    with django_assert_max_num_queries(2 + 3):
        build_report(tree.city, Period.year(2024), template=report_template)


def test_template_for_prefers_the_one_for_the_units_kind(tree: Tree, report_template):
    for_counties = ReportTemplate.objects.create(name="县级模板", unit_kinds=["county"])
    ReportTemplate.objects.create(name="停用模板", unit_kinds=["city"], is_active=False)
    assert template_for(tree.county_a) == for_counties
    assert template_for(tree.city) != for_counties
    assert template_for(tree.city).unit_kinds == []


def test_chinese_numbers():
    assert [chinese_number(n) for n in (1, 5, 10, 11, 20, 23)] == [
        "一",
        "五",
        "十",
        "十一",
        "二十",
        "二十三",
    ]


def test_report_fields_are_text_not_figures(tree: Tree, report_data):
    template = ReportTemplate.objects.create(name="字段模板")
    section = ReportSection.objects.create(template=template, order=1, heading="组织建设")
    ReportSentence.objects.create(
        section=section, order=1, text="截至{期末}，{单位}共有会员{membership.members}。"
    )
    ReportSentence.objects.create(
        section=section, order=2, text="{期间}，{unit}办理转入{membership.transfers_in}。"
    )
    report = build_report(tree.county_a, Period.quarter(2024, 3), template=template)
    # 3 members of March 2024 and 1 of 2023 in county A; no transfer: that sentence goes.
    assert texts(report) == [("一", "组织建设", ["截至2024年9月底，迎江区总工会共有会员4人。"])]
    # While the period runs, "截至" is the day of writing, not a day still to come.
    report = build_report(
        tree.county_a, Period.year(2024), template=template, today=datetime.date(2024, 11, 22)
    )
    assert texts(report) == [("一", "组织建设", ["截至2024年11月22日，迎江区总工会共有会员4人。"])]


def test_targets_set_in_the_stats_app_are_read(tree: Tree, city_admin, report_data):
    from gonghui.stats.services import target_set

    template = ReportTemplate.objects.create(name="目标模板")
    section = ReportSection.objects.create(template=template, order=1, heading="组织建设")
    ReportSentence.objects.create(
        section=section,
        order=1,
        text="新发展会员{membership.new_members}[，完成年度目标的{membership.new_members|完成率}]。",
    )
    target_set(
        by=city_admin,
        unit=tree.city,
        indicator="membership.new_members",
        year=2024,
        value=Decimal("8"),
    )
    report = build_report(tree.city, Period.year(2024), template=template)
    # 5 of 8 new members: 62.5%; county A has no target of its own, so no completion.
    assert texts(report) == [("一", "组织建设", ["新发展会员5人，完成年度目标的62.5%。"])]
    county = build_report(tree.county_a, Period.year(2024), template=template)
    assert texts(county) == [("一", "组织建设", ["新发展会员3人。"])]


def test_punctuation_left_by_an_empty_figure_is_tidied(tree: Tree, report_data):
    template = ReportTemplate.objects.create(name="标点模板")
    section = ReportSection.objects.create(template=template, order=1, heading="组织建设")
    ReportSentence.objects.create(
        section=section,
        order=1,
        text="{membership.transfers_in|同比}，新发展会员{membership.new_members}，"
        "{membership.transfers_in|同比}。",
    )
    ReportSentence.objects.create(
        section=section,
        order=2,
        text="专项工作中，[转入{membership.transfers_in}][，新发展会员{membership.new_members}]。",
    )
    report = build_report(tree.county_b, Period.year(2024), template=template)
    # No transfer in either year: the change cannot be written and its commas go with it.
    assert texts(report) == [("一", "组织建设", ["新发展会员2人。", "专项工作中，新发展会员2人。"])]


def test_a_sentence_naming_an_indicator_no_longer_registered_is_skipped(
    tree: Tree, report_data, report_template
):
    from gonghui.indicators import registry

    kept = [registry.get(c) for c in ("membership.new_members", "membership.members")]
    with registry.override(*kept, *kept[1].dependencies):
        report = build_report(tree.city, Period.year(2024), template=report_template)
    assert texts(report) == CITY_2024[:1]
