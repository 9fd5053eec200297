"""Writes of mediation (劳动争议调解): bodies, mediators, cases, sessions, the outcome and the
reopening of a concluded case. One transaction each, audited, scope re-checked."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core.audit import audit_record, audit_save, snapshot
from gonghui.core.choices import Action, AuditAction
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ensure_can
from gonghui.registry.models import Enterprise, Person
from gonghui.rights.choices import MediationOutcome
from gonghui.rights.models import LegalAidCase
from gonghui.rights.models_mediation import (
    MediationBody,
    MediationCase,
    MediationSession,
    Mediator,
)
from gonghui.rights.services import _apply, _required, _user
from gonghui.rights.validation import not_before, not_future

BODY_FIELDS = frozenset(
    {"name", "kind", "court_name", "established_on", "address", "phone", "is_active"}
)
MEDIATOR_FIELDS = frozenset({"name", "title", "phone", "is_active"})
CASE_FIELDS = frozenset(
    {"dispute_type", "dispute", "opened_on", "employer", "employer_name", "legal_aid",
     "court_reference", "amount_claimed"}
)  # fmt: skip


def _save(by: Any, obj: Any, before: dict[str, Any] | None) -> Any:
    obj.full_clean()
    obj.save()
    audit_save(by=by, obj=obj, before=before)
    return obj


@transaction.atomic
def mediation_body_create(*, by: Any, unit: OrgUnit, **fields: Any) -> MediationBody:
    ensure_can(by, Action.ADD, unit)
    body = MediationBody(unit=unit)
    _apply(body, fields, BODY_FIELDS)
    return _save(by, body, None)  # type: ignore[no-any-return]


@transaction.atomic
def mediation_body_update(*, by: Any, body: MediationBody, **fields: Any) -> MediationBody:
    body = (
        MediationBody.objects.select_for_update(of=("self",)).select_related("unit").get(pk=body.pk)
    )
    ensure_can(by, Action.CHANGE, body)
    before = snapshot(body)
    _apply(body, fields, BODY_FIELDS)
    return _save(by, body, before)  # type: ignore[no-any-return]


@transaction.atomic
def mediator_create(*, by: Any, body: MediationBody, **fields: Any) -> Mediator:
    body = MediationBody.objects.select_related("unit").get(pk=body.pk)
    ensure_can(by, Action.CHANGE, body)
    mediator = Mediator(body=body)
    _apply(mediator, fields, MEDIATOR_FIELDS)
    return _save(by, mediator, None)  # type: ignore[no-any-return]


@transaction.atomic
def mediator_update(*, by: Any, mediator: Mediator, **fields: Any) -> Mediator:
    mediator = (
        Mediator.objects.select_for_update(of=("self",))
        .select_related("body", "body__unit")
        .get(pk=mediator.pk)
    )
    ensure_can(by, Action.CHANGE, mediator)
    before = snapshot(mediator)
    _apply(mediator, fields, MEDIATOR_FIELDS)
    return _save(by, mediator, before)  # type: ignore[no-any-return]


def _check_links(by: Any, fields: dict[str, Any]) -> None:
    if fields.get("employer") is not None:
        ensure_can(by, Action.VIEW, fields["employer"])
        fields["employer_name"] = ""
    legal_aid: LegalAidCase | None = fields.get("legal_aid")
    if legal_aid is not None:
        ensure_can(by, Action.VIEW, legal_aid.case)


@transaction.atomic
def mediation_open(
    *,
    by: Any,
    body: MediationBody,
    worker: Person,
    dispute: str,
    employer: Enterprise | None = None,
    **fields: Any,
) -> MediationCase:
    """A dispute accepted for mediation by ``body``; the case belongs to the body's unit."""
    body = MediationBody.objects.select_related("unit").get(pk=body.pk)
    ensure_can(by, Action.ADD, body.unit)
    ensure_can(by, Action.VIEW, worker)
    if not body.is_active:
        raise ValidationError({"body": _("This mediation body is no longer in operation.")})
    fields = {**fields, "employer": employer, "dispute": _required(
        dispute, "dispute", _("Please describe the dispute."))}  # fmt: skip
    _check_links(by, fields)
    case = MediationCase(unit=body.unit, body=body, worker=worker, created_by=_user(by))
    _apply(case, fields, CASE_FIELDS)
    return _save(by, case, None)  # type: ignore[no-any-return]


def _locked_case(by: Any, case: MediationCase) -> MediationCase:
    locked = (
        MediationCase.objects.select_for_update(of=("self",))
        .select_related("unit", "body")
        .get(pk=case.pk)
    )
    ensure_can(by, Action.CHANGE, locked)
    return locked


def _ensure_open(case: MediationCase) -> None:
    if case.is_closed:
        raise ValidationError(
            _("This mediation is concluded and cannot be changed; reopen it first."),
            code="closed",
        )


@transaction.atomic
def mediation_update(*, by: Any, case: MediationCase, **fields: Any) -> MediationCase:
    case = _locked_case(by, case)
    _ensure_open(case)
    _check_links(by, fields)
    before = snapshot(case)
    _apply(case, fields, CASE_FIELDS)
    return _save(by, case, before)  # type: ignore[no-any-return]


@transaction.atomic
def mediation_add_session(
    *, by: Any, case: MediationCase, date: datetime.date, mediator: Mediator, notes: str = ""
) -> MediationSession:
    """A session held by a mediator of the case's body."""
    case = _locked_case(by, case)
    _ensure_open(case)
    errors: dict[str, Any] = {}
    if mediator.body_id != case.body_id or not mediator.is_active:
        errors["mediator"] = _("Choose an active mediator of this mediation body.")
    not_future(errors, "date", date)
    not_before(
        errors, "date", date, case.opened_on,
        _("A session cannot be held before the mediation was accepted."),
    )  # fmt: skip
    if errors:
        raise ValidationError(errors)
    session = MediationSession(
        case=case, date=date, mediator=mediator, notes=(notes or "").strip(), created_by=_user(by)
    )
    session.full_clean()
    session.save()
    audit_record(
        by=by, action=AuditAction.CREATE, obj=session, after=snapshot(session), unit=case.unit
    )
    return session


@transaction.atomic
def mediation_conclude(
    *,
    by: Any,
    case: MediationCase,
    outcome: str,
    outcome_on: datetime.date,
    amount_agreed: Decimal = Decimal("0"),
) -> MediationCase:
    """Set the outcome once: a concluded case must be reopened before it is concluded again."""
    case = _locked_case(by, case)
    _ensure_open(case)
    if outcome not in MediationOutcome.values or not outcome:
        raise ValidationError({"outcome": _("Choose the outcome of the mediation.")})
    before = snapshot(case)
    case.outcome = outcome
    case.outcome_on = outcome_on
    case.amount_agreed = amount_agreed if amount_agreed is not None else Decimal("0")
    return _save(by, case, before)  # type: ignore[no-any-return]


@transaction.atomic
def mediation_reopen(*, by: Any, case: MediationCase, reason: str) -> MediationCase:
    """Reopen a concluded case: the outcome and amount are cleared, the reason audited."""
    case = _locked_case(by, case)
    if not case.is_closed:
        raise ValidationError(_("Only a concluded mediation can be reopened."), code="not_closed")
    reason = _required(reason, "reason", _("Give the reason for reopening."))
    before = snapshot(case)
    case.outcome = MediationOutcome.PENDING
    case.outcome_on = None
    case.amount_agreed = Decimal("0")
    case.reopen_count += 1
    case.full_clean()
    case.save()
    audit_record(
        by=by,
        action=AuditAction.UPDATE,
        obj=case,
        before=before,
        after={**snapshot(case), "reopen_reason": reason},
    )
    return case
