"""Eligibility rules (认定标准): list, versions, create, revise (a new version)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import ListView, View

from gonghui.assistance import selectors, services
from gonghui.assistance.forms import RuleCreateForm, RuleReviseForm
from gonghui.assistance.models import EligibilityRule
from gonghui.core.choices import Action
from gonghui.core.scoping import can
from gonghui.core.views.base import PAGE_SIZE, ServiceFormMixin, WorkspaceMixin


class RuleListView(WorkspaceMixin, ListView):
    """The current version of every rule the user may see (older versions on each rule)."""

    template_name = "assistance/rule_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "rules"

    def get_queryset(self) -> QuerySet[EligibilityRule]:
        return (
            EligibilityRule.objects.restrict(self.request.user, Action.VIEW)
            .filter(superseded_at__isnull=True)
            .select_related("unit")
            .order_by("-year", "region_code")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        can_add = can(self.request.user, Action.CHANGE, self.unit) and (
            self.unit.kind in services.RULE_ISSUERS
        )
        return super().get_context_data(can_add=can_add, **kwargs)


def visible_rule(request: HttpRequest, pk: int) -> EligibilityRule:
    rules = EligibilityRule.objects.restrict(request.user, Action.VIEW).select_related("unit")
    return get_object_or_404(rules, pk=pk)


class RuleDetailView(WorkspaceMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        rule = visible_rule(request, pk)
        context = {
            "rule": rule,
            "versions": selectors.rule_versions(rule).select_related("created_by"),
            "can_revise": rule.is_current
            and can(request.user, Action.CHANGE, rule)
            and rule.unit.kind in services.RULE_ISSUERS,
        }
        return render(request, "assistance/rule_detail.html", context)


class RuleCreateView(WorkspaceMixin, ServiceFormMixin, View):
    def prepare(self, **kwargs: Any) -> None:
        if not can(self.request.user, Action.CHANGE, self.unit):
            raise PermissionDenied

    def make_form(self, data: Any = None) -> RuleCreateForm:
        initial = {"region_code": self.unit.region_code, "year": timezone.localdate().year}
        return RuleCreateForm(data, initial=initial)

    def render_form(self, form: Any, status: int = 200) -> HttpResponse:
        return render(
            self.request, "assistance/rule_form.html", {"form": form, "rule": None}, status=status
        )

    def save(self, form: RuleCreateForm) -> EligibilityRule:
        return services.eligibility_rule_create(
            by=self.request.user, unit=self.unit, **form.cleaned_data
        )

    def success_url(self, rule: Any) -> str:
        return reverse("assistance:rule_detail", args=[rule.pk])


class RuleReviseView(WorkspaceMixin, ServiceFormMixin, View):
    rule: EligibilityRule

    def prepare(self, **kwargs: Any) -> None:
        self.rule = visible_rule(self.request, kwargs["pk"])
        if not can(self.request.user, Action.CHANGE, self.rule):
            raise PermissionDenied

    def make_form(self, data: Any = None) -> RuleReviseForm:
        rule = self.rule
        initial = {
            "income_threshold": rule.income_threshold,
            "qualifying_causes": rule.qualifying_causes,
            "exclusions": rule.exclusions,
        }
        return RuleReviseForm(data, initial=initial)

    def render_form(self, form: Any, status: int = 200) -> HttpResponse:
        return render(
            self.request, "assistance/rule_form.html", {"form": form, "rule": self.rule},
            status=status,
        )  # fmt: skip

    def save(self, form: RuleReviseForm) -> EligibilityRule:
        return services.eligibility_rule_revise(
            by=self.request.user, rule=self.rule, **form.cleaned_data
        )

    def success_url(self, rule: Any) -> str:
        return reverse("assistance:rule_detail", args=[rule.pk])
