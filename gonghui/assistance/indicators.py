"""Indicators of hardship assistance (困难职工帮扶): households on file, opened, lifted out,
aid by kind (households, persons, times, amount) and the coverage of filed households by aid.

"On file at a date" counts the files on file now that were filed by the period's end: a file
lifted out or removed since is missing from earlier periods (the counting engine has no
"still open at the end" condition). Opened, lifted out and removed are flows by their dates.
Aid is a flow by the date it was granted; "persons" counts the household members named on the
grants (the child for education aid, the patient for medical aid) and, for living and critical
illness aid, which go to the household, the workers of the households aided.

Campaigns count their payments by date (households paid, times, amount), each kind of
campaign apart; "graduates with a plan" counts the persons with an employment plan (一人一策)
made by the end of the period.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from gonghui.assistance.choices import AidKind, CampaignKind, FileStatus
from gonghui.assistance.models import AidGrant, CampaignPayment, EmploymentPlan, HardshipFile
from gonghui.indicators.registry import (
    Aggregate,
    QueryIndicator,
    RatioIndicator,
    Section,
    Timing,
    register,
)

ASSISTANCE = Section("assistance", _("Hardship assistance"), order=50)
FILED = (FileStatus.ON_FILE, FileStatus.LIFTED_OUT, FileStatus.REMOVED)

ON_FILE = register(
    QueryIndicator(
        code="assistance.files_on_file",
        name=_("Households on file"),
        unit_label="户",
        section=ASSISTANCE,
        order=10,
        description=_("Hardship files on file, filed by the end of the period."),
        model=HardshipFile,
        filter=Q(status=FileStatus.ON_FILE),
        date_field="opened_on",
        timing=Timing.STOCK,
    )
)

OPENED = register(
    QueryIndicator(
        code="assistance.files_opened",
        name=_("Households filed"),
        unit_label="户",
        section=ASSISTANCE,
        order=20,
        model=HardshipFile,
        filter=Q(status__in=FILED),
        date_field="opened_on",
        timing=Timing.FLOW,
    )
)

LIFTED_OUT = register(
    QueryIndicator(
        code="assistance.files_lifted_out",
        name=_("Households lifted out of hardship"),
        unit_label="户",
        section=ASSISTANCE,
        order=30,
        model=HardshipFile,
        filter=Q(status=FileStatus.LIFTED_OUT),
        date_field="closed_on",
        timing=Timing.FLOW,
    )
)

REMOVED = register(
    QueryIndicator(
        code="assistance.files_removed",
        name=_("Households removed from file"),
        unit_label="户",
        section=ASSISTANCE,
        order=40,
        model=HardshipFile,
        filter=Q(status=FileStatus.REMOVED),
        date_field="closed_on",
        timing=Timing.FLOW,
    )
)


def _format(template: Any, kind: Any) -> str:
    return str(template) % {"kind": kind}


# The name is formatted when shown, in the reader's language.
_named = lazy(_format, str)


def _aid(kind: AidKind | None, what: str, order: int) -> QueryIndicator:
    suffix = kind.value if kind is not None else "all"
    label = kind.label if kind is not None else _("All aid")
    condition = Q(kind=kind) if kind is not None else Q()
    common = {
        "section": ASSISTANCE,
        "model": AidGrant,
        "filter": condition,
        "date_field": "granted_on",
        "timing": Timing.FLOW,
    }
    if what == "households":
        return QueryIndicator(
            code=f"assistance.aid_{suffix}_households",
            name=_named(_("%(kind)s: households"), label),
            unit_label="户", order=order, aggregate=Aggregate.COUNT_DISTINCT, field="file",
            **common,  # type: ignore[arg-type]
        )  # fmt: skip
    if what == "persons":
        named = kind in (AidKind.EDUCATION, AidKind.MEDICAL)
        return QueryIndicator(
            code=f"assistance.aid_{suffix}_persons",
            name=_named(_("%(kind)s: persons"), label),
            unit_label="人", order=order, aggregate=Aggregate.COUNT_DISTINCT,
            field="member" if named else "file__person",
            **common,  # type: ignore[arg-type]
        )  # fmt: skip
    if what == "times":
        return QueryIndicator(
            code=f"assistance.aid_{suffix}_times",
            name=_named(_("%(kind)s: times"), label),
            unit_label="户次", order=order, **common,  # type: ignore[arg-type]
        )  # fmt: skip
    return QueryIndicator(
        code=f"assistance.aid_{suffix}_amount",
        name=_named(_("%(kind)s: amount"), label),
        unit_label="元", order=order, aggregate=Aggregate.SUM, field="amount",
        **common,  # type: ignore[arg-type]
    )  # fmt: skip


AID: dict[str, QueryIndicator] = {}
_order = 100
for _kind in (None, *AidKind):
    for _what in ("households", "persons", "times", "amount"):
        if _what == "persons" and _kind is None:
            continue  # named members and workers do not add up to one count
        indicator = register(_aid(_kind, _what, _order))
        AID[indicator.code] = indicator
        _order += 1

# Grants are made only to files on file, so these are the households on file at the period's
# end (the coverage's denominator) that were aided in it: the share never passes 100%.
AIDED_ON_FILE = register(
    QueryIndicator(
        code="assistance.aid_on_file_households",
        name=_("Households on file aided"),
        unit_label="户",
        section=ASSISTANCE,
        order=59,
        description=_("Households still on file that received aid in the period."),
        model=AidGrant,
        filter=Q(file__status=FileStatus.ON_FILE),
        aggregate=Aggregate.COUNT_DISTINCT,
        field="file",
        date_field="granted_on",
        timing=Timing.FLOW,
    )
)

COVERAGE = register(
    RatioIndicator(
        code="assistance.aid_coverage",
        name=_("Coverage of households on file by aid"),
        unit_label="%",
        section=ASSISTANCE,
        order=60,
        description=_(
            "Households on file aided in the period as a share of the households on file."
        ),
        numerator=AIDED_ON_FILE,
        denominator=ON_FILE,
    )
)


def _campaign(kind: CampaignKind | None, what: str, order: int) -> QueryIndicator:
    suffix = kind.value if kind is not None else "all"
    label = kind.label if kind is not None else _("All campaigns")
    common: dict[str, Any] = {
        "section": ASSISTANCE,
        "model": CampaignPayment,
        "filter": Q(campaign__kind=kind) if kind is not None else Q(),
        "date_field": "paid_on",
        "timing": Timing.FLOW,
        "order": order,
    }
    if what == "households":
        return QueryIndicator(
            code=f"assistance.campaign_{suffix}_households",
            name=_named(_("%(kind)s: households paid"), label), unit_label="户",
            aggregate=Aggregate.COUNT_DISTINCT, field="file", **common,
        )  # fmt: skip
    if what == "times":
        return QueryIndicator(
            code=f"assistance.campaign_{suffix}_times",
            name=_named(_("%(kind)s: payments"), label), unit_label="户次", **common,
        )  # fmt: skip
    return QueryIndicator(
        code=f"assistance.campaign_{suffix}_amount",
        name=_named(_("%(kind)s: amount paid"), label), unit_label="元",
        aggregate=Aggregate.SUM, field="amount", **common,
    )  # fmt: skip


CAMPAIGN: dict[str, QueryIndicator] = {}
_order = 200
for _ckind in (None, *CampaignKind):
    for _what in ("households", "times", "amount"):
        indicator = register(_campaign(_ckind, _what, _order))
        CAMPAIGN[indicator.code] = indicator
        _order += 1

GRADUATES_WITH_PLAN = register(
    QueryIndicator(
        code="assistance.graduates_with_plan",
        name=_("Unemployed graduates with a personal plan"),
        unit_label="人",
        section=ASSISTANCE,
        order=300,
        description=_("Graduates of households on file with an employment plan (一人一策)."),
        model=EmploymentPlan,
        aggregate=Aggregate.COUNT_DISTINCT,
        field="person",
        date_field="created_at",
        timing=Timing.STOCK,
    )
)
