"""API for imports (``imports/``) and the kinds of import (``import-specs/``).

``POST imports/`` takes a multipart upload (``spec``, ``file``, ``unit``, optional ``mapping``
as JSON: a list of field names by column, or {file header: field name}) and starts the import
at once when the mapping is complete; otherwise it answers 400 with the mapping's problems and
stores nothing. ``GET imports/{id}/`` shows status, progress and counts;
``GET imports/{id}/errors/`` the error workbook (``?format=json``: the rows with errors), for
the uploader and roles that may reveal personal data.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from python_calamine import CalamineWorkbook
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.core.api.serializers import ScopedPrimaryKeyRelatedField
from gonghui.core.api.viewsets import ScopedGenericViewSet
from gonghui.core.choices import Action
from gonghui.core.downloads import private_file_response
from gonghui.core.models import OrgUnit
from gonghui.imports import services
from gonghui.imports.models import DataImport
from gonghui.imports.selectors import may_see_rows
from gonghui.imports.specs import all_importers, importer_choices
from gonghui.imports.workbooks import REASON_HEADER, ROW_HEADER


class ProgressSerializer(serializers.Serializer[Any]):
    job = serializers.IntegerField(allow_null=True)
    job_status = serializers.CharField(allow_null=True)
    stage = serializers.CharField()
    done = serializers.IntegerField()
    total = serializers.IntegerField(allow_null=True)
    percent = serializers.IntegerField(allow_null=True)


class ColumnSerializer(serializers.Serializer[Any]):
    column = serializers.IntegerField()
    header = serializers.CharField()
    field = serializers.CharField(help_text="the field it feeds; empty: not imported")


class DataImportSerializer(serializers.ModelSerializer[DataImport]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    spec_label = serializers.CharField(read_only=True)
    valid_rows = serializers.IntegerField(read_only=True)
    columns = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()

    class Meta:
        model = DataImport
        fields = [
            "id", "unit", "unit_name", "spec", "spec_label", "original_name", "size", "sha256",
            "file_format", "status", "header_row", "columns", "total_rows", "valid_rows",
            "error_rows", "created_count", "updated_count", "unchanged_count", "chunks_total",
            "chunks_committed", "failure", "progress", "created_at", "started_at",
            "finished_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(ColumnSerializer(many=True))
    def get_columns(self, obj: DataImport) -> list[dict[str, Any]]:
        fields = list(obj.mapping) + [""] * (len(obj.headers) - len(obj.mapping))
        return [
            {"column": index + 1, "header": header, "field": fields[index]}
            for index, header in enumerate(obj.headers)
        ]

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, obj: DataImport) -> dict[str, Any]:
        job = obj.job
        return {
            "job": job.pk if job else None,
            "job_status": job.status if job else None,
            "stage": job.stage if job else "",
            "done": job.done if job else 0,
            "total": job.total if job else None,
            "percent": job.percent if job else None,
        }


class UploadSerializer(serializers.Serializer[Any]):
    spec = serializers.ChoiceField(choices=[])
    file = serializers.FileField()
    unit = ScopedPrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), action=Action.ADD)
    mapping = serializers.CharField(
        required=False,
        help_text='JSON: ["name", "id_number", ""] by column, or {"姓名": "name"}',
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["spec"].choices = importer_choices()  # type: ignore[attr-defined]

    def validate_mapping(self, value: str) -> list[str] | dict[str, str]:
        try:
            parsed = json.loads(value)
        except ValueError:
            raise serializers.ValidationError("JSON") from None
        if isinstance(parsed, list) and all(isinstance(v, str | None) for v in parsed):
            return [v or "" for v in parsed]
        if isinstance(parsed, dict) and all(isinstance(v, str) for v in parsed.values()):
            return {str(k): v for k, v in parsed.items()}
        raise serializers.ValidationError("JSON")


class ErrorRowSerializer(serializers.Serializer[Any]):
    row = serializers.IntegerField()
    reason = serializers.CharField()
    values = serializers.DictField()


@extend_schema_view(
    list=extend_schema(summary="List imports"),
    retrieve=extend_schema(summary="Read an import: status, progress and counts"),
)
class DataImportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Imports (数据导入) of the units the user may view."""

    queryset = DataImport.objects.select_related("unit", "job")
    serializer_class = DataImportSerializer
    ordering_fields = ["created_at", "finished_at"]
    filterset_fields = ["status", "spec", "unit"]
    parser_classes = [MultiPartParser, FormParser]
    http_method_names = ["get", "post", "head", "options"]
    write_serializer_classes = {"create": UploadSerializer}

    def get_object(self) -> DataImport:
        return services.import_sync_with_job(super().get_object())

    @extend_schema(
        summary="Upload a table and start its import",
        request={"multipart/form-data": UploadSerializer},
        responses={status.HTTP_201_CREATED: DataImportSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated_input()
        data_import = services.import_upload(
            by=request.user,
            unit=data["unit"],
            spec=data["spec"],
            upload=data["file"],
            mapping=data.get("mapping"),
            require_complete_mapping=True,
        )
        data_import = services.import_start(by=request.user, data_import=data_import)
        return self.saved_response(data_import, status.HTTP_201_CREATED)

    @extend_schema(
        summary="The rows with errors: the error workbook, or JSON with ?format=json",
        parameters=[OpenApiParameter("format", str, enum=["json"], required=False)],
        responses={
            (200, "application/json"): ErrorRowSerializer(many=True),
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): OpenApiTypes.BINARY,
        },
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def errors(self, request: Request, pk: str | None = None) -> HttpResponseBase:
        data_import = self.get_object()
        if not may_see_rows(request.user, data_import):
            raise exceptions.PermissionDenied()
        if not data_import.error_file:
            if request.query_params.get("format") == "json":
                return Response([])
            raise exceptions.NotFound()
        if request.query_params.get("format") == "json":
            return Response(_error_rows(data_import))
        return private_file_response(
            data_import.error_file, filename=f"import-{data_import.pk}-errors.xlsx"
        )


def _error_rows(data_import: DataImport) -> list[dict[str, Any]]:
    from gonghui.imports.cells import cell_text

    with data_import.error_file.open("rb") as handle:
        book = CalamineWorkbook.from_filelike(handle)
        rows = iter(book.get_sheet_by_index(0).iter_rows())
        header = [cell_text(h) for h in next(rows, [])]
        result = []
        for cells in rows:
            record = dict(zip(header, (cell_text(c) for c in cells), strict=False))
            number = record.pop(ROW_HEADER, "")
            reason = record.pop(REASON_HEADER, "")
            result.append({"row": int(number or 0), "reason": reason, "values": record})
    return result


class SpecColumnSerializer(serializers.Serializer[Any]):
    field = serializers.CharField()  # type: ignore[assignment]
    header = serializers.CharField()
    synonyms = serializers.ListField(child=serializers.CharField())
    required = serializers.BooleanField()  # type: ignore[assignment]
    note = serializers.CharField()


class ImportSpecSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    columns = SpecColumnSerializer(many=True)


class ImportSpecViewSet(viewsets.ViewSet):
    """What can be imported, with the columns each kind of file may have."""

    @extend_schema(summary="List the kinds of import", responses=ImportSpecSerializer(many=True))
    def list(self, request: Request) -> Response:
        data = [
            {
                "code": spec.code,
                "label": str(spec.label),
                "columns": [
                    {
                        "field": c.field,
                        "header": c.header,
                        "synonyms": list(c.synonyms),
                        "required": c.required,
                        "note": str(c.note),
                    }
                    for c in spec.all_columns()
                ],
            }
            for spec in all_importers()
        ]
        return Response(ImportSpecSerializer(data, many=True).data)
