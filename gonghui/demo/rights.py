"""Rights protection in the demo: worker requests (with replies, ratings, one overdue),
legal-aid and wage-arrears cases, lawyers, consultations and outreach events; mediation bodies
and cases, offers to bargain, collective contracts (one regional contract overlapping enterprise
contracts, one expiring soon), inspections with hazards (some overdue) and the safety
competition of this year and the last, written through
the services (so with timelines and audit rows) as the demo city admin. Small on purpose: the
figures show on the pages and indicators without slowing the build."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from gonghui.casework.choices import Channel
from gonghui.casework.models import Case
from gonghui.casework.services import case_accept, case_resolve, case_start
from gonghui.core.models import OrgUnit, User
from gonghui.registry.models import Person
from gonghui.rights import services
from gonghui.rights.choices import ConsultationChannel, LegalAidOutcome, LegalAidStage, Topic
from gonghui.rights.models import RequestCategory

REQUESTS = 36
LEGAL_AID = 10
ARREARS = 8
CONSULTATIONS = 24
EVENTS = 8
PROBLEMS = [
    "公司连续三个月未足额发放工资，多次找负责人未果。",
    "单位未给我缴纳社会保险，要求补缴。",
    "入职半年仍未签订书面劳动合同。",
    "上班途中发生交通事故，单位不配合工伤认定。",
    "单位以经营困难为由口头辞退，不支付经济补偿。",
    "车间粉尘大，防护用品长期不发放。",
    "企业不同意职工成立工会小组。",
    "加班费计算有误，少发近两千元。",
]
PLACES = ["人民广场", "工业园区服务中心", "建筑工地", "职工服务中心", "社区文化站", "商业街"]


def _back(days: float, hours: float = 0) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days, hours=hours)


def write_rights(*, city: OrgUnit, county: OrgUnit, seed: int) -> dict[str, int]:
    """Cases and records of the county (the county officer's) and of the city level."""
    rng = random.Random(seed + 5)
    admin = User.objects.get(username="city_admin")
    persons = list(
        Person.objects.filter(unit__path__startswith=county.path, employer__isnull=False)
        .select_related("employer", "employer__unit", "unit")
        .defer("id_number", "phone")
        .order_by("pk")[: REQUESTS + LEGAL_AID + ARREARS]
    )
    if not persons:
        return {}
    categories = list(RequestCategory.objects.filter(is_active=True, parent__isnull=True))
    channels = [Channel.HOTLINE] * 4 + [Channel.WALK_IN, Channel.LETTER, Channel.PORTAL]
    made = {"requests": 0, "legal_aid": 0, "arrears": 0}
    for n in range(REQUESTS):
        person = persons[n % len(persons)]
        category = categories[n % len(categories)]
        days = rng.uniform(0.2, 50) if n else 3  # the first one is left overdue
        case = services.request_record(
            by=admin,
            applicant=person,
            receiving_unit=county,
            category=category,
            description=PROBLEMS[n % len(PROBLEMS)],
            employer=person.employer,
            channel=channels[n % len(channels)],
            urgent=n % 9 == 4,
            submitted_at=_back(days),
        )
        made["requests"] += 1
        if n == 0 or n % 6 == 5:
            continue  # still waiting for a first response
        case = case_accept(by=admin, case=case, expected_version=case.version)
        if n % 4 == 3:
            case_start(by=admin, case=case, expected_version=case.version)
            continue
        case = case_resolve(
            by=admin,
            case=case,
            expected_version=case.version,
            reply="经工会协调，企业已作出整改承诺并落实，请您关注。如仍有问题可再次反映。",
        )
        if n % 3 == 0:
            services.request_rate(by=admin, case=case, score=rng.choice([3, 4, 5, 5, 5]))
    lawyers = [
        services.lawyer_create(
            by=admin, unit=county, name=name, organisation=firm, licence_number=f"1340820{n:08d}"
        )
        for n, (name, firm) in enumerate(
            [
                ("周律师", "皖江律师事务所"),
                ("吴律师", "宜城律师事务所"),
                ("郑律师", "区法律援助中心"),
            ]
        )
    ]
    stages = list(LegalAidStage.values)
    for n in range(LEGAL_AID):
        person = persons[(REQUESTS + n) % len(persons)]
        dispute = timezone.localdate() - datetime.timedelta(days=rng.randint(20, 360))
        case = services.legal_aid_open(
            by=admin,
            applicant=person,
            unit=county,
            description=PROBLEMS[n % len(PROBLEMS)],
            dispute_type=Topic.values[n % 5],
            dispute_date=dispute,
            employer=person.employer,
            lawyer=lawyers[n % len(lawyers)],
            amount_claimed=Decimal(rng.randint(8, 120) * 1000),
            submitted_at=_back(rng.uniform(1, 80)),
        )
        made["legal_aid"] += 1
        case = case_accept(by=admin, case=case, expected_version=case.version)
        stage = stages[min(n % 5, len(stages) - 1)] if n % 7 else LegalAidStage.CONSULTATION
        if n % 3 == 0:
            services.legal_aid_update(
                by=admin,
                case=case,
                stage=stage,
                outcome=LegalAidOutcome.AWARD_WON,
                outcome_date=timezone.localdate(),
                amount_recovered=Decimal(rng.randint(5, 90) * 1000),
            )
            case = Case.objects.get(pk=case.pk)
            case_resolve(
                by=admin,
                case=case,
                reply="已获仲裁支持，款项已到位。",
                expected_version=case.version,
            )
        else:
            services.legal_aid_update(by=admin, case=case, stage=stage)
    for n in range(ARREARS):
        person = persons[(REQUESTS + LEGAL_AID + n) % len(persons)]
        workers = rng.randint(3, 60)
        owed = Decimal(workers * rng.randint(6, 30) * 1000)
        recovered = owed if n % 2 == 0 else Decimal(0)
        case = services.wage_arrears_open(
            by=admin,
            applicant=person,
            unit=county,
            description="工程完工后拖欠农民工工资。",
            employer=person.employer,
            project=f"{person.employer.name}项目",  # type: ignore[union-attr]
            workers_count=workers,
            migrant_workers_count=workers * 4 // 5,
            amount_owed=owed,
            amount_recovered=recovered,
            joint_with_labour_bureau=n % 3 == 0,
            submitted_at=_back(rng.uniform(1, 90)),
        )
        made["arrears"] += 1
        if recovered:
            case = case_accept(by=admin, case=case, expected_version=case.version)
            case_resolve(
                by=admin, case=case, reply="欠薪已全部清偿。", expected_version=case.version
            )
    today = timezone.localdate()
    for n in range(CONSULTATIONS):
        services.consultation_create(
            by=admin,
            unit=county if n % 3 else city,
            date=today - datetime.timedelta(days=rng.randint(0, 120)),
            channel=ConsultationChannel.values[n % 4],
            topic=Topic.values[n % 8],
            lawyer=lawyers[n % len(lawyers)] if n % 2 else None,
            summary="就劳动合同、工资和社保问题提供法律解答。",
        )
    for n in range(EVENTS):
        services.outreach_create(
            by=admin,
            unit=county if n % 2 else city,
            date=today - datetime.timedelta(days=rng.randint(0, 150)),
            place=PLACES[n % len(PLACES)],
            topic="《劳动合同法》《保障农民工工资支付条例》宣讲",
            attendees=rng.randint(40, 400),
        )
    made.update(_write_protection(admin=admin, city=city, county=county, rng=rng, persons=persons))
    return made


def _write_protection(
    *, admin: User, city: OrgUnit, county: OrgUnit, rng: random.Random, persons: list[Person]
) -> dict[str, int]:
    """Mediation, bargaining, inspections and the safety competition of the county."""
    from gonghui.registry.models import Enterprise
    from gonghui.rights import services_bargaining, services_mediation, services_safety
    from gonghui.rights.models import LegalAidCase

    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    firms = list(
        Enterprise.objects.filter(unit__path__startswith=county.path)
        .select_related("unit")
        .order_by("pk")[:24]
    )
    if not firms:
        return {}

    def workers(firm: Enterprise) -> int:
        return max(firm.employee_count, 5)

    made = {"mediations": 0, "offers": 0, "contracts": 0, "inspections": 0, "hazards": 0,
            "safety_entries": 0}  # fmt: skip
    room = services_mediation.mediation_body_create(
        by=admin, unit=county, name=f"{county.name}劳动争议调解室",
        established_on=today - 900 * day, address="职工服务中心二楼")  # fmt: skip
    court = services_mediation.mediation_body_create(
        by=admin, unit=county, name=f"{county.name}诉调对接工作室", kind="court_referred",
        court_name=f"{county.name.removesuffix('总工会')}人民法院",
        established_on=today - 600 * day)  # fmt: skip
    services_mediation.mediation_body_create(
        by=admin, unit=city, name=f"{city.name}劳动争议调解中心",
        established_on=today - 1500 * day)  # fmt: skip
    mediators = {
        body.pk: [services_mediation.mediator_create(by=admin, body=body, name=name, title=title)
                  for name, title in (("许调解员", "专职调解员"), ("何调解员", "兼职调解员"))]
        for body in (room, court)
    }  # fmt: skip
    aid = list(LegalAidCase.objects.filter(case__unit=county).order_by("pk")[:3])
    for n in range(12):
        body = court if n % 3 == 0 else room
        opened = today - rng.randint(20, 200) * day
        person = persons[n % len(persons)]
        case = services_mediation.mediation_open(
            by=admin, body=body, worker=person, employer=person.employer,
            dispute_type=["wages", "dismissal", "social_insurance", "work_injury"][n % 4],
            dispute="职工与企业就工资、经济补偿发生争议，申请调解。", opened_on=opened,
            court_reference=f"（{opened.year}）皖诉前调{100 + n}号" if body is court else "",
            legal_aid=aid[n] if n < len(aid) else None,
            amount_claimed=Decimal(rng.randint(5, 60) * 1000))  # fmt: skip
        services_mediation.mediation_add_session(
            by=admin, case=case, date=opened + 3 * day, mediator=mediators[body.pk][n % 2],
            notes="听取双方陈述，释法说理。")  # fmt: skip
        made["mediations"] += 1
        if n % 4 == 3:
            continue  # still being mediated
        agreement = n % 5 != 4
        services_mediation.mediation_conclude(
            by=admin,
            case=case,
            outcome="agreement" if agreement else "failure",
            outcome_on=opened + 10 * day,
            amount_agreed=Decimal(rng.randint(3, 40) * 1000) if agreement else Decimal(0),
        )
    # Offers to bargain, answered within 20 days but two (one overdue).
    offers = []
    for n, firm in enumerate(firms[:10]):
        sent = today - (5 + n * 12) * day
        offer = services_bargaining.offer_create(
            by=admin, unit=county, enterprise=firm, sent_on=sent,
            contract_type="wages" if n % 3 == 0 else "comprehensive")  # fmt: skip
        made["offers"] += 1
        if n in (0, 3):
            continue  # the one sent 41 days ago is overdue
        services_bargaining.offer_answer(
            by=admin, offer=offer, answer="refused" if n == 5 else "accepted",
            answered_on=sent + rng.randint(3, 15) * day)  # fmt: skip
        offers.append(offer)
    # Enterprise contracts, a regional one overlapping them, special contracts.
    for n, firm in enumerate(firms[:8]):
        signed = today - rng.randint(30, 500) * day
        services_bargaining.contract_create(
            by=admin, unit=county, enterprises=[(firm, workers(firm))],
            title=f"{firm.name}集体合同", union_party=f"{firm.name}工会",
            employer_party=firm.name, signed_on=signed, starts_on=signed + 15 * day,
            expires_on=(today + 40 * day) if n == 0 else signed + 15 * day + 3 * 365 * day,
            contract_type="women" if n == 2 else "comprehensive",
            offer=offers[n] if n < len(offers) else None)  # fmt: skip
        made["contracts"] += 1
    signed = today - 90 * day
    services_bargaining.contract_create(
        by=admin, unit=county, kind="regional",
        enterprises=[(firm, workers(firm)) for firm in firms[4:16]],
        title=f"{county.name.removesuffix('总工会')}工业园区区域性集体合同",
        union_party=f"{county.name}", employer_party="工业园区企业联合会", signed_on=signed,
        starts_on=signed, expires_on=signed + 3 * 365 * day)  # fmt: skip
    services_bargaining.contract_create(
        by=admin, unit=county, kind="sector", contract_type="wages",
        enterprises=[(firm, workers(firm)) for firm in firms[16:22]],
        title="建筑行业工资专项集体合同", union_party=f"{county.name}",
        employer_party="建筑业协会", signed_on=today - 200 * day, starts_on=today - 180 * day,
        expires_on=today + 545 * day)  # fmt: skip
    made["contracts"] += 2
    # Inspections and hazards.
    hazards = ["消防通道堵塞", "配电箱未上锁", "劳动防护用品发放不足", "高处作业无防护栏",
               "有限空间作业未审批", "粉尘浓度超标"]  # fmt: skip
    for n, firm in enumerate(firms[:10]):
        date = today - rng.randint(5, 150) * day
        inspection = services_safety.inspection_create(
            by=admin, unit=county, enterprise=firm, date=date, inspectors="王、李",
            findings="检查生产现场、职业病防护和安全培训情况。")  # fmt: skip
        made["inspections"] += 1
        for k in range(rng.randint(1, 4)):
            hazard = services_safety.hazard_add(
                by=admin, inspection=inspection, description=hazards[(n + k) % len(hazards)],
                severity="major" if (n + k) % 7 == 0 else "general",
                deadline=date + rng.choice([7, 15, 30]) * day)  # fmt: skip
            made["hazards"] += 1
            if (n + k) % 5 == 1 and hazard.deadline < today:
                continue  # left overdue
            if hazard.deadline <= today or k % 2 == 0:
                done = min(hazard.deadline, today)
                services_safety.hazard_rectify(
                    by=admin, hazard=hazard, rectified_on=done, rectification="已按要求整改到位。"
                )
                if n % 2 == 0:
                    services_safety.hazard_verify(by=admin, hazard=hazard, verified_on=done)
    # Safety competition, this year and the last (about a tenth more this year).
    for year, count in ((today.year - 1, 10), (today.year, 11)):
        for firm in firms[:count]:
            services_safety.safety_entry_create(
                by=admin, unit=county, enterprise=firm, year=year,
                workers=max(workers(firm) - (3 if year < today.year else 0), 1))  # fmt: skip
            made["safety_entries"] += 1
    return made
