"""Indicators of the registry (职工和用人单位): workers, employers, union founding.

Workers and employers are stocks at the period's end by ``created_at``: the records have no
date of removal yet, so a record deleted since is missing from earlier periods too, and
``union_founded`` is the employer's current state: the founding rate of a past period uses
today's state of the employers registered by then. Unions founded in a period count the
founding dates recorded (``union_founded_on``).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.indicators.registry import (
    QueryIndicator,
    RatioIndicator,
    Section,
    Timing,
    register,
)
from gonghui.registry.models import Enterprise, Person

REGISTRY = Section("registry", _("Workers and employers"), order=20)

PERSONS = register(
    QueryIndicator(
        code="registry.persons",
        name=_("Number of workers"),
        unit_label="人",
        section=REGISTRY,
        order=10,
        description=_("Workers registered by the units of the subtree (one record per person)."),
        model=Person,
        date_field="created_at",
        timing=Timing.STOCK,
    )
)

ENTERPRISES = register(
    QueryIndicator(
        code="registry.enterprises",
        name=_("Number of employers"),
        unit_label="家",
        section=REGISTRY,
        order=20,
        description=_("Employers the units of the subtree are responsible for."),
        model=Enterprise,
        date_field="created_at",
        timing=Timing.STOCK,
    )
)

ENTERPRISES_FOUNDED = register(
    QueryIndicator(
        code="registry.enterprises_founded",
        name=_("Number of employers with a union"),
        unit_label="家",
        section=REGISTRY,
        order=30,
        model=Enterprise,
        filter=Q(union_founded=True),
        date_field="created_at",
        timing=Timing.STOCK,
    )
)

FOUNDING_RATE = register(
    RatioIndicator(
        code="registry.founding_rate",
        name=_("Union founding rate"),
        unit_label="%",
        section=REGISTRY,
        order=40,
        description=_("Employers with a union as a share of all employers."),
        numerator=ENTERPRISES_FOUNDED,
        denominator=ENTERPRISES,
    )
)

UNIONS_FOUNDED = register(
    QueryIndicator(
        code="registry.unions_founded",
        name=_("Employers that founded a union"),
        unit_label="家",
        section=REGISTRY,
        order=50,
        description=_("Employers whose union was founded in the period (by the founding date)."),
        model=Enterprise,
        date_field="union_founded_on",
        timing=Timing.FLOW,
    )
)
