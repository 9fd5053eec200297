"""Who reaches the report pages, the Word download, the API and the back office."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gonghui.conftest import Tree
from gonghui.core.models import AuditLog
from gonghui.core.tests.api_client import client_for, refused
from gonghui.core.tests.factories import UserFactory
from gonghui.reports.models import ReportSentence, ReportTemplate
from gonghui.reports.tests.test_views import page_text

pytestmark = pytest.mark.django_db

PAGES = ["reports:annual", "reports:annual_docx", "reports:templates"]
ENDPOINTS = ["/api/v1/reports/templates/", "/api/v1/reports/annual/"]


def test_visitors_go_to_login_and_logins_without_grant_are_refused(client, outsider):
    worker = UserFactory(username="worker")
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
    for user in (outsider, worker):
        client.force_login(user)
        for name in PAGES:
            assert client.get(reverse(name)).status_code == 403, name
        for url in ENDPOINTS:
            assert refused(client_for(user).get(url).status_code), url
    for url in ENDPOINTS:
        assert refused(client_for().get(url).status_code), url


def test_a_unit_outside_the_users_scope_is_not_found(
    client, tree: Tree, county_officer, grassroots_officer, report_data
):
    client.force_login(county_officer)
    for name in PAGES[:2]:
        assert (
            client.get(reverse(name), {"unit": tree.county_b.pk, "year": 2024}).status_code == 404
        )
        assert client.get(reverse(name), {"unit": tree.city.pk, "year": 2024}).status_code == 404
        assert (
            client.get(reverse(name), {"unit": tree.grassroots_a.pk, "year": 2024}).status_code
            == 200
        )
    api = client_for(grassroots_officer)
    assert api.get(ENDPOINTS[1], {"unit": tree.county_a.pk, "year": 2024}).status_code == 404
    assert api.get(ENDPOINTS[1], {"unit": tree.city.pk, "year": 2024}).status_code == 404


def test_each_officer_sees_the_report_of_their_own_subtree(
    client, tree: Tree, county_officer, grassroots_officer, report_data
):
    client.force_login(county_officer)
    text = page_text(client.get(reverse("reports:annual"), {"year": 2024}).content.decode())
    assert "迎江区总工会2024年工作总结" in text and "新发展会员3人" in text
    answer = client_for(grassroots_officer).get(ENDPOINTS[1], {"year": 2024})
    assert answer.status_code == 200
    assert answer.json()["title"] == "怀宁纺织厂工会2024年工作总结"
    assert "新发展会员2人" in answer.json()["sections"][0]["sentences"][0]["text"]


def test_api_report_and_templates(tree: Tree, city_admin, auditor, report_data, report_template):
    api = client_for(auditor)
    answer = api.get(
        ENDPOINTS[1], {"unit": tree.city.pk, "year": 2024, "template": report_template.pk}
    )
    assert answer.status_code == 200
    data = answer.json()
    assert data["title"] == "安庆市总工会2024年工作总结" and data["has_data"] is True
    assert data["period"]["value"] == "2024"
    assert [s["heading"] for s in data["sections"]] == ["组织建设", "促进和谐稳定"]
    first = data["sections"][0]["sentences"][0]
    assert first["text"] == "全年新发展会员5人，同比增长400.0%；会员总数达到6人，上年为1人。"
    assert [(f["code"], f["value"], f["text"]) for f in first["figures"]][:2] == [
        ("membership.new_members", 5, "5人"),
        ("membership.new_members", 5, "同比增长400.0%"),
    ]
    owed = data["sections"][1]["sentences"][0]["figures"][-1]
    assert owed["value"] == 120000 and owed["text"] == "12.00万元"
    empty = api.get(
        ENDPOINTS[1], {"unit": tree.city.pk, "period": "2019Q2", "template": report_template.pk}
    ).json()
    assert empty["has_data"] is False and empty["sections"] == []
    assert api.get(ENDPOINTS[1], {"period": "2024Q9"}).status_code == 400
    listing = api.get(ENDPOINTS[0]).json()
    names = (
        [t["name"] for t in listing["results"]]
        if "results" in listing
        else [t["name"] for t in listing]
    )
    assert "测试模板" in names
    detail = api.get(f"{ENDPOINTS[0]}{report_template.pk}/").json()
    assert [s["heading"] for s in detail["sections"]] == [
        "组织建设",
        "做实民生实事",
        "促进和谐稳定",
    ]
    assert refused(api.post(ENDPOINTS[0], {"name": "新"}, format="json").status_code) or (
        api.post(ENDPOINTS[0], {"name": "新"}, format="json").status_code == 405
    )
    assert not ReportTemplate.objects.filter(name="新").exists()


def test_back_office_edit_only_by_a_top_level_administrator(
    client, tree: Tree, city_admin, county_officer, report_template
):
    section = report_template.sections.get(heading="组织建设")
    sentence = section.sentences.first()
    url = reverse("admin:reports_reportsentence_change", args=[sentence.pk])
    client.force_login(county_officer)
    assert client.get(url).status_code == 200  # staff may read
    audits = AuditLog.objects.count()
    refused_post = client.post(
        url, {"section": section.pk, "order": 1, "text": "改了{membership.members}"}
    )
    assert refused_post.status_code == 403
    sentence.refresh_from_db()
    assert "改了" not in sentence.text and AuditLog.objects.count() == audits

    client.force_login(city_admin)
    bad = client.post(
        url, {"section": section.pk, "order": 1, "text": "签订集体合同{rights.contracts_nope}家"}
    )
    assert bad.status_code == 200
    assert "未知的指标 rights.contracts_nope" in bad.content.decode()
    sentence.refresh_from_db()
    assert "contracts_nope" not in sentence.text
    good = client.post(
        url, {"section": section.pk, "order": 1, "text": "会员{membership.members}。"}
    )
    assert good.status_code == 302
    sentence.refresh_from_db()
    report_template.refresh_from_db()
    assert sentence.text == "会员{membership.members}。" and report_template.version == 2
    assert AuditLog.objects.count() == audits + 1
    assert ReportSentence.objects.filter(section=section).count() == 2


def test_templates_page_lists_templates(client, city_admin, report_template):
    client.force_login(city_admin)
    response = client.get(reverse("reports:templates"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "测试模板" in text and "{membership.new_members|同比}" in text


def test_admin_inline_sentences_are_checked_and_audited(client, city_admin, report_template):
    section = report_template.sections.get(heading="做实民生实事")
    sentence = section.sentences.get()
    url = reverse("admin:reports_reportsection_change", args=[section.pk])
    client.force_login(city_admin)
    form = {
        "template": report_template.pk,
        "order": 2,
        "heading": "做实民生实事",
        "intro": "",
        "sentences-TOTAL_FORMS": 2,
        "sentences-INITIAL_FORMS": 1,
        "sentences-MIN_NUM_FORMS": 0,
        "sentences-MAX_NUM_FORMS": 1000,
        "sentences-0-id": sentence.pk,
        "sentences-0-section": section.pk,
        "sentences-0-order": 1,
        "sentences-0-text": sentence.text,
        "sentences-1-section": section.pk,
        "sentences-1-order": 2,
        "sentences-1-text": "帮扶{assistance.nope}户",
    }
    audits = AuditLog.objects.count()
    bad = client.post(url, form)
    assert bad.status_code == 200 and "未知的指标 assistance.nope" in bad.content.decode()
    assert section.sentences.count() == 1 and AuditLog.objects.count() == audits
    form["sentences-1-text"] = "新建档{assistance.files_opened}。"
    form["sentences-0-DELETE"] = "on"
    assert client.post(url, form).status_code == 302
    assert list(section.sentences.values_list("text", flat=True)) == [
        "新建档{assistance.files_opened}。"
    ]
    # the section (unchanged fields still saved), one sentence added, one deleted
    assert AuditLog.objects.count() == audits + 3
    report_template.refresh_from_db()
    assert report_template.version == 2
