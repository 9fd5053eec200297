"""The default template loaded by the data migration names only registered indicators."""

from __future__ import annotations

import pytest

from gonghui.reports.default_template import NAME, SECTIONS, load_default_template
from gonghui.reports.models import ReportSection, ReportSentence, ReportTemplate
from gonghui.reports.placeholders import parse

pytestmark = pytest.mark.django_db


def test_the_migration_loaded_the_default_template_and_every_sentence_parses():
    template = ReportTemplate.objects.get(name=NAME)
    assert template.is_active and template.unit_kinds == []
    headings = list(template.sections.order_by("order").values_list("heading", flat=True))
    assert headings == ["组织建设", "暖心服务职工", "助力经济发展", "做实民生实事", "促进和谐稳定"]
    texts = list(
        ReportSentence.objects.filter(section__template=template).values_list("text", flat=True)
    )
    assert len(texts) == sum(len(sentences) for _h, _i, sentences in SECTIONS)
    for text in texts:
        parse(text)  # raises naming an indicator no longer registered


def test_loading_again_leaves_an_existing_template_alone():
    template = ReportTemplate.objects.get(name=NAME)
    ReportSentence.objects.filter(section__template=template).first().delete()
    count = ReportSentence.objects.count()
    assert load_default_template(ReportTemplate, ReportSection, ReportSentence) == template
    assert ReportSentence.objects.count() == count
