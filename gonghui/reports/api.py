"""The reports endpoints under ``/api/v1/``: (prefix, viewset, basename) triples that
``gonghui.api_urls`` registers.

- ``reports/templates/``: the report templates with their sections and sentences (read-only;
  any staff member, as in the back office);
- ``reports/annual/?unit=<id>&year=2024`` (or ``&period=2024Q3``, ``&template=<id>``): the
  report of a unit written from its records, as JSON: sections, sentences, and the figures
  each sentence prints. A unit outside the user's scope answers 404, a bad period 400.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import can, is_staff_user
from gonghui.core.views.base import default_unit
from gonghui.indicators.api import FigureField, PeriodSerializer, UnitBriefSerializer
from gonghui.indicators.periods import Period
from gonghui.reports.builder import build_report
from gonghui.reports.models import ReportSection, ReportSentence, ReportTemplate


class StaffReader(BasePermission):
    """Staff who may view something; templates are platform-wide, not owned by a unit."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_staff_user(request.user) and can(request.user, Action.VIEW)


class ReportSentenceSerializer(serializers.ModelSerializer[ReportSentence]):
    class Meta:
        model = ReportSentence
        fields = ["id", "order", "text"]


class ReportSectionSerializer(serializers.ModelSerializer[ReportSection]):
    sentences = ReportSentenceSerializer(many=True, read_only=True)

    class Meta:
        model = ReportSection
        fields = ["id", "order", "heading", "intro", "sentences"]


class ReportTemplateSerializer(serializers.ModelSerializer[ReportTemplate]):
    sections = ReportSectionSerializer(many=True, read_only=True)
    unit_kinds = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = ReportTemplate
        fields = ["id", "name", "unit_kinds", "preamble", "is_active", "version", "updated_at",
                  "sections"]  # fmt: skip


class ReportTemplateViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Report templates (工作总结模板) with their sections and sentences."""

    permission_classes = [StaffReader]
    serializer_class = ReportTemplateSerializer
    queryset = ReportTemplate.objects.prefetch_related("sections__sentences").order_by("name")


class FigureSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    modifier = serializers.CharField()
    value = FigureField(allow_null=True)
    previous = FigureField(allow_null=True)
    target = FigureField(allow_null=True)
    text = serializers.CharField()
    period = serializers.CharField(source="period.value")


class SentenceSerializer(serializers.Serializer[Any]):
    text = serializers.CharField()
    figures = FigureSerializer(many=True)


class SectionSerializer(serializers.Serializer[Any]):
    number = serializers.CharField()
    heading = serializers.CharField()
    intro = serializers.CharField()
    sentences = SentenceSerializer(many=True)


@extend_schema_field(OpenApiTypes.OBJECT)
class TemplateBriefField(serializers.Field):  # type: ignore[type-arg]
    def to_representation(self, value: ReportTemplate) -> Any:
        return {"id": value.pk, "name": value.name, "version": value.version}


class ReportSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    unit = UnitBriefSerializer()
    period = PeriodSerializer()
    template = TemplateBriefField(allow_null=True)
    has_data = serializers.BooleanField()
    preamble = serializers.CharField()
    sections = SectionSerializer(many=True)
    generated_on = serializers.DateField()


class ReportQuerySerializer(serializers.Serializer[Any]):
    unit = serializers.IntegerField(
        required=False, min_value=1, help_text="Union unit id; default: the user's highest unit"
    )
    year = serializers.IntegerField(required=False, help_text="The year; default: this year")
    period = serializers.CharField(
        required=False, help_text="Instead of the year: 2024Q3, 2024-09, 2024-01-01..2024-06-30"
    )
    template = serializers.IntegerField(
        required=False, min_value=1, help_text="A template in use; default: the unit's"
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        text = attrs.get("period") or (str(attrs["year"]) if "year" in attrs else "")
        try:
            attrs["period"] = Period.parse(text) if text else Period.current_year()
        except DjangoValidationError as error:
            raise serializers.ValidationError({"period": error.messages}) from None
        return attrs


class AnnualReportViewSet(viewsets.ViewSet):
    """The work report of a unit for a year (or any period), written from the records."""

    permission_classes = [StaffReader]

    @extend_schema(
        summary="The work report of a unit for a period",
        parameters=[ReportQuerySerializer],
        responses=ReportSerializer,
    )
    def list(self, request: Request) -> Response:
        query = ReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        user = request.user
        if "unit" in params:
            unit = get_object_or_404(OrgUnit.objects.restrict(user, Action.VIEW), pk=params["unit"])
        else:
            found = default_unit(user)
            if found is None:  # pragma: no cover - the permission needs a grant
                return Response(status=404)
            unit = found
        template = None
        if "template" in params:
            template = get_object_or_404(ReportTemplate, pk=params["template"], is_active=True)
        report = build_report(unit, params["period"], user=user, template=template)
        return Response(ReportSerializer(report).data)


ROUTES: list = [
    ("reports/templates", ReportTemplateViewSet, "report-template"),
    ("reports/annual", AnnualReportViewSet, "report-annual"),
]
