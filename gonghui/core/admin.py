from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gonghui.core.admin_base import ScopedModelAdmin
from gonghui.core.audit import audit_record, audit_save, snapshot
from gonghui.core.choices import Action, AuditAction
from gonghui.core.models import AuditLog, Grant, OrgUnit, User
from gonghui.core.scoping import can, ensure_can, path_filter, scope_paths
from gonghui.core.services import grant_add, grant_remove, unit_create, unit_move, unit_update


@admin.register(OrgUnit)
class OrgUnitAdmin(ScopedModelAdmin):
    list_display = ["name", "code", "kind", "region_code", "status", "parent"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "code"]
    readonly_fields = ["path", "depth", "created_at", "updated_at"]
    fields = [
        "code",
        "name",
        "short_name",
        "kind",
        "parent",
        "region_code",
        "status",
        "path",
        "depth",
        "created_at",
        "updated_at",
    ]
    list_select_related = ["parent"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.MANAGE)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.MANAGE, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Units are dissolved (status), never deleted: records keep pointing at them.
        return False

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "parent":
            kwargs["queryset"] = OrgUnit.objects.restrict(request.user, Action.MANAGE)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: OrgUnit, form: Any, change: bool) -> None:
        # The tree services keep paths right and write the audit rows.
        data = {
            name: form.cleaned_data[name]
            for name in ["code", "name", "short_name", "kind", "region_code", "status"]
            if name in form.cleaned_data
        }
        if not change:
            created = unit_create(by=request.user, parent=form.cleaned_data.get("parent"), **data)
            obj.pk = created.pk
            return
        original = OrgUnit.objects.get(pk=obj.pk)
        unit_update(by=request.user, unit=original, **data)
        new_parent = form.cleaned_data.get("parent")
        if new_parent is not None and new_parent.pk != original.parent_id:
            unit_move(by=request.user, unit=original, new_parent=new_parent)


@admin.register(Grant)
class GrantAdmin(ScopedModelAdmin):
    list_display = ["user", "unit", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["unit"]
    list_select_related = ["user", "unit"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.MANAGE)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.MANAGE, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.MANAGE, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "unit":
            kwargs["queryset"] = OrgUnit.objects.restrict(request.user, Action.MANAGE)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(AuditLog)
class AuditLogAdmin(ScopedModelAdmin):
    """Read-only for everyone: the platform offers no way to change the log."""

    list_display = ["at", "username", "action", "content_type", "object_repr", "unit", "request_id"]
    list_filter = ["action", "content_type"]
    search_fields = ["username", "object_repr", "object_id", "request_id"]
    date_hierarchy = "at"
    list_select_related = ["unit", "content_type"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return AuditLog.objects.restrict(request.user, Action.AUDIT).select_related(
            "unit", "content_type"
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.AUDIT)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.AUDIT, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class GrantInline(admin.TabularInline):
    model = Grant
    extra = 0
    autocomplete_fields = ["unit"]
    verbose_name = _("grant")
    verbose_name_plural = _("grants")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "unit":
            kwargs["queryset"] = OrgUnit.objects.restrict(request.user, Action.MANAGE)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts, for those who manage grants: the users holding grants within their scope."""

    inlines = [GrantInline]
    list_display = ["username", "first_name", "last_name", "is_active", "last_login"]
    list_filter = ["is_active"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        roots = scope_paths(request.user, Action.MANAGE)
        if not roots:
            return User.objects.none()
        return User.objects.filter(
            path_filter("grants__unit__path", roots) | Q(grants__isnull=True, is_superuser=False)
        ).distinct()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can(request.user, Action.MANAGE)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can(request.user, Action.MANAGE)

    has_add_permission = has_module_permission  # type: ignore[assignment]
    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission  # type: ignore[assignment]

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = snapshot(User.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        audit_save(by=request.user, obj=obj, before=before)

    @transaction.atomic
    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit_record(by=request.user, action=AuditAction.DELETE, obj=obj, before=snapshot(obj))
        super().delete_model(request, obj)

    @transaction.atomic
    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Grants added or removed here are checked against the manager's scope and audited."""
        grants = formset.save(commit=False)
        for grant in formset.deleted_objects:
            grant_remove(by=request.user, grant=grant)
        for grant in grants:
            if grant.pk:
                ensure_can(request.user, Action.MANAGE, grant)
                before = snapshot(Grant.objects.get(pk=grant.pk))
                grant.save()
                ensure_can(request.user, Action.MANAGE, grant)
                audit_save(by=request.user, obj=grant, before=before)
            else:
                grant_add(by=request.user, user=grant.user, unit=grant.unit, role=grant.role)
