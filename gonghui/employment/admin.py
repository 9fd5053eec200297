"""Employment records in the admin: scoped, for looking things up. Writes go through the
workspace pages and the API, whose services screen postings, schedule follow-ups and check
the pay ranges; here records are read (and deleted by administrators, audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gonghui.core.admin_base import ScopedModelAdmin
from gonghui.core.scoping import is_staff_user
from gonghui.employment.models import (
    FairRegistration,
    InterviewIntent,
    JobFair,
    JobPosting,
    JobSeeker,
    LabourExportBatch,
    LoanSubsidy,
    Occupation,
    Placement,
    Training,
)


class _ReadOnly(ScopedModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]

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


@admin.register(JobPosting)
class JobPostingAdmin(_ReadOnly):
    list_display = ["title", "enterprise", "status", "openings", "valid_until", "unit"]
    list_filter = ["status"]
    search_fields = ["title", "enterprise__name"]
    list_select_related = ["enterprise", "unit"]
    exclude = ["contact_phone"]


@admin.register(JobSeeker)
class JobSeekerAdmin(_ReadOnly):
    list_display = ["person", "education", "active", "consent_to_share_contact", "unit"]
    list_filter = ["active", "education"]
    search_fields = ["person__name"]
    list_select_related = ["person", "unit"]


@admin.register(JobFair)
class JobFairAdmin(_ReadOnly):
    list_display = ["title", "mode", "starts_on", "unit"]
    list_filter = ["mode"]
    search_fields = ["title"]


@admin.register(FairRegistration)
class FairRegistrationAdmin(_ReadOnly):
    list_display = ["fair", "person", "registered_at", "checked_in_at"]
    list_select_related = ["fair", "person"]
    exclude = ["token"]


@admin.register(InterviewIntent)
class InterviewIntentAdmin(_ReadOnly):
    list_display = ["seeker", "enterprise", "outcome", "recorded_at"]
    list_filter = ["outcome"]


@admin.register(Training)
class TrainingAdmin(_ReadOnly):
    list_display = ["title", "provider", "starts_on", "capacity", "is_order_based", "unit"]
    search_fields = ["title", "provider"]


@admin.register(Placement)
class PlacementAdmin(_ReadOnly):
    list_display = ["person", "enterprise", "start_date", "source", "unit"]
    list_filter = ["source"]
    list_select_related = ["person", "enterprise", "unit"]


@admin.register(LabourExportBatch)
class LabourExportBatchAdmin(_ReadOnly):
    list_display = ["departed_on", "destination", "workers_count", "unit"]


@admin.register(LoanSubsidy)
class LoanSubsidyAdmin(_ReadOnly):
    list_display = ["granted_on", "bank", "loan_amount", "subsidy_amount", "jobs_created", "unit"]
