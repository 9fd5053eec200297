"""Editing templates in the workspace: only a top-level administrator; faults refused by name."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gonghui.core.models import AuditLog
from gonghui.reports.models import ReportSection, ReportSentence, ReportTemplate

pytestmark = pytest.mark.django_db


def edit_pages(template: ReportTemplate) -> list[str]:
    section = template.sections.first()
    sentence = section.sentences.first()
    return [
        reverse("reports:template_create"),
        reverse("reports:template_edit", args=[template.pk]),
        reverse("reports:section_create", args=[template.pk]),
        reverse("reports:section_edit", args=[section.pk]),
        reverse("reports:sentence_create", args=[section.pk]),
        reverse("reports:sentence_edit", args=[sentence.pk]),
    ]


def delete_pages(template: ReportTemplate) -> list[str]:
    section = template.sections.first()
    return [
        reverse("reports:section_delete", args=[section.pk]),
        reverse("reports:sentence_delete", args=[section.sentences.first().pk]),
    ]


def state() -> tuple:
    return (
        list(ReportTemplate.objects.values_list("pk", "name", "version", "preamble")),
        list(ReportSection.objects.values_list("pk", "heading", "order")),
        list(ReportSentence.objects.values_list("pk", "text", "order")),
        AuditLog.objects.count(),
    )


def test_only_a_top_level_administrator_edits(
    client, outsider, county_officer, auditor, report_template
):
    before = state()
    for url in edit_pages(report_template) + delete_pages(report_template):
        client.logout()
        response = client.get(url)
        assert response.status_code in (302, 405), url
        for user in (outsider, county_officer, auditor):
            client.force_login(user)
            assert (
                client.post(url, {"name": "改", "heading": "改", "text": "改"}).status_code == 403
            )
    assert state() == before


def test_sentence_with_unknown_indicator_is_refused_then_saved(client, city_admin, report_template):
    section = report_template.sections.get(heading="组织建设")
    client.force_login(city_admin)
    url = reverse("reports:sentence_create", args=[section.pk])
    page = client.get(url)
    assert page.status_code == 200 and "membership.new_members" in page.content.decode()
    before = state()
    bad = client.post(url, {"order": 5, "text": "覆盖职工{rights.contract_workers}人"})
    assert bad.status_code == 400
    assert "未知的指标 rights.contract_workers" in bad.content.decode()
    bad = client.post(url, {"order": 5, "text": "会员{membership.members|环比}"})
    assert bad.status_code == 400 and "未知的修饰词 环比" in bad.content.decode()
    assert state() == before

    good = client.post(url, {"order": 5, "text": "截至{期末}，会员{membership.members}。"})
    assert good.status_code == 302
    added = ReportSentence.objects.get(section=section, order=5)
    assert added.text == "截至{期末}，会员{membership.members}。"
    report_template.refresh_from_db()
    assert report_template.version == 2
    assert AuditLog.objects.count() == before[3] + 1

    edit = client.post(
        reverse("reports:sentence_edit", args=[added.pk]),
        {"order": 6, "text": "会员{membership.members}。"},
    )
    assert edit.status_code == 302
    added.refresh_from_db()
    assert (added.order, added.text) == (6, "会员{membership.members}。")
    assert client.post(reverse("reports:sentence_delete", args=[added.pk])).status_code == 302
    assert not ReportSentence.objects.filter(pk=added.pk).exists()
    report_template.refresh_from_db()
    assert report_template.version == 4


def test_templates_and_sections_are_created_edited_and_removed(client, city_admin):
    client.force_login(city_admin)
    response = client.post(
        reverse("reports:template_create"),
        {"name": "县级模板", "unit_kinds": ["county"], "preamble": "", "is_active": "on"},
    )
    assert response.status_code == 302
    template = ReportTemplate.objects.get(name="县级模板")
    assert template.unit_kinds == ["county"] and template.version == 1
    duplicate = client.post(reverse("reports:template_create"), {"name": "县级模板"})
    assert duplicate.status_code == 400
    client.post(
        reverse("reports:section_create", args=[template.pk]),
        {"order": 1, "heading": "组织建设", "intro": ""},
    )
    section = template.sections.get()
    client.post(
        reverse("reports:sentence_create", args=[section.pk]),
        {"order": 1, "text": "会员{membership.members}。"},
    )
    response = client.post(
        reverse("reports:section_edit", args=[section.pk]),
        {"order": 2, "heading": "建会入会", "intro": "导语。"},
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.order, section.heading, section.intro) == (2, "建会入会", "导语。")
    response = client.post(
        reverse("reports:template_edit", args=[template.pk]),
        {"name": "县级模板", "preamble": "开篇。"},
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.unit_kinds == [] and not template.is_active and template.preamble == "开篇。"
    assert client.post(reverse("reports:section_delete", args=[section.pk])).status_code == 302
    assert not ReportSection.objects.filter(pk=section.pk).exists()
    assert not ReportSentence.objects.filter(section_id=section.pk).exists()
    listing = client.get(reverse("reports:templates")).content.decode()
    assert "县级模板" in listing and "新建工作总结模板" in listing
