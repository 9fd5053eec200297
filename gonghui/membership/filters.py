"""Filters for memberships and join requests (API); ``q`` is the search box of the selectors."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.core.filters import WithinFilter
from gonghui.membership.choices import JoinChannel, JoinRequestStatus, MembershipStatus
from gonghui.membership.models import JoinRequest, Membership
from gonghui.membership.selectors import join_request_search, membership_search
from gonghui.registry.choices import WorkerGroup


class MembershipFilter(django_filters.FilterSet):
    within = WithinFilter()
    status = django_filters.MultipleChoiceFilter(choices=MembershipStatus.choices)
    channel = django_filters.MultipleChoiceFilter(choices=JoinChannel.choices)
    worker_group = django_filters.MultipleChoiceFilter(choices=WorkerGroup.choices)
    person = django_filters.NumberFilter(field_name="person_id", label=_("worker"))
    joined_from = django_filters.DateFilter(
        field_name="joined_on", lookup_expr="gte", label=_("Joined on or after")
    )
    joined_to = django_filters.DateFilter(
        field_name="joined_on", lookup_expr="lte", label=_("Joined on or before")
    )
    q = django_filters.CharFilter(
        method="filter_q", label=_("Name, ID number, mobile or card number")
    )

    class Meta:
        model = Membership
        fields = [
            "within", "status", "channel", "worker_group", "person", "joined_from", "joined_to",
            "q",
        ]  # fmt: skip

    def filter_q(
        self, queryset: QuerySet[Membership], name: str, value: str
    ) -> QuerySet[Membership]:
        return membership_search(queryset, value)


class JoinRequestFilter(django_filters.FilterSet):
    within = WithinFilter()
    status = django_filters.MultipleChoiceFilter(choices=JoinRequestStatus.choices)
    channel = django_filters.MultipleChoiceFilter(choices=JoinChannel.choices)
    wants_transfer = django_filters.BooleanFilter()
    q = django_filters.CharFilter(method="filter_q", label=_("Name, ID number or mobile"))

    class Meta:
        model = JoinRequest
        fields = ["within", "status", "channel", "wants_transfer", "q"]

    def filter_q(
        self, queryset: QuerySet[JoinRequest], name: str, value: str
    ) -> QuerySet[JoinRequest]:
        return join_request_search(queryset, value)
