"""API for the union tree (``units/``), staff grants (``grants/``) and the audit log.

Writes go through ``gonghui.core.services``, which check access again and write the audit row.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.core import services
from gonghui.core.api.serializers import (
    AuditLogSerializer,
    GrantSerializer,
    OrgUnitCreateSerializer,
    OrgUnitMoveSerializer,
    OrgUnitSerializer,
    OrgUnitUpdateSerializer,
)
from gonghui.core.api.viewsets import ScopedGenericViewSet, ScopedReadOnlyViewSet
from gonghui.core.choices import Action
from gonghui.core.filters import AuditLogFilter, GrantFilter, OrgUnitFilter
from gonghui.core.models import AuditLog, Grant, OrgUnit


@extend_schema_view(
    list=extend_schema(summary="List union units"),
    retrieve=extend_schema(summary="Read a union unit"),
)
class OrgUnitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Union units (工会组织) the user may view; writes need the "manage" action."""

    queryset = OrgUnit.objects.select_related("parent")
    serializer_class = OrgUnitSerializer
    filterset_class = OrgUnitFilter
    ordering_fields = ["path", "code", "name", "depth", "created_at"]
    ordering = ["path"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    scope_actions = {
        "create": Action.MANAGE,
        "partial_update": Action.MANAGE,
        "move": Action.MANAGE,
    }
    write_serializer_classes = {
        "create": OrgUnitCreateSerializer,
        "partial_update": OrgUnitUpdateSerializer,
        "move": OrgUnitMoveSerializer,
    }

    @extend_schema(
        summary="Add a union unit", responses={status.HTTP_201_CREATED: OrgUnitSerializer}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated_input()
        unit = services.unit_create(by=request.user, **data)
        return self.saved_response(unit, status.HTTP_201_CREATED)

    @extend_schema(summary="Change a union unit's own fields", responses=OrgUnitSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        unit = self.get_object()
        data = self.validated_input(unit, partial=True)
        unit = services.unit_update(by=request.user, unit=unit, **data)
        return self.saved_response(unit)

    @extend_schema(summary="Move a unit with its subtree", responses=OrgUnitSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str | None = None) -> Response:
        unit = self.get_object()
        data = self.validated_input()
        unit = services.unit_move(by=request.user, unit=unit, new_parent=data["parent"])
        return self.saved_response(unit)

    @extend_schema(summary="Direct subordinate units", responses=OrgUnitSerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[OrderingFilter])
    def children(self, request: Request, pk: str | None = None) -> Response:
        unit = self.get_object()
        queryset = self.filter_queryset(self.get_queryset().filter(parent_id=unit.pk))
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    @extend_schema(
        summary="Superior units within the user's scope, from the top",
        responses=OrgUnitSerializer(many=True),
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def ancestors(self, request: Request, pk: str | None = None) -> Response:
        unit = self.get_object()
        # Read off the materialized path, and still restricted: a county officer's
        # breadcrumb stops at the county.
        queryset = self.get_queryset().ancestors(unit)  # type: ignore[attr-defined]
        return Response(self.get_serializer(queryset, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="List grants on units the user manages"),
    retrieve=extend_schema(summary="Read a grant"),
    destroy=extend_schema(summary="Withdraw a grant"),
)
class GrantViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    ScopedGenericViewSet,
):
    """Staff roles on units (授权); only for users who manage the unit."""

    queryset = Grant.objects.select_related("user", "unit").order_by("unit__path", "pk")
    serializer_class = GrantSerializer
    filterset_class = GrantFilter
    ordering_fields = ["created_at", "role"]
    scope_actions = {
        "list": Action.MANAGE,
        "retrieve": Action.MANAGE,
        "create": Action.MANAGE,
        "destroy": Action.MANAGE,
    }

    @extend_schema(summary="Give a user a role on a unit")
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated_input()
        grant = services.grant_add(by=request.user, **data)
        return self.saved_response(grant, status.HTTP_201_CREATED)

    def perform_destroy(self, instance: Grant) -> None:
        services.grant_remove(by=self.request.user, grant=instance)


@extend_schema_view(
    list=extend_schema(summary="Read the audit log"),
    retrieve=extend_schema(summary="Read one audit log entry"),
)
class AuditLogViewSet(ScopedReadOnlyViewSet):
    """The audit log (操作日志) of the units the user may audit. It cannot be written."""

    queryset = AuditLog.objects.select_related("content_type")
    serializer_class = AuditLogSerializer
    filterset_class = AuditLogFilter
    ordering_fields = ["at", "id"]
    ordering = ["-at", "-id"]
    scope_actions = {"list": Action.AUDIT, "retrieve": Action.AUDIT}
