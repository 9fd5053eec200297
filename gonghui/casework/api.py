"""API for cases (``cases/``): lists and records with the timeline, and the writes that move,
assign, route and annotate a case.

Cases are found among those the user may view (else 404); the writes need the "change" action
on the case's unit (else 403). A write names the version it read: a stale one answers 409,
a move the case's state does not allow 400, each with the reason in Chinese. There is no
create route: each kind adds its own entry point over ``services.case_submit``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.casework import selectors, services
from gonghui.casework.choices import CaseState, Channel, SlaStatus
from gonghui.casework.filters import CaseFilter
from gonghui.casework.kinds import get_kind, kind_label
from gonghui.casework.models import Case, CaseAttachment, CaseEvent
from gonghui.core.api.serializers import ScopedPrimaryKeyRelatedField
from gonghui.core.api.viewsets import ScopedGenericViewSet
from gonghui.core.choices import Action
from gonghui.core.downloads import private_file_response
from gonghui.core.models import OrgUnit, User

CHANNELS_HELP = "How the case came in: " + ", ".join(Channel.values)


def _name(user: Any) -> str | None:
    return (user.get_full_name() or user.get_username()) if user is not None else None


class CaseSerializer(serializers.ModelSerializer[Case]):
    kind_label = serializers.SerializerMethodField()
    applicant_name = serializers.CharField(source="applicant.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    assignee_name = serializers.SerializerMethodField()
    sla_status = serializers.ChoiceField(choices=SlaStatus.choices, read_only=True)
    # A plain string in the schema: other apps' "channel" enums hold other choices, and the
    # schema's enum names come from field names (see STATES_HELP).
    channel = serializers.CharField(read_only=True, help_text=CHANNELS_HELP)

    class Meta:
        model = Case
        fields = [
            "id", "reference", "kind", "kind_label", "title", "applicant", "applicant_name",
            "unit", "unit_name", "channel", "state", "assignee", "assignee_name",
            "submitted_at", "accepted_at", "resolved_at", "finished_at", "closed_at", "due_at",
            "at_risk_at", "sla_status", "version", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_kind_label(self, case: Case) -> str:
        return str(kind_label(case.kind))

    def get_assignee_name(self, case: Case) -> str | None:
        return _name(case.assignee)


class CaseAttachmentSerializer(serializers.ModelSerializer[CaseAttachment]):
    url = serializers.SerializerMethodField()

    class Meta:
        model = CaseAttachment
        fields = ["id", "original_name", "size", "content_type", "url"]
        read_only_fields = fields

    def get_url(self, attachment: CaseAttachment) -> str:
        return reverse(
            "api:case-attachment",
            kwargs={"pk": attachment.event.case_id, "attachment_id": attachment.pk},
        )


# The case's states appear once in the schema, as ``state``'s enum; the other fields holding
# a state are plain strings (several enum names for one choice set confuse client generators).
STATES_HELP = "A case state: " + ", ".join(CaseState.values)


class CaseEventSerializer(serializers.ModelSerializer[CaseEvent]):
    by_name = serializers.SerializerMethodField()
    from_state = serializers.CharField(read_only=True, help_text=STATES_HELP)
    to_state = serializers.CharField(read_only=True, help_text=STATES_HELP)
    attachments = CaseAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = CaseEvent
        fields = [
            "id", "at", "by", "by_name", "event_type", "from_state", "to_state", "note",
            "data", "attachments",
        ]  # fmt: skip
        read_only_fields = fields

    def get_by_name(self, event: CaseEvent) -> str | None:
        return _name(event.by)


class DetailFieldSerializer(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    value = serializers.JSONField()
    display = serializers.CharField()


class CaseDetailSerializer(CaseSerializer):
    applicant_id_number_masked = serializers.CharField(
        source="applicant.id_number_masked", read_only=True
    )
    applicant_phone_masked = serializers.CharField(source="applicant.phone_masked", read_only=True)
    detail = serializers.SerializerMethodField()
    events = CaseEventSerializer(many=True, read_only=True)
    allowed_transitions = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "description", "applicant_id_number_masked", "applicant_phone_masked", "detail",
            "events", "allowed_transitions",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(DetailFieldSerializer(many=True))
    def get_detail(self, case: Case) -> list[dict[str, Any]]:
        try:
            row = get_kind(case.kind).detail_for(case)
        except KeyError:
            return []
        if row is None:
            return []
        fields = selectors.detail_fields(row)
        return [
            {**f, "value": serializers.JSONField().to_representation(_plain(f["value"]))}
            for f in fields
        ]

    def get_allowed_transitions(self, case: Case) -> list[str]:
        request = self.context.get("request")
        return selectors.allowed_moves(getattr(request, "user", None), case)


def _plain(value: Any) -> Any:
    """A detail value as JSON can carry it (decimals and dates as text)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


class TransitionSerializer(serializers.Serializer[dict[str, Any]]):
    to = serializers.CharField(max_length=20, help_text=STATES_HELP)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    version = serializers.IntegerField(min_value=1)

    def validate_to(self, value: str) -> str:
        if value not in CaseState.values:
            raise serializers.ValidationError(
                gettext("Unknown case state “%(state)s”.") % {"state": value}
            )
        return value


class AssignSerializer(serializers.Serializer[dict[str, Any]]):
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), allow_null=True
    )
    version = serializers.IntegerField(min_value=1)


class RouteSerializer(serializers.Serializer[dict[str, Any]]):
    unit = ScopedPrimaryKeyRelatedField(action=Action.CHANGE, queryset=OrgUnit.objects.all())
    note = serializers.CharField(max_length=2000)
    version = serializers.IntegerField(min_value=1)


class NoteSerializer(serializers.Serializer[dict[str, Any]]):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)
    reply = serializers.BooleanField(required=False, default=False)


def _conflict_response() -> OpenApiResponse:
    return OpenApiResponse(description="The case changed since the given version")


WRITE_RESPONSES = {
    status.HTTP_200_OK: CaseDetailSerializer,
    status.HTTP_400_BAD_REQUEST: OpenApiResponse(description="Invalid input or move"),
    status.HTTP_403_FORBIDDEN: OpenApiResponse(description="No right to change the case"),
    status.HTTP_404_NOT_FOUND: OpenApiResponse(description="No such case in the user's scope"),
    status.HTTP_409_CONFLICT: _conflict_response(),
}


@extend_schema_view(
    list=extend_schema(summary="List cases"),
    retrieve=extend_schema(summary="Read a case with its timeline"),
)
class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Cases (事项) handled by the units the user may view."""

    queryset = Case.objects.select_related("unit", "applicant", "assignee").defer(
        *selectors.APPLICANT_CLEAR_FIELDS
    )
    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    ordering_fields = ["submitted_at", "due_at", "updated_at", "reference"]
    http_method_names = ["get", "post", "head", "options"]
    # The permission class asks for "change"; the case itself is looked up among what the
    # user may view, so a visible case answers 403 and an invisible one 404.
    scope_actions = {
        "transition": Action.CHANGE,
        "assign": Action.CHANGE,
        "route": Action.CHANGE,
        "notes": Action.CHANGE,
    }
    write_serializer_classes = {
        "transition": TransitionSerializer,
        "assign": AssignSerializer,
        "route": RouteSerializer,
        "notes": NoteSerializer,
    }

    def scope_action(self) -> str:
        if self.action in self.scope_actions:
            return Action.VIEW
        return super().scope_action()

    def get_queryset(self) -> QuerySet[Case]:
        queryset = super().get_queryset()
        if self.action == "retrieve":
            return queryset.prefetch_related(_timeline_prefetch())
        return queryset

    def get_serializer_class(self) -> Any:
        if self.action == "retrieve":
            return CaseDetailSerializer
        return super().get_serializer_class()

    def _answer(self, case: Case, status_code: int = status.HTTP_200_OK) -> Response:
        case = self.queryset.prefetch_related(_timeline_prefetch()).get(pk=case.pk)
        data = CaseDetailSerializer(case, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    @extend_schema(summary="Move a case to another state", responses=WRITE_RESPONSES)
    @action(detail=True, methods=["post"], filter_backends=[])
    def transition(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        data = self.validated_input()
        case = services.case_transition(
            by=request.user,
            case=case,
            to_state=data["to"],
            note=data["note"],
            expected_version=data["version"],
        )
        return self._answer(case)

    @extend_schema(
        summary="Assign a case to a staff member (or to nobody)", responses=WRITE_RESPONSES
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def assign(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        data = self.validated_input()
        case = services.case_assign(
            by=request.user,
            case=case,
            assignee=data["assignee"],
            expected_version=data["version"],
        )
        return self._answer(case)

    @extend_schema(summary="Route a case to another unit", responses=WRITE_RESPONSES)
    @action(detail=True, methods=["post"], filter_backends=[])
    def route(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        data = self.validated_input()
        case = services.case_reassign_unit(
            by=request.user,
            case=case,
            unit=data["unit"],
            note=data["note"],
            expected_version=data["version"],
        )
        return self._answer(case)

    @extend_schema(
        summary="Add a note, a reply to the applicant, or files (multipart)",
        request={"multipart/form-data": NoteSerializer, "application/json": NoteSerializer},
        responses={status.HTTP_201_CREATED: CaseEventSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def notes(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        data = self.validated_input()
        event = services.case_add_note(
            by=request.user,
            case=case,
            note=data["note"],
            files=data["files"],
            reply=data["reply"],
        )
        event = (
            CaseEvent.objects.prefetch_related("attachments").select_related("by").get(pk=event.pk)
        )
        return Response(
            CaseEventSerializer(event, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Download a file of the case's timeline",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"attachments/(?P<attachment_id>[0-9]+)",
        url_name="attachment",
        filter_backends=[],
        pagination_class=None,
    )
    def attachment(
        self, request: Request, pk: str | None = None, attachment_id: str | None = None
    ) -> FileResponse:
        case = self.get_object()
        attachment = get_object_or_404(
            CaseAttachment.objects.filter(event__case=case), pk=attachment_id
        )
        return private_file_response(
            attachment.file, filename=attachment.original_name, content_type=attachment.content_type
        )


def _timeline_prefetch() -> Prefetch:
    return Prefetch(
        "events",
        queryset=CaseEvent.objects.select_related("by").prefetch_related("attachments"),
    )
