"""Transfers (会员关系转接): a case of kind ``membership.transfer`` on the casework engine.

1. ``transfer_start``: the worker (their verified portal account) or staff who may add
   records in the union left opens the case; it is handled by the union left.
2. ``transfer_release``: the union left approves; the case is accepted and routed to the
   union joined.
3. ``transfer_complete``: the union joined approves; in one transaction the old membership
   ends as transferred out and the new one starts on the same date with a new card number
   (so no other transaction ever sees two active memberships or none), and the case is
   resolved.

``transfer_reject`` refuses at either step with a reason and changes no membership. The worker
is told by text message after each decision and sees the transfer in the portal.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.casework import services as casework
from gonghui.casework.choices import CaseState, Channel, EventType
from gonghui.casework.kinds import get_kind
from gonghui.casework.models import Case, CaseEvent
from gonghui.casework.workflow import OPEN_STATES
from gonghui.core.audit import audit_record, audit_save, snapshot
from gonghui.core.choices import Action, AuditAction
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import can
from gonghui.core.sms import TextMessage, send_quietly
from gonghui.membership.choices import (
    EndReason,
    JoinRequestStatus,
    MembershipStatus,
)
from gonghui.membership.kinds import KIND_CODE, service_move
from gonghui.membership.models import JoinRequest, Membership, MembershipTransfer
from gonghui.membership.services.common import ensure_member_unit, next_card_number
from gonghui.registry.models import Person

S = CaseState


def open_transfer(membership: Membership) -> MembershipTransfer | None:
    return (
        MembershipTransfer.objects.filter(membership=membership, case__state__in=OPEN_STATES)
        .select_related("case")
        .first()
    )


def _notify(membership: Membership, template: str, text: str, **params: str) -> None:
    phone = membership.person.phone
    if not phone:
        return
    message = TextMessage(phone=phone, template=template, params=params, text=text)
    transaction.on_commit(lambda: send_quietly(message))


def _is_owner(by: Any, membership: Membership) -> bool:
    return bool(
        getattr(by, "is_authenticated", False) and membership.person.user_id == getattr(by, "pk", 0)
    )


@transaction.atomic
def transfer_start(
    *,
    by: Any,
    membership: Membership,
    to_unit: OrgUnit,
    note: str = "",
    join_request: JoinRequest | None = None,
) -> Case:
    """Open a transfer of an active membership to ``to_unit``; one open transfer at a time.

    ``join_request``: the worker's join request asking for this transfer; it is marked as
    handled by the transfer (so it no longer waits as a pending request).
    """
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("unit", "person")
        .get(pk=membership.pk)
    )
    owner = _is_owner(by, membership)
    if not owner and not can(by, Action.ADD, membership.unit):
        raise PermissionDenied
    if membership.status != MembershipStatus.ACTIVE:
        raise ValidationError(_("Only a current membership can be transferred."), code="ended")
    if to_unit.pk == membership.unit_id:
        raise ValidationError(
            {"to_unit": _("The member already belongs to this union.")}, code="same_unit"
        )
    try:
        ensure_member_unit(to_unit)
    except ValidationError as error:
        raise ValidationError({"to_unit": error.messages}, code="not_member_unit") from None
    if open_transfer(membership) is not None:
        raise ValidationError(
            _("A transfer of this membership is already under way."), code="open_transfer"
        )
    if join_request is not None:
        join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
        if join_request.status != JoinRequestStatus.PENDING or not join_request.wants_transfer:
            raise ValidationError(_("This request has already been decided."), code="decided")
        if join_request.unit_id != to_unit.pk:
            raise ValidationError(_("The request is for another union."), code="invalid")
    case = casework.case_submit(
        by=by,
        kind=KIND_CODE,
        applicant=membership.person,
        unit=membership.unit,
        title=_("Transfer from %(from)s to %(to)s") % {"from": membership.unit, "to": to_unit},
        description=" ".join(note.split())[:300],
        channel=Channel.DESK,
        detail={
            "membership": membership,
            "from_unit": membership.unit,
            "to_unit": to_unit,
            "join_request": join_request,
        },
    )
    if join_request is not None:
        before = snapshot(join_request)
        join_request.status = JoinRequestStatus.TRANSFER
        join_request.decided_at = timezone.now()
        join_request.decided_by = by if not owner else None
        join_request.person = membership.person
        join_request.save()
        audit_save(by=by, obj=join_request, before=before)
    return case


def _locked_transfer(case: Case, expected_version: int | None) -> tuple[Case, MembershipTransfer]:
    case = Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case.pk)
    if case.kind != KIND_CODE:
        raise ValidationError(_("This case is not a membership transfer."), code="invalid")
    if expected_version is not None and case.version != expected_version:
        raise casework.CaseConflict()
    detail = MembershipTransfer.objects.select_related("from_unit", "to_unit").get(pk=case.pk)
    return case, detail


@transaction.atomic
def transfer_release(*, by: Any, case: Case, note: str = "", expected_version: int | None) -> Case:
    """The union left approves: the case is accepted and routed to the union joined."""
    case, detail = _locked_transfer(case, expected_version)
    if case.unit_id != detail.from_unit_id or case.state != S.SUBMITTED:
        raise ValidationError(
            _("This transfer is not waiting for the union left."), code="illegal_transition"
        )
    with service_move():
        case = casework.case_accept(by=by, case=case, note=note, expected_version=None)
    detail.released_at = timezone.now()
    detail.released_by = by
    detail.save(update_fields=["released_at", "released_by"])
    _route(case, detail.to_unit, by=by)
    membership = Membership.objects.select_related("person").get(pk=detail.membership_id)
    _notify(
        membership,
        "transfer_released",
        _("%(from)s has approved the transfer of your membership to %(to)s.")
        % {"from": detail.from_unit.name, "to": detail.to_unit.name},
        **{"from": detail.from_unit.name, "to": detail.to_unit.name},
    )
    return case


def _route(case: Case, unit: OrgUnit, *, by: Any) -> None:
    """Hand the case to the union joined. Not ``case_reassign_unit``: the union left need not
    be allowed to change the union joined's cases; the route is the kind's rule."""
    before = snapshot(case)
    previous = case.unit
    kind = get_kind(case.kind)
    case.unit = unit
    case.assignee = None
    case.due_at = kind.due_at(case)
    case.at_risk_at = kind.at_risk_at(case, case.due_at)
    read_version = case.version
    case.version = read_version + 1
    case.updated_at = timezone.now()
    updated = Case.objects.filter(pk=case.pk, version=read_version).update(
        unit=unit,
        assignee=None,
        due_at=case.due_at,
        at_risk_at=case.at_risk_at,
        version=case.version,
        updated_at=case.updated_at,
    )
    if not updated:
        raise casework.CaseConflict()
    CaseEvent.objects.create(
        case=case,
        by=by if getattr(by, "is_authenticated", False) else None,
        event_type=EventType.REASSIGNED,
        note=_("Approved by the union left; waiting for the union joined."),
        data={
            "from_unit_id": previous.pk,
            "from_unit": previous.name,
            "to_unit_id": unit.pk,
            "to_unit": unit.name,
            "assignee_cleared": False,
        },
    )
    audit_record(
        by=by,
        action=AuditAction.MOVE,
        obj=case,
        before=before,
        after=snapshot(case),
        unit=previous,
    )


@transaction.atomic
def transfer_complete(
    *, by: Any, case: Case, note: str = "", expected_version: int | None
) -> Membership:
    """The union joined approves: the membership moves, same date, in this transaction."""
    case, detail = _locked_transfer(case, expected_version)
    if case.unit_id != detail.to_unit_id or case.state != S.ACCEPTED:
        raise ValidationError(
            _("This transfer is not waiting for the union joined."), code="illegal_transition"
        )
    if not can(by, Action.CHANGE, case):
        raise PermissionDenied
    old = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("person", "unit")
        .get(pk=detail.membership_id)
    )
    if old.status != MembershipStatus.ACTIVE:
        raise ValidationError(_("The membership left has ended meanwhile."), code="ended")
    ensure_member_unit(detail.to_unit)
    today = timezone.localdate()
    before = snapshot(old)
    old.status = MembershipStatus.TRANSFERRED_OUT
    old.end_reason = EndReason.TRANSFERRED
    old.ended_on = max(today, old.joined_on)
    old.end_note = case.reference
    old.save()
    audit_save(by=by, obj=old, before=before)
    new = Membership.objects.create(
        person=old.person,
        unit=detail.to_unit,
        status=MembershipStatus.ACTIVE,
        joined_on=old.ended_on,
        channel=old.channel,
        worker_group=old.worker_group,
        card_number=next_card_number(detail.to_unit),
        previous=old,
    )
    audit_save(by=by, obj=new, before=None)
    # The worker's record is kept by the union joined from now on.
    person = Person.objects.select_for_update().get(pk=old.person_id)
    if person.unit_id != detail.to_unit_id:
        person_before = snapshot(person)
        person.unit = detail.to_unit
        person.save(update_fields=["unit", "updated_at"])
        audit_save(by=by, obj=person, before=person_before)
    detail.new_membership = new
    detail.save(update_fields=["new_membership"])
    reply = " ".join(note.split()) or _("Your membership has been transferred.")
    with service_move():
        casework.case_resolve(by=by, case=case, reply=reply, expected_version=None)
    _notify(
        old,
        "transfer_completed",
        _("Your membership has been transferred to %(unit)s. Your member card number is %(card)s.")
        % {"unit": detail.to_unit.name, "card": new.card_number},
        unit=detail.to_unit.name,
        card=new.card_number or "",
    )
    return new


@transaction.atomic
def transfer_reject(*, by: Any, case: Case, reason: str, expected_version: int | None) -> Case:
    """Refuse the transfer at either step; the membership stays as it is."""
    case, detail = _locked_transfer(case, expected_version)
    if case.state not in (S.SUBMITTED, S.ACCEPTED):
        raise ValidationError(_("This transfer has already been decided."), code="decided")
    with service_move():
        case = casework.case_reject(by=by, case=case, reason=reason, expected_version=None)
    membership = Membership.objects.select_related("person").get(pk=detail.membership_id)
    _notify(
        membership,
        "transfer_rejected",
        _("The transfer of your membership to %(to)s was not approved: %(reason)s")
        % {"to": detail.to_unit.name, "reason": " ".join(reason.split())},
        to=detail.to_unit.name,
        reason=" ".join(reason.split()),
    )
    return case
