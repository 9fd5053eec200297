"""Indicators of rights protection (维权): the figures of the work reports.

"接待职工诉求92次, 做到件件有答复": requests received, answered (resolved with a reply to the
worker) and answered within the deadline, with their rates. "办理法律援助案件111起, 帮助职工挽回
经济损失1271.6万元": legal-aid cases and the amount recovered. "处理拖欠农民工工资案件206起,
清欠2.565亿元": wage-arrears cases, workers, migrant workers, amounts owed and recovered.
Consultations and outreach events (普法宣传) with their attendees.

Part B: mediations ("法院+工会劳动争议诉调对接", "建立8个工会调解机构"), offers and collective
contracts ("签订集体合同1016家, 覆盖职工62691人"; special contracts by type), inspections and
hazards ("劳动保护监督检查580次, 查出安全隐患3500条, 督促整改3450条") and the safety
competition ("安康杯 报名参赛单位2132家, 职工数121181人, 同比递增10%": the year-on-year change is
the indicator pages' comparison with the previous year).

Coverage by collective contracts counts ``ContractCoverage`` rows, one per enterprise and year
with a contract in force, owned by the enterprise's union: an enterprise under its own and a
regional contract counts once, its workers once. These rows are dated on the first day of their
year, so coverage is a yearly figure: a period counts the years whose first day it contains
(a whole year gives that year; a period of several years adds up each year).

Cases are flows by the day they were submitted; their figures (answered, recovered) are those
of the cases received in the period, as they stand now. Consultations and events count by
their date. A case counts for the unit that handles it now (after routing or escalation).
"""

from __future__ import annotations

from django.db.models import F, Q
from django.db.models.functions import Now, TruncDate
from django.utils.translation import gettext_lazy as _

from gonghui.casework.models import Case
from gonghui.indicators.registry import (
    Aggregate,
    QueryIndicator,
    RatioIndicator,
    Section,
    Timing,
    register,
)
from gonghui.rights.choices import (
    LEGAL_AID_KIND,
    REQUEST_KIND,
    WAGE_ARREARS_KIND,
    ContractType,
    HazardStatus,
    MediationBodyKind,
    MediationOutcome,
)
from gonghui.rights.models import (
    BargainingOffer,
    CollectiveContract,
    Consultation,
    ContractCoverage,
    ContractEnterprise,
    Hazard,
    Inspection,
    MediationBody,
    MediationCase,
    OutreachEvent,
    SafetyCompetitionEntry,
)

RIGHTS = Section("rights", _("Rights protection"), order=50)


def _cases(
    code: str, name: object, order: int, filter: Q, description: object = ""
) -> QueryIndicator:
    return register(
        QueryIndicator(
            code=code,
            name=name,
            unit_label="件",
            section=RIGHTS,
            order=order,
            description=description,
            model=Case,
            filter=filter,
            date_field="submitted_at",
            timing=Timing.FLOW,
        )
    )


REQUESTS = _cases(
    "rights.requests",
    _("Worker requests received"),
    10,
    Q(kind=REQUEST_KIND),
    _("Requests and complaints from every channel: portal, 12351 hotline, visits, letters."),
)
HOTLINE_REQUESTS = _cases(
    "rights.requests_hotline",
    _("Requests received by the 12351 hotline"),
    15,
    Q(kind=REQUEST_KIND, channel="hotline"),
)
REQUESTS_ANSWERED = _cases(
    "rights.requests_answered",
    _("Worker requests answered"),
    20,
    Q(kind=REQUEST_KIND, resolved_at__isnull=False),
    _("Requests resolved with a reply to the worker."),
)
ANSWERED_RATE = register(
    RatioIndicator(
        code="rights.requests_answered_rate",
        name=_("Worker requests answered rate"),
        unit_label="%",
        section=RIGHTS,
        order=30,
        description=_("Requests answered as a share of requests received."),
        numerator=REQUESTS_ANSWERED,
        denominator=REQUESTS,
    )
)
REQUESTS_IN_TIME = _cases(
    "rights.requests_answered_in_time",
    _("Worker requests answered within the deadline"),
    40,
    Q(kind=REQUEST_KIND, resolved_at__isnull=False, finished_at__lte=F("due_at")),
)
IN_TIME_RATE = register(
    RatioIndicator(
        code="rights.requests_in_time_rate",
        name=_("Worker requests answered within the deadline rate"),
        unit_label="%",
        section=RIGHTS,
        order=50,
        description=_("Requests answered within the deadline as a share of requests answered."),
        numerator=REQUESTS_IN_TIME,
        denominator=REQUESTS_ANSWERED,
    )
)
LEGAL_AID = _cases("rights.legal_aid_cases", _("Legal aid cases"), 60, Q(kind=LEGAL_AID_KIND))


def _sum(
    code: str, name: object, unit_label: str, order: int, kind: str, field: str
) -> QueryIndicator:
    """A sum over the cases of ``kind`` (on their detail, through the case, which is scoped)."""
    return register(
        QueryIndicator(
            code=code,
            name=name,
            unit_label=unit_label,
            section=RIGHTS,
            order=order,
            model=Case,
            filter=Q(kind=kind),
            aggregate=Aggregate.SUM,
            field=field,
            date_field="submitted_at",
            timing=Timing.FLOW,
        )
    )


LEGAL_AID_RECOVERED = _sum(
    "rights.legal_aid_recovered",
    _("Amount recovered for workers by legal aid"),
    "元",
    70,
    LEGAL_AID_KIND,
    "legal_aid__amount_recovered",
)
WAGE_ARREARS = _cases(
    "rights.wage_arrears_cases", _("Wage arrears cases"), 80, Q(kind=WAGE_ARREARS_KIND)
)
ARREARS_WORKERS = _sum(
    "rights.wage_arrears_workers",
    _("Workers owed wages"),
    "人",
    90,
    WAGE_ARREARS_KIND,
    "wage_arrears__workers_count",
)
ARREARS_MIGRANTS = _sum(
    "rights.wage_arrears_migrant_workers",
    _("Migrant workers owed wages"),
    "人",
    100,
    WAGE_ARREARS_KIND,
    "wage_arrears__migrant_workers_count",
)
ARREARS_OWED = _sum(
    "rights.wage_arrears_owed",
    _("Wages owed"),
    "元",
    110,
    WAGE_ARREARS_KIND,
    "wage_arrears__amount_owed",
)
ARREARS_RECOVERED = _sum(
    "rights.wage_arrears_recovered",
    _("Wages recovered"),
    "元",
    120,
    WAGE_ARREARS_KIND,
    "wage_arrears__amount_recovered",
)
CONSULTATIONS = register(
    QueryIndicator(
        code="rights.consultations",
        name=_("Legal consultations"),
        unit_label="次",
        section=RIGHTS,
        order=130,
        model=Consultation,
        date_field="date",
        timing=Timing.FLOW,
    )
)
OUTREACH_EVENTS = register(
    QueryIndicator(
        code="rights.outreach_events",
        name=_("Legal outreach events"),
        unit_label="场",
        section=RIGHTS,
        order=140,
        model=OutreachEvent,
        date_field="date",
        timing=Timing.FLOW,
    )
)
OUTREACH_ATTENDEES = register(
    QueryIndicator(
        code="rights.outreach_attendees",
        name=_("Outreach event attendees"),
        unit_label="人次",
        section=RIGHTS,
        order=150,
        model=OutreachEvent,
        aggregate=Aggregate.SUM,
        field="attendees",
        date_field="date",
        timing=Timing.FLOW,
    )
)


def _flow(
    code: str,
    name: object,
    unit_label: str,
    order: int,
    model: type,
    date_field: str,
    filter: Q | None = None,
    field: str = "",
    description: object = "",
    aggregate: Aggregate | None = None,
) -> QueryIndicator:
    return register(
        QueryIndicator(
            code=code, name=name, unit_label=unit_label, section=RIGHTS, order=order,
            description=description, model=model, filter=filter or Q(),
            aggregate=aggregate or (Aggregate.SUM if field else Aggregate.COUNT),
            field=field or "pk", date_field=date_field, timing=Timing.FLOW,
        )
    )  # fmt: skip


MEDIATIONS = _flow(
    "rights.mediation_cases", _("Labour disputes mediated"), "件", 200, MediationCase, "opened_on"
)
MEDIATIONS_COURT = _flow(
    "rights.mediation_court_referred",
    _("Labour disputes mediated on court referral"),
    "件",
    205,
    MediationCase,
    "opened_on",
    Q(body__kind=MediationBodyKind.COURT_REFERRED),
)
MEDIATION_AGREEMENTS = _flow(
    "rights.mediation_agreements",
    _("Mediation agreements reached"),
    "件",
    210,
    MediationCase,
    "opened_on",
    Q(outcome=MediationOutcome.AGREEMENT),
)
MEDIATION_AGREEMENT_RATE = register(
    RatioIndicator(
        code="rights.mediation_agreement_rate",
        name=_("Mediation agreement rate"),
        unit_label="%",
        section=RIGHTS,
        order=215,
        description=_("Mediation agreements as a share of the disputes mediated."),
        numerator=MEDIATION_AGREEMENTS,
        denominator=MEDIATIONS,
    )
)
MEDIATION_AMOUNT = _flow(
    "rights.mediation_amount",
    _("Amount agreed in mediation"),
    "元",
    220,
    MediationCase,
    "opened_on",
    field="amount_agreed",
)
MEDIATION_BODIES = register(
    QueryIndicator(
        code="rights.mediation_bodies",
        name=_("Mediation bodies in operation"),
        unit_label="个",
        section=RIGHTS,
        order=230,
        description=_("Union mediation rooms, court-referred rooms and enterprise committees "
                      "established by the end of the period and still in operation."),
        model=MediationBody,
        filter=Q(is_active=True),
        date_field="established_on",
        timing=Timing.STOCK,
    )
)  # fmt: skip
OFFERS_SENT = _flow(
    "rights.offers_sent", _("Offers to bargain sent"), "份", 300, BargainingOffer, "sent_on"
)
OFFERS_ANSWERED = _flow(
    "rights.offers_answered",
    _("Offers to bargain answered"),
    "份",
    310,
    BargainingOffer,
    "sent_on",
    ~Q(answer=""),
    description=_("Offers sent in the period that have been answered."),
)
CONTRACTS_SIGNED = _flow(
    "rights.contracts_signed",
    _("Collective contracts signed"),
    "份",
    320,
    CollectiveContract,
    "signed_on",
)
CONTRACT_ENTERPRISES_SIGNED = _flow(
    "rights.contract_enterprises_signed",
    _("Enterprises under collective contracts signed"),
    "家",
    330,
    ContractEnterprise,
    "contract__signed_on",
    field="enterprise",
    aggregate=Aggregate.COUNT_DISTINCT,
    description=_("Enterprises covered by the contracts signed in the period, each counted once."),
)
_TYPES = [
    (ContractType.WAGES, "rights.contracts_wages", _("Special contracts on wages signed")),
    (ContractType.WOMEN, "rights.contracts_women",
     _("Special contracts on women workers' rights signed")),
    (ContractType.SAFETY, "rights.contracts_safety",
     _("Special contracts on labour safety and health signed")),
]  # fmt: skip
CONTRACTS_BY_TYPE = [
    _flow(code, name, "份", 340 + n, CollectiveContract, "signed_on", Q(contract_type=kind))
    for n, (kind, code, name) in enumerate(_TYPES)
]
COVERED_ENTERPRISES = _flow(
    "rights.contract_enterprises_covered",
    _("Enterprises covered by collective contracts"),
    "家",
    350,
    ContractCoverage,
    "year_start",
    description=_("Enterprises with a collective contract in force in the year, each counted "
                  "once however many contracts cover it."),
)  # fmt: skip
COVERED_WORKERS = _flow(
    "rights.contract_workers_covered",
    _("Workers covered by collective contracts"),
    "人",
    360,
    ContractCoverage,
    "year_start",
    field="workers",
    description=_("Workers of the enterprises with a collective contract in force in the year, "
                  "each enterprise's workers counted once (an enterprise under its own and a "
                  "regional or sector contract is not counted twice)."),
)  # fmt: skip
INSPECTIONS = _flow(
    "rights.inspections", _("Labour protection inspections"), "次", 400, Inspection, "date"
)
HAZARDS_FOUND = _flow(
    "rights.hazards_found", _("Hazards found"), "条", 410, Hazard, "inspection__date"
)
HAZARDS_RECTIFIED = _flow(
    "rights.hazards_rectified",
    _("Hazards rectified"),
    "条",
    420,
    Hazard,
    "inspection__date",
    Q(status__in=[HazardStatus.RECTIFIED, HazardStatus.VERIFIED]),
    description=_("Hazards found in the period that have been rectified."),
)
HAZARDS_RECTIFIED_RATE = register(
    RatioIndicator(
        code="rights.hazards_rectified_rate",
        name=_("Hazard rectification rate"),
        unit_label="%",
        section=RIGHTS,
        order=430,
        description=_("Hazards rectified as a share of the hazards found."),
        numerator=HAZARDS_RECTIFIED,
        denominator=HAZARDS_FOUND,
    )
)
HAZARDS_OVERDUE = register(
    QueryIndicator(
        code="rights.hazards_overdue",
        name=_("Hazards overdue for rectification"),
        unit_label="条",
        section=RIGHTS,
        order=440,
        description=_("Hazards still being rectified past their deadline, today."),
        model=Hazard,
        filter=Q(status=HazardStatus.OPEN, deadline__lt=TruncDate(Now())),
    )
)
SAFETY_UNITS = _flow(
    "rights.safety_competition_units",
    _("Units taking part in the safety competition"),
    "家",
    500,
    SafetyCompetitionEntry,
    "year_start",
)
SAFETY_WORKERS = _flow(
    "rights.safety_competition_workers",
    _("Workers taking part in the safety competition"),
    "人",
    510,
    SafetyCompetitionEntry,
    "year_start",
    field="workers",
)
