"""The registry of case kinds (事项类型).

A module that handles something workers apply for or report adds a *kind*: a code, a Chinese
label, a reference prefix, its deadline, optionally its own detail model and its own
transition table. It registers the kind in its ``AppConfig.ready()``::

    register_kind(CaseKind(code="rights.request", label=_("Worker request"),
                           reference_prefix="SQ", sla_hours=15 * 24,
                           detail_model=RightsRequest))

``Case.kind`` holds the code; the services check it against this registry (not database
choices: kinds come and go with apps). A kind varies its deadline per case by subclassing
``CaseKind`` and overriding ``sla_hours_for`` or ``due_at``; both are evaluated when the case
is submitted and again after every move, so a kind can run a first-response clock while the
case is submitted and the resolution clock after it is accepted.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.functional import Promise

from gonghui.casework.workflow import TRANSITIONS, Table, validate_table

if TYPE_CHECKING:
    from gonghui.casework.models import Case

_CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
_PREFIX = re.compile(r"^[A-Z]{1,6}$")
CODE_MAX_LENGTH = 64


@dataclass(frozen=True)
class CaseKind:
    """One kind of case and its rules.

    ``detail_model`` is a model whose primary key is ``OneToOneField(Case, primary_key=True)``;
    the services create its row with the case. ``detail_template`` may name a template that
    shows it (it gets ``case`` and ``detail``); otherwise its fields are listed generically.
    A case is *at risk* when ``at_risk_hours`` are left before the deadline, or, without
    them, when ``at_risk_ratio`` of its time is used.
    """

    code: str
    label: str | Promise
    reference_prefix: str
    sla_hours: float | None = None
    at_risk_ratio: float = 0.8
    at_risk_hours: float | None = None
    detail_model: type[models.Model] | None = None
    detail_template: str | None = None
    transitions: Table | None = None
    table: dict[str, frozenset[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.code) > CODE_MAX_LENGTH or not _CODE.match(self.code):
            raise ImproperlyConfigured(f"invalid case kind code {self.code!r}")
        if not _PREFIX.match(self.reference_prefix):
            raise ImproperlyConfigured(
                f"case kind {self.code}: reference prefix must be 1-6 capital letters"
            )
        if self.sla_hours is not None and self.sla_hours <= 0:
            raise ImproperlyConfigured(f"case kind {self.code}: sla_hours must be positive")
        if not 0 < self.at_risk_ratio <= 1:
            raise ImproperlyConfigured(f"case kind {self.code}: at_risk_ratio must be in (0, 1]")
        if self.at_risk_hours is not None and self.at_risk_hours < 0:
            raise ImproperlyConfigured(f"case kind {self.code}: at_risk_hours must be >= 0")
        try:
            table = validate_table(
                self.transitions if self.transitions is not None else TRANSITIONS
            )
        except ValueError as exc:
            raise ImproperlyConfigured(f"case kind {self.code}: {exc}") from exc
        object.__setattr__(self, "table", table)

    # The state machine ------------------------------------------------------------------

    def targets(self, state: str) -> frozenset[str]:
        """The states a case of this kind may move to from ``state``."""
        return self.table.get(state, frozenset())

    # The deadline (SLA) -----------------------------------------------------------------

    def sla_hours_for(self, case: Case) -> float | None:
        """Hours from submission to the deadline for this case; ``None``: no deadline."""
        return self.sla_hours

    def due_at(self, case: Case) -> datetime.datetime | None:
        hours = self.sla_hours_for(case)
        if hours is None:
            return None
        return case.submitted_at + datetime.timedelta(hours=hours)

    def at_risk_at(self, case: Case, due_at: datetime.datetime | None) -> datetime.datetime | None:
        """When the case starts to count as at risk of missing ``due_at``."""
        if due_at is None:
            return None
        start = case.submitted_at
        if self.at_risk_hours is not None:
            return max(start, due_at - datetime.timedelta(hours=self.at_risk_hours))
        return start + (due_at - start) * self.at_risk_ratio

    # The kind's own record --------------------------------------------------------------

    def detail_for(self, case: Case) -> models.Model | None:
        if self.detail_model is None:
            return None
        return self.detail_model._default_manager.filter(pk=case.pk).first()

    def check_detail_model(self) -> None:
        """The detail model's primary key must be its one-to-one link to the case."""
        from gonghui.casework.models import Case

        model = self.detail_model
        if model is None:
            return
        pk = model._meta.pk
        if not (
            isinstance(pk, models.OneToOneField) and pk.remote_field.model is Case  # type: ignore[union-attr]
        ):
            raise ImproperlyConfigured(
                f"case kind {self.code}: {model.__name__} needs "
                "`case = models.OneToOneField(Case, primary_key=True, ...)`"
            )


_registry: dict[str, CaseKind] = {}


def register_kind(kind: CaseKind) -> CaseKind:
    """Add a kind; call it from ``AppConfig.ready()``. A code may be registered once."""
    if kind.code in _registry:
        raise ImproperlyConfigured(f"case kind {kind.code!r} is already registered")
    kind.check_detail_model()
    _registry[kind.code] = kind
    return kind


def get_kind(code: str) -> CaseKind:
    """The registered kind with this code; ``KeyError`` when there is none."""
    return _registry[code]


def kinds() -> list[CaseKind]:
    return sorted(_registry.values(), key=lambda kind: kind.code)


def kind_choices() -> list[tuple[str, Any]]:
    return [(kind.code, kind.label) for kind in kinds()]


def kind_label(code: str) -> str | Promise:
    """The kind's label, or its code when the app that registered it is gone."""
    kind = _registry.get(code)
    return kind.label if kind is not None else code
