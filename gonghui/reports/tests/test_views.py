"""The report page and the Word document show exactly the hand-counted figures."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from gonghui.conftest import Tree
from gonghui.indicators import formatting
from gonghui.reports.tests.test_builder import CITY_2024

pytestmark = pytest.mark.django_db

TAGS = re.compile(r"<[^>]+>")
FIGURE_LINK = re.compile(
    r'<a href="([^"]+)" class="report-figure" data-code="([^"]+)"[^>]*>([^<]+)</a>'
)


def page_text(html: str) -> str:
    return TAGS.sub("", html)


def test_web_report_figures_link_to_their_drill_down(
    client, tree: Tree, city_admin, report_data, report_template
):
    client.force_login(city_admin)
    url = reverse("reports:annual")
    response = client.get(url, {"unit": tree.city.pk, "year": 2024, "template": report_template.pk})
    assert response.status_code == 200
    html = response.content.decode()
    text = page_text(html)
    assert "安庆市总工会2024年工作总结" in text
    assert "一、组织建设" in text and "二、促进和谐稳定" in text
    for _number, _heading, sentences in CITY_2024:
        for sentence in sentences:
            assert sentence in text
    assert "做实民生实事" not in text and "转入" not in text
    figures = re.findall(
        r'<a href="([^"]+)" class="report-figure" data-code="([^"]+)"[^>]*>([^<]+)</a>', html
    )
    assert [(code, shown) for _href, code, shown in figures] == [
        ("membership.new_members", "5人"),
        ("membership.new_members", "同比增长400.0%"),
        ("membership.members", "6人"),
        ("membership.members", "1人"),
        ("rights.wage_arrears_cases", "1件"),
        ("rights.wage_arrears_workers", "12人"),
        ("rights.wage_arrears_migrant_workers", "10人"),
        ("rights.wage_arrears_owed", "12.00万元"),
    ]
    for href, code, _shown in figures:
        assert f"unit={tree.city.pk}" in href and code in href
    assert "period=2024&" in figures[0][0] or figures[0][0].endswith("period=2024")
    assert "period=2023" in figures[3][0]  # last year's value links to last year
    followed = client.get(figures[0][0].replace("&amp;", "&"))
    assert followed.status_code == 200
    below = re.findall(r'<a href="\?unit=(\d+)&amp;period=2024">([^<]+)</a>', html)
    assert below == [
        (str(tree.county_a.pk), "迎江区总工会"),
        (str(tree.county_b.pk), "怀宁县总工会"),
    ]


def test_docx_has_the_figures_title_numbering_and_chinese_fonts(
    client, tree: Tree, city_admin, report_data, report_template
):
    client.force_login(city_admin)
    response = client.get(
        reverse("reports:annual_docx"),
        {"unit": tree.city.pk, "year": 2024, "template": report_template.pk},
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in document.paragraphs if p.text]
    assert paragraphs[:2] == ["安庆市总工会2024年工作总结", "今年以来，各项工作取得新成效。"]
    assert paragraphs[2:8] == [
        "一、组织建设",
        "扎实推进建会入会。",
        CITY_2024[0][2][0],
        "二、促进和谐稳定",
        CITY_2024[1][2][0],
        "安庆市总工会",
    ]
    from django.utils import timezone

    today = formatting.date(timezone.localdate())
    assert paragraphs[8] == today
    footer = document.sections[0].footer
    assert footer.paragraphs[0].text == "— 1 —"  # the PAGE field, shown as 1 until Word counts
    assert "PAGE" in footer.paragraphs[0]._element.xml
    assert footer.paragraphs[1].text == f"生成日期：{today}"
    title_run = document.paragraphs[0].runs[0]
    assert title_run.font.size.pt == 22
    assert title_run._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    heading_run = document.paragraphs[2].runs[0]
    assert heading_run._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    body_run = document.paragraphs[4].runs[0]
    assert body_run._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"
    assert body_run.font.size.pt == 16
    assert round(document.sections[0].top_margin.mm) == 37


def test_no_data_says_so(client, tree: Tree, city_admin, report_data, report_template):
    client.force_login(city_admin)
    params = {"unit": tree.city.pk, "year": 2019, "template": report_template.pk}
    response = client.get(reverse("reports:annual"), params)
    text = page_text(response.content.decode())
    assert "本期间没有可统计的数据" in text and "组织建设" not in text
    document = Document(io.BytesIO(client.get(reverse("reports:annual_docx"), params).content))
    assert [p.text for p in document.paragraphs if p.text][:2] == [
        "安庆市总工会2019年工作总结",
        "本期间没有可统计的数据。",
    ]


def test_bad_period_and_unknown_template(client, tree: Tree, city_admin, report_template):
    client.force_login(city_admin)
    bad = client.get(reverse("reports:annual"), {"period": "2024Q9"})
    assert bad.status_code == 400
    assert client.get(reverse("reports:annual_docx"), {"year": "abc"}).status_code == 400
    missing = client.get(reverse("reports:annual"), {"year": 2024, "template": 99999})
    assert missing.status_code == 404


def test_default_template_report_of_the_city(client, tree: Tree, city_admin, report_data):
    client.force_login(city_admin)
    response = client.get(reverse("reports:annual"), {"unit": tree.city.pk, "year": 2024})
    text = page_text(response.content.decode())
    assert "新发展会员5人，同比增长400.0%" in text
    assert "会员总数达到6人" in text
    assert "二、促进和谐稳定" in text
    assert "协调处理欠薪案件1件，涉及职工12人，其中农民工10人，涉及金额12.00万元。" in text
    # No hardship file, no aid, no new-form member, no request: those sections are left out.
    assert "三、" not in text
    assert "四、做实民生实事" not in text and "暖心服务职工\n" not in text


def test_no_template_in_use_says_so(client, tree: Tree, city_admin, report_data):
    from gonghui.reports.models import ReportTemplate

    ReportTemplate.objects.update(is_active=False)
    client.force_login(city_admin)
    response = client.get(reverse("reports:annual"), {"year": 2024})
    text = page_text(response.content.decode())
    assert response.status_code == 200
    assert "没有适用于本类工会的工作总结模板" in text and "新发展会员" not in text
    document = Document(
        io.BytesIO(client.get(reverse("reports:annual_docx"), {"year": 2024}).content)
    )
    assert "本期间没有可统计的数据。" in [p.text for p in document.paragraphs]
