"""Cases in the admin, to read only: every change goes through the services (the workspace,
the API), which keep the state machine, the version and the timeline."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from gonghui.casework.models import Case
from gonghui.casework.selectors import APPLICANT_CLEAR_FIELDS
from gonghui.core.admin_base import ScopedModelAdmin


@admin.register(Case)
class CaseAdmin(ScopedModelAdmin):
    list_display = ["reference", "title", "kind", "state", "unit", "assignee", "submitted_at"]
    list_filter = ["state", "channel", "kind"]
    search_fields = ["reference", "title"]
    list_select_related = ["unit", "assignee"]
    date_hierarchy = "submitted_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).defer(*APPLICANT_CLEAR_FIELDS)  # type: ignore[no-any-return]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in Case._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
