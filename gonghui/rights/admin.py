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
from gonghui.rights.models import (
    BargainingOffer,
    CollectiveContract,
    Hazard,
    Inspection,
    MediationBody,
    MediationCase,
    RequestCategory,
    SafetyCompetitionEntry,
)


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


# Part B records: read-only in the admin, restricted to the user's scope. They are written
# only through the workspace pages and the API (services with their checks and audit rows).


class ScopedReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).restrict(request.user, Action.VIEW)  # type: ignore[attr-defined]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_staff_user(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_staff_user(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MediationBody)
class MediationBodyAdmin(ScopedReadOnlyAdmin):
    list_display = ["name", "kind", "court_name", "established_on", "is_active", "unit"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "court_name"]
    list_select_related = ["unit"]


@admin.register(MediationCase)
class MediationCaseAdmin(ScopedReadOnlyAdmin):
    list_display = ["opened_on", "body", "employer_name", "outcome", "amount_agreed", "unit"]
    list_filter = ["outcome"]
    list_select_related = ["unit", "body"]
    exclude = ["worker"]  # the worker's personal data stays in the registry's pages


@admin.register(BargainingOffer)
class BargainingOfferAdmin(ScopedReadOnlyAdmin):
    list_display = ["sent_on", "kind", "target_name", "contract_type", "answer", "unit"]
    list_filter = ["kind", "answer"]
    list_select_related = ["unit"]


@admin.register(CollectiveContract)
class CollectiveContractAdmin(ScopedReadOnlyAdmin):
    list_display = ["title", "kind", "contract_type", "signed_on", "expires_on",
                    "workers_covered", "unit"]  # fmt: skip
    list_filter = ["kind", "contract_type"]
    search_fields = ["title"]
    list_select_related = ["unit"]


@admin.register(Inspection)
class InspectionAdmin(ScopedReadOnlyAdmin):
    list_display = ["date", "enterprise", "inspectors", "unit"]
    list_select_related = ["unit", "enterprise"]


@admin.register(Hazard)
class HazardAdmin(ScopedReadOnlyAdmin):
    list_display = ["description", "severity", "deadline", "status", "rectified_on"]
    list_filter = ["severity", "status"]


@admin.register(SafetyCompetitionEntry)
class SafetyCompetitionEntryAdmin(ScopedReadOnlyAdmin):
    list_display = ["year", "participant_name", "workers", "unit"]
    list_filter = ["year"]
    list_select_related = ["unit"]
