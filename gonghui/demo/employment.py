"""Employment services in the demo: a few hundred job postings over the demo employers (most
published, some waiting for review, a few flagged for discriminatory wording), job seekers
from the county's workers, an on-site fair today with check-ins and intents, an online fair,
an order-based training, placements with their follow-up visits, labour export and loan
subsidies. Written through the services as the demo city admin, so with audit rows."""

# ruff: noqa: E501  (the table of jobs reads best one job per line)

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.core.models import OrgUnit, User
from gonghui.employment import services
from gonghui.employment.choices import PostingStatus
from gonghui.employment.models import JobPosting, Occupation
from gonghui.registry.models import Enterprise, Person

EMPLOYERS = 120
SEEKERS = 80
# title, occupation code, description, skills, certificates, pay range, minimum education
JOBS: list[tuple[str, str, str, list[str], list[str], tuple[int, int], int]] = [
    ("数控车床操作工", "6-18-01", "操作数控车床加工轴类零件，按图纸和工艺要求完成加工，做好首件自检和设备日常保养。", ["数控车床", "看图纸", "量具使用"], [], (5000, 8000), 2),
    ("电焊工", "6-18-02", "负责钢结构件焊接，能进行二氧化碳保护焊、氩弧焊，保证焊缝质量。", ["电焊", "氩弧焊", "二保焊"], ["焊工证"], (6000, 9000), 2),
    ("普工（装配）", "6-25-04", "电子产品流水线装配、检验和包装，长白班，适应站立作业。", ["装配", "质检"], [], (4200, 5500), 2),
    ("仓库管理员", "4-02-06", "负责原材料和成品出入库、盘点、账务登记，熟悉仓储管理系统。", ["仓储管理", "盘点", "Excel"], [], (4000, 5500), 3),
    ("叉车司机", "6-30-05", "厂区内叉车装卸作业，持证上岗，安全驾驶。", ["叉车"], ["叉车证"], (5000, 6500), 2),
    ("快递员", "4-02-07", "负责片区快递收派，使用手机终端扫描，服务客户。", ["快递收派", "电动车驾驶"], [], (5000, 8000), 2),
    ("外卖骑手", "4-02-07", "按平台派单及时配送外卖，熟悉城区道路，时间灵活。", ["电动车驾驶", "导航"], [], (4500, 9000), 1),
    ("货车司机", "4-02-02", "驾驶重型货车往返省内线路运输，遵守交通法规，做好车辆检查。", ["货车驾驶"], ["A2驾驶证"], (7000, 11000), 2),
    ("保安员", "4-07-05", "负责园区门岗值守、巡逻和来访登记，服从安排，责任心强。", ["安保巡逻", "消防器材使用"], ["保安员证"], (3500, 4500), 2),
    ("保洁员", "4-09-08", "负责写字楼公共区域清洁，工作认真细致。", ["清洁"], [], (2800, 3500), 0),
    ("家政服务员", "4-10-01", "上门提供家务、做饭、照顾老人等服务，做事细心有耐心。", ["家务", "烹饪", "老人照护"], ["家政服务员证"], (4500, 7000), 1),
    ("养老护理员", "4-10-01", "在养老机构照护老人日常起居，协助康复训练，做好护理记录。", ["老人照护", "康复护理"], ["养老护理员证"], (4000, 6000), 2),
    ("育婴员", "4-10-01", "照顾0-3岁婴幼儿饮食起居，协助早期教育。", ["婴幼儿护理"], ["育婴员证"], (5000, 8000), 3),
    ("厨师", "4-03-02", "负责中餐热菜烹制，保证菜品质量和食品安全。", ["中餐烹饪", "食品安全"], ["厨师证"], (5000, 8000), 2),
    ("餐厅服务员", "4-03-02", "负责点餐、传菜和餐厅卫生，热情服务顾客。", ["餐饮服务"], [], (3200, 4500), 2),
    ("超市收银员", "4-01-02", "负责收银、扫码结算和货架整理，工作细致。", ["收银", "商品陈列"], [], (3000, 4000), 2),
    ("电商客服", "4-01-02", "负责网店在线客服，解答咨询、处理售后，打字速度快。", ["在线客服", "打字"], [], (3800, 5500), 3),
    ("销售代表", "4-01-02", "开拓区域客户，完成销售任务，维护客户关系。", ["销售", "沟通"], [], (4000, 10000), 3),
    ("电工", "6-29-03", "负责厂区供配电设备和线路的安装维护，持证上岗。", ["电工", "配电维护", "PLC"], ["低压电工证"], (5500, 8000), 3),
    ("机修工", "6-31-01", "负责生产设备的日常维修保养和故障排除。", ["设备维修", "钳工"], [], (5500, 8500), 3),
    ("质检员", "6-31-03", "按检验标准对来料和成品检验，做好检验记录。", ["质量检验", "量具使用"], [], (4500, 6000), 3),
    ("缝纫工", "6-05-01", "服装生产线缝纫，会操作平车、包缝机，计件工资。", ["平车", "包缝"], [], (4500, 7500), 1),
    ("纺织挡车工", "6-04-03", "负责织机看台操作，处理断头，保证布面质量。", ["织机操作"], [], (4500, 6500), 2),
    ("化工操作工", "6-11-01", "按操作规程进行化工装置巡检和中控操作，做好记录。", ["化工操作", "DCS"], ["危化品作业证"], (6000, 8500), 3),
    ("建筑木工", "6-29-01", "负责建筑模板支设和拆除，服从现场管理。", ["木工", "模板"], [], (7000, 10000), 1),
    ("钢筋工", "6-29-01", "负责钢筋下料、绑扎，按图施工。", ["钢筋绑扎"], [], (7000, 10000), 1),
    ("汽车维修工", "4-12-01", "负责汽车保养和常见故障维修。", ["汽车维修", "故障诊断"], [], (5000, 8000), 3),
    ("物业管理员", "4-06-01", "负责小区物业服务，处理业主报修和投诉。", ["物业服务", "沟通"], [], (3800, 5000), 3),
    ("会计", "2-06-03", "负责公司账务处理、纳税申报和财务报表。", ["会计核算", "纳税申报", "财务软件"], ["初级会计职称"], (5000, 7500), 4),
    ("人力资源专员", "2-06-08", "负责招聘、入离职手续和社保办理。", ["招聘", "社保办理"], [], (4500, 6500), 4),
    ("机械工程师", "2-02-07", "负责非标设备机械设计和工艺改进，熟练使用CAD和SolidWorks。", ["CAD", "SolidWorks", "机械设计"], [], (8000, 13000), 5),
    ("软件开发工程师", "2-02-10", "负责企业管理系统开发与维护，熟悉Python或Java。", ["Python", "Java", "数据库"], [], (9000, 16000), 5),
    ("护士", "2-05-08", "负责病区护理工作，执行医嘱，做好护理记录。", ["护理"], ["护士执业证"], (5500, 8000), 4),
    ("幼儿园保育员", "4-10-01", "协助教师照顾幼儿生活和卫生保健。", ["幼儿照护"], ["保育员证"], (3500, 4500), 3),
]  # fmt: skip
# Wording the screening flags (kept pending, for the review queue).
FLAGGED_NOTES = ["限男性，吃苦耐劳", "仅限女性，未婚优先", "须本地户口", "汉族优先"]
PLACES = ["迎江路", "工业园区", "经开区", "高新区", "人民路", "菱湖南路"]


def _back(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def write_employment(*, city: OrgUnit, county: OrgUnit, seed: int) -> dict[str, int]:
    rng = random.Random(seed + 7)
    admin = User.objects.get(username="city_admin")
    today = timezone.localdate()
    occupations = {o.code: o for o in Occupation.objects.filter(code__in={j[1] for j in JOBS})}
    employers = list(
        Enterprise.objects.filter(unit__path__startswith=city.path)
        .select_related("unit")
        .order_by("pk")[:EMPLOYERS]
    )
    if not employers:
        return {}
    made = {"postings": 0, "seekers": 0, "placements": 0, "registrations": 0}
    published: list[JobPosting] = []
    for n, employer in enumerate(employers):
        for k in range(rng.choice([1, 2, 2, 3, 3, 4])):
            title, code, text, skills, certs, (low, high), edu = JOBS[(n * 3 + k) % len(JOBS)]
            flagged = (n + k) % 23 == 7
            status = rng.choices(["published", "pending", "draft", "closed", "rejected"],
                                 [70, 14, 6, 6, 4])[0]  # fmt: skip
            if flagged:
                status = "pending"
            scale = Decimal(rng.choice([90, 100, 100, 110])) / 100
            posting = services.posting_create(
                by=admin, enterprise=employer, submit=status != "draft",
                title=title, occupation=occupations[code], description=text,
                requirements=FLAGGED_NOTES[n % len(FLAGGED_NOTES)] if flagged else "身体健康，能吃苦耐劳",
                openings=rng.choice([1, 2, 3, 5, 5, 8, 10, 20]),
                region_code=employer.region_code, address=f"{rng.choice(PLACES)}{rng.randint(1, 400)}号",
                pay_min=(Decimal(low) * scale).quantize(Decimal("1")),
                pay_max=(Decimal(high) * scale).quantize(Decimal("1")),
                hours=rng.choice(["8:00-17:30，双休", "两班倒", "做六休一", "长白班"]),
                education_min=edu, age_min=18, age_max=rng.choice([45, 50, 55, None]),
                skills=skills, certificates=certs,
                benefits=rng.choice(["五险一金，包吃住", "五险，餐补", "五险一金，年终奖", "包住宿"]),
                contact_name=f"{'王李张刘陈杨'[n % 6]}经理",
                contact_phone=f"1{rng.choice('3589')}{rng.randint(100000000, 999999999)}",
                valid_until=today + datetime.timedelta(days=rng.randint(20, 120)),
            )  # fmt: skip
            made["postings"] += 1
            if status in ("published", "closed"):
                posting = services.posting_review(by=admin, posting=posting, approve=True)
                published.append(posting)
                if status == "closed":
                    services.posting_close(by=admin, posting=posting)
                    published.pop()
            elif status == "rejected":
                services.posting_review(by=admin, posting=posting, approve=False,
                                        note="岗位描述不完整，请补充工作内容")  # fmt: skip
    persons = list(
        Person.objects.filter(unit__path__startswith=county.path)
        .select_related("unit")
        .order_by("-user_id", "pk")[:SEEKERS]
    )
    seekers = []
    for n, person in enumerate(persons):
        title, code, text, skills, certs, (low, _high), edu = JOBS[(n * 5) % len(JOBS)]
        seekers.append(
            services.seeker_save(
                by=admin,
                person=person,
                unit=person.unit,
                wanted_occupations=[occupations[code]],
                wanted_region_codes=[county.region_code] if county.region_code else [],
                expected_pay_min=Decimal(low),
                education=min(6, edu + rng.choice([0, 0, 1])),
                skills=skills[: rng.randint(1, len(skills))],
                certificates=certs,
                experience=f"曾在本地企业从事{title}工作{rng.randint(1, 10)}年。{text[:20]}",
                available_from=today + datetime.timedelta(days=rng.randint(0, 30)),
                flexible_work=n % 4 == 0,
                consent_to_share_contact=n % 3 != 2,
            )
        )
        made["seekers"] += 1
    fair = services.fair_create(
        by=admin, unit=county, title="“工会送岗位 乐业在江淮”专场招聘会", mode="offline",
        starts_on=today, ends_on=today, place="区人力资源市场一楼大厅",
        description="常态化就业援助行动，现场达成就业意向。",
    )  # fmt: skip
    services.fair_create(
        by=admin, unit=city, title="春风行动线上招聘会", mode="online", starts_on=_back(3),
        ends_on=today + datetime.timedelta(days=14), place="市总工会微信公众号",
    )  # fmt: skip
    services.fair_create(
        by=admin, unit=county, title="园区企业用工对接会", mode="offline",
        starts_on=today + datetime.timedelta(days=20), ends_on=today + datetime.timedelta(days=20),
        place="经开区职工服务中心",
    )  # fmt: skip
    by_employer: dict[int, list[JobPosting]] = {}
    for posting in published:
        by_employer.setdefault(posting.enterprise_id, []).append(posting)
    booth_employers = [e for e in employers if e.pk in by_employer][:19]
    for n, employer in enumerate(booth_employers):
        services.fair_add_participant(by=admin, fair=fair, enterprise=employer,
                                      postings=by_employer[employer.pk], booth=f"A{n + 1:02d}")  # fmt: skip
    intents = []
    for n, seeker in enumerate(seekers[:40]):
        registration = services.fair_register(by=admin, fair=fair, person=seeker.person)
        made["registrations"] += 1
        if n % 4 != 3:
            services.fair_check_in(by=admin, fair=fair, token=registration.token)
            if booth_employers and n % 3 == 0:
                employer = booth_employers[n % len(booth_employers)]
                intents.append(services.intent_record(
                    by=admin, seeker=seeker, enterprise=employer, fair=fair,
                    posting=by_employer[employer.pk][0],
                    outcome="hired" if n % 2 else "intent",
                ))  # fmt: skip
    order_employer = booth_employers[0] if booth_employers else employers[0]
    training = services.training_create(
        by=admin, unit=county, title="数控车床操作订单班", occupation=occupations["6-18-01"],
        skills=["数控车床", "看图纸"], certificates=["车工（四级）"], provider="安庆技师学院",
        starts_on=_back(75), ends_on=_back(45), place="技师学院实训楼",
        fee=Decimal("2400"), subsidy=Decimal("1800"), capacity=20, is_order_based=True,
        ordering_enterprise=order_employer,
    )  # fmt: skip
    enrolments = [
        services.enrolment_add(by=admin, training=training, person=s.person) for s in seekers[40:55]
    ]
    for day in (75, 60, 46):
        session = services.session_add(by=admin, training=training, date=_back(day), topic="实操")
        services.attendance_record(by=admin, session=session,
                                   present=[e for k, e in enumerate(enrolments) if (k + day) % 7])  # fmt: skip
    for k, enrolment in enumerate(enrolments):
        if k % 5 == 4:
            services.enrolment_drop(by=admin, enrolment=enrolment)
        else:
            services.enrolment_complete(by=admin, enrolment=enrolment,
                                        certificate_number=f"CZ{today.year}{k + 1:04d}",
                                        completed_on=_back(45))  # fmt: skip
    placed: list[Any] = []
    for intent in intents[:10]:
        placed.append(services.placement_record(
            by=admin, person=intent.seeker.person, seeker=intent.seeker,
            enterprise=intent.enterprise, posting=intent.posting, source="fair", fair=fair,
            start_date=_back(rng.randint(0, 20)), monthly_pay=intent.posting.pay_min if intent.posting else None,
        ))  # fmt: skip
    for k, enrolment in enumerate(enrolments[:9]):
        if enrolment.status == "dropped":
            continue
        placed.append(services.placement_record(
            by=admin, person=enrolment.person, enterprise=order_employer, source="training",
            training=training, start_date=_back(40 - k), monthly_pay=Decimal("5600"),
        ))  # fmt: skip
    for n, seeker in enumerate(seekers[55:70]):
        employer = employers[(n * 7) % len(employers)]
        placed.append(services.placement_record(
            by=admin, person=seeker.person, seeker=seeker, enterprise=employer, source="matching",
            start_date=_back(rng.randint(35, 230)), monthly_pay=Decimal(rng.randint(40, 80) * 100),
        ))  # fmt: skip
    made["placements"] = len(placed)
    for placement in placed:
        for follow_up in placement.follow_ups.all():
            if follow_up.due_on <= today and rng.random() < 0.85:
                services.follow_up_record(
                    by=admin, follow_up=follow_up, retained=rng.random() < 0.86,
                    done_on=min(today, follow_up.due_on + datetime.timedelta(days=rng.randint(0, 5))),
                    notes=rng.choice(["电话回访，工作稳定", "上门回访，适应良好", "已离职，正在找新工作"]),
                )  # fmt: skip
    for destination, employer_name, days, count in (
        ("江苏省苏州市", "苏州工业园区某电子有限公司", 50, 36),
        ("浙江省宁波市", "宁波某汽车零部件有限公司", 20, 24),
    ):
        services.labour_export_create(
            by=admin, unit=county, destination=destination, employer_name=employer_name,
            departed_on=_back(days), workers=[s.person for s in seekers[70:75]],
            workers_count=count, follow_up_on=_back(days - 15) if days > 15 else None,
            follow_up_notes="集中回访，工资按时发放，住宿条件良好",
        )  # fmt: skip
    for n, employer in enumerate(employers[:3]):
        services.loan_subsidy_create(
            by=admin, unit=county, enterprise=employer, bank="安庆农村商业银行",
            loan_amount=Decimal((n + 2) * 100000), subsidy_amount=Decimal((n + 2) * 3600),
            jobs_created=5 + n * 3, granted_on=_back(30 * (n + 1)),
        )  # fmt: skip
    services.loan_subsidy_create(
        by=admin, unit=county, person=seekers[-1].person, bank="邮储银行",
        loan_amount=Decimal("150000"), subsidy_amount=Decimal("4500"), jobs_created=3,
        granted_on=_back(60), note="创业担保贷款贴息",
    )  # fmt: skip
    # Postings past their date close themselves; a demo made today has none yet.
    services.postings_close_expired(today=today, by=admin, everywhere=True)
    made["published"] = JobPosting.objects.filter(status=PostingStatus.PUBLISHED).count()
    return made
