"""A small fixed data set whose figures are counted by hand in the tests.

In 2024: 3 new members in grassroots_a (county A), 2 in grassroots_b (county B); in 2023 one
more in grassroots_a. One wage-arrears case in grassroots_b in May 2024: 12 workers, 10 of
them migrant workers, 120,000元 owed. Nothing else (no transfers, no hardship files).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from gonghui.casework.models import Case
from gonghui.conftest import Tree
from gonghui.membership.tests.factories import MembershipFactory
from gonghui.registry.tests.factories import PersonFactory
from gonghui.reports.models import ReportSection, ReportSentence, ReportTemplate
from gonghui.rights.tests.conftest import open_arrears

SENTENCE_MEMBERS = (
    "全年新发展会员{membership.new_members}[，{membership.new_members|同比}]；"
    "会员总数达到{membership.members}[，上年为{membership.members|上年}]。"
)
SENTENCE_TRANSFERS = "办理会员关系转入{membership.transfers_in}。"
SENTENCE_ARREARS = (
    "协调处理欠薪案件{rights.wage_arrears_cases}[，涉及职工{rights.wage_arrears_workers}]"
    "[，其中农民工{rights.wage_arrears_migrant_workers}][，拖欠工资{rights.wage_arrears_owed}]。"
)
SENTENCE_FILES = "在档困难职工{assistance.files_on_file}。"


@pytest.fixture
def report_data(tree: Tree, city_admin: Any) -> dict[str, Any]:
    for unit, count, day in (
        (tree.grassroots_a, 3, datetime.date(2024, 3, 1)),
        (tree.grassroots_b, 2, datetime.date(2024, 10, 8)),
        (tree.grassroots_a, 1, datetime.date(2023, 6, 1)),
    ):
        for _n in range(count):
            MembershipFactory(person=PersonFactory(unit=unit), joined_on=day)
    applicant = PersonFactory(unit=tree.grassroots_b, name="王五")
    case = open_arrears(
        city_admin,
        applicant,
        tree.grassroots_b,
        amount_owed=Decimal("120000.00"),
        workers_count=12,
        migrant_workers_count=10,
    )
    submitted = timezone.make_aware(datetime.datetime(2024, 5, 10, 9, 0))
    Case.objects.filter(pk=case.pk).update(submitted_at=submitted)
    return {"case": case}


@pytest.fixture
def report_template(db: None) -> ReportTemplate:
    """A template of three sections; the last names only figures that are zero."""
    template = ReportTemplate.objects.create(
        name="测试模板", preamble="今年以来，各项工作取得新成效。", unit_kinds=[]
    )
    organisation = ReportSection.objects.create(
        template=template, order=1, heading="组织建设", intro="扎实推进建会入会。"
    )
    ReportSentence.objects.create(section=organisation, order=1, text=SENTENCE_MEMBERS)
    ReportSentence.objects.create(section=organisation, order=2, text=SENTENCE_TRANSFERS)
    livelihood = ReportSection.objects.create(template=template, order=2, heading="做实民生实事")
    ReportSentence.objects.create(section=livelihood, order=1, text=SENTENCE_FILES)
    stability = ReportSection.objects.create(template=template, order=3, heading="促进和谐稳定")
    ReportSentence.objects.create(section=stability, order=1, text=SENTENCE_ARREARS)
    return template
