"""Helpers for the API tests: a client logged in as a persona, and a snapshot of the writes."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from gonghui.core.models import AuditLog, Grant, OrgUnit

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def client_for(user: Any = None) -> APIClient:
    """A client with the persona's session: each request reads the user and grants afresh."""
    client = APIClient()
    if user is not None:
        client.force_login(user, backend=MODEL_BACKEND)
    return client


def refused(status_code: int) -> bool:
    return status_code in {401, 403}


def core_state() -> tuple[Any, ...]:
    """What a refused write must leave unchanged in the tree, the grants and the audit log."""
    return (
        list(OrgUnit.objects.order_by("pk").values_list("pk", "code", "name", "path", "status")),
        list(Grant.objects.order_by("pk").values_list("pk", "user_id", "unit_id", "role")),
        AuditLog.objects.count(),
    )
