"""What the employment pages share: form pages with the employer picker, scoped lists with
filters, search, pagination and CSV export, and finding the worker or employer typed in."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, View

from gonghui.core.choices import Action
from gonghui.core.scoping import can
from gonghui.core.views.base import (
    PAGE_SIZE,
    Column,
    HtmxListMixin,
    WorkspaceMixin,
    csv_export,
    parse_id,
)
from gonghui.employment.forms import DateRangeForm
from gonghui.registry.models import Enterprise, Person
from gonghui.registry.selectors import persons_by_id_number
from gonghui.registry.views.picker import EmployerFormPage


def find_person(user: Any, id_number: str, field: str = "id_number") -> Person:
    """The worker with this ID number among those the user may view."""
    visible = Person.objects.restrict(user, Action.VIEW).select_related("unit")
    person = persons_by_id_number(visible, id_number).first()
    if person is None:
        raise ValidationError(
            {field: _("No worker with this ID number is registered in your units.")}
        )
    return person


def find_employer(user: Any, employer_id: Any, field: str = "employer") -> Enterprise | None:
    pk = parse_id(employer_id)
    if pk is None:
        return None
    employer = (
        Enterprise.objects.restrict(user, Action.VIEW).select_related("unit").filter(pk=pk).first()
    )
    if employer is None:
        raise ValidationError({field: _("Choose an employer from the list.")})
    return employer


class FormPage(EmployerFormPage):
    """A form page; ``employer_picker`` adds the registry's employer search."""

    template_name = "employment/form.html"
    back_url_name = "employment:home"
    required_action = Action.ADD


class AddPage(FormPage):
    """A new record owned by the picked unit."""

    def prepare(self, **kwargs: Any) -> None:
        if not can(self.request.user, Action.ADD, self.unit):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied


class RecordList(WorkspaceMixin, HtmxListMixin, ListView):  # type: ignore[type-arg]
    """A scoped list of the picked unit's subtree with a filter form and CSV export."""

    template_name = "employment/list.html"
    partial_template_name = "employment/_list_results.html"
    paginate_by = PAGE_SIZE
    model: Any
    title: Any = ""
    add_url_name = ""
    export_url_name = ""
    headers: list[Any] = []
    related: tuple[str, ...] = ("unit",)
    filter_form: type[django_forms.Form] = DateRangeForm
    date_field = ""

    def records(self) -> QuerySet[Any]:
        self.form = self.filter_form(self.request.GET or None)
        records = self.model.objects.restrict(self.request.user, Action.VIEW).within(self.unit)
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return self.filter(records, data)  # type: ignore[no-any-return]

    def filter(self, records: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        if self.date_field and data.get("start"):
            records = records.filter(**{f"{self.date_field}__gte": data["start"]})
        if self.date_field and data.get("end"):
            records = records.filter(**{f"{self.date_field}__lte": data["end"]})
        return records

    def get_queryset(self) -> QuerySet[Any]:
        return self.records().select_related(*self.related)

    def cells(self, record: Any) -> list[Any]:
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            form=self.form,
            title=self.title,
            headers=self.headers,
            rows=[self.cells(record) for record in context["object_list"]],
            add_url=reverse(self.add_url_name) if self.add_url_name else "",
            export_url=reverse(self.export_url_name) if self.export_url_name else "",
            can_add=can(self.request.user, Action.ADD, self.unit),
        )
        return context


class RecordExport(WorkspaceMixin, View):
    list_view: type[RecordList]
    columns: list[Column]
    filename = ""

    def get(self, request: HttpRequest) -> StreamingHttpResponse:
        view = self.list_view()
        view.request, view.unit = request, self.unit
        name = f"{self.filename}-{timezone.localdate():%Y%m%d}.csv"
        return csv_export(name, view.records().order_by("-pk"), self.columns)


def link(text: Any, url_name: str, obj: Model) -> dict[str, Any]:
    return {"text": text, "url": reverse(url_name, args=[obj.pk])}
