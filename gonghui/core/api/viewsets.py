from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet
from rest_framework import viewsets

from gonghui.core.api.permissions import METHOD_ACTIONS
from gonghui.core.choices import Action


class ScopedViewSetMixin:
    """Every queryset goes through ``restrict(user, action)``: a viewset never filters by hand.

    Writes are checked again by the services they call. ``scope_actions`` maps extra routes to
    the action they need.
    """

    scope_actions: ClassVar[dict[str, str]] = {}
    request: Any
    action: Any

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


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):  # type: ignore[misc]
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):  # type: ignore[misc]
    pass
