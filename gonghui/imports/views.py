"""Imports in the workspace: list, upload, mapping preview, progress and result, downloads."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, View

from gonghui.core.choices import Action
from gonghui.core.downloads import private_file_response
from gonghui.core.scoping import can
from gonghui.core.views.base import PAGE_SIZE, HtmxListMixin, WorkspaceMixin, add_service_errors
from gonghui.imports import services
from gonghui.imports.choices import ImportStatus
from gonghui.imports.forms import MappingForm, UploadForm
from gonghui.imports.models import DataImport
from gonghui.imports.selectors import may_run, may_see_rows, visible_imports
from gonghui.imports.specs import all_importers, get_importer
from gonghui.imports.workbooks import write_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _visible_import(request: HttpRequest, pk: int) -> DataImport:
    """An import the user may see, else 404."""
    data_import = get_object_or_404(visible_imports(request.user), pk=pk)
    return services.import_sync_with_job(data_import)


class ImportListView(WorkspaceMixin, HtmxListMixin, ListView):
    template_name = "imports/import_list.html"
    partial_template_name = "imports/_import_results.html"
    paginate_by = PAGE_SIZE
    context_object_name = "imports"

    def get_queryset(self) -> QuerySet[DataImport]:
        return visible_imports(self.request.user, self.unit)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            can_add=can(self.request.user, Action.ADD, self.unit), **kwargs
        )


class ImportCreateView(WorkspaceMixin, View):
    """Choose what to import and the file; a good file goes on to the mapping preview."""

    required_action = Action.ADD
    template_name = "imports/import_form.html"

    def _check(self) -> None:
        if not can(self.request.user, Action.ADD, self.unit):
            raise PermissionDenied

    def _render(self, form: UploadForm, status: int = 200) -> HttpResponse:
        context = {"form": form, "specs": all_importers(), "limit_mb": _limit_mb()}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        self._check()
        return self._render(UploadForm(initial={"spec": request.GET.get("spec", "")}))

    def post(self, request: HttpRequest) -> HttpResponse:
        self._check()
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                data_import = services.import_upload(
                    by=request.user,
                    unit=self.unit,
                    spec=form.cleaned_data["spec"],
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return HttpResponseRedirect(reverse("imports:mapping", args=[data_import.pk]))
        return self._render(form, status=400)


def _limit_mb() -> str:
    return f"{services.max_upload_bytes() / 1024 / 1024:g}"


class TemplateDownloadView(WorkspaceMixin, View):
    """The empty template workbook of a kind of import, with an example row."""

    def get(self, request: HttpRequest, spec: str) -> HttpResponseBase:
        try:
            importer = get_importer(spec)
        except LookupError:
            raise Http404 from None
        buffer = io.BytesIO()
        write_template(importer, buffer)
        buffer.seek(0)
        filename = f"{importer.label}导入模板.xlsx"
        return FileResponse(buffer, as_attachment=True, filename=filename, content_type=XLSX)


@method_decorator(never_cache, name="dispatch")
class ImportMappingView(WorkspaceMixin, View):
    """Each file column and the field it feeds, the first rows; confirming starts the job."""

    template_name = "imports/import_mapping.html"

    def _load(self, pk: int) -> DataImport:
        data_import = _visible_import(self.request, pk)
        if not may_run(self.request.user, data_import):
            raise PermissionDenied
        return data_import

    def _render(self, data_import: DataImport, form: MappingForm, status: int = 200) -> Any:
        spec = get_importer(data_import.spec)
        mapping = services.import_mapping(data_import)
        show_rows = may_see_rows(self.request.user, data_import)
        columns = [
            {
                "field": form[f"column_{index}"],
                "header": header,
                "samples": [row[index] if index < len(row) else "" for row in data_import.preview]
                if show_rows
                else [],
            }
            for index, header in enumerate(data_import.headers)
        ]
        context = {
            "data_import": data_import,
            "spec": spec,
            "form": form,
            "columns": columns,
            "mapping": mapping,
            "show_rows": show_rows,
            "required": [spec.column(name).header for name in spec.required_fields()],
        }
        return render(self.request, self.template_name, context, status=status)

    def _form(self, data_import: DataImport, data: Any = None) -> MappingForm:
        return MappingForm(
            data,
            spec=get_importer(data_import.spec),
            headers=data_import.headers,
            fields=data_import.mapping,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        data_import = self._load(pk)
        if data_import.status != ImportStatus.UPLOADED:
            return HttpResponseRedirect(reverse("imports:detail", args=[pk]))
        return self._render(data_import, self._form(data_import))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        data_import = self._load(pk)
        form = self._form(data_import, request.POST)
        if form.is_valid():
            try:
                services.import_set_mapping(
                    by=request.user, data_import=data_import, fields=form.chosen_fields()
                )
                data_import.refresh_from_db()
                if "start" in request.POST:
                    services.import_start(by=request.user, data_import=data_import)
                    messages.success(request, _("The import has started."))
                    return HttpResponseRedirect(reverse("imports:detail", args=[pk]))
            except ValidationError as error:
                add_service_errors(form, error)
                return self._render(data_import, form, status=400)
            return HttpResponseRedirect(reverse("imports:mapping", args=[pk]))
        return self._render(data_import, form, status=400)


def _detail_context(request: HttpRequest, data_import: DataImport) -> dict[str, Any]:
    user = request.user
    return {
        "data_import": data_import,
        "job": data_import.job,
        "can_run": may_run(user, data_import),
        "can_download": may_see_rows(user, data_import) and bool(data_import.error_file),
    }


@method_decorator(never_cache, name="dispatch")
class ImportDetailView(WorkspaceMixin, View):
    """The import's page: progress while it runs (htmx polls ``status``), then the result."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        data_import = _visible_import(request, pk)
        return render(request, "imports/import_detail.html", _detail_context(request, data_import))


@method_decorator(never_cache, name="dispatch")
class ImportStatusView(WorkspaceMixin, View):
    """The progress and result fragment, polled every 1.5 s while the import runs."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        data_import = _visible_import(request, pk)
        return render(request, "imports/_import_status.html", _detail_context(request, data_import))


class ImportResumeView(WorkspaceMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        data_import = _visible_import(request, pk)
        if not may_run(request.user, data_import):
            raise PermissionDenied
        try:
            services.import_resume(by=request.user, data_import=data_import)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The import has been resumed."))
        return HttpResponseRedirect(reverse("imports:detail", args=[pk]))


class ErrorWorkbookView(WorkspaceMixin, View):
    """The rows with errors as uploaded, with the reason: for those who may see the rows."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        data_import = _visible_import(request, pk)
        if not may_see_rows(request.user, data_import):
            raise PermissionDenied
        if not data_import.error_file:
            raise Http404
        name = f"{data_import.original_name.rsplit('.', 1)[0]}-错误行.xlsx"
        return private_file_response(data_import.error_file, filename=name, content_type=XLSX)
