"""The default work report template, modelled on the federations' own reports (the seeds).

Only registered indicators are named (registry, membership, assistance, employment, rights);
``tests/test_default_template.py`` checks every placeholder still parses.
The data migration ``0002_default_template`` loads it; ``load_default_template`` is also used by
tests and can reload it in a fresh database.
"""

from __future__ import annotations

from typing import Any

NAME = "工作总结（默认）"
PREAMBLE = (
    "今年以来，各级工会坚持以职工为中心的工作导向，暖心服务职工、助力经济发展、做实民生实事、"
    "促进和谐稳定，各项工作取得了新的成效。"
)

# (heading, intro, [sentences])
SECTIONS: list[tuple[str, str, list[str]]] = [
    (
        "组织建设",
        "扎实推进“双覆盖”工作，最广泛地把职工组织到工会中来。",
        [
            "新建会单位{registry.unions_founded}[，{registry.unions_founded|同比}]"
            "[，基层工会总数达到{core.units.grassroots}][，用人单位建会率{registry.founding_rate}]。",
            "新发展会员{membership.new_members}[，{membership.new_members|同比}]"
            "[，其中扫码入会{membership.new_members.qr}][，网上入会{membership.new_members.web}]"
            "[，名册导入{membership.new_members.import}][，现场办理{membership.new_members.desk}]"
            "[；截至{期末}，会员总数达到{membership.members}][，完成年度目标的{membership.members|完成率}]"
            "[，会员认证率{membership.verified_share}]。",
            "办理会员关系转入{membership.transfers_in}[、转出{membership.transfers_out}]。",
            "归集职工信息{registry.persons}[、用人单位信息{registry.enterprises}]"
            "[，其中已建会单位{registry.enterprises_founded}]，做到“一人一档”。",
        ],
    ),
    (
        "暖心服务职工",
        "畅通职工诉求渠道，用心用情为职工办实事、解难题。",
        [
            "常态化开展“工会送岗位”就业援助行动，归集企业{employment.enterprises_collected}"
            "[，发布招聘岗位信息{employment.postings_published}]"
            "[，提供岗位{employment.openings_offered}]。",
            "举办招聘会{employment.fairs}[，其中线上{employment.fairs_online}]"
            "[，线下{employment.fairs_offline}][，参会用人单位{employment.fair_employers}]"
            "[，达成就业意向{employment.intents}]。",
            "促进稳定就业{employment.placements}[，{employment.placements|同比}]"
            "[，完成年度目标的{employment.placements|完成率}]"
            "[，3个月稳岗率{employment.retention_3m_rate}]。",
            "组织促就业技能培训{employment.trainees}[，结业{employment.trainees_completed}]"
            "[，培训后实现就业{employment.trainees_placed}]"
            "[，完成年度目标的{employment.trainees|完成率}]。",
            "受理职工诉求{rights.requests}[，其中12351热线{rights.requests_hotline}]"
            "[，{rights.requests|同比}][；诉求答复率{rights.requests_answered_rate}]"
            "[，按时答复率{rights.requests_in_time_rate}]。",
            "开展法律咨询{rights.consultations}[，举办普法宣传活动{rights.outreach_events}]"
            "[，受众{rights.outreach_attendees}]。",
        ],
    ),
    (
        "助力经济发展",
        "围绕中心、服务大局，助企纾困稳岗。",
        [
            "发放小额贷款贴息{employment.loan_subsidies}[，贴息金额{employment.loan_subsidy_amount}]"
            "[，带动就业{employment.loan_jobs_created}]。",
            "组织劳务输出{employment.labour_export_workers}"
            "[，{employment.labour_export_workers|同比}]。",
            "深入开展“安康杯”竞赛，报名参赛单位{rights.safety_competition_units}"
            "[，参赛职工{rights.safety_competition_workers}]。",
        ],
    ),
    (
        "做实民生实事",
        "精准帮扶困难职工，关爱新就业形态劳动者。",
        [
            "在档困难职工{assistance.files_on_file}[，全年新建档{assistance.files_opened}]"
            "[，脱困{assistance.files_lifted_out}][，退档{assistance.files_removed}]。",
            "全年帮扶救助困难职工{assistance.aid_all_households}[、{assistance.aid_all_times}]"
            "[，发放帮扶资金{assistance.aid_all_amount}][，{assistance.aid_all_amount|同比}]"
            "[，在档困难职工帮扶资金覆盖率{assistance.aid_coverage}]。",
            "其中[生活救助{assistance.aid_living_households}]"
            "[，子女助学{assistance.aid_education_persons}]"
            "[，医疗救助{assistance.aid_medical_households}]"
            "[，重大疾病专项救助{assistance.aid_critical_illness_households}]。",
            "开展工会劳动保护监督检查{rights.inspections}[，排查隐患{rights.hazards_found}]"
            "[，督促整改{rights.hazards_rectified}][，整改率{rights.hazards_rectified_rate}]。",
            "新就业形态劳动者会员达到{membership.new_form_members}"
            "[，今年新入会货车司机{membership.new_members.truck_driver}]"
            "[，快递员{membership.new_members.courier}]"
            "[，网约送餐员{membership.new_members.food_delivery_rider}]"
            "[，网约车司机{membership.new_members.ride_hailing_driver}]"
            "[，家政服务员{membership.new_members.domestic_worker}]。",
        ],
    ),
    (
        "促进和谐稳定",
        "深化工会维权服务，推动构建和谐劳动关系。",
        [
            "实施集体协商专项行动，[发出集体协商要约{rights.offers_sent}]"
            "[，获得答复{rights.offers_answered}][；签订集体合同{rights.contracts_signed}]"
            "[，覆盖企业{rights.contract_enterprises_covered}]"
            "[，覆盖职工{rights.contract_workers_covered}]"
            "[，{rights.contract_workers_covered|同比}]。",
            "专项集体合同中，[工资专项集体合同{rights.contracts_wages}]"
            "[，女职工权益保护专项集体合同{rights.contracts_women}]"
            "[，劳动安全卫生专项集体合同{rights.contracts_safety}]。",
            "推进“法院+工会”诉调对接，调解劳动争议案件{rights.mediation_cases}"
            "[，其中法院委派{rights.mediation_court_referred}]"
            "[，达成调解协议{rights.mediation_agreements}]"
            "[，调解成功率{rights.mediation_agreement_rate}]"
            "[，涉及金额{rights.mediation_amount}]。",
            "办理法律援助案件{rights.legal_aid_cases}[，{rights.legal_aid_cases|同比}]"
            "[，为职工挽回经济损失{rights.legal_aid_recovered}]。",
            "协调处理欠薪案件{rights.wage_arrears_cases}[，涉及职工{rights.wage_arrears_workers}]"
            "[，其中农民工{rights.wage_arrears_migrant_workers}]"
            "[，涉及金额{rights.wage_arrears_owed}][，已追回{rights.wage_arrears_recovered}]。",
        ],
    ),
]


def load_default_template(template_model: Any, section_model: Any, sentence_model: Any) -> Any:
    """Create the default template (with the given model classes, historical ones in a
    migration); an existing template of that name is left alone."""
    template, created = template_model.objects.get_or_create(
        name=NAME, defaults={"preamble": PREAMBLE, "unit_kinds": [], "is_active": True}
    )
    if not created:
        return template
    for section_order, (heading, intro, sentences) in enumerate(SECTIONS, start=1):
        section = section_model.objects.create(
            template=template, order=section_order * 10, heading=heading, intro=intro
        )
        sentence_model.objects.bulk_create(
            sentence_model(section=section, order=n * 10, text=text)
            for n, text in enumerate(sentences, start=1)
        )
    return template
