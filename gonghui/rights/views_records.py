"""What the mediation, bargaining and inspection pages share: a scoped list with filters, a
search, pages and CSV; a detail page; a form page for a new record or an action on one."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from gonghui.core.choices import Action
from gonghui.core.scoping import can
from gonghui.core.views.base import WorkspaceMixin
from gonghui.registry.models import Enterprise
from gonghui.rights import forms_protection
from gonghui.rights.views import _FormPage, _RecordList


class FilteredList(_RecordList):
    """A ``_RecordList`` with its own filter form: a date range, a search over
    ``search_fields`` and whatever ``narrow`` does with the other fields."""

    filter_form_class: Any = forms_protection.SearchForm
    search_fields: tuple[str, ...] = ()

    def records(self) -> QuerySet[Any]:
        self.form = self.filter_form_class(self.request.GET or None)
        records = self.model.objects.restrict(self.request.user, Action.VIEW).within(self.unit)
        data = self.form.cleaned_data if self.form.is_valid() else {}
        if self.date_field and data.get("start"):
            records = records.filter(**{f"{self.date_field}__gte": data["start"]})
        if self.date_field and data.get("end"):
            records = records.filter(**{f"{self.date_field}__lte": data["end"]})
        query = (data.get("q") or "").strip()
        if query and self.search_fields:
            condition = Q()
            for name in self.search_fields:
                condition |= Q(**{f"{name}__icontains": query})
            records = records.filter(condition)
        return self.narrow(records, data)

    def narrow(self, records: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        return records

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["show_dates"] = True
        return context


class RecordDetail(WorkspaceMixin, View):
    """A record the user may see (404 otherwise), with what ``context`` adds."""

    model: Any
    related: tuple[str, ...] = ()
    list_url_name = ""
    list_title: Any = ""
    obj: Any

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.obj = get_object_or_404(
            self.model.objects.restrict(request.user, Action.VIEW).select_related(*self.related),
            pk=pk,
        )
        self.can_change = can(request.user, Action.CHANGE, self.obj)
        context = {
            "object": self.obj,
            "can_change": self.can_change,
            "list_url": reverse(self.list_url_name),
            "list_title": self.list_title,
            "actions": [],
            "badges": [],
            "sections": [],
            **self.context(),
        }
        return render(request, "rights/detail.html", context)

    def context(self) -> dict[str, Any]:
        raise NotImplementedError


class PickerMixin:
    """Forms with the registry's enterprise search (a hidden ``employer`` id)."""

    request: HttpRequest
    picker_required = True

    def picked_enterprise(self, form: Any) -> Enterprise | None:
        employer_id = form.cleaned_data.get("employer")
        if not employer_id:
            if self.picker_required:
                raise ValidationError({"employer": _("Choose an enterprise from the list.")})
            return None
        employer = (
            Enterprise.objects.restrict(self.request.user, Action.VIEW)
            .select_related("unit")
            .filter(pk=employer_id)
            .first()
        )
        if employer is None:
            raise ValidationError({"employer": _("Choose an enterprise from the list.")})
        return employer


class RecordForm(PickerMixin, _FormPage):
    """A form page of part B: a new record of the picked unit, or an action on a record."""

    template_name = "rights/record_form.html"
    picker_label: Any = _("Enterprise")
    parent_url_name = ""
    parent_title: Any = ""

    def base_context(self) -> dict[str, Any]:
        return {
            "picker_label": self.picker_label,
            "parent_url": reverse(self.parent_url_name) if self.parent_url_name else "",
            "parent_title": self.parent_title,
        }

    def context(self) -> dict[str, Any]:
        return self.base_context()


class NewRecord(RecordForm):
    """A new record owned by the picked unit (``Add`` on it needed)."""

    def prepare(self, **kwargs: Any) -> None:
        if not can(self.request.user, Action.ADD, self.unit):
            raise PermissionDenied


class RecordAction(RecordForm):
    """A form acting on one record: 404 outside the user's view, 403 without ``Change``."""

    model: Any
    related: tuple[str, ...] = ()
    detail_url_name = ""
    form_class: Any
    obj: Any

    def prepare(self, **kwargs: Any) -> None:
        self.obj = get_object_or_404(
            self.model.objects.restrict(self.request.user, Action.VIEW).select_related(
                *self.related
            ),
            pk=kwargs["pk"],
        )
        if not can(self.request.user, Action.CHANGE, self.obj):
            raise PermissionDenied

    def detail_url(self) -> str:
        return reverse(self.detail_url_name, args=[self.obj.pk])

    def context(self) -> dict[str, Any]:
        return {
            **self.base_context(),
            "subject": str(self.subject()),
            "back_url": self.detail_url(),
        }

    def subject(self) -> Any:
        return self.obj

    def form_kwargs(self) -> dict[str, Any]:
        return {}

    def make_form(self, data: Any = None) -> Any:
        return self.form_class(data, **self.form_kwargs())

    def success_url(self, obj: Any) -> str:
        return self.detail_url()


def link(text: Any, url: str) -> dict[str, Any]:
    return {"text": text, "url": url}


def action(label: Any, url: str, style: str = "secondary") -> dict[str, Any]:
    return {"label": label, "url": url, "style": style}
