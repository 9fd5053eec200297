"""The employment endpoints under ``/api/v1/``: (prefix, viewset, basename) triples that
``gonghui.api_urls`` registers. Reads are scoped by the kernel's viewsets; writes go through
the services (which check the scope again and write the audit rows)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.core.api.serializers import ExactAmountField, ScopedPrimaryKeyRelatedField
from gonghui.core.api.viewsets import ScopedGenericViewSet
from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import is_staff_user
from gonghui.employment import selectors, services
from gonghui.employment.choices import (
    EducationLevel,
    FairMode,
    OccupationLevel,
    PlacementSource,
)
from gonghui.employment.models import (
    JobFair,
    JobPosting,
    JobSeeker,
    Occupation,
    Placement,
    Training,
)
from gonghui.employment.models.common import MAX_AMOUNT
from gonghui.registry.models import Enterprise, Person
from gonghui.rights.api import PlainChoiceField


def _list(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=60), max_length=50, required=False, **kwargs
    )


def _money(**kwargs: Any) -> ExactAmountField:
    return ExactAmountField(max_digits=12, max_value=MAX_AMOUNT, **kwargs)


# Postings ---------------------------------------------------------------------------------


class PostingSerializer(serializers.ModelSerializer[JobPosting]):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    occupation_code = serializers.CharField(source="occupation.code", read_only=True)
    occupation_name = serializers.CharField(source="occupation.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    education_min = PlainChoiceField(EducationLevel.choices, read_only=True)

    class Meta:
        model = JobPosting
        fields = [
            "id", "enterprise", "enterprise_name", "unit", "unit_name", "title", "occupation",
            "occupation_code", "occupation_name", "description", "requirements", "openings",
            "region_code", "address", "latitude", "longitude", "pay_min", "pay_max", "hours",
            "education_min", "age_min", "age_max", "skills", "certificates", "benefits",
            "contact_name", "contact_phone_masked", "valid_until", "status", "flagged_reasons",
            "review_note", "reviewed_at", "published_at", "closed_at", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class PostingWriteSerializer(serializers.Serializer[dict[str, Any]]):
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.select_related("unit"))
    unit = ScopedPrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), action=Action.ADD, required=False, allow_null=True
    )
    submit = serializers.BooleanField(default=False)
    title = serializers.CharField(max_length=100)
    occupation = serializers.PrimaryKeyRelatedField(
        queryset=Occupation.objects.filter(level=OccupationLevel.SMALL)
    )
    description = serializers.CharField(max_length=5000)
    requirements = serializers.CharField(max_length=2000, required=False, default="")
    openings = serializers.IntegerField(min_value=1, max_value=100000)
    region_code = serializers.CharField(max_length=6)
    address = serializers.CharField(max_length=300, required=False, default="")
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )
    pay_min = ExactAmountField(max_digits=9)
    pay_max = ExactAmountField(max_digits=9)
    hours = serializers.CharField(max_length=200, required=False, default="")
    education_min = PlainChoiceField(EducationLevel.choices, default=EducationLevel.NONE)
    age_min = serializers.IntegerField(min_value=16, max_value=80, required=False, allow_null=True)
    age_max = serializers.IntegerField(min_value=16, max_value=80, required=False, allow_null=True)
    skills = _list(default=list)
    certificates = _list(default=list)
    benefits = serializers.CharField(max_length=2000, required=False, default="")
    contact_name = serializers.CharField(max_length=60, required=False, default="")
    contact_phone = serializers.CharField(max_length=20, required=False, default="")
    valid_until = serializers.DateField()


class ReviewInput(serializers.Serializer[dict[str, Any]]):
    approve = serializers.BooleanField()
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


@extend_schema_view(
    list=extend_schema(summary="List job postings"),
    retrieve=extend_schema(summary="Read a job posting"),
    create=extend_schema(summary="Create a job posting (draft or sent for review)",
                         request=PostingWriteSerializer, responses=PostingSerializer),
)  # fmt: skip
class PostingViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedGenericViewSet
):
    """Job postings (用工需求): reviewed before they are published."""

    queryset = JobPosting.objects.select_related("enterprise", "occupation", "unit")
    serializer_class = PostingSerializer
    write_serializer_classes = {"create": PostingWriteSerializer, "review": ReviewInput}
    scope_actions = {"review": Action.CHANGE, "close": Action.CHANGE, "submit": Action.CHANGE}
    filterset_fields = ["status", "enterprise", "occupation"]
    ordering_fields = ["created_at", "published_at", "valid_until"]
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(self.validated_input())
        posting = services.posting_create(by=request.user, **data)
        return self.saved_response(posting, status.HTTP_201_CREATED)

    @extend_schema(summary="Publish or reject a pending posting", request=ReviewInput,
                   responses=PostingSerializer)  # fmt: skip
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: Any = None) -> Response:
        posting = self.get_object()
        data = self.validated_input()
        posting = services.posting_review(by=request.user, posting=posting, **data)
        return self.saved_response(posting)

    @extend_schema(
        summary="Send a draft posting for review", request=None, responses=PostingSerializer
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        posting = services.posting_submit(by=request.user, posting=self.get_object())
        return self.saved_response(posting)

    @extend_schema(summary="Close a posting", request=None, responses=PostingSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: Any = None) -> Response:
        posting = services.posting_close(by=request.user, posting=self.get_object())
        return self.saved_response(posting)


# Seekers ----------------------------------------------------------------------------------


class SeekerSerializer(serializers.ModelSerializer[JobSeeker]):
    person_name = serializers.CharField(source="person.name", read_only=True)
    id_number_masked = serializers.CharField(source="person.id_number_masked", read_only=True)
    education = PlainChoiceField(EducationLevel.choices, read_only=True)
    contact_phone = serializers.SerializerMethodField(
        help_text="The mobile number, only when the seeker agreed to share it; else masked."
    )

    class Meta:
        model = JobSeeker
        fields = [
            "id", "person", "person_name", "id_number_masked", "unit", "wanted_occupations",
            "wanted_region_codes", "latitude", "longitude", "expected_pay_min", "education",
            "skills", "certificates", "experience", "available_from", "flexible_work",
            "consent_to_share_contact", "consent_at", "active", "contact_phone", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_contact_phone(self, seeker: JobSeeker) -> str:
        contact = selectors.seeker_contact_for_employer(seeker)
        return contact.phone if contact else seeker.person.phone_masked


class SeekerWriteSerializer(serializers.Serializer[dict[str, Any]]):
    person = ScopedPrimaryKeyRelatedField(queryset=Person.objects.select_related("unit"))
    unit = ScopedPrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), action=Action.ADD, required=False, allow_null=True
    )
    wanted_occupations = serializers.PrimaryKeyRelatedField(
        queryset=Occupation.objects.all(), many=True, required=False
    )
    wanted_region_codes = _list()
    expected_pay_min = ExactAmountField(max_digits=9, max_value=200000, required=False)
    education = PlainChoiceField(EducationLevel.choices, required=False)
    skills = _list()
    certificates = _list()
    experience = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    available_from = serializers.DateField(required=False, allow_null=True)
    flexible_work = serializers.BooleanField(required=False)
    consent_to_share_contact = serializers.BooleanField(required=False)
    active = serializers.BooleanField(required=False)


@extend_schema_view(
    list=extend_schema(summary="List job seekers"),
    retrieve=extend_schema(summary="Read a job seeker"),
    create=extend_schema(summary="Create or update a job seeker's profile",
                         request=SeekerWriteSerializer, responses=SeekerSerializer),
)  # fmt: skip
class SeekerViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedGenericViewSet
):
    """Job seekers (求职者). The contact number is given only with the seeker's consent."""

    queryset = JobSeeker.objects.select_related("person", "unit").prefetch_related(
        "wanted_occupations"
    )
    serializer_class = SeekerSerializer
    write_serializer_classes = {"create": SeekerWriteSerializer}
    filterset_fields = ["active", "education"]
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(self.validated_input())
        seeker = services.seeker_save(by=request.user, **data)
        return self.saved_response(seeker, status.HTTP_201_CREATED)


# Fairs, trainings, placements ---------------------------------------------------------------


class FairSerializer(serializers.ModelSerializer[JobFair]):
    mode = PlainChoiceField(FairMode.choices, read_only=True)

    class Meta:
        model = JobFair
        fields = ["id", "unit", "title", "mode", "starts_on", "ends_on", "place", "description",
                  "created_at"]  # fmt: skip
        read_only_fields = fields


class FairWriteSerializer(serializers.ModelSerializer[JobFair]):
    unit = ScopedPrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), action=Action.ADD)
    mode = PlainChoiceField(FairMode.choices)

    class Meta:
        model = JobFair
        fields = ["unit", "title", "mode", "starts_on", "ends_on", "place", "description"]


class CheckInInput(serializers.Serializer[dict[str, Any]]):
    token = serializers.CharField(max_length=200)


class CheckInResult(serializers.Serializer[dict[str, Any]]):
    registration = serializers.IntegerField()
    person_name = serializers.CharField()
    checked_in_at = serializers.DateTimeField()


class _CreateViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedGenericViewSet
):
    http_method_names = ["get", "post", "head", "options"]
    service: Any

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(self.validated_input())
        record = type(self).service(by=request.user, **data)
        return self.saved_response(record, status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="List job fairs"),
    retrieve=extend_schema(summary="Read a job fair"),
    create=extend_schema(summary="Create a job fair", responses=FairSerializer),
)
class FairViewSet(_CreateViewSet):
    """Job fairs (招聘会), online and on site."""

    queryset = JobFair.objects.select_related("unit")
    serializer_class = FairSerializer
    write_serializer_classes = {"create": FairWriteSerializer, "check_in": CheckInInput}
    scope_actions = {"check_in": Action.CHANGE}
    ordering_fields = ["starts_on"]
    service = services.fair_create

    @extend_schema(summary="Check in a registration by its QR token", request=CheckInInput,
                   responses=CheckInResult)  # fmt: skip
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request: Request, pk: Any = None) -> Response:
        fair = self.get_object()
        registration = services.fair_check_in(
            by=request.user, fair=fair, token=self.validated_input()["token"]
        )
        return Response(
            {"registration": registration.pk, "person_name": registration.person.name,
             "checked_in_at": registration.checked_in_at}
        )  # fmt: skip


class TrainingSerializer(serializers.ModelSerializer[Training]):
    class Meta:
        model = Training
        fields = ["id", "unit", "title", "occupation", "skills", "certificates", "provider",
                  "starts_on", "ends_on", "place", "fee", "subsidy", "capacity",
                  "is_order_based", "ordering_enterprise", "description", "created_at"]  # fmt: skip
        read_only_fields = fields


class TrainingWriteSerializer(serializers.ModelSerializer[Training]):
    unit = ScopedPrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), action=Action.ADD)
    ordering_enterprise = ScopedPrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(), required=False, allow_null=True
    )
    skills = _list(default=list)
    certificates = _list(default=list)

    class Meta:
        model = Training
        fields = ["unit", "title", "occupation", "skills", "certificates", "provider",
                  "starts_on", "ends_on", "place", "fee", "subsidy", "capacity",
                  "is_order_based", "ordering_enterprise", "description"]  # fmt: skip


@extend_schema_view(
    list=extend_schema(summary="List training courses"),
    retrieve=extend_schema(summary="Read a training course"),
    create=extend_schema(summary="Create a training course", responses=TrainingSerializer),
)
class TrainingViewSet(_CreateViewSet):
    """Skills trainings (技能培训, 订单式培训)."""

    queryset = Training.objects.select_related("unit")
    serializer_class = TrainingSerializer
    write_serializer_classes = {"create": TrainingWriteSerializer}
    ordering_fields = ["starts_on"]
    service = services.training_create


class PlacementSerializer(serializers.ModelSerializer[Placement]):
    person_name = serializers.CharField(source="person.name", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    source = PlainChoiceField(PlacementSource.choices, read_only=True)  # type: ignore[assignment]

    class Meta:
        model = Placement
        fields = ["id", "unit", "person", "person_name", "seeker", "enterprise",
                  "enterprise_name", "posting", "start_date", "monthly_pay", "source", "fair",
                  "training", "note", "created_at"]  # fmt: skip
        read_only_fields = fields


class PlacementWriteSerializer(serializers.Serializer[dict[str, Any]]):
    person = ScopedPrimaryKeyRelatedField(queryset=Person.objects.select_related("unit"))
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    posting = ScopedPrimaryKeyRelatedField(
        queryset=JobPosting.objects.all(), required=False, allow_null=True
    )
    start_date = serializers.DateField()
    monthly_pay = _money(required=False, allow_null=True)
    source = PlainChoiceField(PlacementSource.choices, default=PlacementSource.OTHER)  # type: ignore[assignment]
    fair = ScopedPrimaryKeyRelatedField(
        queryset=JobFair.objects.all(), required=False, allow_null=True
    )
    training = ScopedPrimaryKeyRelatedField(
        queryset=Training.objects.all(), required=False, allow_null=True
    )
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


@extend_schema_view(
    list=extend_schema(summary="List placements"),
    retrieve=extend_schema(summary="Read a placement"),
    create=extend_schema(summary="Record a placement (follow-ups at 1, 3, 6 months scheduled)",
                         request=PlacementWriteSerializer, responses=PlacementSerializer),
)  # fmt: skip
class PlacementViewSet(_CreateViewSet):
    """Placements (促进就业) with their follow-up visits."""

    queryset = Placement.objects.select_related("person", "enterprise", "unit").defer(
        "person__id_number", "person__phone"
    )
    serializer_class = PlacementSerializer
    write_serializer_classes = {"create": PlacementWriteSerializer}
    ordering_fields = ["start_date"]
    service = services.placement_record


class OccupationSerializer(serializers.ModelSerializer[Occupation]):
    parent_code = serializers.CharField(source="parent.code", read_only=True, default=None)
    level = PlainChoiceField(OccupationLevel.choices, read_only=True)

    class Meta:
        model = Occupation
        fields = ["id", "code", "name", "level", "parent_code"]
        read_only_fields = fields


class StaffOnly(BasePermission):
    """Reference data: any staff member reads it (it belongs to no unit)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_staff_user(request.user)


@extend_schema_view(list=extend_schema(summary="List the occupational classification"))
class OccupationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """The national occupational classification (国家职业分类大典): ``level`` (major, medium,
    small) and ``code`` prefix (``4-02``) narrow it; ``q`` searches the names."""

    queryset = Occupation.objects.select_related("parent").order_by("code")
    serializer_class = OccupationSerializer
    permission_classes = [StaffOnly]
    pagination_class = None

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        params = self.request.query_params
        if params.get("level"):
            queryset = queryset.filter(level=params["level"])
        if params.get("code"):
            queryset = queryset.filter(code__startswith=params["code"])
        if params.get("q"):
            queryset = queryset.filter(name__contains=params["q"])
        return queryset


ROUTES: list = [
    ("employment/occupations", OccupationViewSet, "employment-occupation"),
    ("employment/postings", PostingViewSet, "employment-posting"),
    ("employment/seekers", SeekerViewSet, "employment-seeker"),
    ("employment/fairs", FairViewSet, "employment-fair"),
    ("employment/trainings", TrainingViewSet, "employment-training"),
    ("employment/placements", PlacementViewSet, "employment-placement"),
]
