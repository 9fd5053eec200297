"""Campaigns, disbursement batches and employment plans in the admin, to read only: every
change goes through the services (the workspace, the API), which keep the quotas' totals, the
once-per-campaign rule and the batches' lines. Bank accounts show masked."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gonghui.assistance.models import (
    Campaign,
    CampaignPayment,
    CampaignQuota,
    DisbursementBatch,
    DisbursementLine,
    EmploymentPlan,
)
from gonghui.core.admin_base import ScopedModelAdmin


class ReadOnlyAdmin(ScopedModelAdmin):
    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class QuotaInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CampaignQuota
    fields = ["unit", "parent", "households", "amount"]
    readonly_fields = ["unit", "parent", "households", "amount"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "unit", "starts_on", "ends_on", "households", "budget"]
    list_filter = ["kind"]
    search_fields = ["name"]
    list_select_related = ["unit"]
    inlines = [QuotaInline]


@admin.register(CampaignPayment)
class CampaignPaymentAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "file", "member", "amount", "paid_on", "quota"]
    list_filter = ["campaign__kind"]
    list_select_related = ["campaign", "file__person", "member", "quota__unit"]
    search_fields = ["file__person__name", "member__name"]


class LineInline(admin.TabularInline):  # type: ignore[type-arg]
    model = DisbursementLine
    fields = ["reference", "payee_name", "amount", "status", "settled_on", "failure_reason"]
    readonly_fields = [
        "reference",
        "payee_name",
        "amount",
        "status",
        "settled_on",
        "failure_reason",
    ]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DisbursementBatch)
class DisbursementBatchAdmin(ReadOnlyAdmin):
    list_display = ["reference", "unit", "total", "created_at", "created_by"]
    search_fields = ["reference"]
    list_select_related = ["unit", "created_by"]
    inlines = [LineInline]


@admin.register(EmploymentPlan)
class EmploymentPlanAdmin(ReadOnlyAdmin):
    list_display = ["person", "school", "graduation_year", "status", "responsible", "updated_at"]
    list_filter = ["status"]
    search_fields = ["person__name", "school"]
    list_select_related = ["person", "responsible"]
    exclude = ["member"]
