"""Employers (用人单位): list with search and filters, CSV export, detail, create, edit."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView, View

from gonghui.core.choices import Action, UnitStatus
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import can
from gonghui.core.views.base import (
    PAGE_SIZE,
    Column,
    HtmxListMixin,
    ServiceFormMixin,
    WorkspaceMixin,
    choice_label,
    csv_export,
    parse_id,
    yes_no_label,
)
from gonghui.registry.choices import EnterpriseKind, EnterpriseSize, Industry
from gonghui.registry.models import Enterprise, Person
from gonghui.registry.selectors import enterprise_search
from gonghui.registry.services import OWN_UNION_KINDS, enterprise_create, enterprise_update
from gonghui.registry.views.forms import EnterpriseFilterForm, EnterpriseForm, yes_no

LOOKUP_LIMIT = 10
BY_PINYIN = ("name_pinyin", "name", "pk")


def filtered_enterprises(
    request: HttpRequest, unit: OrgUnit
) -> tuple[EnterpriseFilterForm, QuerySet[Enterprise]]:
    form = EnterpriseFilterForm(request.GET or None)
    enterprises = Enterprise.objects.restrict(request.user, Action.VIEW).within(unit)
    data = form.cleaned_data if form.is_valid() else {}
    enterprises = enterprise_search(enterprises, data.get("q", ""))
    for name in ("kind", "size", "industry"):
        if data.get(name):
            enterprises = enterprises.filter(**{name: data[name]})
    founded = yes_no(data.get("union_founded"))
    if founded is not None:
        enterprises = enterprises.filter(union_founded=founded)
    return form, enterprises


class EnterpriseListView(WorkspaceMixin, HtmxListMixin, ListView):
    template_name = "registry/enterprise_list.html"
    partial_template_name = "registry/_enterprise_results.html"
    paginate_by = PAGE_SIZE
    context_object_name = "enterprises"

    def get_queryset(self) -> QuerySet[Enterprise]:
        self.form, enterprises = filtered_enterprises(self.request, self.unit)
        return enterprises.select_related("unit").order_by(*BY_PINYIN)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            form=self.form, can_add=can(self.request.user, Action.ADD, self.unit), **kwargs
        )


EXPORT_COLUMNS: list[Column] = [
    ("name", gettext_lazy("Name"), None),
    ("credit_code", gettext_lazy("Unified social credit code"), None),
    ("kind", gettext_lazy("Kind"), choice_label(EnterpriseKind.choices)),
    ("industry", gettext_lazy("Industry"), choice_label(Industry.choices)),
    ("size", gettext_lazy("Size"), choice_label(EnterpriseSize.choices)),
    ("region_code", gettext_lazy("Region code"), None),
    ("address", gettext_lazy("Address"), None),
    ("employee_count", gettext_lazy("Number of employees"), None),
    ("union_founded", gettext_lazy("Union founded"), yes_no_label),
    ("unit__name", gettext_lazy("Responsible union unit"), None),
]


class EnterpriseExportView(WorkspaceMixin, View):
    """The filtered list as CSV, streamed whatever its length."""

    def get(self, request: HttpRequest) -> StreamingHttpResponse:
        _form, enterprises = filtered_enterprises(request, self.unit)
        filename = f"employers-{timezone.localdate():%Y%m%d}.csv"
        return csv_export(filename, enterprises.order_by(*BY_PINYIN), EXPORT_COLUMNS)


def _visible_enterprise(request: HttpRequest, pk: int) -> Enterprise:
    return get_object_or_404(
        Enterprise.objects.restrict(request.user, Action.VIEW).select_related("unit", "own_union"),
        pk=pk,
    )


class EnterpriseDetailView(WorkspaceMixin, DetailView):
    template_name = "registry/enterprise_detail.html"
    context_object_name = "enterprise"

    def get_object(self, queryset: Any = None) -> Enterprise:
        return _visible_enterprise(self.request, self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user, enterprise = self.request.user, self.object
        registered = Person.objects.restrict(user, Action.VIEW).filter(employer=enterprise)
        return super().get_context_data(
            registered=registered.count(),
            can_change=can(user, Action.CHANGE, enterprise),
            **kwargs,
        )


class EnterpriseLookupView(WorkspaceMixin, View):
    """htmx: employers in the picked unit matching a search, as radio buttons for a form."""

    def get(self, request: HttpRequest) -> HttpResponse:
        visible = Enterprise.objects.restrict(request.user, Action.VIEW)
        query = request.GET.get("employer_q", "").strip()[:60]
        found = (
            list(enterprise_search(visible.within(self.unit), query)[:LOOKUP_LIMIT])
            if query
            else []
        )
        selected_id = parse_id(request.GET.get("employer"))
        selected = visible.filter(pk=selected_id).first() if selected_id else None
        if selected is not None:
            found = [selected, *(e for e in found if e.pk != selected.pk)]
        return render(
            request,
            "registry/_employer_options.html",
            {"options": found, "selected": selected, "query": query},
        )


class _EnterpriseFormView(WorkspaceMixin, ServiceFormMixin, View):
    template_name = "registry/enterprise_form.html"
    enterprise: Enterprise | None = None

    def make_form(self, data: Any = None) -> EnterpriseForm:
        e = self.enterprise
        if e is None:
            initial: dict[str, Any] = {"region_code": self.unit.region_code}
        else:
            initial = {
                "name": e.name, "credit_code": e.credit_code, "kind": e.kind,
                "industry": e.industry, "size": e.size, "region_code": e.region_code,
                "address": e.address, "employee_count": e.employee_count,
                "union_founded": e.union_founded, "union_founded_on": e.union_founded_on,
                "own_union": e.own_union_id,
            }  # fmt: skip
        return EnterpriseForm(data, initial=initial, unions=self._own_union_choices())

    def _own_union_choices(self) -> Any:
        """Grassroots and joint unions of the picked unit's subtree the user may change."""
        return (
            OrgUnit.objects.restrict(self.request.user, Action.CHANGE)
            .within(self.unit)
            .filter(kind__in=OWN_UNION_KINDS, status=UnitStatus.ACTIVE)
            .order_by("code")
        )

    def render_form(self, form: EnterpriseForm, status: int = 200) -> HttpResponse:
        context = {"form": form, "enterprise": self.enterprise}
        return render(self.request, self.template_name, context, status=status)

    def success_url(self, enterprise: Any) -> str:
        return reverse("registry:enterprise_detail", args=[enterprise.pk])


class EnterpriseCreateView(_EnterpriseFormView):
    """A new employer under the picked unit's responsibility."""

    def prepare(self, **kwargs: Any) -> None:
        if not can(self.request.user, Action.ADD, self.unit):
            raise PermissionDenied

    def save(self, form: EnterpriseForm) -> Enterprise:
        return enterprise_create(by=self.request.user, unit=self.unit, **form.cleaned_data)


class EnterpriseUpdateView(_EnterpriseFormView):
    def prepare(self, **kwargs: Any) -> None:
        self.enterprise = _visible_enterprise(self.request, kwargs["pk"])
        if not can(self.request.user, Action.CHANGE, self.enterprise):
            raise PermissionDenied

    def save(self, form: EnterpriseForm) -> Enterprise:
        assert self.enterprise is not None
        return enterprise_update(
            by=self.request.user, enterprise=self.enterprise, **form.cleaned_data
        )
