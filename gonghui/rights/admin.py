"""Request categories and their deadlines: data that staff edit here (the platform-wide
settings of the 12351 service). Any staff member may read them; only an administrator with a
grant on a top-level federation may change them, and every change is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from gonghui.core.audit import audit_save, snapshot
from gonghui.core.choices import ROLE_ACTIONS, Action
from gonghui.core.scoping import is_staff_user, user_grants
from gonghui.rights.models import RequestCategory


def may_configure(user: Any) -> bool:
    return any(
        grant.unit.parent_id is None and Action.DELETE in ROLE_ACTIONS[grant.role]
        for grant in user_grants(user)
    )


@admin.register(RequestCategory)
class RequestCategoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "code", "parent", "response_hours", "urgent_response_hours",
                    "resolution_hours", "is_active", "order"]  # fmt: skip
    list_filter = ["is_active"]
    search_fields = ["name", "code"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_staff_user(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_staff_user(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return may_configure(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_configure(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a category in use is kept; set it out of use instead

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = snapshot(RequestCategory.objects.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        audit_save(by=request.user, obj=obj, before=before)
