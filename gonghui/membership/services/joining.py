"""Join requests (入会申请): submission, approval with a card number, rejection, batches."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import crypto
from gonghui.core.audit import audit_save, snapshot
from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ensure_can
from gonghui.core.sms import TextMessage, send_quietly
from gonghui.membership.choices import (
    JoinChannel,
    JoinRequestStatus,
    MembershipStatus,
)
from gonghui.membership.models import (
    JoinRequest,
    Membership,
    MembershipSettings,
)
from gonghui.membership.selectors import active_membership, employers_for_join, takes_members
from gonghui.membership.services.common import (
    bind_account,
    next_card_number,
    normalize_name,
    same_name,
)
from gonghui.registry import services as registry_services
from gonghui.registry.choices import WorkerGroup
from gonghui.registry.models import ID_NUMBER_INDEX, Enterprise, Person
from gonghui.registry.selectors import persons_by_id_number
from gonghui.utils.idcard import normalize_id_number
from gonghui.utils.phone import normalize_mobile


@dataclass
class Submission:
    request: JoinRequest
    created: bool


class ActiveElsewhere(ValidationError):
    """The applicant is already an active member of another union: offer a transfer."""

    def __init__(self, membership: Membership) -> None:
        self.membership = membership
        super().__init__(
            _("You are already a member of %(unit)s."),
            code="active_elsewhere",
            params={"unit": membership.unit.name},
        )


class _AutoApprovalRefused(Exception):
    """An automatic approval refused; carries the refusal out of the rolled-back block."""

    def __init__(self, error: ValidationError) -> None:
        super().__init__(error)
        self.error = error


def _own_open_request(applicant: Any, id_hashes: list[str], unit: OrgUnit) -> JoinRequest | None:
    """The applicant's request for this ID number that is pending, or approved with its
    membership still active: what a repeated submission answers with."""
    if applicant is None or not getattr(applicant, "pk", None):
        return None
    return (
        JoinRequest.objects.filter(applicant=applicant, id_number_hash__in=id_hashes, unit=unit)
        .filter(
            Q(status=JoinRequestStatus.PENDING)
            | Q(
                status=JoinRequestStatus.APPROVED,
                membership__status=MembershipStatus.ACTIVE,
            )
        )
        .select_related("unit")
        .order_by("-submitted_at", "-pk")
        .first()
    )


def join_request_submit(
    *,
    by: Any,
    unit: OrgUnit,
    channel: str,
    name: str,
    id_number: str,
    phone: str,
    applicant: Any = None,
    worker_group: str = "",
    employer: Enterprise | None = None,
    employer_name: str = "",
    wants_transfer: bool = False,
    note: str = "",
) -> Submission:
    """Record a request to join ``unit``; approve it at once when the unit approves
    automatically. One pending request per ID number: a repeated or parallel submission by
    the same applicant answers with the request already made (``created`` False).

    Raises ``ActiveElsewhere`` when the applicant (by ID number and the same name) is an
    active member of another union and has not asked for a transfer.
    """
    id_number = normalize_id_number(id_number)
    hashes = crypto.blind_index_candidates(id_number, ID_NUMBER_INDEX)
    try:
        with transaction.atomic():
            return _submit(
                by=by, unit=unit, channel=channel, name=name, id_number=id_number,
                phone=phone, applicant=applicant, worker_group=worker_group,
                employer=employer, employer_name=employer_name,
                wants_transfer=wants_transfer, note=note,
            )  # fmt: skip
    except IntegrityError as exc:
        # Another submission with this ID number won the race; nothing of ours was kept.
        existing = _own_open_request(applicant, hashes, unit)
        if existing is not None:
            return Submission(existing, created=False)
        raise ValidationError(
            _("An application with this ID number is already awaiting approval."),
            code="pending_exists",
        ) from exc
    except _AutoApprovalRefused as refused:
        # For instance: the parallel twin of this request was approved a moment ago, and
        # ours was rolled back. Answer with the request that was made.
        existing = _own_open_request(applicant, hashes, unit)
        if existing is not None:
            return Submission(existing, created=False)
        raise refused.error from None


def _submit(
    *,
    by: Any,
    unit: OrgUnit,
    channel: str,
    name: str,
    id_number: str,
    phone: str,
    applicant: Any,
    worker_group: str,
    employer: Enterprise | None,
    employer_name: str,
    wants_transfer: bool,
    note: str,
) -> Submission:
    row = MembershipSettings.objects.select_related("unit").filter(unit=unit).first()
    if row is None or not row.takes_members or not takes_members(row.unit):
        raise ValidationError(_("This union does not take members online."), code="closed")
    if channel not in JoinChannel.values:
        raise ValidationError(_("Unknown channel."), code="invalid")
    name = normalize_name(name)
    phone = normalize_mobile(phone) if phone else ""
    if worker_group and worker_group not in WorkerGroup.values:
        raise ValidationError({"worker_group": _("Please pick a group from the list.")})
    if employer is not None and not employers_for_join(unit).filter(pk=employer.pk).exists():
        raise ValidationError({"employer": _("Please pick an employer from the search results.")})
    employer_name = " ".join(employer_name.split())[:200] if employer is None else ""

    hashes = crypto.blind_index_candidates(id_number, ID_NUMBER_INDEX)
    existing = _own_open_request(applicant, hashes, unit)
    if existing is not None:
        return Submission(existing, created=False)

    person = persons_by_id_number(Person.objects.all(), id_number).first()
    name_differs = person is not None and not same_name(person.name, name)
    transfer_from: OrgUnit | None = None
    if person is not None and not name_differs:
        active = active_membership(person)
        if active is not None and active.unit_id == unit.pk:
            # Made a moment ago by this applicant's own twin submission?
            existing = _own_open_request(applicant, hashes, unit)
            if existing is not None:
                return Submission(existing, created=False)
            raise ValidationError(
                _("You are already a member of this union (card %(card)s)."),
                code="already_member",
                params={"card": active.card_number or "—"},
            )
        if active is not None:
            if not wants_transfer:
                raise ActiveElsewhere(active)
            transfer_from = active.unit
    if transfer_from is None:
        wants_transfer = False

    request = JoinRequest(
        unit=unit,
        channel=channel,
        name=name,
        id_number=id_number,
        phone=phone,
        employer=employer,
        employer_name=employer_name,
        worker_group=worker_group,
        applicant=applicant,
        wants_transfer=wants_transfer,
        transfer_from=transfer_from,
        registered_name_differs=name_differs,
        note=" ".join(note.split())[:300],
    )
    request.save()
    audit_save(by=by, obj=request, before=None)
    if row.auto_approve and not wants_transfer and not name_differs:
        try:
            _approve(request, by=by, automatic=True)
        except ValidationError as error:
            raise _AutoApprovalRefused(error) from error
        request.refresh_from_db()
    return Submission(request, created=True)


def _register_person(request: JoinRequest, *, by: Any, automatic: bool) -> Person:
    """The worker's record made from an approved request, through the registry's services.

    Staff approvals call ``person_create`` with the approver's grants. An automatic approval
    acts on the unit's standing decision, not on a staff grant: ``person_register`` audits the
    new record as written by the applicant's account.
    """
    fields: dict[str, Any] = {
        "name": request.name,
        "id_number": request.id_number,
        "phone": request.phone,
        "worker_group": request.worker_group,
        "employer": request.employer,
    }
    if not automatic:
        return registry_services.person_create(by=by, unit=request.unit, **fields)
    return registry_services.person_register(by=by, unit=request.unit, **fields)


def _approve(request: JoinRequest, *, by: Any, automatic: bool = False) -> Membership:
    request = JoinRequest.objects.select_for_update().select_related("unit").get(pk=request.pk)
    if not automatic:
        ensure_can(by, Action.CHANGE, request)
    if request.status != JoinRequestStatus.PENDING:
        raise ValidationError(_("This request has already been decided."), code="decided")
    if request.wants_transfer:
        raise ValidationError(
            _(
                "The applicant is a member of %(unit)s and asks for a transfer: a transfer "
                "is handled as a transfer (会员关系转接), not approved as a new membership."
            ),
            code="transfer",
            params={"unit": request.transfer_from.name if request.transfer_from else "—"},
        )
    before = snapshot(request)
    person = persons_by_id_number(Person.objects.select_for_update(), request.id_number).first()
    created_person = person is None
    if person is None:
        person = _register_person(request, by=by, automatic=automatic)
    else:
        active = active_membership(person)
        if active is not None:
            raise ValidationError(
                _("This person is already an active member of %(unit)s."),
                code="already_member",
                params={"unit": active.unit.name},
            )
    membership = Membership(
        person=person,
        unit=request.unit,
        status=MembershipStatus.ACTIVE,
        joined_on=timezone.localdate(),
        channel=request.channel,
        worker_group=request.worker_group,
        card_number=next_card_number(request.unit),
        join_request=request,
    )
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as exc:
        if active_membership(person) is None:
            raise
        # A parallel approval for the same person won.
        raise ValidationError(
            _("This person is already an active member of a union."), code="already_member"
        ) from exc
    audit_save(by=by, obj=membership, before=None)

    request.status = JoinRequestStatus.APPROVED
    request.decided_at = timezone.now()
    request.decided_by = None if automatic else by
    request.decided_automatically = automatic
    request.person = person
    request.save()
    audit_save(by=by, obj=request, before=before)

    # The applicant proved this phone number; the record is theirs when it was made from
    # this request or carries the same number. Otherwise they verify (会员认证) themselves.
    if request.applicant_id is not None and (
        created_person or (person.phone_hash and person.phone_hash == request.phone_hash)
    ):
        bind_account(person, request.applicant, by=by)

    if request.phone:
        message = TextMessage(
            phone=request.phone,
            template="join_approved",
            params={"unit": request.unit.name, "card": membership.card_number or ""},
            text=_(
                "Your application to join %(unit)s has been approved. "
                "Your member card number is %(card)s."
            )
            % {"unit": request.unit.name, "card": membership.card_number},
        )
        transaction.on_commit(lambda: send_quietly(message))
    return membership


@transaction.atomic
def join_request_approve(*, by: Any, join_request: JoinRequest) -> Membership:
    """Approve a pending request: find or register the worker, make the membership with a
    new card number, and tell the applicant by SMS once committed."""
    return _approve(join_request, by=by)


@transaction.atomic
def join_request_reject(*, by: Any, join_request: JoinRequest, reason: str) -> JoinRequest:
    request = JoinRequest.objects.select_for_update().select_related("unit").get(pk=join_request.pk)
    ensure_can(by, Action.CHANGE, request)
    if request.status != JoinRequestStatus.PENDING:
        raise ValidationError(_("This request has already been decided."), code="decided")
    reason = " ".join(str(reason).split())
    if not reason:
        raise ValidationError(
            {"reason": _("Please give the reason for the rejection.")}, code="required"
        )
    if len(reason) > 300:
        raise ValidationError({"reason": _("The reason has at most 300 characters.")})
    before = snapshot(request)
    request.status = JoinRequestStatus.REJECTED
    request.decided_at = timezone.now()
    request.decided_by = by
    request.reject_reason = reason
    request.save()
    audit_save(by=by, obj=request, before=before)
    if request.phone:
        message = TextMessage(
            phone=request.phone,
            template="join_rejected",
            params={"unit": request.unit.name, "reason": reason},
            text=_("Your application to join %(unit)s was not approved: %(reason)s")
            % {"unit": request.unit.name, "reason": reason},
        )
        transaction.on_commit(lambda: send_quietly(message))
    return request


@dataclass
class BatchResult:
    approved: list[Membership] = field(default_factory=list)
    failed: list[tuple[JoinRequest, str]] = field(default_factory=list)


def join_requests_approve_batch(*, by: Any, join_requests: Iterable[JoinRequest]) -> BatchResult:
    """Approve each request in its own transaction; one refusal does not stop the others."""
    result = BatchResult()
    for request in join_requests:
        try:
            result.approved.append(join_request_approve(by=by, join_request=request))
        except ValidationError as error:
            result.failed.append((request, "；".join(error.messages)))
        except PermissionDenied as error:
            result.failed.append((request, str(error)))
    return result
