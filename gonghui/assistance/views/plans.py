"""Employment plans (一人一策): list and export, create from a file, edit."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.generic import ListView, View

from gonghui.assistance import services
from gonghui.assistance.choices import PlanStatus, Situation
from gonghui.assistance.forms import PlanCreateForm, PlanEditForm, PlanFilterForm
from gonghui.assistance.models import EmploymentPlan, HardshipFile
from gonghui.assistance.views.files import handled_file
from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit, User
from gonghui.core.scoping import can
from gonghui.core.views.base import (
    PAGE_SIZE,
    Column,
    HtmxListMixin,
    ServiceFormMixin,
    WorkspaceMixin,
    choice_label,
    csv_export,
)


def staff_for(unit: OrgUnit) -> QuerySet[User]:
    """Staff whose grants cover ``unit`` (on it or a unit above it)."""
    return (
        User.objects.filter(
            Q(grants__unit_id__in=unit.ancestor_ids) | Q(grants__unit__path__startswith=unit.path)
        )
        .distinct()
        .order_by("username")
    )


def filtered_plans(
    request: HttpRequest, unit: OrgUnit
) -> tuple[PlanFilterForm, QuerySet[EmploymentPlan]]:
    form = PlanFilterForm(request.GET or None)
    plans = EmploymentPlan.objects.restrict(request.user, Action.VIEW).within(unit)
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("q"):
        plans = plans.filter(person__name__contains=data["q"].strip())
    if data.get("status"):
        plans = plans.filter(status=data["status"])
    return form, plans.order_by("-updated_at", "-pk")


class PlanListView(WorkspaceMixin, HtmxListMixin, ListView):
    template_name = "assistance/plan_list.html"
    partial_template_name = "assistance/_plan_results.html"
    paginate_by = PAGE_SIZE
    context_object_name = "plans"

    def get_queryset(self) -> QuerySet[EmploymentPlan]:
        self.form, plans = filtered_plans(self.request, self.unit)
        return plans.select_related("person", "file", "responsible").defer(
            "person__id_number", "person__phone", "file__cause_detail", "file__bank_account"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(form=self.form, **kwargs)


PLAN_COLUMNS: list[Column] = [
    ("person__name", gettext_lazy("Graduate"), None),
    ("person__id_number_masked", gettext_lazy("ID number"), None),
    ("file_id", gettext_lazy("File number"), lambda pk: f"KN{pk:06d}"),
    ("school", gettext_lazy("School"), None),
    ("major", gettext_lazy("Major"), None),
    ("graduation_year", gettext_lazy("Graduation year"), None),
    ("wanted_occupation", gettext_lazy("Wanted occupation"), None),
    ("status", gettext_lazy("Status"), choice_label(PlanStatus.choices)),
    ("responsible__username", gettext_lazy("Staff responsible"), None),
]


class PlanExportView(WorkspaceMixin, View):
    def get(self, request: HttpRequest) -> StreamingHttpResponse:
        _form, plans = filtered_plans(request, self.unit)
        return csv_export(f"employment-plans-{timezone.localdate():%Y%m%d}.csv", plans,
                          PLAN_COLUMNS)  # fmt: skip


class PlanCreateView(WorkspaceMixin, ServiceFormMixin, View):
    file: HardshipFile

    def prepare(self, **kwargs: Any) -> None:
        self.file = handled_file(self.request, kwargs["pk"])

    def make_form(self, data: Any = None) -> PlanCreateForm:
        # JSON "contains" is not on every database: the household is small, filter here.
        ids = [m.pk for m in self.file.members.all() if Situation.UNEMPLOYED in m.situations]
        members = self.file.members.filter(pk__in=ids)
        initial = {"responsible": self.request.user, "graduation_year": timezone.localdate().year}
        return PlanCreateForm(
            data, members=members, staff=staff_for(self.file.unit), initial=initial
        )

    def render_form(self, form: Any, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "title": gettext("New employment plan") + " · " + self.file.file_number,
            "cancel_url": reverse("assistance:file_detail", args=[self.file.pk]),
        }
        return render(self.request, "assistance/form_page.html", context, status=status)

    def save(self, form: PlanCreateForm) -> EmploymentPlan:
        return services.employment_plan_create(
            by=self.request.user, file=self.file, **form.cleaned_data
        )

    def success_url(self, plan: Any) -> str:
        return reverse("assistance:file_detail", args=[self.file.pk])


class PlanEditView(WorkspaceMixin, ServiceFormMixin, View):
    plan: EmploymentPlan

    def prepare(self, **kwargs: Any) -> None:
        plans = EmploymentPlan.objects.restrict(self.request.user, Action.VIEW)
        self.plan = get_object_or_404(plans.select_related("file__unit", "person"), pk=kwargs["pk"])
        if not can(self.request.user, Action.CHANGE, self.plan):
            raise PermissionDenied

    def make_form(self, data: Any = None) -> PlanEditForm:
        plan = self.plan
        initial = {name: getattr(plan, name) for name in (
            "status", "school", "major", "graduation_year", "wanted_occupation", "measures",
            "responsible")}  # fmt: skip
        return PlanEditForm(data, initial=initial, staff=staff_for(plan.file.unit))

    def render_form(self, form: Any, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "title": gettext("Employment plan") + " · " + self.plan.person.name,
            "cancel_url": reverse("assistance:file_detail", args=[self.plan.file_id]),
        }
        return render(self.request, "assistance/form_page.html", context, status=status)

    def save(self, form: PlanEditForm) -> EmploymentPlan:
        return services.employment_plan_update(
            by=self.request.user, plan=self.plan, **form.cleaned_data
        )

    def success_url(self, plan: Any) -> str:
        return reverse("assistance:plan_list")
