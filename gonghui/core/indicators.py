"""Indicators of the union organisation (组织建设): the units of the tree, by kind.

Units are counted over the whole subtree, the unit itself included, so a figure is the sum of
its children's figures and the unit's own (a grassroots union counts 1 grassroots union).
Only active units count. Units are a stock at the period's end by ``created_at``: the tree
keeps no date of dissolution yet, so a unit dissolved since then is missing from earlier
periods too.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gonghui.core.choices import UnitKind, UnitStatus
from gonghui.core.models import OrgUnit
from gonghui.indicators.registry import QueryIndicator, Section, Timing, register

ORGANISATION = Section("organisation", _("Union organisation"), order=10)

ACTIVE = Q(status=UnitStatus.ACTIVE)

UNITS = register(
    QueryIndicator(
        code="core.units",
        name=_("Number of union organisations"),
        unit_label="个",
        section=ORGANISATION,
        order=0,
        description=_("Active union units in the subtree, the unit itself included."),
        model=OrgUnit,
        filter=ACTIVE,
        date_field="created_at",
        timing=Timing.STOCK,
    )
)

UNITS_BY_KIND: dict[str, QueryIndicator] = {
    kind: register(
        QueryIndicator(
            code=f"core.units.{kind}",
            name=format_lazy(_("Number of {kind} units"), kind=label),
            unit_label="个",
            section=ORGANISATION,
            order=1 + position,
            model=OrgUnit,
            filter=ACTIVE & Q(kind=kind),
            date_field="created_at",
            timing=Timing.STOCK,
        )
    )
    for position, (kind, label) in enumerate(UnitKind.choices)
    # Nothing is above the national federation: its count would only ever be itself.
    if kind != UnitKind.NATIONAL
}
