"""The placeholder syntax: parsed into tokens, faults refused with a Chinese message naming them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gonghui.reports.models import ReportSection, ReportSentence, ReportTemplate
from gonghui.reports.placeholders import (
    Clause,
    Field,
    Modifier,
    Placeholder,
    ReportField,
    Text,
    indicator_codes,
    parse,
)


def test_values_modifiers_clauses_and_literal_braces():
    tokens = parse(
        "新发展会员{membership.new_members}[，{ membership.new_members | 同比 }]"
        "；上年{membership.members|上年}，目标{membership.members|target}，"
        "完成{membership.members|完成率}{{注}}[[1]]"
    )
    assert tokens == [
        Text("新发展会员"),
        Placeholder("membership.new_members", Modifier.VALUE, "{membership.new_members}"),
        Clause(
            (
                Text("，"),
                Placeholder(
                    "membership.new_members", Modifier.CHANGE, "{ membership.new_members | 同比 }"
                ),
            )
        ),
        Text("；上年"),
        Placeholder("membership.members", Modifier.PREVIOUS, "{membership.members|上年}"),
        Text("，目标"),
        Placeholder("membership.members", Modifier.TARGET, "{membership.members|target}"),
        Text("，完成"),
        Placeholder("membership.members", Modifier.COMPLETION, "{membership.members|完成率}"),
        Text("{注}[1]"),
    ]
    assert parse("截至{期末}，{ 单位 }[{period}]") == [
        Text("截至"),
        ReportField(Field.PERIOD_END),
        Text("，"),
        ReportField(Field.UNIT),
        Clause((ReportField(Field.PERIOD),)),
    ]
    assert indicator_codes(
        "{membership.members}与{membership.new_members}、{membership.members}"
    ) == [
        "membership.members",
        "membership.new_members",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("签订集体合同{rights.contracts_nope}家", "未知的指标 rights.contracts_nope"),
        ("会员{membership.members|环比}", "未知的修饰词 环比"),
        ("会员{}", "{} 未指明指标"),
        ("会员{membership.members", "不成对的 {"),
        ("会员}", "不成对的 }"),
        ("[会员{membership.members}", "可选分句 [ 没有用 ] 结束"),
        ("会员]", "] 没有对应的可选分句"),
        ("[[会员[{membership.members}]]]", None),
        ("[会员[{membership.members}]]", "可选分句 [ ] 不能嵌套"),
    ],
)
def test_faults_are_refused_with_their_name(text, message):
    if message is None:
        parse(text)
        return
    with pytest.raises(ValidationError) as error:
        parse(text)
    assert message in error.value.messages[0]


@pytest.mark.django_db
def test_a_sentence_naming_an_unknown_indicator_is_refused_on_save():
    section = ReportSection.objects.create(
        template=ReportTemplate.objects.create(name="模板"), heading="组织建设"
    )
    before = ReportSentence.objects.count()
    with pytest.raises(ValidationError) as error:
        ReportSentence.objects.create(section=section, text="覆盖职工{rights.contract_workers}")
    assert "rights.contract_workers" in error.value.messages[0]
    sentence = ReportSentence(section=section, text="会员{membership.members|同期}")
    with pytest.raises(ValidationError) as error:
        sentence.full_clean()
    assert "同期" in error.value.message_dict["text"][0]
    assert ReportSentence.objects.count() == before
