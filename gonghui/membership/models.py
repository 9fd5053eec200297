"""Membership (会籍), join requests (入会申请) and each member-taking unit's join settings.

A person holds at most one active membership (a partial unique index); ended and transferred
memberships stay as the person's history. A join request holds the applicant's ID and mobile
numbers encrypted with a blind index beside them, so "one pending request per ID number" is
a partial unique index as well: a double click or two phones at once make one request.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.casework.models import Case
from gonghui.core import crypto
from gonghui.core.fields import EncryptedTextField
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import ScopedManager, ScopedQuerySet, ScopedRecord
from gonghui.membership.choices import (
    AlertKind,
    AlertStatus,
    EndReason,
    JoinChannel,
    JoinRequestStatus,
    MembershipStatus,
)
from gonghui.registry.choices import WorkerGroup
from gonghui.registry.models import ID_NUMBER_INDEX, PHONE_INDEX, Enterprise, Person
from gonghui.utils.idcard import mask_id_number
from gonghui.utils.phone import mask_mobile


class MembershipSettings(ScopedRecord, models.Model):
    """A member-taking unit's joining settings (入会设置): whether it takes members, automatic
    approval, the token in its join QR code (扫码入会), and its member-card counter.

    Regenerating the token makes old posters stop working. The counter row is locked when a
    request is approved, so card numbers are allocated in order and a rejected or rolled-back
    request consumes none.
    """

    unit = models.OneToOneField(
        OrgUnit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="membership_settings",
    )
    takes_members = models.BooleanField(_("takes members"), default=True)
    auto_approve = models.BooleanField(_("approve join requests automatically"), default=False)
    join_token = models.CharField(_("join code token"), max_length=64, unique=True, editable=False)
    token_created_at = models.DateTimeField(_("join code made at"), editable=False)
    last_card_number = models.PositiveIntegerField(
        _("last member card sequence"), default=0, editable=False
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_path_lookup: ClassVar[str] = "unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("joining settings")
        verbose_name_plural = _("joining settings")

    def __str__(self) -> str:
        return str(self.unit)


class JoinRequest(ScopedRecord, models.Model):
    """A request to join a union (入会申请), from a QR code, the portal, a roster or the desk."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("union"), on_delete=models.PROTECT, related_name="join_requests"
    )
    channel = models.CharField(_("channel"), max_length=16, choices=JoinChannel.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=JoinRequestStatus.choices,
        default=JoinRequestStatus.PENDING,
    )
    name = models.CharField(_("name"), max_length=60)
    id_number = EncryptedTextField(_("ID number"))
    id_number_hash = models.CharField(
        max_length=crypto.BLIND_INDEX_LENGTH, db_index=True, editable=False
    )
    id_number_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    phone = EncryptedTextField(_("mobile number"), blank=True)
    phone_hash = models.CharField(
        max_length=crypto.BLIND_INDEX_LENGTH, blank=True, db_index=True, editable=False
    )
    phone_masked = models.CharField(_("mobile number"), max_length=11, blank=True, editable=False)
    employer = models.ForeignKey(
        Enterprise,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    employer_name = models.CharField(_("employer as typed"), max_length=200, blank=True)
    worker_group = models.CharField(
        _("new form of employment"), max_length=32, choices=WorkerGroup.choices, blank=True
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant's portal account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    wants_transfer = models.BooleanField(_("asks for a transfer"), default=False)
    transfer_from = models.ForeignKey(
        OrgUnit,
        verbose_name=_("member of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_name_differs = models.BooleanField(
        _("name differs from the registered worker's"), default=False
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_automatically = models.BooleanField(_("approved automatically"), default=False)
    reject_reason = models.CharField(_("reason for rejection"), max_length=300, blank=True)
    person = models.ForeignKey(
        Person,
        verbose_name=_("worker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="join_requests",
    )

    scope_path_lookup: ClassVar[str] = "unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=Q(status=JoinRequestStatus.PENDING),
                name="joinrequest_one_pending_per_id_number",
            ),
            models.CheckConstraint(
                condition=~Q(status=JoinRequestStatus.REJECTED) | ~Q(reject_reason=""),
                name="joinrequest_rejection_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status", "submitted_at"], name="joinrequest_unit_status"),
            models.Index(fields=["applicant", "submitted_at"], name="joinrequest_applicant"),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.unit}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_derived_fields()
        super().save(*args, **kwargs)

    @property
    def is_pending(self) -> bool:
        return self.status == JoinRequestStatus.PENDING

    def refresh_derived_fields(self) -> None:
        self.id_number_hash = crypto.blind_index(self.id_number, ID_NUMBER_INDEX)
        self.id_number_masked = mask_id_number(self.id_number)
        if self.phone:
            self.phone_hash = crypto.blind_index(self.phone, PHONE_INDEX)
            self.phone_masked = mask_mobile(self.phone)
        else:
            self.phone_hash = self.phone_masked = ""


class MembershipQuerySet(ScopedQuerySet["Membership"]):
    def delete(self) -> tuple[int, dict[str, int]]:
        if self.filter(person__user__isnull=False).exists():
            raise PermissionDenied(gettext("A verified member's membership cannot be deleted."))
        return super().delete()


class MembershipManager(models.Manager.from_queryset(MembershipQuerySet)):  # type: ignore[misc]
    pass


class Membership(ScopedRecord, models.Model):
    """A person's membership of a union (会籍): of a grassroots union, or of a joint union or
    sector federation that takes members directly.

    At most one is active per person; the ended and transferred ones are the history. A
    transfer (会员关系转接) ends one as transferred out and links the next through ``previous``.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("worker"), on_delete=models.PROTECT, related_name="memberships"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("union"), on_delete=models.PROTECT, related_name="memberships"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
    )
    joined_on = models.DateField(_("joined on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for ending"), max_length=16, choices=EndReason.choices, blank=True
    )
    end_note = models.CharField(_("note on ending"), max_length=300, blank=True)
    channel = models.CharField(_("channel"), max_length=16, choices=JoinChannel.choices)
    worker_group = models.CharField(
        _("new form of employment"), max_length=32, choices=WorkerGroup.choices, blank=True
    )
    card_number = models.CharField(
        _("member card number"), max_length=40, unique=True, null=True, blank=True
    )
    join_request = models.OneToOneField(
        JoinRequest,
        verbose_name=_("join request"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="membership",
    )
    previous = models.OneToOneField(
        "self",
        verbose_name=_("previous membership"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_path_lookup: ClassVar[str] = "unit__path"
    objects = MembershipManager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-joined_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status=MembershipStatus.ACTIVE),
                name="membership_one_active_per_person",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=MembershipStatus.ACTIVE, ended_on__isnull=True, end_reason="")
                    | (
                        ~Q(status=MembershipStatus.ACTIVE)
                        & Q(ended_on__isnull=False)
                        & ~Q(end_reason="")
                    )
                ),
                name="membership_end_matches_status",
            ),
        ]
        indexes = [models.Index(fields=["unit", "status"], name="membership_unit_status")]

    def __str__(self) -> str:
        return f"{self.person} · {self.unit}"

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if Person.objects.filter(pk=self.person_id, user__isnull=False).exists():
            raise PermissionDenied(gettext("A verified member's membership cannot be deleted."))
        return super().delete(*args, **kwargs)


class VerificationAttempt(models.Model):
    """One try of a portal account at member verification (会员认证), for the rate limit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal account"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    succeeded = models.BooleanField(_("succeeded"), default=False)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("verification attempt")
        verbose_name_plural = _("verification attempts")
        indexes = [models.Index(fields=["user", "at"], name="verification_user_at")]

    def __str__(self) -> str:
        return f"{self.user} {self.at:%Y-%m-%d %H:%M}"


class MembershipTransfer(ScopedRecord, models.Model):
    """The detail of a transfer case (会员关系转接, case kind ``membership.transfer``).

    The case is handled first by the unit left (``from_unit``): its approval routes the case
    to the unit joined (``to_unit``), whose approval ends the old membership as transferred
    out and starts the new one on the same date, in one transaction (see
    ``services.transfers``).
    """

    case = models.OneToOneField(
        Case,
        verbose_name=_("case"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="membership_transfer",
    )
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("membership left"),
        on_delete=models.PROTECT,
        related_name="transfers",
    )
    from_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("union left"), on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("union joined"), on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(_("approved by the union left at"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by (union left)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    new_membership = models.OneToOneField(
        Membership,
        verbose_name=_("new membership"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfer_in",
    )
    join_request = models.ForeignKey(
        JoinRequest,
        verbose_name=_("join request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transfers",
    )

    scope_path_lookup: ClassVar[str] = "case__unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("membership transfer")
        verbose_name_plural = _("membership transfers")

    def __str__(self) -> str:
        return f"{self.from_unit} → {self.to_unit}"


class DataAlert(ScopedRecord, models.Model):
    """A data-quality alert (会员信息预警) found by the scan, owned by the unit that can fix it.

    ``key`` names what the alert is about (``person:12``, ``unit:7``, ...): an open alert is
    unique per kind and key, so a re-run finds it instead of adding another; when the scan no
    longer finds the problem the alert is marked fixed.
    """

    kind = models.CharField(_("kind"), max_length=32, choices=AlertKind.choices)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="data_alerts"
    )
    key = models.CharField(_("subject"), max_length=64)
    status = models.CharField(
        _("status"), max_length=16, choices=AlertStatus.choices, default=AlertStatus.OPEN
    )
    message = models.CharField(_("message"), max_length=300)
    person = models.ForeignKey(
        Person,
        verbose_name=_("worker"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    first_seen_at = models.DateTimeField(_("first found at"))
    last_seen_at = models.DateTimeField(_("last found at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    close_reason = models.CharField(_("reason"), max_length=300, blank=True)

    scope_path_lookup: ClassVar[str] = "unit__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("data-quality alert")
        verbose_name_plural = _("data-quality alerts")
        ordering = ["-last_seen_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key"],
                condition=Q(status=AlertStatus.OPEN),
                name="dataalert_one_open_per_subject",
            ),
        ]
        indexes = [models.Index(fields=["unit", "status", "kind"], name="dataalert_unit_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.unit}"
