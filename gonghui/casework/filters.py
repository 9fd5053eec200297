"""Filters for the case list of the API; ``q`` is the queue's search box."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.casework.choices import CaseState, Channel, SlaStatus
from gonghui.casework.kinds import kind_choices
from gonghui.casework.models import Case
from gonghui.casework.selectors import case_search
from gonghui.core.filters import WithinFilter


class CaseFilter(django_filters.FilterSet):
    within = WithinFilter()
    kind = django_filters.MultipleChoiceFilter(choices=kind_choices, label=_("Kind"))
    state = django_filters.MultipleChoiceFilter(choices=CaseState.choices, label=_("State"))
    channel = django_filters.MultipleChoiceFilter(choices=Channel.choices, label=_("Channel"))
    sla = django_filters.ChoiceFilter(
        choices=SlaStatus.choices, method="filter_sla", label=_("Deadline")
    )
    open = django_filters.BooleanFilter(method="filter_open", label=_("Open (not yet finished)"))
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("Assigned to me"))
    assignee = django_filters.NumberFilter(field_name="assignee_id", label=_("Assignee"))
    applicant = django_filters.NumberFilter(field_name="applicant_id", label=_("Applicant"))
    submitted_from = django_filters.DateFilter(
        field_name="submitted_at", lookup_expr="date__gte", label=_("Submitted on or after")
    )
    submitted_to = django_filters.DateFilter(
        field_name="submitted_at", lookup_expr="date__lte", label=_("Submitted on or before")
    )
    q = django_filters.CharFilter(
        method="filter_q", label=_("Reference number, applicant or title")
    )

    class Meta:
        model = Case
        fields = [
            "within", "kind", "state", "channel", "sla", "open", "mine", "assignee",
            "applicant", "submitted_from", "submitted_to", "q",
        ]  # fmt: skip

    def filter_sla(self, queryset: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        return queryset.sla(value) if value else queryset  # type: ignore[attr-defined,no-any-return]

    def filter_open(self, queryset: QuerySet[Case], name: str, value: Any) -> QuerySet[Case]:
        if value is None:
            return queryset
        return queryset.open() if value else queryset.finished()  # type: ignore[attr-defined,no-any-return]

    def filter_mine(self, queryset: QuerySet[Case], name: str, value: Any) -> QuerySet[Case]:
        user = getattr(self.request, "user", None)
        if value is None or user is None:
            return queryset
        return queryset.filter(assignee=user) if value else queryset.exclude(assignee=user)

    def filter_q(self, queryset: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        return case_search(queryset, value)
