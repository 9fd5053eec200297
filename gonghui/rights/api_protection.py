"""API of mediation, collective bargaining, inspections and hazards, and the safety
competition. Reads are scoped by the viewsets; writes go through the services, which check the
scope again and write the audit rows; answers are the records as saved."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.core.api.serializers import ScopedPrimaryKeyRelatedField
from gonghui.core.api.viewsets import ScopedGenericViewSet
from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.registry.models import Enterprise, Person
from gonghui.rights import services_bargaining, services_mediation, services_safety
from gonghui.rights.api import PlainChoiceField, _money
from gonghui.rights.choices import (
    ContractKind,
    ContractType,
    HazardSeverity,
    HazardStatus,
    MediationBodyKind,
    MediationOutcome,
    OfferAnswer,
    Topic,
)
from gonghui.rights.models import (
    BargainingOffer,
    CollectiveContract,
    ContractCoverage,
    Hazard,
    HazardPhoto,
    Inspection,
    LegalAidCase,
    MediationBody,
    MediationCase,
    MediationSession,
    Mediator,
    SafetyCompetitionEntry,
)
from gonghui.rights.validation import MAX_WORKERS

CHANGE = Action.CHANGE


def _workers(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_WORKERS, **kwargs)


class _ReadChange(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """List, read and change (through ``update_record``); actions through ``act``."""

    http_method_names = ["get", "post", "patch", "head", "options"]

    def update_record(self, obj: Any, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        record = self.update_record(obj, dict(self.validated_input(obj, partial=True)))
        return self.saved_response(record)

    def act(self, service: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        record = service(by=self.request.user, **kwargs, **dict(self.validated_input()))
        return self.saved_response(record if record.__class__ is obj.__class__ else obj)


class _Records(mixins.CreateModelMixin, _ReadChange):
    """And create (through ``create_record``)."""

    def create_record(self, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        record = self.create_record(dict(self.validated_input()))
        return self.saved_response(record, status.HTTP_201_CREATED)


def _unit_field() -> ScopedPrimaryKeyRelatedField:
    return ScopedPrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), action=Action.ADD)


def _enterprise_field(**kwargs: Any) -> ScopedPrimaryKeyRelatedField:
    return ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.select_related("unit"),
                                        **kwargs)  # fmt: skip


class ReopenInput(serializers.Serializer[dict[str, Any]]):
    reason = serializers.CharField(max_length=2000)


# Mediation -----------------------------------------------------------------------------------


class MediationBodySerializer(serializers.ModelSerializer[MediationBody]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    kind = PlainChoiceField(MediationBodyKind.choices, read_only=True)

    class Meta:
        model = MediationBody
        fields = ["id", "unit", "unit_name", "name", "kind", "court_name", "established_on",
                  "address", "phone", "is_active", "created_at"]  # fmt: skip
        read_only_fields = fields


class MediationBodyInput(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField(max_length=200)
    kind = PlainChoiceField(MediationBodyKind.choices, default=MediationBodyKind.UNION_ROOM)
    court_name = serializers.CharField(max_length=200, required=False, default="")
    established_on = serializers.DateField()
    address = serializers.CharField(max_length=200, required=False, default="")
    phone = serializers.CharField(max_length=30, required=False, default="")
    is_active = serializers.BooleanField(default=True)


class MediationBodyCreateInput(MediationBodyInput):
    unit = _unit_field()


@extend_schema_view(
    list=extend_schema(summary="List mediation bodies"),
    retrieve=extend_schema(summary="Read a mediation body"),
    create=extend_schema(summary="Add a mediation body", responses=MediationBodySerializer),
    partial_update=extend_schema(summary="Change a mediation body",
                                 responses=MediationBodySerializer),
)  # fmt: skip
class MediationBodyViewSet(_Records):
    """Mediation bodies (调解组织): union rooms, court-referred rooms (诉调对接)."""

    queryset = MediationBody.objects.select_related("unit")
    serializer_class = MediationBodySerializer
    write_serializer_classes = {"create": MediationBodyCreateInput,
                                "partial_update": MediationBodyInput}  # fmt: skip
    ordering_fields = ["name", "established_on"]

    def create_record(self, data: dict[str, Any]) -> Any:
        return services_mediation.mediation_body_create(by=self.request.user, **data)

    def update_record(self, obj: Any, data: dict[str, Any]) -> Any:
        return services_mediation.mediation_body_update(by=self.request.user, body=obj, **data)


class MediatorSerializer(serializers.ModelSerializer[Mediator]):
    class Meta:
        model = Mediator
        fields = ["id", "body", "name", "title", "phone", "is_active"]
        read_only_fields = fields


class MediatorInput(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField(max_length=60)
    title = serializers.CharField(max_length=100, required=False, default="")
    phone = serializers.CharField(max_length=30, required=False, default="")
    is_active = serializers.BooleanField(default=True)


class MediatorCreateInput(MediatorInput):
    body = ScopedPrimaryKeyRelatedField(queryset=MediationBody.objects.all(), action=CHANGE)


@extend_schema_view(
    list=extend_schema(summary="List mediators"),
    retrieve=extend_schema(summary="Read a mediator"),
    create=extend_schema(summary="Add a mediator to a body", responses=MediatorSerializer),
    partial_update=extend_schema(summary="Change a mediator", responses=MediatorSerializer),
)
class MediatorViewSet(_Records):
    """Mediators (调解员) of the bodies."""

    queryset = Mediator.objects.select_related("body", "body__unit")
    serializer_class = MediatorSerializer
    write_serializer_classes = {"create": MediatorCreateInput, "partial_update": MediatorInput}

    def create_record(self, data: dict[str, Any]) -> Any:
        return services_mediation.mediator_create(by=self.request.user, **data)

    def update_record(self, obj: Any, data: dict[str, Any]) -> Any:
        return services_mediation.mediator_update(by=self.request.user, mediator=obj, **data)


class MediationSessionSerializer(serializers.ModelSerializer[MediationSession]):
    mediator_name = serializers.CharField(source="mediator.name", read_only=True)

    class Meta:
        model = MediationSession
        fields = ["id", "date", "mediator", "mediator_name", "notes"]
        read_only_fields = fields


class MediationCaseSerializer(serializers.ModelSerializer[MediationCase]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    body_name = serializers.CharField(source="body.name", read_only=True)
    worker_name = serializers.CharField(source="worker.name", read_only=True)
    dispute_type = PlainChoiceField(Topic.choices, read_only=True)
    outcome = PlainChoiceField(MediationOutcome.choices, read_only=True)
    sessions = MediationSessionSerializer(many=True, read_only=True)

    class Meta:
        model = MediationCase
        fields = ["id", "unit", "unit_name", "body", "body_name", "worker", "worker_name",
                  "employer", "employer_name", "dispute_type", "dispute", "opened_on",
                  "legal_aid", "court_reference", "amount_claimed", "outcome", "outcome_on",
                  "amount_agreed", "reopen_count", "sessions", "created_at"]  # fmt: skip
        read_only_fields = fields


class MediationCaseInput(serializers.Serializer[dict[str, Any]]):
    employer = _enterprise_field(required=False, allow_null=True)
    employer_name = serializers.CharField(max_length=200, required=False, default="")
    dispute_type = PlainChoiceField(Topic.choices, default=Topic.WAGES)
    dispute = serializers.CharField(max_length=5000)
    opened_on = serializers.DateField()
    legal_aid = serializers.PrimaryKeyRelatedField(
        queryset=LegalAidCase.objects.select_related("case"), required=False, allow_null=True
    )
    court_reference = serializers.CharField(max_length=60, required=False, default="")
    amount_claimed = _money(required=False, allow_null=True)


class MediationCaseCreateInput(MediationCaseInput):
    body = ScopedPrimaryKeyRelatedField(queryset=MediationBody.objects.all(), action=Action.ADD)
    worker = ScopedPrimaryKeyRelatedField(queryset=Person.objects.all())


class SessionInput(serializers.Serializer[dict[str, Any]]):
    date = serializers.DateField()
    mediator = ScopedPrimaryKeyRelatedField(queryset=Mediator.objects.all())
    notes = serializers.CharField(max_length=5000, required=False, default="")


class ConcludeInput(serializers.Serializer[dict[str, Any]]):
    outcome = PlainChoiceField([(v, n) for v, n in MediationOutcome.choices if v])
    outcome_on = serializers.DateField()
    amount_agreed = _money(default=0)


@extend_schema_view(
    list=extend_schema(summary="List mediation cases"),
    retrieve=extend_schema(summary="Read a mediation case with its sessions"),
    create=extend_schema(summary="Record a mediation case", responses=MediationCaseSerializer),
    partial_update=extend_schema(summary="Change an open mediation case",
                                 responses=MediationCaseSerializer),
    sessions=extend_schema(summary="Record a session", request=SessionInput,
                           responses=MediationCaseSerializer),
    conclude=extend_schema(summary="Record the outcome (once; reopen to change it)",
                           request=ConcludeInput, responses=MediationCaseSerializer),
    reopen=extend_schema(summary="Reopen a concluded mediation", request=ReopenInput,
                         responses=MediationCaseSerializer),
)  # fmt: skip
class MediationCaseViewSet(_Records):
    """Mediation cases (调解案件)."""

    queryset = (
        MediationCase.objects.select_related("unit", "body", "worker")
        .prefetch_related("sessions", "sessions__mediator")
        .defer("worker__id_number", "worker__phone")
    )
    serializer_class = MediationCaseSerializer
    write_serializer_classes = {
        "create": MediationCaseCreateInput, "partial_update": MediationCaseInput,
        "sessions": SessionInput, "conclude": ConcludeInput, "reopen": ReopenInput,
    }  # fmt: skip
    scope_actions = {"sessions": CHANGE, "conclude": CHANGE, "reopen": CHANGE}
    ordering_fields = ["opened_on", "created_at"]

    def create_record(self, data: dict[str, Any]) -> Any:
        return services_mediation.mediation_open(by=self.request.user, **data)

    def update_record(self, obj: Any, data: dict[str, Any]) -> Any:
        return services_mediation.mediation_update(by=self.request.user, case=obj, **data)

    @action(detail=True, methods=["post"], filter_backends=[])
    def sessions(self, request: Request, pk: str | None = None) -> Response:
        return self.act(services_mediation.mediation_add_session, case=self.get_object())

    @action(detail=True, methods=["post"], filter_backends=[])
    def conclude(self, request: Request, pk: str | None = None) -> Response:
        return self.act(services_mediation.mediation_conclude, case=self.get_object())

    @action(detail=True, methods=["post"], filter_backends=[])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        return self.act(services_mediation.mediation_reopen, case=self.get_object())


# Bargaining ----------------------------------------------------------------------------------


class OfferSerializer(serializers.ModelSerializer[BargainingOffer]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    kind = PlainChoiceField(ContractKind.choices, read_only=True)
    contract_type = PlainChoiceField(ContractType.choices, read_only=True)
    answer = PlainChoiceField(OfferAnswer.choices, read_only=True)
    target = serializers.CharField(source="target_display", read_only=True)
    answer_deadline = serializers.DateField(read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = BargainingOffer
        fields = ["id", "unit", "unit_name", "kind", "enterprise", "target_name", "target",
                  "contract_type", "sent_on", "answer_deadline", "answer", "answered_on",
                  "overdue", "note", "reopen_count", "created_at"]  # fmt: skip
        read_only_fields = fields

    def get_overdue(self, offer: BargainingOffer) -> bool:
        return offer.is_overdue()


class OfferInput(serializers.Serializer[dict[str, Any]]):
    kind = PlainChoiceField(ContractKind.choices, default=ContractKind.ENTERPRISE)
    enterprise = _enterprise_field(required=False, allow_null=True)
    target_name = serializers.CharField(max_length=200, required=False, default="")
    contract_type = PlainChoiceField(ContractType.choices, default=ContractType.COMPREHENSIVE)
    sent_on = serializers.DateField()
    note = serializers.CharField(max_length=5000, required=False, default="")


class OfferCreateInput(OfferInput):
    unit = _unit_field()


class OfferAnswerInput(serializers.Serializer[dict[str, Any]]):
    answer = PlainChoiceField([(v, n) for v, n in OfferAnswer.choices if v])
    answered_on = serializers.DateField()


@extend_schema_view(
    list=extend_schema(summary="List offers to bargain"),
    retrieve=extend_schema(summary="Read an offer to bargain"),
    create=extend_schema(summary="Record an offer to bargain", responses=OfferSerializer),
    partial_update=extend_schema(summary="Change an unanswered offer", responses=OfferSerializer),
    answer=extend_schema(summary="Record the answer (once; reopen to change it)",
                         request=OfferAnswerInput, responses=OfferSerializer),
    reopen=extend_schema(summary="Reopen an answered offer", request=ReopenInput,
                         responses=OfferSerializer),
)  # fmt: skip
class BargainingOfferViewSet(_Records):
    """Offers to bargain (集体协商要约), answered within 20 days."""

    queryset = BargainingOffer.objects.select_related("unit", "enterprise")
    serializer_class = OfferSerializer
    write_serializer_classes = {"create": OfferCreateInput, "partial_update": OfferInput,
                                "answer": OfferAnswerInput, "reopen": ReopenInput}  # fmt: skip
    scope_actions = {"answer": CHANGE, "reopen": CHANGE}
    ordering_fields = ["sent_on", "created_at"]

    def create_record(self, data: dict[str, Any]) -> Any:
        return services_bargaining.offer_create(by=self.request.user, **data)

    def update_record(self, obj: Any, data: dict[str, Any]) -> Any:
        return services_bargaining.offer_update(by=self.request.user, offer=obj, **data)

    @action(detail=True, methods=["post"], filter_backends=[])
    def answer(self, request: Request, pk: str | None = None) -> Response:
        return self.act(services_bargaining.offer_answer, offer=self.get_object())

    @action(detail=True, methods=["post"], filter_backends=[])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        return self.act(services_bargaining.offer_reopen, offer=self.get_object())


class ContractEnterpriseField(serializers.Serializer[dict[str, Any]]):
    enterprise = _enterprise_field()
    workers = _workers()


class ContractEnterpriseRead(serializers.Serializer[dict[str, Any]]):
    enterprise = serializers.IntegerField(source="enterprise_id")
    enterprise_name = serializers.CharField(source="enterprise.name")
    workers = serializers.IntegerField()


class ContractSerializer(serializers.ModelSerializer[CollectiveContract]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    kind = PlainChoiceField(ContractKind.choices, read_only=True)
    contract_type = PlainChoiceField(ContractType.choices, read_only=True)
    enterprises = ContractEnterpriseRead(many=True, read_only=True)

    class Meta:
        model = CollectiveContract
        fields = ["id", "unit", "unit_name", "kind", "contract_type", "title", "union_party",
                  "employer_party", "offer", "signed_on", "starts_on", "expires_on",
                  "workers_covered", "enterprises", "note", "created_at"]  # fmt: skip
        read_only_fields = fields


class ContractInput(serializers.Serializer[dict[str, Any]]):
    kind = PlainChoiceField(ContractKind.choices, default=ContractKind.ENTERPRISE)
    contract_type = PlainChoiceField(ContractType.choices, default=ContractType.COMPREHENSIVE)
    title = serializers.CharField(max_length=200)
    union_party = serializers.CharField(max_length=200)
    employer_party = serializers.CharField(max_length=200)
    offer = ScopedPrimaryKeyRelatedField(
        queryset=BargainingOffer.objects.all(), required=False, allow_null=True
    )
    signed_on = serializers.DateField()
    starts_on = serializers.DateField()
    expires_on = serializers.DateField()
    note = serializers.CharField(max_length=5000, required=False, default="")


class ContractCreateInput(ContractInput):
    unit = _unit_field()
    enterprises = ContractEnterpriseField(many=True, required=False, default=list)


class RemoveEnterpriseInput(serializers.Serializer[dict[str, Any]]):
    enterprise = _enterprise_field()


@extend_schema_view(
    list=extend_schema(summary="List collective contracts"),
    retrieve=extend_schema(summary="Read a collective contract with its enterprises"),
    create=extend_schema(summary="Record a collective contract", responses=ContractSerializer),
    partial_update=extend_schema(summary="Change a collective contract",
                                 responses=ContractSerializer),
    enterprises=extend_schema(summary="Add an enterprise to a contract (or change its workers)",
                              request=ContractEnterpriseField, responses=ContractSerializer),
    remove_enterprise=extend_schema(summary="Remove an enterprise from a contract",
                                    request=RemoveEnterpriseInput, responses=ContractSerializer),
    expiring=extend_schema(summary="Contracts expiring within the notice period"),
)  # fmt: skip
class CollectiveContractViewSet(_Records):
    """Collective contracts (集体合同) and the enterprises they cover."""

    queryset = CollectiveContract.objects.select_related("unit").prefetch_related(
        "enterprises", "enterprises__enterprise"
    )
    serializer_class = ContractSerializer
    write_serializer_classes = {
        "create": ContractCreateInput, "partial_update": ContractInput,
        "enterprises": ContractEnterpriseField, "remove_enterprise": RemoveEnterpriseInput,
    }  # fmt: skip
    scope_actions = {"enterprises": CHANGE, "remove_enterprise": CHANGE}
    ordering_fields = ["signed_on", "expires_on", "created_at"]

    def create_record(self, data: dict[str, Any]) -> Any:
        pairs = [(item["enterprise"], item["workers"]) for item in data.pop("enterprises")]
        return services_bargaining.contract_create(by=self.request.user, enterprises=pairs, **data)

    def update_record(self, obj: Any, data: dict[str, Any]) -> Any:
        return services_bargaining.contract_update(by=self.request.user, contract=obj, **data)

    @action(detail=True, methods=["post"], filter_backends=[])
    def enterprises(self, request: Request, pk: str | None = None) -> Response:
        return self.act(services_bargaining.contract_add_enterprise, contract=self.get_object())

    @action(detail=True, methods=["post"], filter_backends=[], url_path="remove-enterprise")
    def remove_enterprise(self, request: Request, pk: str | None = None) -> Response:
        return self.act(services_bargaining.contract_remove_enterprise,
                        contract=self.get_object())  # fmt: skip

    @action(detail=False, methods=["get"])
    def expiring(self, request: Request) -> Response:
        contracts = services_bargaining.expiring_contracts(request.user).prefetch_related(
            "enterprises", "enterprises__enterprise"
        )
        page = self.paginate_queryset(contracts)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class CoverageSerializer(serializers.ModelSerializer[ContractCoverage]):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = ContractCoverage
        fields = ["id", "year", "enterprise", "enterprise_name", "unit", "workers", "contracts"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="Coverage by collective contracts per enterprise and year"),
    retrieve=extend_schema(summary="Read a coverage row"),
)
class ContractCoverageViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                              ScopedGenericViewSet):  # fmt: skip
    """Each enterprise covered in a year, once, with its workers (kept by the contracts)."""

    queryset = ContractCoverage.objects.select_related("enterprise")
    serializer_class = CoverageSerializer
    filterset_fields = ["year"]
    ordering_fields = ["year", "workers"]


# Inspections and hazards ---------------------------------------------------------------------


class HazardPhotoSerializer(serializers.ModelSerializer[HazardPhoto]):
    class Meta:
        model = HazardPhoto
        fields = ["id", "original_name", "size", "content_type", "uploaded_at"]
        read_only_fields = fields


class HazardSerializer(serializers.ModelSerializer[Hazard]):
    severity = PlainChoiceField(HazardSeverity.choices, read_only=True)
    status = PlainChoiceField(HazardStatus.choices, read_only=True)
    overdue = serializers.SerializerMethodField()
    photos = HazardPhotoSerializer(many=True, read_only=True)

    class Meta:
        model = Hazard
        fields = ["id", "inspection", "description", "severity", "deadline", "status",
                  "overdue", "rectified_on", "rectification", "verified_on", "reopen_count",
                  "photos", "created_at"]  # fmt: skip
        read_only_fields = fields

    def get_overdue(self, hazard: Hazard) -> bool:
        return hazard.is_overdue()


class InspectionSerializer(serializers.ModelSerializer[Inspection]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    hazards = HazardSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = ["id", "unit", "unit_name", "enterprise", "enterprise_name", "date",
                  "inspectors", "findings", "hazards", "created_at"]  # fmt: skip
        read_only_fields = fields


class InspectionInput(serializers.Serializer[dict[str, Any]]):
    date = serializers.DateField()
    inspectors = serializers.CharField(max_length=300)
    findings = serializers.CharField(max_length=5000, required=False, default="")


class InspectionCreateInput(InspectionInput):
    unit = _unit_field()
    enterprise = _enterprise_field()


class HazardInput(serializers.Serializer[dict[str, Any]]):
    description = serializers.CharField(max_length=5000)
    severity = PlainChoiceField(HazardSeverity.choices, default=HazardSeverity.GENERAL)
    deadline = serializers.DateField()


class HazardPatchInput(HazardInput):
    pass


@extend_schema_view(
    list=extend_schema(summary="List labour protection inspections"),
    retrieve=extend_schema(summary="Read an inspection with its hazards"),
    create=extend_schema(summary="Record an inspection", responses=InspectionSerializer),
    partial_update=extend_schema(summary="Change an inspection", responses=InspectionSerializer),
    hazards=extend_schema(summary="Add a hazard found", request=HazardInput,
                          responses=HazardSerializer),
)  # fmt: skip
class InspectionViewSet(_Records):
    """Labour protection inspections (劳动保护监督检查)."""

    queryset = Inspection.objects.select_related("unit", "enterprise").prefetch_related(
        "hazards", "hazards__photos"
    )
    serializer_class = InspectionSerializer
    write_serializer_classes = {
        "create": InspectionCreateInput,
        "partial_update": InspectionInput,
        "hazards": HazardInput,
    }
    scope_actions = {"hazards": CHANGE}
    ordering_fields = ["date", "created_at"]

    def create_record(self, data: dict[str, Any]) -> Any:
        return services_safety.inspection_create(by=self.request.user, **data)

    def update_record(self, obj: Any, data: dict[str, Any]) -> Any:
        return services_safety.inspection_update(by=self.request.user, inspection=obj, **data)

    @action(detail=True, methods=["post"], filter_backends=[])
    def hazards(self, request: Request, pk: str | None = None) -> Response:
        inspection = self.get_object()
        hazard = services_safety.hazard_add(
            by=request.user, inspection=inspection, **dict(self.validated_input())
        )
        hazard = Hazard.objects.prefetch_related("photos").get(pk=hazard.pk)
        return Response(HazardSerializer(hazard).data, status=status.HTTP_201_CREATED)


class RectifyInput(serializers.Serializer[dict[str, Any]]):
    rectified_on = serializers.DateField()
    rectification = serializers.CharField(max_length=5000, required=False, default="")


class VerifyInput(serializers.Serializer[dict[str, Any]]):
    verified_on = serializers.DateField()


class PhotosInput(serializers.Serializer[dict[str, Any]]):
    files = serializers.ListField(child=serializers.FileField(), allow_empty=False)


@extend_schema_view(
    list=extend_schema(summary="List hazards"),
    retrieve=extend_schema(summary="Read a hazard"),
    partial_update=extend_schema(summary="Change a hazard still being rectified",
                                 responses=HazardSerializer),
    rectify=extend_schema(summary="Record the rectification", request=RectifyInput,
                          responses=HazardSerializer),
    verify=extend_schema(summary="Verify the rectification (closes the hazard)",
                         request=VerifyInput, responses=HazardSerializer),
    reopen=extend_schema(summary="Reopen a rectified or verified hazard", request=ReopenInput,
                         responses=HazardSerializer),
    photos=extend_schema(summary="Add photos (multipart; images checked by content)",
                         request=PhotosInput, responses=HazardSerializer),
    overdue=extend_schema(summary="Hazards open past their deadline"),
)  # fmt: skip
class HazardViewSet(_ReadChange):
    """Hazards found in inspections (安全隐患) and their rectification (整改)."""

    queryset = Hazard.objects.select_related("inspection", "inspection__unit").prefetch_related(
        "photos"
    )
    serializer_class = HazardSerializer
    write_serializer_classes = {"partial_update": HazardPatchInput, "rectify": RectifyInput,
                                "verify": VerifyInput, "reopen": ReopenInput,
                                "photos": PhotosInput}  # fmt: skip
    scope_actions = {"rectify": CHANGE, "verify": CHANGE, "reopen": CHANGE, "photos": CHANGE}
    filterset_fields = ["status", "severity"]
    ordering_fields = ["deadline", "created_at"]

    def update_record(self, obj: Any, data: dict[str, Any]) -> Any:
        return services_safety.hazard_update(by=self.request.user, hazard=obj, **data)

    @action(detail=True, methods=["post"], filter_backends=[])
    def rectify(self, request: Request, pk: str | None = None) -> Response:
        return self.act(services_safety.hazard_rectify, hazard=self.get_object())

    @action(detail=True, methods=["post"], filter_backends=[])
    def verify(self, request: Request, pk: str | None = None) -> Response:
        return self.act(services_safety.hazard_verify, hazard=self.get_object())

    @action(detail=True, methods=["post"], filter_backends=[])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        return self.act(services_safety.hazard_reopen, hazard=self.get_object())

    @action(detail=True, methods=["post"], filter_backends=[])
    def photos(self, request: Request, pk: str | None = None) -> Response:
        hazard = self.get_object()
        data = self.validated_input()
        services_safety.hazard_add_photos(by=request.user, hazard=hazard, files=data["files"])
        return self.saved_response(hazard, status.HTTP_201_CREATED)

    @action(detail=False, methods=["get"])
    def overdue(self, request: Request) -> Response:
        from django.utils import timezone

        hazards = self.filter_queryset(self.get_queryset()).filter(
            status=HazardStatus.OPEN, deadline__lt=timezone.localdate()
        )
        page = self.paginate_queryset(hazards.order_by("deadline", "pk"))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


# Safety competition ---------------------------------------------------------------------------


class SafetyEntrySerializer(serializers.ModelSerializer[SafetyCompetitionEntry]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = SafetyCompetitionEntry
        fields = ["id", "unit", "unit_name", "year", "enterprise", "participant_name",
                  "workers", "created_at"]  # fmt: skip
        read_only_fields = fields


class SafetyEntryInput(serializers.Serializer[dict[str, Any]]):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    participant_name = serializers.CharField(max_length=200, required=False, default="")
    workers = _workers()


class SafetyEntryCreateInput(SafetyEntryInput):
    unit = _unit_field()
    enterprise = _enterprise_field(required=False, allow_null=True)


@extend_schema_view(
    list=extend_schema(summary="List safety competition entries"),
    retrieve=extend_schema(summary="Read a safety competition entry"),
    create=extend_schema(summary="Record a safety competition entry",
                         responses=SafetyEntrySerializer),
    partial_update=extend_schema(summary="Change a safety competition entry",
                                 responses=SafetyEntrySerializer),
)  # fmt: skip
class SafetyCompetitionViewSet(_Records):
    """Safety competition (安康杯) entries per year."""

    queryset = SafetyCompetitionEntry.objects.select_related("unit")
    serializer_class = SafetyEntrySerializer
    write_serializer_classes = {"create": SafetyEntryCreateInput,
                                "partial_update": SafetyEntryInput}  # fmt: skip
    filterset_fields = ["year"]
    ordering_fields = ["year", "workers"]

    def create_record(self, data: dict[str, Any]) -> Any:
        return services_safety.safety_entry_create(by=self.request.user, **data)

    def update_record(self, obj: Any, data: dict[str, Any]) -> Any:
        return services_safety.safety_entry_update(by=self.request.user, entry=obj, **data)


ROUTES = [
    ("rights/mediation-bodies", MediationBodyViewSet, "rights-mediation-body"),
    ("rights/mediators", MediatorViewSet, "rights-mediator"),
    ("rights/mediations", MediationCaseViewSet, "rights-mediation"),
    ("rights/offers", BargainingOfferViewSet, "rights-offer"),
    ("rights/contracts", CollectiveContractViewSet, "rights-contract"),
    ("rights/contract-coverage", ContractCoverageViewSet, "rights-coverage"),
    ("rights/inspections", InspectionViewSet, "rights-inspection"),
    ("rights/hazards", HazardViewSet, "rights-hazard"),
    ("rights/safety-competition", SafetyCompetitionViewSet, "rights-safety"),
]
"""Registered in ``gonghui/api_urls.py`` next to the other rights routes."""
