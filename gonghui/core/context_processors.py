from typing import Any

from django.http import HttpRequest

from gonghui.core.choices import Action
from gonghui.core.scoping import can


def workspace(request: HttpRequest) -> dict[str, Any]:
    """The picked unit and what the side navigation offers, on workspace pages only."""
    unit = getattr(request, "workspace_unit", None)
    if unit is None:
        return {}
    return {
        "workspace_unit": unit,
        "workspace_can_audit": can(request.user, Action.AUDIT),
    }
