"""The admin's base class: scoped by grants, every write audited, like the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest

from gonghui.core.audit import audit_record, audit_save, snapshot
from gonghui.core.choices import Action, AuditAction
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import can, ensure_can, is_staff_user


class ScopedModelAdmin(admin.ModelAdmin):
    """Lists only what the user's grants cover; permissions come from roles, not Django perms."""

    list_per_page = 50

    def get_queryset(self, request: HttpRequest) -> Any:
        queryset: Any = super().get_queryset(request)
        return queryset.restrict(request.user, Action.VIEW)

    def _can(self, request: HttpRequest, action: str, obj: Any = None) -> bool:
        return can(request.user, action, obj)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_staff_user(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._can(request, Action.VIEW, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._can(request, Action.ADD)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._can(request, Action.CHANGE, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._can(request, Action.DELETE, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.related_model is OrgUnit:
            kwargs["queryset"] = OrgUnit.objects.restrict(request.user, Action.ADD)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        ensure_can(request.user, Action.CHANGE if change else Action.ADD, obj)
        audit_save(by=request.user, obj=obj, before=before)

    @transaction.atomic
    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        ensure_can(request.user, Action.DELETE, obj)
        audit_record(by=request.user, action=AuditAction.DELETE, obj=obj, before=snapshot(obj))
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
