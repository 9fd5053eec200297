"""API of hardship assistance: files (list, detail), aid grants (list, create), eligibility
rules (list) and applications (create, read; the engine's ``cases/`` API moves them).

Lists are masked: no incomes, health notes or ID numbers in clear. A file's detail, with the
household's incomes and health, answers only the roles that handle files ("change" on the
file; auditors are refused), and each read writes a reveal row to the audit log.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.assistance import selectors, services
from gonghui.assistance.choices import (
    AidKind,
    CampaignKind,
    Exclusion,
    FileStatus,
    FilingLevel,
    HardshipCause,
    LineStatus,
    PlanStatus,
    SchoolStage,
    StandardBasis,
)
from gonghui.assistance.kinds import KIND_CODE
from gonghui.assistance.models import (
    AidGrant,
    Campaign,
    CampaignPayment,
    CampaignQuota,
    DisbursementBatch,
    DisbursementLine,
    EligibilityRule,
    EmploymentPlan,
    HardshipApplication,
    HardshipFile,
    HouseholdMember,
)
from gonghui.casework.choices import Channel
from gonghui.core.api.serializers import ExactAmountField, ScopedPrimaryKeyRelatedField
from gonghui.core.api.viewsets import ScopedGenericViewSet
from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.registry.api import IdNumberField
from gonghui.registry.models import Person
from gonghui.registry.selectors import persons_by_id_number


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
            "monthly_income_per_head", "closed_reason", "bank_name", "bank_account_masked",
            "members",
        ]  # fmt: skip
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="List hardship files (masked)"),
    retrieve=extend_schema(summary="Read a hardship file with incomes and health (audited)"),
)
class HardshipFileViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Hardship files (困难职工档案) of the units the user may view."""

    queryset = HardshipFile.objects.select_related("unit", "person").defer(
        "cause_detail", "bank_account", "person__id_number", "person__phone"
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
        "file__cause_detail", "file__bank_account", "file__person__id_number", "file__person__phone"
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


# Campaigns, disbursement, employment plans ---------------------------------------------


class CampaignSerializer(serializers.ModelSerializer[Campaign]):
    kind = _code(CampaignKind.choices, read_only=True)
    basis = _code(StandardBasis.choices, read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id", "unit", "unit_name", "kind", "name", "starts_on", "ends_on", "households",
            "budget", "standard", "basis", "note", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class CampaignWriteSerializer(serializers.Serializer[dict[str, Any]]):
    unit = ScopedPrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), action=Action.ADD)
    kind = _code(CampaignKind.choices)
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    households = serializers.IntegerField(min_value=1)
    budget = ExactAmountField()
    standard = ExactAmountField()
    basis = _code(StandardBasis.choices, required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema_view(
    list=extend_schema(summary="List campaigns (organised in scope or with a quota in scope)"),
    retrieve=extend_schema(summary="Read a campaign"),
    create=extend_schema(summary="Create a campaign; the organising unit holds the whole plan"),
)
class CampaignViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
    ScopedGenericViewSet,
):  # fmt: skip
    queryset = Campaign.objects.select_related("unit")
    serializer_class = CampaignSerializer
    write_serializer_classes = {"create": CampaignWriteSerializer}
    filterset_fields = ["kind", "unit"]
    ordering_fields = ["starts_on", "id"]

    def get_queryset(self) -> QuerySet[Campaign]:
        visible = selectors.visible_campaigns(self.request.user)
        return self.queryset.filter(pk__in=visible.values("pk"))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        campaign = services.campaign_create(by=request.user, **self.validated_input())
        return self.saved_response(campaign, status.HTTP_201_CREATED)


class CampaignQuotaSerializer(serializers.ModelSerializer[CampaignQuota]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = CampaignQuota
        fields = ["id", "campaign", "unit", "unit_name", "parent", "households", "amount"]
        read_only_fields = fields


class QuotaAllocateSerializer(serializers.Serializer[dict[str, Any]]):
    parent_quota = ScopedPrimaryKeyRelatedField(
        queryset=CampaignQuota.objects.all(), help_text="The allocating unit's quota."
    )
    unit = ScopedPrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    households = serializers.IntegerField(min_value=0)
    amount = ExactAmountField()


class QuotaMoveSerializer(serializers.Serializer[dict[str, Any]]):
    target = ScopedPrimaryKeyRelatedField(queryset=CampaignQuota.objects.all())
    households = serializers.IntegerField(min_value=0)
    amount = ExactAmountField()


@extend_schema_view(
    list=extend_schema(summary="List campaign quotas"),
    create=extend_schema(summary="Allocate (or change) a child unit's quota"),
    move=extend_schema(summary="Move quota from this unit to a sibling (totals kept)"),
)
class CampaignQuotaViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, ScopedGenericViewSet):
    queryset = CampaignQuota.objects.select_related("unit")
    serializer_class = CampaignQuotaSerializer
    write_serializer_classes = {"create": QuotaAllocateSerializer, "move": QuotaMoveSerializer}
    scope_actions = {"move": Action.CHANGE}
    filterset_fields = ["campaign", "unit", "parent"]
    ordering_fields = ["id"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(self.validated_input())
        quota = services.quota_allocate(by=request.user, parent=data.pop("parent_quota"), **data)
        return self.saved_response(quota, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: Any = None) -> Response:
        source = self.get_object()
        data = self.validated_input()
        moved, _target = services.quota_reallocate(by=request.user, source=source, **data)
        return self.saved_response(moved)


class CampaignPaymentSerializer(serializers.ModelSerializer[CampaignPayment]):
    person_name = serializers.CharField(source="file.person.name", read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True, default=None)

    class Meta:
        model = CampaignPayment
        fields = [
            "id", "campaign", "quota", "file", "person_name", "member", "member_name",
            "amount", "paid_on", "note", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class CampaignPaymentWriteSerializer(serializers.Serializer[dict[str, Any]]):
    quota = ScopedPrimaryKeyRelatedField(queryset=CampaignQuota.objects.all())
    file = ScopedPrimaryKeyRelatedField(queryset=HardshipFile.objects.all())
    member = ScopedPrimaryKeyRelatedField(
        queryset=HouseholdMember.objects.all(), required=False, allow_null=True
    )
    paid_on = serializers.DateField()
    amount = ExactAmountField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema_view(
    list=extend_schema(summary="List campaign payments"),
    create=extend_schema(summary="Record a payment (once per household or student)"),
)
class CampaignPaymentViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, ScopedGenericViewSet):
    queryset = CampaignPayment.objects.select_related("file__person", "member").defer(
        "file__cause_detail", "file__bank_account", "file__person__id_number",
        "file__person__phone",
    )  # fmt: skip
    serializer_class = CampaignPaymentSerializer
    write_serializer_classes = {"create": CampaignPaymentWriteSerializer}
    filterset_fields = ["campaign", "quota", "file"]
    ordering_fields = ["paid_on", "id"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payment = services.campaign_payment_record(by=request.user, **self.validated_input())
        return self.saved_response(payment, status.HTTP_201_CREATED)


class DisbursementLineSerializer(serializers.ModelSerializer[DisbursementLine]):
    status = _code(LineStatus.choices, read_only=True)
    bank_account_masked = serializers.CharField(source="file.bank_account_masked", read_only=True)

    class Meta:
        model = DisbursementLine
        fields = [
            "id", "batch", "reference", "file", "grant", "payment", "payee_name",
            "bank_account_masked", "amount", "status", "settled_on", "failure_reason",
            "reissued_as",
        ]  # fmt: skip
        read_only_fields = fields


class DisbursementBatchSerializer(serializers.ModelSerializer[DisbursementBatch]):
    class Meta:
        model = DisbursementBatch
        fields = ["id", "unit", "reference", "total", "note", "reissue_of", "created_at"]
        read_only_fields = fields


class VisibleCampaignField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A campaign the user may see (organised in scope or with a quota in it)."""

    def get_queryset(self) -> QuerySet[Campaign]:
        user = getattr(self.context.get("request"), "user", None)
        return selectors.visible_campaigns(user)


class BatchBuildSerializer(serializers.Serializer[dict[str, Any]]):
    unit = ScopedPrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), action=Action.CHANGE)
    include_grants = serializers.BooleanField(default=True)
    include_campaign_payments = serializers.BooleanField(default=True)
    campaign = VisibleCampaignField(
        queryset=Campaign.objects.all(), required=False, allow_null=True
    )
    up_to = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema_view(
    list=extend_schema(summary="List disbursement batches"),
    retrieve=extend_schema(summary="Read a disbursement batch"),
    create=extend_schema(summary="Build a batch of the unpaid aid and campaign payments"),
    reissue=extend_schema(summary="Re-issue the failed transfers of a batch as a new batch"),
)
class DisbursementBatchViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
    ScopedGenericViewSet,
):  # fmt: skip
    queryset = DisbursementBatch.objects.all()
    serializer_class = DisbursementBatchSerializer
    write_serializer_classes = {"create": BatchBuildSerializer}
    scope_actions = {"reissue": Action.CHANGE}
    filterset_fields = ["unit"]
    ordering_fields = ["created_at", "id"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        batch = services.disbursement_batch_build(by=request.user, **self.validated_input())
        return self.saved_response(batch, status.HTTP_201_CREATED)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def reissue(self, request: Request, pk: Any = None) -> Response:
        batch = services.disbursement_reissue(by=request.user, batch=self.get_object())
        return self.saved_response(batch, status.HTTP_201_CREATED)


class LineSettleSerializer(serializers.Serializer[dict[str, Any]]):
    outcome = serializers.ChoiceField(choices=[LineStatus.PAID, LineStatus.FAILED])
    settled_on = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema_view(
    list=extend_schema(summary="List disbursement lines (accounts masked)"),
    settle=extend_schema(summary="Mark a transfer paid or failed"),
)
class DisbursementLineViewSet(mixins.ListModelMixin, ScopedGenericViewSet):
    queryset = DisbursementLine.objects.select_related("file").defer(
        "file__cause_detail", "file__bank_account"
    )
    serializer_class = DisbursementLineSerializer
    write_serializer_classes = {"settle": LineSettleSerializer}
    scope_actions = {"settle": Action.CHANGE}
    filterset_fields = ["batch", "status"]
    ordering_fields = ["id"]

    @action(detail=True, methods=["post"])
    def settle(self, request: Request, pk: Any = None) -> Response:
        line = self.get_object()
        line = services.disbursement_line_settle(
            by=request.user, line=line, **self.validated_input()
        )
        return self.saved_response(line)


class EmploymentPlanSerializer(serializers.ModelSerializer[EmploymentPlan]):
    status = _code(PlanStatus.choices, read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = EmploymentPlan
        fields = [
            "id", "file", "member", "person", "person_name", "school", "major",
            "graduation_year", "wanted_occupation", "measures", "status", "responsible",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class EmploymentPlanWriteSerializer(serializers.Serializer[dict[str, Any]]):
    file = ScopedPrimaryKeyRelatedField(queryset=HardshipFile.objects.all())
    member = ScopedPrimaryKeyRelatedField(queryset=HouseholdMember.objects.all())
    school = serializers.CharField(max_length=100)
    major = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    graduation_year = serializers.IntegerField()
    wanted_occupation = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    measures = serializers.CharField()


@extend_schema_view(
    list=extend_schema(summary="List employment plans (一人一策)"),
    retrieve=extend_schema(summary="Read an employment plan"),
    create=extend_schema(summary="Make a plan for an unemployed graduate of a household"),
)
class EmploymentPlanViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
    ScopedGenericViewSet,
):  # fmt: skip
    queryset = EmploymentPlan.objects.select_related("person").defer(
        "person__id_number", "person__phone"
    )
    serializer_class = EmploymentPlanSerializer
    write_serializer_classes = {"create": EmploymentPlanWriteSerializer}
    filterset_fields = ["status", "person", "file"]
    ordering_fields = ["updated_at", "id"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plan = services.employment_plan_create(
            by=request.user, responsible=request.user, **self.validated_input()
        )
        return self.saved_response(plan, status.HTTP_201_CREATED)
