"""Indicators of membership (会员): members at a date, new members by channel and by worker
group, members of the new forms of employment, transfers, verified share, open alerts.

Members at a date are exact for any past date: every membership that began on or before the
period's end, less those that ended (left, retired, deceased or transferred out) on or before
it. A membership ending on a day is no longer counted on that day. The founding rate is the
registry's (``registry.founding_rate``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gonghui.indicators.registry import (
    Indicator,
    QueryIndicator,
    RatioIndicator,
    Section,
    Timing,
    Value,
    register,
)
from gonghui.membership.choices import AlertKind, AlertStatus, JoinChannel, MembershipStatus
from gonghui.membership.models import DataAlert, Membership, MembershipTransfer
from gonghui.registry.choices import WorkerGroup

MEMBERSHIP = Section("membership", _("Membership"), order=30)


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class DifferenceIndicator(Indicator):
    """``minuend - subtrahend`` from the two rolled-up values (both additive counts)."""

    minuend: Indicator
    subtrahend: Indicator

    @property
    def dependencies(self) -> tuple[Indicator, ...]:
        return (self.minuend, self.subtrahend)

    def derive(self, values: dict[str, Value]) -> Value:
        a, b = values[self.minuend.code], values[self.subtrahend.code]
        if a is None:
            return None
        return a - (b or 0)

    @property
    def records_indicator(self) -> Indicator:
        return self.minuend.records_indicator


JOINED_BY = register(
    QueryIndicator(
        code="membership.joined_by",
        name=_("Memberships begun by the date"),
        unit_label="人",
        section=MEMBERSHIP,
        order=900,
        model=Membership,
        date_field="joined_on",
        timing=Timing.STOCK,
    )
)
ENDED_BY = register(
    QueryIndicator(
        code="membership.ended_by",
        name=_("Memberships ended by the date"),
        unit_label="人",
        section=MEMBERSHIP,
        order=901,
        model=Membership,
        filter=~Q(status=MembershipStatus.ACTIVE),
        date_field="ended_on",
        timing=Timing.STOCK,
    )
)
MEMBERS = register(
    DifferenceIndicator(
        code="membership.members",
        name=_("Number of members"),
        unit_label="人",
        section=MEMBERSHIP,
        order=10,
        description=_(
            "Members at the end of the period: memberships begun by then and not ended by then."
        ),
        minuend=JOINED_BY,
        subtrahend=ENDED_BY,
    )
)
NEW_MEMBERS = register(
    QueryIndicator(
        code="membership.new_members",
        name=_("New members"),
        unit_label="人",
        section=MEMBERSHIP,
        order=20,
        description=_("Memberships begun in the period, transfers in excluded."),
        model=Membership,
        filter=Q(previous__isnull=True),
        date_field="joined_on",
        timing=Timing.FLOW,
    )
)
NEW_BY_CHANNEL = [
    register(
        QueryIndicator(
            code=f"membership.new_members.{channel.value}",
            name=format_lazy("{}：{}", _("New members"), channel.label),
            unit_label="人",
            section=MEMBERSHIP,
            order=30 + index,
            model=Membership,
            filter=Q(previous__isnull=True, channel=channel.value),
            date_field="joined_on",
            timing=Timing.FLOW,
        )
    )
    for index, channel in enumerate(JoinChannel)
]
NEW_BY_GROUP = [
    register(
        QueryIndicator(
            code=f"membership.new_members.{group.value}",
            name=format_lazy("{}：{}", _("New members"), group.label),
            unit_label="人",
            section=MEMBERSHIP,
            order=40 + index,
            model=Membership,
            filter=Q(previous__isnull=True, worker_group=group.value),
            date_field="joined_on",
            timing=Timing.FLOW,
        )
    )
    for index, group in enumerate(WorkerGroup)
]
NEW_FORM_JOINED_BY = register(
    QueryIndicator(
        code="membership.new_form_joined_by",
        name=_("New-form memberships begun by the date"),
        unit_label="人",
        section=MEMBERSHIP,
        order=902,
        model=Membership,
        filter=~Q(worker_group=""),
        date_field="joined_on",
        timing=Timing.STOCK,
    )
)
NEW_FORM_ENDED_BY = register(
    QueryIndicator(
        code="membership.new_form_ended_by",
        name=_("New-form memberships ended by the date"),
        unit_label="人",
        section=MEMBERSHIP,
        order=903,
        model=Membership,
        filter=~Q(worker_group="") & ~Q(status=MembershipStatus.ACTIVE),
        date_field="ended_on",
        timing=Timing.STOCK,
    )
)
NEW_FORM_MEMBERS = register(
    DifferenceIndicator(
        code="membership.new_form_members",
        name=_("Members in new forms of employment"),
        unit_label="人",
        section=MEMBERSHIP,
        order=60,
        description=_("Members at the end of the period who belong to a new form of employment."),
        minuend=NEW_FORM_JOINED_BY,
        subtrahend=NEW_FORM_ENDED_BY,
    )
)
TRANSFERS_IN = register(
    QueryIndicator(
        code="membership.transfers_in",
        name=_("Members transferred in"),
        unit_label="人",
        section=MEMBERSHIP,
        order=70,
        description=_("Memberships begun in the period by a transfer from another union."),
        model=Membership,
        filter=Q(previous__isnull=False),
        date_field="joined_on",
        timing=Timing.FLOW,
    )
)
TRANSFERS_OUT = register(
    QueryIndicator(
        code="membership.transfers_out",
        name=_("Members transferred out"),
        unit_label="人",
        section=MEMBERSHIP,
        order=71,
        model=Membership,
        filter=Q(status=MembershipStatus.TRANSFERRED_OUT),
        date_field="ended_on",
        timing=Timing.FLOW,
    )
)
TRANSFERS_OPEN = register(
    QueryIndicator(
        code="membership.transfers_open",
        name=_("Transfers awaiting approval"),
        unit_label="件",
        section=MEMBERSHIP,
        order=72,
        description=_("Current members with a transfer under way, counted at the union left."),
        # On memberships (not the transfers' table), so it is counted in the same query.
        model=Membership,
        filter=Q(
            Exists(
                MembershipTransfer.objects.filter(
                    membership=OuterRef("pk"), case__state__in=("submitted", "accepted")
                )
            )
        ),
        timing=Timing.NONE,
    )
)
ACTIVE_NOW = register(
    QueryIndicator(
        code="membership.active_now",
        name=_("Current members"),
        unit_label="人",
        section=MEMBERSHIP,
        order=904,
        model=Membership,
        filter=Q(status=MembershipStatus.ACTIVE),
        timing=Timing.NONE,
    )
)
VERIFIED_NOW = register(
    QueryIndicator(
        code="membership.verified_now",
        name=_("Current verified members"),
        unit_label="人",
        section=MEMBERSHIP,
        order=905,
        model=Membership,
        filter=Q(status=MembershipStatus.ACTIVE, person__user__isnull=False),
        timing=Timing.NONE,
    )
)
VERIFIED_SHARE = register(
    RatioIndicator(
        code="membership.verified_share",
        name=_("Verified share of members"),
        unit_label="%",
        section=MEMBERSHIP,
        order=80,
        description=_(
            "Current members whose portal account is bound to their record (会员认证), as a "
            "share of all current members."
        ),
        numerator=VERIFIED_NOW,
        denominator=ACTIVE_NOW,
    )
)
OPEN_ALERTS = register(
    QueryIndicator(
        code="membership.open_alerts",
        name=_("Open data-quality alerts"),
        unit_label="条",
        section=MEMBERSHIP,
        order=90,
        model=DataAlert,
        filter=Q(status=AlertStatus.OPEN),
        timing=Timing.NONE,
    )
)
OPEN_ALERTS_BY_KIND = [
    register(
        QueryIndicator(
            code=f"membership.open_alerts.{kind.value}",
            name=format_lazy("{}：{}", _("Open data-quality alerts"), kind.label),
            unit_label="条",
            section=MEMBERSHIP,
            order=91 + index,
            model=DataAlert,
            filter=Q(status=AlertStatus.OPEN, kind=kind.value),
            timing=Timing.NONE,
        )
    )
    for index, kind in enumerate(AlertKind)
]
