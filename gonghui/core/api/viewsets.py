from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Model, QuerySet
from rest_framework import status, viewsets
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from gonghui.core.api.permissions import METHOD_ACTIONS
from gonghui.core.choices import Action


class ScopedViewSetMixin:
    """Every queryset goes through ``restrict(user, action)``: a viewset never filters by hand.

    Writes are checked again by the services they call. ``scope_actions`` maps extra routes to
    the action they need. ``write_serializer_classes`` names the serializer that validates the
    input of a write route; the answer is always the read serializer (``serializer_class``)
    of the record as saved.
    """

    scope_actions: ClassVar[dict[str, str]] = {}
    write_serializer_classes: ClassVar[dict[str, type[BaseSerializer[Any]]]] = {}
    request: Any
    action: Any
    queryset: Any
    serializer_class: Any

    def scope_action(self) -> str:
        if self.action in self.scope_actions:
            return self.scope_actions[self.action]
        if self.request.method in {"PUT", "PATCH", "DELETE", "POST"}:
            # Objects are found among what the user may view; the write itself is checked by
            # the permission class and the service.
            return Action.VIEW
        return METHOD_ACTIONS.get(self.request.method, Action.VIEW)

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()  # type: ignore[misc]
        return queryset.restrict(self.request.user, self.scope_action())

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        action = self.action
        if action == "metadata":  # OPTIONS describes the input of a POST
            action = {"POST": "create"}.get(self.request.method, action)
        write_class = self.write_serializer_classes.get(action)
        if write_class is not None:
            return write_class
        return super().get_serializer_class()  # type: ignore[misc,no-any-return]

    def validated_input(self, instance: Model | None = None, *, partial: bool = False) -> Any:
        """The request's data checked by the route's write serializer; 400 when it is not valid."""
        serializer = self.get_serializer(instance, data=self.request.data, partial=partial)  # type: ignore[attr-defined]
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def saved_response(self, instance: Model, status_code: int = status.HTTP_200_OK) -> Response:
        """Answer a write with the record as saved, read again with the list's joins."""
        # The service has re-checked the scope; the class queryset carries the joins.
        instance = self.queryset.all().get(pk=instance.pk)
        serializer = self.serializer_class(instance, context=self.get_serializer_context())  # type: ignore[attr-defined]
        return Response(serializer.data, status=status_code)


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[misc]
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):  # type: ignore[misc]
    pass


class ScopedGenericViewSet(ScopedViewSetMixin, viewsets.GenericViewSet):  # type: ignore[misc]
    """Compose with DRF's mixins for exactly the routes a resource offers."""
