"""API for workers (``persons/``) and employers (``enterprises/``).

Lists and records show ID and mobile numbers masked; the clear values are never read for them.
``POST persons/{id}/reveal/`` answers them in full to a role with the "reveal" action, and the
service writes the reveal to the audit log. Identifiers in input are checked with the same
functions as forms and imports, so a malformed one is refused with the same Chinese message.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.core.api.serializers import ScopedPrimaryKeyRelatedField
from gonghui.core.api.viewsets import ScopedGenericViewSet
from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.registry import services
from gonghui.registry.filters import EnterpriseFilter, PersonFilter
from gonghui.registry.models import Enterprise, Person
from gonghui.utils.credit_code import normalize_credit_code
from gonghui.utils.idcard import normalize_id_number
from gonghui.utils.phone import normalize_mobile


def _label(model: type[Any], field: str) -> Any:
    return model._meta.get_field(field).verbose_name


class IdNumberField(serializers.CharField):
    """A resident ID number in, canonical out (full-width digits and 15-digit numbers too)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        return normalize_id_number(super().to_internal_value(data))


class MobileField(serializers.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        return normalize_mobile(value) if value else ""


class CreditCodeField(serializers.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str | None:  # type: ignore[override]
        value = super().to_internal_value(data)
        return normalize_credit_code(value) if value else None


class PersonSerializer(serializers.ModelSerializer[Person]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True, default=None)

    class Meta:
        model = Person
        fields = [
            "id", "unit", "unit_name", "name", "id_number_masked", "phone_masked", "gender",
            "birth_date", "ethnicity", "education", "hukou", "is_migrant_worker",
            "worker_group", "employer", "employer_name", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class PersonWriteSerializer(serializers.ModelSerializer[Person]):
    unit = ScopedPrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), label=_label(Person, "unit")
    )
    employer = ScopedPrimaryKeyRelatedField(
        queryset=Enterprise.objects.all(), allow_null=True, required=False,
        label=_label(Person, "employer"),
    )  # fmt: skip
    id_number = IdNumberField(write_only=True, label=_label(Person, "id_number"))
    phone = MobileField(
        write_only=True, required=False, allow_blank=True, label=_label(Person, "phone")
    )

    class Meta:
        model = Person
        fields = [
            "unit", "name", "id_number", "phone", "ethnicity", "education", "hukou",
            "is_migrant_worker", "worker_group", "employer",
        ]  # fmt: skip


class PersonRevealSerializer(serializers.Serializer[dict[str, str]]):
    id_number = serializers.CharField(label=_label(Person, "id_number"))
    phone = serializers.CharField(label=_label(Person, "phone"))


class EnterpriseSerializer(serializers.ModelSerializer[Enterprise]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Enterprise
        fields = [
            "id", "unit", "unit_name", "name", "credit_code", "kind", "industry", "size",
            "region_code", "address", "employee_count", "union_founded", "union_founded_on",
            "own_union", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class EnterpriseWriteSerializer(serializers.ModelSerializer[Enterprise]):
    unit = ScopedPrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), label=_label(Enterprise, "unit")
    )
    own_union = ScopedPrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), required=False, allow_null=True,
        label=_label(Enterprise, "own_union"),
    )  # fmt: skip
    # Declared so that the service, not a generic unique check, answers a duplicate code.
    credit_code = CreditCodeField(
        required=False, allow_blank=True, allow_null=True,
        label=_label(Enterprise, "credit_code"),
    )  # fmt: skip

    class Meta:
        model = Enterprise
        fields = [
            "unit", "name", "credit_code", "kind", "industry", "size", "region_code",
            "address", "employee_count", "union_founded", "union_founded_on", "own_union",
        ]  # fmt: skip


@extend_schema_view(
    list=extend_schema(summary="List workers (ID and mobile numbers masked)"),
    retrieve=extend_schema(summary="Read a worker (ID and mobile numbers masked)"),
)
class PersonViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Workers (职工, 一人一档) registered by the units the user may view."""

    # The encrypted columns are not even read for lists and records: only reveal needs them.
    queryset = Person.objects.select_related("unit", "employer").defer("id_number", "phone")
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    ordering_fields = ["name", "birth_date", "created_at", "updated_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    scope_actions = {"reveal": Action.REVEAL}
    write_serializer_classes = {
        "create": PersonWriteSerializer,
        "partial_update": PersonWriteSerializer,
    }

    def get_queryset(self) -> QuerySet[Person]:
        queryset = super().get_queryset()
        return queryset.defer(None) if self.action == "reveal" else queryset

    @extend_schema(
        summary="Register a worker", responses={status.HTTP_201_CREATED: PersonSerializer}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated_input()
        person = services.person_create(by=request.user, **data)
        return self.saved_response(person, status.HTTP_201_CREATED)

    @extend_schema(summary="Change a worker's record", responses=PersonSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = self.get_object()
        data = self.validated_input(person, partial=True)
        person = services.person_update(by=request.user, person=person, **data)
        return self.saved_response(person)

    @extend_schema(
        summary="Reveal the full ID and mobile numbers (written to the audit log)",
        request=None,
        responses=PersonRevealSerializer,
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def reveal(self, request: Request, pk: str | None = None) -> Response:
        person = self.get_object()
        values = services.person_reveal(by=request.user, person=person)
        return Response(PersonRevealSerializer(values).data)


@extend_schema_view(
    list=extend_schema(summary="List employers"),
    retrieve=extend_schema(summary="Read an employer"),
    destroy=extend_schema(summary="Delete an employer no record refers to"),
)
class EnterpriseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    ScopedGenericViewSet,
):
    """Employers (用人单位) under the units the user may view."""

    queryset = Enterprise.objects.select_related("unit")
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilter
    ordering_fields = ["name", "employee_count", "created_at", "updated_at"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    write_serializer_classes = {
        "create": EnterpriseWriteSerializer,
        "partial_update": EnterpriseWriteSerializer,
    }

    @extend_schema(
        summary="Register an employer", responses={status.HTTP_201_CREATED: EnterpriseSerializer}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated_input()
        enterprise = services.enterprise_create(by=request.user, **data)
        return self.saved_response(enterprise, status.HTTP_201_CREATED)

    @extend_schema(summary="Change an employer", responses=EnterpriseSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        enterprise = self.get_object()
        data = self.validated_input(enterprise, partial=True)
        enterprise = services.enterprise_update(by=request.user, enterprise=enterprise, **data)
        return self.saved_response(enterprise)

    def perform_destroy(self, instance: Enterprise) -> None:
        services.enterprise_delete(by=self.request.user, enterprise=instance)
