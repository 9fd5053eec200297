"""Indicators of employment services (就业服务), the figures of the work reports:
"为497家企业发布招聘岗位信息2126条, 提供招聘岗位人数7356人, 促进1412人就业", "举办线上招聘会14场,
线下招聘会76场", "19家用人单位带着45个工种的257个用工岗位到现场, 有28人成功就业", retention at the
follow-up visits, trainees and trainee placements, labour export and loan subsidies.

Postings count by the day they were published; fairs by their first day (their employers and
openings too); placements by their start date; follow-ups by the day they fall due (the rate
is of the visits made); enrolments by the day of enrolment.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from gonghui.employment.choices import EnrolmentStatus, FairMode, IntentOutcome
from gonghui.employment.models import (
    Enrolment,
    FairParticipant,
    FollowUp,
    InterviewIntent,
    JobFair,
    JobPosting,
    JobSeeker,
    LabourExportBatch,
    LoanSubsidy,
    Placement,
)
from gonghui.indicators.registry import (
    Aggregate,
    QueryIndicator,
    RatioIndicator,
    Section,
    Timing,
    register,
)

EMPLOYMENT = Section("employment", _("Employment services"), order=45)


def _q(code: str, name: object, unit_label: str, order: int, **kwargs: object) -> QueryIndicator:
    kwargs.setdefault("timing", Timing.FLOW)
    return register(
        QueryIndicator(
            code=f"employment.{code}",
            name=name,
            unit_label=unit_label,
            section=EMPLOYMENT,
            order=order,
            **kwargs,  # type: ignore[arg-type]
        )
    )


def _rate(code: str, name: object, order: int, numerator: object, denominator: object,
          scale: int = 100, unit_label: str = "%") -> RatioIndicator:  # fmt: skip
    return register(
        RatioIndicator(
            code=f"employment.{code}",
            name=name,
            unit_label=unit_label,
            section=EMPLOYMENT,
            order=order,
            numerator=numerator,  # type: ignore[arg-type]
            denominator=denominator,  # type: ignore[arg-type]
            scale=scale,
        )
    )


PUBLISHED = Q(published_at__isnull=False)
ENTERPRISES = _q(
    "enterprises_collected", _("Employers with postings published"), "家", 10,
    model=JobPosting, filter=PUBLISHED, aggregate=Aggregate.COUNT_DISTINCT, field="enterprise",
    date_field="published_at",
    description=_("Employers with at least one posting published in the period (归集企业)."),
)  # fmt: skip
POSTINGS = _q(
    "postings_published", _("Job postings published"), "条", 20,
    model=JobPosting, filter=PUBLISHED, date_field="published_at",
)  # fmt: skip
OPENINGS = _q(
    "openings_offered", _("Openings offered"), "人", 30,
    model=JobPosting, filter=PUBLISHED, aggregate=Aggregate.SUM, field="openings",
    date_field="published_at",
)  # fmt: skip
FAIRS_ONLINE = _q(
    "fairs_online", _("Online job fairs"), "场", 40,
    model=JobFair, filter=Q(mode=FairMode.ONLINE), date_field="starts_on",
)  # fmt: skip
FAIRS_OFFLINE = _q(
    "fairs_offline", _("On-site job fairs"), "场", 50,
    model=JobFair, filter=Q(mode=FairMode.OFFLINE), date_field="starts_on",
)  # fmt: skip
FAIRS = _q("fairs", _("Job fairs"), "场", 55, model=JobFair, date_field="starts_on")
FAIR_EMPLOYERS = _q(
    "fair_employers", _("Employers taking part in job fairs"), "家次", 60,
    model=FairParticipant, date_field="fair__starts_on",
)  # fmt: skip
FAIR_OPENINGS = _q(
    "fair_openings", _("Openings brought to job fairs"), "人", 70,
    model=FairParticipant, aggregate=Aggregate.SUM, field="postings__openings",
    date_field="fair__starts_on",
)  # fmt: skip
EMPLOYERS_PER_FAIR = _rate(
    "employers_per_fair", _("Employers per job fair"), 75, FAIR_EMPLOYERS, FAIRS, scale=1,
    unit_label="家",
)  # fmt: skip
OPENINGS_PER_FAIR = _rate(
    "openings_per_fair", _("Openings per job fair"), 77, FAIR_OPENINGS, FAIRS, scale=1,
    unit_label="人",
)  # fmt: skip
SEEKERS = _q(
    "seekers", _("Job seekers registered"), "人", 80,
    model=JobSeeker, date_field="created_at", timing=Timing.STOCK,
)  # fmt: skip
INTENTS = _q(
    "intents", _("Employment intents reached"), "人次", 90,
    model=InterviewIntent, filter=Q(outcome__in=[IntentOutcome.INTENT, IntentOutcome.HIRED]),
    date_field="recorded_at",
)  # fmt: skip
PLACEMENTS = _q(
    "placements", _("Workers placed in jobs"), "人", 100,
    model=Placement, aggregate=Aggregate.COUNT_DISTINCT, field="person", date_field="start_date",
)  # fmt: skip


def _follow_ups(
    months: int, order: int, names: tuple[object, object, object]
) -> tuple[QueryIndicator, QueryIndicator, RatioIndicator]:
    visited = _q(
        f"follow_ups_{months}m", names[0], "人", order, model=FollowUp,
        filter=Q(months_after=months, retained__isnull=False), date_field="due_on",
    )  # fmt: skip
    retained = _q(
        f"retained_{months}m", names[1], "人", order + 1, model=FollowUp,
        filter=Q(months_after=months, retained=True), date_field="due_on",
    )  # fmt: skip
    rate = _rate(f"retention_{months}m_rate", names[2], order + 2, retained, visited)
    return visited, retained, rate


VISITED_3M, RETAINED_3M, RETENTION_3M = _follow_ups(
    3, 110,
    (_("Follow-up visits made at 3 months"), _("Still in the job at 3 months"),
     _("Retention rate at 3 months")),
)  # fmt: skip
VISITED_6M, RETAINED_6M, RETENTION_6M = _follow_ups(
    6, 120,
    (_("Follow-up visits made at 6 months"), _("Still in the job at 6 months"),
     _("Retention rate at 6 months")),
)  # fmt: skip
TRAINEES = _q(
    "trainees", _("Trainees enrolled"), "人次", 130, model=Enrolment, date_field="enrolled_at"
)
TRAINEES_COMPLETED = _q(
    "trainees_completed", _("Trainees who completed a course"), "人次", 135,
    model=Enrolment, filter=Q(status=EnrolmentStatus.COMPLETED), date_field="enrolled_at",
)  # fmt: skip
TRAINEES_PLACED = _q(
    "trainees_placed", _("Trainees placed in jobs after the course"), "人次", 140,
    model=Enrolment,
    filter=Q(
        Exists(
            Placement.objects.filter(
                person_id=OuterRef("person_id"), start_date__gte=OuterRef("training__starts_on")
            )
        )
    ),
    date_field="enrolled_at",
)  # fmt: skip
LABOUR_EXPORT = _q(
    "labour_export_workers", _("Workers sent by labour export"), "人", 150,
    model=LabourExportBatch, aggregate=Aggregate.SUM, field="workers_count",
    date_field="departed_on",
)  # fmt: skip
LOANS = _q(
    "loan_subsidies", _("Loan interest subsidies granted"), "笔", 160,
    model=LoanSubsidy, date_field="granted_on",
)  # fmt: skip
LOAN_SUBSIDY_AMOUNT = _q(
    "loan_subsidy_amount", _("Loan interest subsidies paid"), "元", 170,
    model=LoanSubsidy, aggregate=Aggregate.SUM, field="subsidy_amount", date_field="granted_on",
)  # fmt: skip
LOAN_JOBS = _q(
    "loan_jobs_created", _("Jobs created with subsidised loans"), "个", 180,
    model=LoanSubsidy, aggregate=Aggregate.SUM, field="jobs_created", date_field="granted_on",
)  # fmt: skip
