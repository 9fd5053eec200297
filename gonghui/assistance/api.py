"""API of hardship assistance: files (list, detail), aid grants (list, create), eligibility
rules (list) and applications (create, read; the engine's ``cases/`` API moves them).

Lists are masked: no incomes, health notes or ID numbers in clear. A file's detail, with the
household's incomes and health, answers only the roles that handle files ("change" on the
file; auditors are refused), and each read writes a reveal row to the audit log.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.assistance import services
from gonghui.assistance.choices import (
    AidKind,
    Exclusion,
    FileStatus,
    FilingLevel,
    HardshipCause,
    SchoolStage,
)
from gonghui.assistance.kinds import KIND_CODE
from gonghui.assistance.models import (
    AidGrant,
    EligibilityRule,
    HardshipApplication,
    HardshipFile,
    HouseholdMember,
)
from gonghui.casework.choices import Channel
from gonghui.core.api.serializers import ScopedPrimaryKeyRelatedField
from gonghui.core.api.viewsets import ScopedGenericViewSet
from gonghui.core.choices import Action
from gonghui.registry.api import IdNumberField
from gonghui.registry.models import Person
from gonghui.registry.selectors import persons_by_id_number


class ExactAmountField(serializers.DecimalField):
    """An amount in 元 given as a string or an integer: a JSON float is refused."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Decimal:
        if isinstance(data, float):
            raise serializers.ValidationError(
                _("Amounts must be given exactly (a decimal number), not as a float."),
                code="float",
            )
        return super().to_internal_value(data)  # type: ignore[no-any-return]


@extend_schema_field(OpenApiTypes.STR)
class CodeField(serializers.ChoiceField):
    """A choice given by its code. Documented as a string: the enum names ``kind`` and
    ``status`` are taken by other apps' choice sets in the schema."""


def _code(choices: Any, **kwargs: Any) -> CodeField:
    return CodeField(choices=choices, **kwargs)


class HardshipFileSerializer(serializers.ModelSerializer[HardshipFile]):
    status = _code(FileStatus.choices, read_only=True)
    level = _code(FilingLevel.choices, read_only=True)
    cause = _code(HardshipCause.choices, read_only=True)
    file_number = serializers.CharField(read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)
    person_id_number_masked = serializers.CharField(
        source="person.id_number_masked", read_only=True
    )
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = HardshipFile
        fields = [
            "id", "file_number", "unit", "unit_name", "person", "person_name",
            "person_id_number_masked", "level", "status", "cause", "household_size",
            "opened_on", "last_reviewed_on", "closed_on",
        ]  # fmt: skip
        read_only_fields = fields


class HouseholdMemberSerializer(serializers.ModelSerializer[HouseholdMember]):
    class Meta:
        model = HouseholdMember
        fields = [
            "id", "name", "relationship", "id_number_masked", "birth_year", "monthly_income",
            "situations", "school_stage", "health_notes",
        ]  # fmt: skip
        read_only_fields = fields


class HardshipFileDetailSerializer(HardshipFileSerializer):
    members = HouseholdMemberSerializer(many=True, read_only=True)

    class Meta(HardshipFileSerializer.Meta):
        fields = [
            *HardshipFileSerializer.Meta.fields,
            "cause_detail", "exclusions_found", "monthly_income_total",
            "monthly_income_per_head", "closed_reason", "members",
        ]  # fmt: skip
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="List hardship files (masked)"),
    retrieve=extend_schema(summary="Read a hardship file with incomes and health (audited)"),
)
class HardshipFileViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Hardship files (困难职工档案) of the units the user may view."""

    queryset = HardshipFile.objects.select_related("unit", "person").defer(
        "cause_detail", "person__id_number", "person__phone"
    )
    serializer_class = HardshipFileSerializer
    filterset_fields = ["status", "level", "cause", "unit"]
    ordering_fields = ["opened_on", "id"]
    scope_actions = {"retrieve": Action.CHANGE}

    def get_queryset(self) -> QuerySet[HardshipFile]:
        queryset = super().get_queryset()
        if self.action == "retrieve":
            return (
                HardshipFile.objects.restrict(self.request.user, Action.CHANGE)
                .select_related("unit", "person")
                .prefetch_related("members")
            )
        return queryset

    def get_serializer_class(self) -> Any:
        if self.action == "retrieve":
            return HardshipFileDetailSerializer
        return super().get_serializer_class()

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        file = self.get_object()
        services.hardship_file_view(by=request.user, file=file)
        return Response(self.get_serializer(file).data)


class AidGrantSerializer(serializers.ModelSerializer[AidGrant]):
    kind = _code(AidKind.choices, read_only=True)
    school_stage = _code(SchoolStage.choices, read_only=True)
    file_number = serializers.CharField(source="file.file_number", read_only=True)
    person_name = serializers.CharField(source="file.person.name", read_only=True)

    class Meta:
        model = AidGrant
        fields = [
            "id", "file", "file_number", "person_name", "kind", "amount", "granted_on", "fund",
            "decided_by", "member", "school_stage", "bill_amount", "note", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class AidGrantWriteSerializer(serializers.Serializer[dict[str, Any]]):
    file = ScopedPrimaryKeyRelatedField(queryset=HardshipFile.objects.all(), label="file")
    kind = _code(AidKind.choices)
    amount = ExactAmountField()
    granted_on = serializers.DateField()
    fund = serializers.CharField(max_length=100)
    decided_by = serializers.CharField(max_length=100)
    member = ScopedPrimaryKeyRelatedField(
        queryset=HouseholdMember.objects.all(), required=False, allow_null=True
    )
    school_stage = _code(SchoolStage.choices, required=False, allow_blank=True)
    bill_amount = ExactAmountField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)


@extend_schema_view(
    list=extend_schema(summary="List aid grants"),
    create=extend_schema(summary="Grant aid to a household on file (within the yearly cap)"),
)
class AidGrantViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, ScopedGenericViewSet):
    queryset = AidGrant.objects.select_related("file__person").defer(
        "file__cause_detail", "file__person__id_number", "file__person__phone"
    )
    serializer_class = AidGrantSerializer
    write_serializer_classes = {"create": AidGrantWriteSerializer}
    filterset_fields = ["kind", "file"]
    ordering_fields = ["granted_on", "id"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(self.validated_input())
        grant = services.aid_grant_create(by=request.user, **data)
        return self.saved_response(grant, status.HTTP_201_CREATED)


class EligibilityRuleSerializer(serializers.ModelSerializer[EligibilityRule]):
    class Meta:
        model = EligibilityRule
        fields = [
            "id", "unit", "region_code", "year", "version", "income_threshold",
            "qualifying_causes", "exclusions", "note", "superseded_at", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="List eligibility rules (every version)"),
    retrieve=extend_schema(summary="Read one version of an eligibility rule"),
)
class EligibilityRuleViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet
):
    queryset = EligibilityRule.objects.all()
    serializer_class = EligibilityRuleSerializer
    filterset_fields = ["region_code", "year"]
    ordering_fields = ["year", "version", "id"]


class HardshipApplicationSerializer(serializers.ModelSerializer[HardshipApplication]):
    reference = serializers.CharField(source="case.reference", read_only=True)
    state = serializers.CharField(source="case.state", read_only=True)
    file_number = serializers.CharField(source="file.file_number", read_only=True)

    class Meta:
        model = HardshipApplication
        fields = [
            "case", "reference", "state", "stage", "file", "file_number", "eligible",
            "notice_started_on", "notice_days", "approved_on",
        ]  # fmt: skip
        read_only_fields = fields


class MemberInputSerializer(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField(max_length=60)
    relationship = serializers.CharField(max_length=16)
    id_number = IdNumberField(required=False, allow_blank=True)
    birth_year = serializers.IntegerField(required=False, allow_null=True)
    monthly_income = ExactAmountField()
    situations = serializers.ListField(child=serializers.CharField(), required=False)
    school_stage = serializers.CharField(required=False, allow_blank=True)
    health_notes = serializers.CharField(required=False, allow_blank=True)


class ApplicationWriteSerializer(serializers.Serializer[dict[str, Any]]):
    id_number = IdNumberField(help_text="The worker's ID number (a registered worker).")
    level = _code(FilingLevel.choices, default=FilingLevel.GRASSROOTS)
    cause = _code(HardshipCause.choices)
    worker_income = ExactAmountField()
    cause_detail = serializers.CharField(required=False, allow_blank=True, default="")
    exclusions_found = serializers.ListField(
        child=serializers.ChoiceField(choices=Exclusion.choices), required=False, default=list
    )
    members = MemberInputSerializer(many=True, required=False, default=list)


@extend_schema_view(
    list=extend_schema(summary="List hardship file applications"),
    retrieve=extend_schema(summary="Read a hardship file application"),
    create=extend_schema(summary="File an application for a worker (the case API moves it)"),
)
class HardshipApplicationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
    ScopedGenericViewSet,
):  # fmt: skip
    queryset = HardshipApplication.objects.select_related("case", "file").filter(
        case__kind=KIND_CODE
    )
    serializer_class = HardshipApplicationSerializer
    write_serializer_classes = {"create": ApplicationWriteSerializer}
    filterset_fields = ["stage"]
    ordering_fields = ["case"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(self.validated_input())
        persons = Person.objects.restrict(request.user, Action.VIEW).select_related("unit")
        person = persons_by_id_number(persons, data.pop("id_number")).first()
        if person is None:
            raise serializers.ValidationError(
                {"id_number": [_("No registered worker with this ID number in your units.")]}
            )
        case = services.application_submit(
            by=request.user, person=person, channel=Channel.DESK, **data
        )
        return self.saved_response(
            HardshipApplication.objects.get(pk=case.pk), status.HTTP_201_CREATED
        )
