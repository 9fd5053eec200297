"""Report templates in the back office: any staff member may read them; an administrator with
a grant on a top-level federation may change them. Every change is audited and raises the
template's version. Sentences naming an unknown indicator or modifier are refused on save with
a message naming it (the field's validator)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest

from gonghui.core.audit import audit_record, audit_save, snapshot
from gonghui.core.choices import AuditAction
from gonghui.core.scoping import is_staff_user
from gonghui.reports.forms import TemplateForm
from gonghui.reports.models import ReportSection, ReportSentence, ReportTemplate
from gonghui.reports.services import may_configure


class StaffReadable:
    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_staff_user(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_staff_user(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return may_configure(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_configure(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return may_configure(request.user)


def _bump(template_id: int | None) -> None:
    if template_id is not None:
        ReportTemplate.objects.filter(pk=template_id).update(version=F("version") + 1)


class AuditedAdmin(StaffReadable, admin.ModelAdmin):  # type: ignore[type-arg]
    def template_id(self, obj: Any) -> int | None:
        raise NotImplementedError

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        audit_save(by=request.user, obj=obj, before=before)

    @transaction.atomic
    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Inline rows are audited one by one, like the parent."""
        befores = {
            obj.pk: snapshot(obj)
            for obj in formset.model.objects.filter(
                pk__in=[f.instance.pk for f in formset.forms if f.instance.pk]
            )
        }
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            audit_save(by=request.user, obj=obj, before=None)
        for obj, _fields in formset.changed_objects:
            audit_save(by=request.user, obj=obj, before=befores.get(obj.pk))
        for obj in formset.deleted_objects:
            audit_record(
                by=request.user, action=AuditAction.DELETE, obj=obj, before=befores.get(obj.pk)
            )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """One more version per save of the page, whatever it changed."""
        super().save_related(request, form, formsets, change)
        if change or not isinstance(form.instance, ReportTemplate):
            _bump(self.template_id(form.instance))

    @transaction.atomic
    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit_record(by=request.user, action=AuditAction.DELETE, obj=obj, before=snapshot(obj))
        template_id = self.template_id(obj)
        super().delete_model(request, obj)
        if not isinstance(obj, ReportTemplate):
            _bump(template_id)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


class ReportTemplateForm(TemplateForm):
    class Meta(TemplateForm.Meta):
        widgets = {}


class ReportSectionInline(StaffReadable, admin.TabularInline):  # type: ignore[type-arg]
    model = ReportSection
    fields = ["order", "heading", "intro"]
    extra = 0
    show_change_link = True


class ReportSentenceInline(StaffReadable, admin.TabularInline):  # type: ignore[type-arg]
    model = ReportSentence
    fields = ["order", "text"]
    extra = 1
    formfield_overrides = {
        ReportSentence._meta.get_field("text").__class__: {
            "widget": forms.Textarea(attrs={"rows": 2, "cols": 100})
        }
    }


@admin.register(ReportTemplate)
class ReportTemplateAdmin(AuditedAdmin):
    form = ReportTemplateForm
    list_display = ["name", "unit_kinds_display", "is_active", "version", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    inlines = [ReportSectionInline]

    def template_id(self, obj: Any) -> int | None:
        return obj.pk  # type: ignore[no-any-return]


@admin.register(ReportSection)
class ReportSectionAdmin(AuditedAdmin):
    list_display = ["heading", "template", "order"]
    list_filter = ["template"]
    inlines = [ReportSentenceInline]

    def template_id(self, obj: Any) -> int | None:
        return obj.template_id  # type: ignore[no-any-return]


@admin.register(ReportSentence)
class ReportSentenceAdmin(AuditedAdmin):
    list_display = ["text", "section", "order"]
    list_filter = ["section__template"]
    search_fields = ["text"]

    def template_id(self, obj: Any) -> int | None:
        return obj.section.template_id  # type: ignore[no-any-return]
