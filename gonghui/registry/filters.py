"""Filters for workers and employers; ``q`` is the search box of the selectors."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.core.filters import WithinFilter
from gonghui.registry.choices import (
    EnterpriseKind,
    EnterpriseSize,
    Gender,
    Hukou,
    Industry,
    WorkerGroup,
)
from gonghui.registry.models import Enterprise, Person
from gonghui.registry.selectors import enterprise_search, person_search


class PersonFilter(django_filters.FilterSet):
    within = WithinFilter()
    gender = django_filters.ChoiceFilter(choices=Gender.choices)
    worker_group = django_filters.MultipleChoiceFilter(choices=WorkerGroup.choices)
    is_migrant_worker = django_filters.BooleanFilter()
    hukou = django_filters.ChoiceFilter(choices=Hukou.choices)
    employer = django_filters.NumberFilter(field_name="employer_id", label=_("employer"))
    born_from = django_filters.DateFilter(
        field_name="birth_date", lookup_expr="gte", label=_("Born on or after")
    )
    born_to = django_filters.DateFilter(
        field_name="birth_date", lookup_expr="lte", label=_("Born on or before")
    )
    q = django_filters.CharFilter(
        method="filter_q", label=_("Name, pinyin initials, ID number or mobile number")
    )

    class Meta:
        model = Person
        fields = [
            "within", "gender", "worker_group", "is_migrant_worker", "hukou", "employer",
            "born_from", "born_to", "q",
        ]  # fmt: skip

    def filter_q(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return person_search(queryset, value)


class EnterpriseFilter(django_filters.FilterSet):
    within = WithinFilter()
    kind = django_filters.MultipleChoiceFilter(choices=EnterpriseKind.choices)
    size = django_filters.MultipleChoiceFilter(choices=EnterpriseSize.choices)
    industry = django_filters.MultipleChoiceFilter(choices=Industry.choices)
    union_founded = django_filters.BooleanFilter()
    region_code = django_filters.CharFilter()
    q = django_filters.CharFilter(
        method="filter_q", label=_("Name, pinyin initials or credit code")
    )

    class Meta:
        model = Enterprise
        fields = ["within", "kind", "size", "industry", "union_founded", "region_code", "q"]

    def filter_q(
        self, queryset: QuerySet[Enterprise], name: str, value: str
    ) -> QuerySet[Enterprise]:
        return enterprise_search(queryset, value)
