"""Rights protection in the demo: worker requests (with replies, ratings, one overdue),
legal-aid and wage-arrears cases, lawyers, consultations and outreach events, written through
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
    return made
