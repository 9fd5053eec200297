"""Synthetic but realistic postings and seekers of one city (安庆市), for the evaluation set
and the benchmark: roles with their occupation codes, skills, certificates, pay and Chinese
phrases; places are the city's counties with their approximate centres.

Each generated record keeps its ``role``: the kind of work it really is, which the matcher
never sees (it sees occupation codes, which employers and seekers fill in coarsely or not at
all, skills, certificates and free text).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from gonghui.employment.matching.documents import PostingDoc, SeekerDoc


@dataclass(frozen=True)
class Role:
    key: str
    name: str
    occupation: str
    skills: tuple[str, ...]
    certificates: tuple[str, ...]
    pay: tuple[int, int]
    education: int
    duties: tuple[str, ...]
    experience: tuple[str, ...]
    neighbours: tuple[str, ...] = ()


ROLES: tuple[Role, ...] = (
    Role(
        "electrician",
        "电工",
        "6-31-01",
        ("电气维修", "配电柜", "PLC", "线路安装"),
        ("低压电工证", "高压电工证"),
        (5000, 8000),
        3,
        (
            "负责厂区配电系统和车间设备的电气维护",
            "处理线路故障，定期巡检配电房",
            "安装调试照明和动力线路",
            "会看电气图纸，能独立排查电路故障",
        ),
        (
            "在工厂做过{y}年电工，负责配电柜和线路维修",
            "持证电工，会看电气图纸，懂PLC",
            "干过小区物业电工，水电维修都会",
        ),
        ("mechanic",),
    ),
    Role(
        "mechanic",
        "设备维修工",
        "6-31-01",
        ("设备维修", "钳工", "液压", "机械装配"),
        ("钳工证",),
        (5000, 7500),
        3,
        (
            "负责生产线机械设备的日常保养和故障维修",
            "更换轴承、皮带等易损件，做好维修记录",
            "懂液压和气动系统，能看机械图纸",
        ),
        ("做过{y}年机修钳工，熟悉冲床和注塑机维修", "在汽配厂负责设备保养和维修"),
        ("electrician", "cnc"),
    ),
    Role(
        "forklift",
        "叉车司机",
        "6-30-05",
        ("叉车", "装卸", "仓库"),
        ("叉车证",),
        (4500, 6500),
        2,
        (
            "驾驶叉车在仓库和车间之间搬运货物",
            "负责原材料和成品的装卸、码放",
            "持叉车证，服从安排，能适应两班倒",
        ),
        ("开了{y}年叉车，有叉车证，在物流园干过", "会开叉车，做过装卸和仓库搬运"),
        ("warehouse", "truck"),
    ),
    Role(
        "truck",
        "货车司机",
        "4-02-02",
        ("驾驶", "货运", "配送"),
        ("B2驾驶证", "A2驾驶证", "道路运输从业资格证"),
        (6000, 10000),
        2,
        (
            "驾驶厢式货车往返合肥、安庆配送货物",
            "负责车辆日常检查和货物交接签收",
            "有B2以上驾照和从业资格证，驾驶经验三年以上",
        ),
        ("开了{y}年货车，有A2驾照和从业资格证", "跑过长途运输，熟悉安庆到合肥线路"),
        ("forklift", "courier"),
    ),
    Role(
        "warehouse",
        "仓管员",
        "4-02-06",
        ("仓库管理", "出入库", "盘点", "ERP"),
        (),
        (4000, 6000),
        3,
        (
            "负责仓库物料的收发、出入库登记和月度盘点",
            "使用ERP系统录入单据，保证账物相符",
            "熟练使用Excel，做事细心",
        ),
        ("做过{y}年仓管，负责出入库和盘点，会用ERP", "在电商仓库管过货，熟悉盘点流程"),
        ("forklift",),
    ),
    Role(
        "courier",
        "快递员",
        "4-02-07",
        ("派件", "揽收", "电动车"),
        (),
        (5000, 8000),
        1,
        (
            "负责片区快递的揽收和派送",
            "按时派件，做好客户签收和问题件处理",
            "自备电动车，熟悉城区道路，多劳多得",
        ),
        ("送过{y}年快递，熟悉城区道路", "做过外卖骑手和快递员，会骑电动车"),
        ("truck",),
    ),
    Role(
        "cook",
        "厨师",
        "4-03-02",
        ("炒菜", "徽菜", "面点", "食品安全"),
        ("中式烹调师证", "健康证"),
        (5000, 9000),
        1,
        (
            "负责酒店后厨热菜的烹饪出品",
            "擅长徽菜，能控制菜品成本和出品质量",
            "持健康证，注重食品安全和厨房卫生",
        ),
        ("在饭店做了{y}年厨师，擅长徽菜和家常菜", "有中式烹调师证，做过食堂大厨"),
        ("waiter",),
    ),
    Role(
        "waiter",
        "餐厅服务员",
        "4-03-02",
        ("点餐", "传菜", "收银"),
        ("健康证",),
        (3000, 4500),
        1,
        ("负责餐厅点餐、传菜和餐桌整理", "热情接待客人，做好包厢服务", "有健康证优先，包吃包住"),
        ("在火锅店做过{y}年服务员，会点餐收银", "做过酒店传菜和包厢服务"),
        ("cook",),
    ),
    Role(
        "carer",
        "养老护理员",
        "4-10-01",
        ("老人护理", "生活照料", "康复护理"),
        ("养老护理员证", "健康证"),
        (3500, 5500),
        2,
        (
            "负责养老院老人的生活照料和日常护理",
            "协助老人进餐、洗浴和康复训练",
            "有爱心耐心，持养老护理员证优先",
        ),
        ("在养老院做了{y}年护理员，会照顾失能老人", "照顾过卧床老人，有养老护理员证"),
        ("domestic",),
    ),
    Role(
        "domestic",
        "家政服务员",
        "4-10-01",
        ("保洁", "做饭", "育婴"),
        ("育婴员证", "健康证"),
        (4000, 7000),
        1,
        (
            "上门做家庭保洁、做饭和照看孩子",
            "负责雇主家日常家务，住家或白班均可",
            "有育婴员证优先，为人勤快干净",
        ),
        ("做过{y}年家政，会做饭带孩子", "有育婴员证，做过月嫂和住家保姆"),
        ("carer", "cleaner"),
    ),
    Role(
        "sewing",
        "缝纫工",
        "6-05-01",
        ("平车", "缝纫", "服装"),
        (),
        (4000, 7000),
        1,
        (
            "服装厂招平车工，计件工资，多劳多得",
            "负责衬衫、外套的缝制工序",
            "会操作平车、拷边机，熟手优先",
        ),
        ("在服装厂踩了{y}年平车，缝纫熟练", "做过童装和衬衫缝制，会拷边"),
        (),
    ),
    Role(
        "welder",
        "电焊工",
        "6-18-02",
        ("电焊", "氩弧焊", "二保焊", "看图纸"),
        ("焊工证",),
        (6000, 10000),
        2,
        (
            "负责钢结构件的焊接作业",
            "会二保焊、氩弧焊，能看懂焊接图纸",
            "持焊工证（熔化焊接与热切割作业）",
        ),
        ("干了{y}年电焊，会氩弧焊和二保焊，有焊工证", "在钢结构厂做过焊工，能看图纸"),
        ("cnc", "builder"),
    ),
    Role(
        "cnc",
        "数控车工",
        "6-18-01",
        ("数控车床", "CNC编程", "看图纸", "量具"),
        ("车工证",),
        (5500, 9000),
        3,
        (
            "操作数控车床加工轴类零件",
            "能独立编程和调机，会使用卡尺、千分尺等量具",
            "机械加工经验两年以上",
        ),
        ("做了{y}年数控车床操作，会编程调机", "在机械厂做过CNC操机和车工"),
        ("mechanic", "welder"),
    ),
    Role(
        "assembler",
        "电子装配工",
        "6-25-04",
        ("流水线", "装配", "焊锡", "质检"),
        (),
        (4000, 6000),
        2,
        (
            "在电子厂流水线上装配线路板和整机",
            "负责插件、焊锡和成品检测",
            "长白班，包吃住，五险一金",
        ),
        ("在电子厂流水线干过{y}年，会焊锡和装配", "做过手机组装和质检"),
        (),
    ),
    Role(
        "sales",
        "销售专员",
        "4-01-02",
        ("客户开发", "沟通", "电话销售", "谈判"),
        (),
        (4000, 12000),
        3,
        ("负责区域市场开拓和客户维护", "完成销售目标，跟进订单和回款", "沟通能力强，底薪加提成"),
        ("做了{y}年销售，擅长客户开发和谈判", "在建材公司跑过业务，有客户资源"),
        (),
    ),
    Role(
        "accountant",
        "会计",
        "2-06-03",
        ("记账", "报税", "用友", "金蝶", "Excel"),
        ("初级会计职称",),
        (4500, 7500),
        4,
        (
            "负责公司日常账务处理和纳税申报",
            "熟练使用用友或金蝶财务软件",
            "大专以上学历，有初级会计职称",
        ),
        ("做了{y}年会计，会用金蝶记账报税", "有初级会计职称，做过出纳和总账会计"),
        (),
    ),
    Role(
        "guard",
        "保安员",
        "4-07-05",
        ("巡逻", "门岗", "监控"),
        ("保安员证",),
        (3000, 4500),
        1,
        ("负责小区门岗值守和巡逻", "查看监控，登记来访人员和车辆", "持保安员证，退伍军人优先"),
        ("做过{y}年保安，站过门岗和巡逻", "在物业公司当过保安，会看监控"),
        ("cleaner",),
    ),
    Role(
        "cleaner",
        "保洁员",
        "4-09-08",
        ("保洁", "清洁"),
        (),
        (2500, 3800),
        0,
        ("负责写字楼公共区域的清洁卫生", "做好地面、卫生间和垃圾清运", "年龄六十岁以内，身体健康"),
        ("做过{y}年保洁，打扫商场和写字楼", "在医院做过清洁工作"),
        ("domestic", "guard"),
    ),
    Role(
        "builder",
        "钢筋工",
        "6-29-01",
        ("钢筋绑扎", "看图纸", "施工"),
        (),
        (6000, 11000),
        0,
        ("负责工地钢筋下料、绑扎和安装", "能看懂施工图纸，服从现场安排", "按天结算，工地提供住宿"),
        ("在工地干了{y}年钢筋工，会看图纸", "做过建筑施工，绑过钢筋也做过木工"),
        ("welder",),
    ),
    Role(
        "teacher",
        "幼儿教师",
        "2-08-03",
        ("学前教育", "舞蹈", "钢琴", "保育"),
        ("教师资格证",),
        (3500, 6000),
        4,
        (
            "负责幼儿园班级的保教工作",
            "组织幼儿游戏和教学活动，与家长沟通",
            "学前教育专业，有教师资格证",
        ),
        ("学前教育专业毕业，带过{y}年幼儿园小班", "有教师资格证，会弹钢琴和跳舞"),
        (),
    ),
)
ROLE_BY_KEY = {role.key: role for role in ROLES}

COUNTIES: tuple[tuple[str, str, float, float], ...] = (
    ("340802", "迎江区", 30.51, 117.09),
    ("340803", "大观区", 30.55, 117.03),
    ("340811", "宜秀区", 30.61, 117.07),
    ("340822", "怀宁县", 30.73, 116.83),
    ("340825", "太湖县", 30.45, 116.31),
    ("340826", "宿松县", 30.15, 116.13),
    ("340827", "望江县", 30.12, 116.69),
    ("340828", "岳西县", 30.85, 116.36),
    ("340881", "桐城市", 31.04, 116.95),
    ("340882", "潜山市", 30.63, 116.58),
)
CITY = "340800"

COMPANIES = ("安庆", "皖宜", "江淮", "长江", "天柱山", "大观", "宜城", "华茂", "环新", "振风")
COMPANY_KINDS = ("制造有限公司", "物流有限公司", "实业有限公司", "服务有限公司", "酒店",
                 "科技有限公司", "建设集团", "养老服务中心", "服饰有限公司")  # fmt: skip
BENEFITS = ("五险一金", "包吃包住", "提供宿舍", "月休四天", "节日福利", "年底奖金",
            "加班另计", "工作餐")  # fmt: skip


def _place(rng: random.Random, county: tuple[str, str, float, float]) -> tuple[float, float]:
    return (round(county[2] + rng.uniform(-0.05, 0.05), 6),
            round(county[3] + rng.uniform(-0.05, 0.05), 6))  # fmt: skip


def coarse(code: str, rng: random.Random, coarse_share: float) -> str:
    """Employers and seekers often fill in only the medium category ("6-30")."""
    return code.rsplit("-", 1)[0] if rng.random() < coarse_share else code


@dataclass
class Generated:
    doc: PostingDoc | SeekerDoc
    role: str
    county: str


def make_posting(
    rng: random.Random,
    posting_id: int,
    today: datetime.date,
    *,
    role: Role | None = None,
    coordinates_share: float = 0.7,
    coarse_share: float = 0.2,
    expired_share: float = 0.05,
) -> Generated:
    role = role or rng.choice(ROLES)
    county = rng.choice(COUNTIES)
    low = rng.randrange(role.pay[0] - 500, role.pay[0] + 1000, 100)
    high = low + rng.randrange(1000, max(1100, role.pay[1] - role.pay[0] + 1500), 100)
    age_min = rng.choice((None, 18, 18, 20))
    age_max = rng.choice((None, 45, 50, 55, 60))
    lat, lon = _place(rng, county) if rng.random() < coordinates_share else (None, None)
    company = rng.choice(COMPANIES) + rng.choice(COMPANY_KINDS)
    duties = rng.sample(role.duties, k=min(len(role.duties), rng.randint(2, 3)))
    title = role.name if rng.random() < 0.6 else f"招聘{role.name}"
    text = "，".join(duties) + "。" + "，".join(rng.sample(BENEFITS, 2)) + "。"
    skills = frozenset(rng.sample(role.skills, k=rng.randint(1, min(3, len(role.skills)))))
    certificates = frozenset(
        rng.sample(role.certificates, k=1) if role.certificates and rng.random() < 0.6 else ()
    )
    expired = rng.random() < expired_share
    valid_until = today + datetime.timedelta(
        days=-rng.randint(1, 30) if expired else rng.randint(0, 90)
    )
    doc = PostingDoc(
        id=posting_id,
        occupation=coarse(role.occupation, rng, coarse_share),
        region=county[0],
        text=f"{title} {text}",
        pay_min=low,
        pay_max=high,
        lat=lat,
        lon=lon,
        education_min=max(0, role.education - rng.choice((0, 1, 1, 2))),
        age_min=age_min,
        age_max=age_max,
        skills=skills,
        certificates=certificates,
        valid_until=valid_until,
        published=rng.random() > 0.03,
        title=title,
        employer=company,
    )
    return Generated(doc, role.key, county[0])


def make_seeker(
    rng: random.Random,
    seeker_id: int,
    *,
    role: Role | None = None,
    coordinates_share: float = 0.5,
    no_occupation_share: float = 0.3,
    coarse_share: float = 0.2,
) -> Generated:
    role = role or rng.choice(ROLES)
    county = rng.choice(COUNTIES)
    lat: float | None
    lon: float | None
    if rng.random() < coordinates_share:
        lat, lon = _place(rng, county)
        regions: tuple[str, ...] = ()
    else:
        lat = lon = None
        wanted = [county[0]]
        if rng.random() < 0.3:
            wanted.append(rng.choice(COUNTIES)[0])
        if rng.random() < 0.1:
            wanted = [CITY]
        regions = tuple(dict.fromkeys(wanted))
    occupations: tuple[str, ...] = ()
    if rng.random() >= no_occupation_share:
        occupations = (coarse(role.occupation, rng, coarse_share),)
    years = rng.randint(1, 15)
    text = rng.choice(role.experience).format(y=years)
    skills = frozenset(rng.sample(role.skills, k=rng.randint(1, min(3, len(role.skills)))))
    certificates = frozenset(
        rng.sample(role.certificates, k=1) if role.certificates and rng.random() < 0.5 else ()
    )
    doc = SeekerDoc(
        id=seeker_id,
        occupations=occupations,
        regions=regions,
        text=text,
        expected_pay=rng.randrange(role.pay[0] - 1000, role.pay[1], 100),
        lat=lat,
        lon=lon,
        education=max(0, min(6, role.education + rng.choice((-1, 0, 0, 1)))),
        age=rng.randint(19, 58),
        skills=skills,
        certificates=certificates,
        hardship=rng.random() < 0.08,
    )
    return Generated(doc, role.key, county[0])


def make_postings(
    count: int, today: datetime.date, seed: int = 7, **kwargs: float
) -> list[Generated]:
    rng = random.Random(seed)
    return [make_posting(rng, i + 1, today, **kwargs) for i in range(count)]  # type: ignore[arg-type]


def make_seekers(count: int, seed: int = 11, **kwargs: float) -> list[Generated]:
    rng = random.Random(seed)
    return [make_seeker(rng, i + 1, **kwargs) for i in range(count)]  # type: ignore[arg-type]
