"""Filters for union units, grants and the audit log (API and staff lists alike).

Every filter that names a unit looks it up among the units the user may view, so a filter
never confirms that a unit outside the user's scope exists.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from gonghui.core.choices import Action, AuditAction, Role, UnitKind, UnitStatus
from gonghui.core.models import AuditLog, Grant, OrgUnit


def visible_units(request: HttpRequest | None) -> QuerySet[OrgUnit]:
    """The units a filter may name: those the requesting user may view."""
    user = getattr(request, "user", None)
    return OrgUnit.objects.restrict(user, Action.VIEW)


@extend_schema_field(OpenApiTypes.INT)
class WithinFilter(django_filters.ModelChoiceFilter):
    """``within=<unit id>``: rows owned by the unit or any unit below it (one prefix query)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", visible_units)
        kwargs.setdefault("label", _("Within unit (subtree)"))
        super().__init__(**kwargs)

    def filter(self, qs: Any, value: OrgUnit | None) -> Any:
        if value is None:
            return qs
        return qs.within(value)


class OrgUnitFilter(django_filters.FilterSet):
    within = WithinFilter()
    parent = django_filters.NumberFilter(field_name="parent_id", label=_("parent unit"))
    kind = django_filters.MultipleChoiceFilter(choices=UnitKind.choices)
    status = django_filters.MultipleChoiceFilter(choices=UnitStatus.choices)
    region_code = django_filters.CharFilter()
    q = django_filters.CharFilter(method="filter_q", label=_("Name or unit code"))

    class Meta:
        model = OrgUnit
        fields = ["within", "parent", "kind", "status", "region_code", "q"]

    def filter_q(self, queryset: QuerySet[OrgUnit], name: str, value: str) -> QuerySet[OrgUnit]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__contains=value) | Q(short_name__contains=value) | Q(code__startswith=value)
        )


class GrantFilter(django_filters.FilterSet):
    within = WithinFilter()
    unit = django_filters.NumberFilter(field_name="unit_id", label=_("unit"))
    user = django_filters.CharFilter(field_name="user__username", label=_("user name"))
    role = django_filters.ChoiceFilter(choices=Role.choices)

    class Meta:
        model = Grant
        fields = ["within", "unit", "user", "role"]


class AuditLogFilter(django_filters.FilterSet):
    within = WithinFilter()
    username = django_filters.CharFilter()
    model = django_filters.CharFilter(
        field_name="content_type__model", lookup_expr="iexact", label=_("object type")
    )
    object_id = django_filters.CharFilter()
    action = django_filters.MultipleChoiceFilter(choices=AuditAction.choices)
    at_from = django_filters.IsoDateTimeFilter(
        field_name="at", lookup_expr="gte", label=_("From (time)")
    )
    at_to = django_filters.IsoDateTimeFilter(
        field_name="at", lookup_expr="lt", label=_("To (time, exclusive)")
    )
    request_id = django_filters.CharFilter()

    class Meta:
        model = AuditLog
        fields = [
            "within", "username", "model", "object_id", "action", "at_from", "at_to",
            "request_id",
        ]  # fmt: skip
