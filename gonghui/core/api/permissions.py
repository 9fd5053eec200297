from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from gonghui.core.choices import Action
from gonghui.core.scoping import can, is_staff_user

METHOD_ACTIONS = {
    "GET": Action.VIEW,
    "HEAD": Action.VIEW,
    "OPTIONS": Action.VIEW,
    "POST": Action.ADD,
    "PUT": Action.CHANGE,
    "PATCH": Action.CHANGE,
    "DELETE": Action.DELETE,
}


class StaffScoped(BasePermission):
    """Staff with at least one grant; each object checked against the user's grants.

    A viewset may name the action an extra route needs in ``scope_actions``
    (``{"reveal": Action.REVEAL}``).
    """

    def _action(self, request: Request, view: Any) -> str:
        extra = getattr(view, "scope_actions", {})
        return extra.get(
            getattr(view, "action", None),
            METHOD_ACTIONS.get(request.method or "GET", Action.CHANGE),
        )

    def has_permission(self, request: Request, view: Any) -> bool:
        return is_staff_user(request.user) and can(request.user, self._action(request, view))

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        return can(request.user, self._action(request, view), obj)
