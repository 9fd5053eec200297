"""Indicators of rights protection (维权): the figures of the work reports.

"接待职工诉求92次, 做到件件有答复": requests received, answered (resolved with a reply to the
worker) and answered within the deadline, with their rates. "办理法律援助案件111起, 帮助职工挽回
经济损失1271.6万元": legal-aid cases and the amount recovered. "处理拖欠农民工工资案件206起,
清欠2.565亿元": wage-arrears cases, workers, migrant workers, amounts owed and recovered.
Consultations and outreach events (普法宣传) with their attendees.

Cases are flows by the day they were submitted; their figures (answered, recovered) are those
of the cases received in the period, as they stand now. Consultations and events count by
their date. A case counts for the unit that handles it now (after routing or escalation).
"""

from __future__ import annotations

from django.db.models import F, Q
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
from gonghui.rights.choices import LEGAL_AID_KIND, REQUEST_KIND, WAGE_ARREARS_KIND
from gonghui.rights.models import Consultation, OutreachEvent

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
