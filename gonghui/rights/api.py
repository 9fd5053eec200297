"""API of rights protection: recording the three kinds of case, and the lawyer roster,
consultations and outreach events.

A case recorded here is then read, moved, assigned, routed and annotated through the engine's
``/api/v1/cases/`` endpoints; these answer with the case as that API shows it.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.casework.api import CaseSerializer
from gonghui.casework.choices import Channel
from gonghui.casework.models import Case
from gonghui.casework.selectors import APPLICANT_CLEAR_FIELDS
from gonghui.core.api.serializers import ExactAmountField, ScopedPrimaryKeyRelatedField
from gonghui.core.api.viewsets import ScopedGenericViewSet
from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.registry.models import Enterprise, Person
from gonghui.rights import services
from gonghui.rights.choices import ConsultationChannel, LawyerKind
from gonghui.rights.forms import STAFF_CHANNELS
from gonghui.rights.models import (
    MAX_AMOUNT,
    Consultation,
    Lawyer,
    OutreachEvent,
    RequestCategory,
)


@extend_schema_field(OpenApiTypes.STR)
class PlainChoiceField(serializers.ChoiceField):
    """A choice checked like any other, shown in the schema as a string with its values in the
    help text: other apps' fields of the same name ("kind", "channel") hold other choices, and
    the schema names enums after field names."""

    def __init__(self, choices: Any, **kwargs: Any) -> None:
        values = [str(value) for value, _label in choices]
        kwargs.setdefault("help_text", "One of: " + ", ".join(values))
        super().__init__(choices, **kwargs)


def _money(**kwargs: Any) -> ExactAmountField:
    return ExactAmountField(max_digits=14, max_value=MAX_AMOUNT, **kwargs)


class _CaseInput(serializers.Serializer[dict[str, Any]]):
    applicant = ScopedPrimaryKeyRelatedField(queryset=Person.objects.all())
    unit = ScopedPrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), action=Action.ADD)
    description = serializers.CharField(max_length=5000)
    channel = PlainChoiceField(STAFF_CHANNELS, default=Channel.HOTLINE)
    employer = ScopedPrimaryKeyRelatedField(
        queryset=Enterprise.objects.select_related("unit"), required=False, allow_null=True
    )
    employer_name = serializers.CharField(max_length=200, required=False, default="")
    submitted_at = serializers.DateTimeField(required=False, allow_null=True)


class RequestInput(_CaseInput):
    category = serializers.SlugRelatedField(
        slug_field="code", queryset=RequestCategory.objects.filter(is_active=True)
    )
    urgent = serializers.BooleanField(default=False)


class LegalAidInput(_CaseInput):
    channel = PlainChoiceField(STAFF_CHANNELS, default=Channel.WALK_IN)
    dispute_type = serializers.CharField(max_length=32)
    dispute_date = serializers.DateField()
    lawyer = ScopedPrimaryKeyRelatedField(
        queryset=Lawyer.objects.all(), required=False, allow_null=True
    )
    amount_claimed = _money(required=False, allow_null=True)


class WageArrearsInput(_CaseInput):
    channel = PlainChoiceField(STAFF_CHANNELS, default=Channel.WALK_IN)
    project = serializers.CharField(max_length=200, required=False, default="")
    workers_count = serializers.IntegerField(min_value=1, default=1)
    migrant_workers_count = serializers.IntegerField(min_value=0, default=0)
    amount_owed = _money()
    amount_recovered = _money(default=0)
    joint_with_labour_bureau = serializers.BooleanField(default=False)
    labour_bureau_reference = serializers.CharField(max_length=60, required=False, default="")


class _CaseCreateViewSet(mixins.CreateModelMixin, ScopedGenericViewSet):
    queryset = Case.objects.select_related("unit", "applicant", "assignee").defer(
        *APPLICANT_CLEAR_FIELDS
    )
    serializer_class = CaseSerializer
    http_method_names = ["post", "options"]

    def open_case(self, data: dict[str, Any]) -> Case:
        raise NotImplementedError

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.open_case(dict(self.validated_input()))
        return self.saved_response(case, status.HTTP_201_CREATED)


@extend_schema_view(
    create=extend_schema(
        summary="Record a worker request (12351, visit, letter, transfer)",
        request=RequestInput,
        responses={status.HTTP_201_CREATED: CaseSerializer},
    )
)
class WorkerRequestViewSet(_CaseCreateViewSet):
    """Worker requests (职工诉求): routed to the employer's responsible unit when known."""

    write_serializer_classes = {"create": RequestInput}

    def open_case(self, data: dict[str, Any]) -> Case:
        unit = data.pop("unit")
        return services.request_record(by=self.request.user, receiving_unit=unit, **data)


@extend_schema_view(
    create=extend_schema(
        summary="Record a legal aid case",
        request=LegalAidInput,
        responses={status.HTTP_201_CREATED: CaseSerializer},
    )
)
class LegalAidViewSet(_CaseCreateViewSet):
    """Legal aid (法律援助)."""

    write_serializer_classes = {"create": LegalAidInput}

    def open_case(self, data: dict[str, Any]) -> Case:
        return services.legal_aid_open(by=self.request.user, **data)


@extend_schema_view(
    create=extend_schema(
        summary="Record a wage arrears case",
        request=WageArrearsInput,
        responses={status.HTTP_201_CREATED: CaseSerializer},
    )
)
class WageArrearsViewSet(_CaseCreateViewSet):
    """Wage arrears (欠薪)."""

    write_serializer_classes = {"create": WageArrearsInput}

    def open_case(self, data: dict[str, Any]) -> Case:
        return services.wage_arrears_open(by=self.request.user, **data)


# Roster, consultations, outreach -------------------------------------------------------


class LawyerSerializer(serializers.ModelSerializer[Lawyer]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    kind = PlainChoiceField(LawyerKind.choices, read_only=True)

    class Meta:
        model = Lawyer
        fields = ["id", "unit", "unit_name", "name", "kind", "organisation", "licence_number",
                  "phone", "is_active", "created_at"]  # fmt: skip
        read_only_fields = fields


class LawyerWriteSerializer(serializers.ModelSerializer[Lawyer]):
    unit = ScopedPrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), action=Action.ADD)
    kind = PlainChoiceField(LawyerKind.choices, default=LawyerKind.LAWYER)

    class Meta:
        model = Lawyer
        fields = ["unit", "name", "kind", "organisation", "licence_number", "phone", "is_active"]


class ConsultationSerializer(serializers.ModelSerializer[Consultation]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    channel = PlainChoiceField(ConsultationChannel.choices, read_only=True)

    class Meta:
        model = Consultation
        fields = ["id", "unit", "unit_name", "date", "channel", "topic", "person", "lawyer",
                  "summary", "created_at"]  # fmt: skip
        read_only_fields = fields


class ConsultationWriteSerializer(serializers.ModelSerializer[Consultation]):
    unit = ScopedPrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), action=Action.ADD)
    channel = PlainChoiceField(ConsultationChannel.choices, default=ConsultationChannel.WALK_IN)
    person = ScopedPrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    lawyer = ScopedPrimaryKeyRelatedField(
        queryset=Lawyer.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Consultation
        fields = ["unit", "date", "channel", "topic", "person", "lawyer", "summary"]


class OutreachEventSerializer(serializers.ModelSerializer[OutreachEvent]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = OutreachEvent
        fields = ["id", "unit", "unit_name", "date", "place", "topic", "attendees", "note",
                  "created_at"]  # fmt: skip
        read_only_fields = fields


class OutreachEventWriteSerializer(serializers.ModelSerializer[OutreachEvent]):
    unit = ScopedPrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), action=Action.ADD)

    class Meta:
        model = OutreachEvent
        fields = ["unit", "date", "place", "topic", "attendees", "note"]


class _RecordViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedGenericViewSet
):
    http_method_names = ["get", "post", "head", "options"]
    service: Any

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(self.validated_input())
        record = type(self).service(by=request.user, **data)
        return self.saved_response(record, status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="List lawyers and legal-aid bodies"),
    retrieve=extend_schema(summary="Read a lawyer"),
    create=extend_schema(summary="Add a lawyer to a unit's roster", responses=LawyerSerializer),
    partial_update=extend_schema(summary="Change a lawyer", responses=LawyerSerializer),
)
class LawyerViewSet(mixins.UpdateModelMixin, _RecordViewSet):
    """The roster of lawyers and legal-aid bodies (律师名录)."""

    queryset = Lawyer.objects.select_related("unit")
    serializer_class = LawyerSerializer
    write_serializer_classes = {"create": LawyerWriteSerializer}
    ordering_fields = ["name", "created_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    service = services.lawyer_create

    def get_serializer_class(self) -> Any:
        if self.action == "partial_update":
            return LawyerPatchSerializer
        return super().get_serializer_class()

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        lawyer = self.get_object()
        data = self.validated_input(lawyer, partial=True)
        lawyer = services.lawyer_update(by=request.user, lawyer=lawyer, **data)
        return self.saved_response(lawyer)


class LawyerPatchSerializer(serializers.ModelSerializer[Lawyer]):
    kind = PlainChoiceField(LawyerKind.choices, required=False)

    class Meta:
        model = Lawyer
        fields = ["name", "kind", "organisation", "licence_number", "phone", "is_active"]


@extend_schema_view(
    list=extend_schema(summary="List legal consultations"),
    retrieve=extend_schema(summary="Read a legal consultation"),
    create=extend_schema(summary="Record a legal consultation", responses=ConsultationSerializer),
)
class ConsultationViewSet(_RecordViewSet):
    """Legal consultations (法律咨询)."""

    queryset = Consultation.objects.select_related("unit")
    serializer_class = ConsultationSerializer
    write_serializer_classes = {"create": ConsultationWriteSerializer}
    ordering_fields = ["date", "created_at"]
    service = services.consultation_create


@extend_schema_view(
    list=extend_schema(summary="List outreach events"),
    retrieve=extend_schema(summary="Read an outreach event"),
    create=extend_schema(summary="Record an outreach event", responses=OutreachEventSerializer),
)
class OutreachEventViewSet(_RecordViewSet):
    """Legal outreach events (普法宣传)."""

    queryset = OutreachEvent.objects.select_related("unit")
    serializer_class = OutreachEventSerializer
    write_serializer_classes = {"create": OutreachEventWriteSerializer}
    ordering_fields = ["date", "created_at"]
    service = services.outreach_create
