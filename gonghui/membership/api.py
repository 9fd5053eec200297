"""API for memberships (``memberships/``) and join requests (``join-requests/``).

Reads show ID and mobile numbers masked. Writes are the services': ending a membership,
approving or rejecting a request, and approving a batch (each request in its own
transaction; the answer lists what was approved and what failed, and why).
"""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.core.api.viewsets import ScopedGenericViewSet
from gonghui.core.choices import Action
from gonghui.core.filters import WithinFilter
from gonghui.core.models import OrgUnit
from gonghui.membership import services
from gonghui.membership.choices import AlertKind, AlertStatus
from gonghui.membership.filters import JoinRequestFilter, MembershipFilter
from gonghui.membership.models import DataAlert, JoinRequest, Membership, MembershipTransfer

BATCH_LIMIT = 500


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    person_name = serializers.CharField(source="person.name", read_only=True)
    id_number_masked = serializers.CharField(source="person.id_number_masked", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    verified = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = [
            "id", "person", "person_name", "id_number_masked", "unit", "unit_name", "status",
            "joined_on", "ended_on", "end_reason", "end_note", "channel", "worker_group",
            "card_number", "join_request", "previous", "verified", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_verified(self, membership: Membership) -> bool:
        """Whether the member's portal account is bound to the record (会员认证)."""
        return membership.person.user_id is not None


class MembershipEndSerializer(serializers.Serializer[Any]):
    reason = serializers.ChoiceField(
        choices=[(r.value, r.label) for r in services.ENDING_REASONS],
        label=Membership._meta.get_field("end_reason").verbose_name,
    )
    ended_on = serializers.DateField(label=Membership._meta.get_field("ended_on").verbose_name)
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=300,
        label=Membership._meta.get_field("end_note").verbose_name,
    )  # fmt: skip


class JoinRequestSerializer(serializers.ModelSerializer[JoinRequest]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    employer_display = serializers.SerializerMethodField()
    transfer_from_name = serializers.CharField(
        source="transfer_from.name", read_only=True, default=None
    )
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, default=None)
    membership = serializers.IntegerField(source="membership.pk", read_only=True, default=None)
    card_number = serializers.CharField(
        source="membership.card_number", read_only=True, default=None
    )

    class Meta:
        model = JoinRequest
        fields = [
            "id", "unit", "unit_name", "channel", "status", "name", "id_number_masked",
            "phone_masked", "employer", "employer_name", "employer_display", "worker_group",
            "wants_transfer", "transfer_from", "transfer_from_name", "registered_name_differs",
            "note", "submitted_at", "decided_at", "decided_by", "decided_automatically",
            "reject_reason", "person", "membership", "card_number",
        ]  # fmt: skip
        read_only_fields = fields

    def get_employer_display(self, join_request: JoinRequest) -> str:
        """The employer picked from the registry, else the name the applicant typed."""
        return join_request.employer.name if join_request.employer else join_request.employer_name


class JoinRequestRejectSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(
        max_length=300, label=JoinRequest._meta.get_field("reject_reason").verbose_name
    )


class BatchApproveSerializer(serializers.Serializer[Any]):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), min_length=1, max_length=BATCH_LIMIT
    )


class BatchApprovedSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    membership = serializers.IntegerField()
    card_number = serializers.CharField()


class BatchFailedSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    reason = serializers.CharField()


class BatchResultSerializer(serializers.Serializer[Any]):
    approved = BatchApprovedSerializer(many=True)
    failed = BatchFailedSerializer(many=True)
    not_found = serializers.ListField(child=serializers.IntegerField())


@extend_schema_view(
    list=extend_schema(summary="List memberships"),
    retrieve=extend_schema(summary="Read a membership"),
)
class MembershipViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Memberships (会籍) of the units the user may view, active and past."""

    queryset = Membership.objects.select_related("person", "unit").defer(
        "person__id_number", "person__phone"
    )
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter
    ordering_fields = ["joined_on", "ended_on", "card_number", "created_at"]
    ordering = ["-joined_on", "-id"]
    http_method_names = ["get", "post", "head", "options"]
    scope_actions = {"end": Action.CHANGE}
    write_serializer_classes = {"end": MembershipEndSerializer}

    @extend_schema(
        summary="End a membership (left, retired, deceased); it stays in the history",
        responses=MembershipSerializer,
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def end(self, request: Request, pk: str | None = None) -> Response:
        membership = self.get_object()
        data = self.validated_input()
        membership = services.membership_end(by=request.user, membership=membership, **data)
        return self.saved_response(membership)


@extend_schema_view(
    list=extend_schema(summary="List join requests (ID and mobile numbers masked)"),
    retrieve=extend_schema(summary="Read a join request"),
)
class JoinRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Join requests (入会申请) to the units the user may view."""

    queryset = JoinRequest.objects.select_related(
        "unit", "employer", "transfer_from", "decided_by", "membership"
    ).defer("id_number", "phone")
    serializer_class = JoinRequestSerializer
    filterset_class = JoinRequestFilter
    ordering_fields = ["submitted_at", "decided_at", "name"]
    ordering = ["-submitted_at", "-id"]
    http_method_names = ["get", "post", "head", "options"]
    scope_actions = {
        "approve": Action.CHANGE,
        "reject": Action.CHANGE,
        "batch_approve": Action.CHANGE,
    }
    write_serializer_classes = {
        "reject": JoinRequestRejectSerializer,
        "batch_approve": BatchApproveSerializer,
    }

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        # Approval reads the clear ID number to find or register the worker.
        return queryset.defer(None) if self.action in {"approve", "batch_approve"} else queryset

    @extend_schema(
        summary="Approve: the worker becomes a member with a new card number",
        request=None,
        responses=JoinRequestSerializer,
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        join_request = self.get_object()
        services.join_request_approve(by=request.user, join_request=join_request)
        return self.saved_response(join_request)

    @extend_schema(summary="Reject with a reason", responses=JoinRequestSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        join_request = self.get_object()
        data = self.validated_input()
        services.join_request_reject(
            by=request.user, join_request=join_request, reason=data["reason"]
        )
        return self.saved_response(join_request)

    @extend_schema(
        summary="Approve several requests, each in its own transaction",
        responses={status.HTTP_200_OK: BatchResultSerializer},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="batch-approve",
        filter_backends=[],
        pagination_class=None,
    )
    def batch_approve(self, request: Request) -> Response:
        ids = list(dict.fromkeys(self.validated_input()["ids"]))
        found = list(self.get_queryset().filter(pk__in=ids).order_by("submitted_at", "pk"))
        result = services.join_requests_approve_batch(by=request.user, join_requests=found)
        found_ids = {r.pk for r in found}
        body = {
            "approved": [
                {"id": m.join_request_id, "membership": m.pk, "card_number": m.card_number}
                for m in result.approved
            ],
            "failed": [{"id": r.pk, "reason": reason} for r, reason in result.failed],
            "not_found": [i for i in ids if i not in found_ids],
        }
        return Response(BatchResultSerializer(body).data)


# Transfers (会员关系转接) ---------------------------------------------------------------------


class TransferSerializer(serializers.ModelSerializer[MembershipTransfer]):
    reference = serializers.CharField(source="case.reference", read_only=True)
    state = serializers.CharField(source="case.state", read_only=True)
    version = serializers.IntegerField(source="case.version", read_only=True)
    handling_unit = serializers.IntegerField(source="case.unit_id", read_only=True)
    person_name = serializers.CharField(source="membership.person.name", read_only=True)
    from_unit_name = serializers.CharField(source="from_unit.name", read_only=True)
    to_unit_name = serializers.CharField(source="to_unit.name", read_only=True)

    class Meta:
        model = MembershipTransfer
        fields = [
            "case", "reference", "state", "version", "handling_unit", "membership",
            "person_name", "from_unit", "from_unit_name", "to_unit", "to_unit_name",
            "released_at", "new_membership", "join_request",
        ]  # fmt: skip
        read_only_fields = fields


class TransferStartSerializer(serializers.Serializer[Any]):
    membership = serializers.IntegerField(min_value=1)
    to_unit = serializers.IntegerField(min_value=1)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class TransferDecisionSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(min_value=1)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class TransferRejectSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(max_length=2000)


@extend_schema_view(
    list=extend_schema(summary="List membership transfers handled by the user's units"),
    retrieve=extend_schema(summary="Read a membership transfer"),
)
class TransferViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Transfers (会员关系转接): cases of kind ``membership.transfer`` with their detail. The
    timeline, notes and files are the case's (``/api/v1/cases/<case>/``)."""

    queryset = MembershipTransfer.objects.select_related(
        "case", "case__unit", "membership__person", "from_unit", "to_unit"
    ).defer("membership__person__id_number", "membership__person__phone")
    serializer_class = TransferSerializer
    ordering = ["-case__submitted_at", "-case_id"]
    ordering_fields = ["case__submitted_at"]
    http_method_names = ["get", "post", "head", "options"]
    scope_actions = {
        "release": Action.CHANGE,
        "complete": Action.CHANGE,
        "reject": Action.CHANGE,
    }
    write_serializer_classes = {
        "start": TransferStartSerializer,
        "release": TransferDecisionSerializer,
        "complete": TransferDecisionSerializer,
        "reject": TransferRejectSerializer,
    }

    @extend_schema(summary="Start a transfer of a current membership", responses=TransferSerializer)
    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def start(self, request: Request) -> Response:
        data = self.validated_input()
        membership = (
            Membership.objects.restrict(request.user, Action.VIEW)
            .filter(pk=data["membership"])
            .first()
        )
        to_unit = OrgUnit.objects.filter(pk=data["to_unit"]).first()
        if membership is None or to_unit is None:
            raise NotFound
        case = services.transfer_start(
            by=request.user, membership=membership, to_unit=to_unit, note=data.get("note", "")
        )
        detail = MembershipTransfer.objects.get(pk=case.pk)
        return Response(TransferSerializer(detail).data, status=status.HTTP_201_CREATED)

    def _decided(self, detail: MembershipTransfer) -> Response:
        detail = MembershipTransfer.objects.select_related(
            "case", "membership__person", "from_unit", "to_unit"
        ).get(pk=detail.pk)
        return Response(TransferSerializer(detail).data)

    @extend_schema(summary="Approve as the union left", responses=TransferSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def release(self, request: Request, pk: str | None = None) -> Response:
        detail = self.get_object()
        data = self.validated_input()
        services.transfer_release(
            by=request.user, case=detail.case, note=data.get("note", ""),
            expected_version=data["version"],
        )  # fmt: skip
        return self._decided(detail)

    @extend_schema(
        summary="Approve as the union joined: the membership moves", responses=TransferSerializer
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        detail = self.get_object()
        data = self.validated_input()
        services.transfer_complete(
            by=request.user, case=detail.case, note=data.get("note", ""),
            expected_version=data["version"],
        )  # fmt: skip
        return self._decided(detail)

    @extend_schema(summary="Refuse the transfer with a reason", responses=TransferSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        detail = self.get_object()
        data = self.validated_input()
        services.transfer_reject(
            by=request.user, case=detail.case, reason=data["reason"],
            expected_version=data["version"],
        )  # fmt: skip
        return self._decided(detail)


# Data-quality alerts (会员信息预警) -------------------------------------------------------------


class DataAlertSerializer(serializers.ModelSerializer[DataAlert]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = DataAlert
        fields = [
            "id", "kind", "unit", "unit_name", "key", "status", "message", "person", "enterprise",
            "first_seen_at", "last_seen_at", "closed_at", "close_reason",
        ]  # fmt: skip
        read_only_fields = fields


class DataAlertCloseSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=[(s.value, s.label) for s in services.ALERT_CLOSING])
    reason = serializers.CharField(max_length=300)


class DataAlertFilter(django_filters.FilterSet):
    within = WithinFilter()
    kind = django_filters.MultipleChoiceFilter(choices=AlertKind.choices)
    status = django_filters.MultipleChoiceFilter(choices=AlertStatus.choices)

    class Meta:
        model = DataAlert
        fields = ["within", "kind", "status"]


@extend_schema_view(
    list=extend_schema(summary="List data-quality alerts"),
    retrieve=extend_schema(summary="Read a data-quality alert"),
)
class DataAlertViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Data-quality alerts (会员信息预警) of the units the user may view."""

    queryset = DataAlert.objects.select_related("unit")
    serializer_class = DataAlertSerializer
    filterset_class = DataAlertFilter
    ordering = ["-last_seen_at", "-id"]
    ordering_fields = ["last_seen_at", "first_seen_at"]
    http_method_names = ["get", "post", "head", "options"]
    scope_actions = {"close": Action.CHANGE}
    write_serializer_classes = {"close": DataAlertCloseSerializer}

    @extend_schema(summary="Resolve or dismiss an open alert", responses=DataAlertSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def close(self, request: Request, pk: str | None = None) -> Response:
        alert = self.get_object()
        data = self.validated_input()
        alert = services.alert_close(by=request.user, alert=alert, **data)
        return self.saved_response(alert)
