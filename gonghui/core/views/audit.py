"""Searching the audit log (操作日志): read-only, for users holding the "audit" action."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.apps import apps
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from gonghui.core.audit import changed_fields
from gonghui.core.choices import Action, AuditAction
from gonghui.core.models import AuditLog, OrgUnit
from gonghui.core.views.base import PAGE_SIZE, HtmxListMixin, WorkspaceMixin


def _object_types() -> list[tuple[str, Any]]:
    types: list[tuple[str, Any]] = [
        (f"{model._meta.app_label}.{model._meta.model_name}", str(model._meta.verbose_name))
        for model in apps.get_models()
        if model.__module__.startswith("gonghui.") and model is not AuditLog
    ]
    return [("", _("All")), *sorted(types, key=lambda item: item[1])]


class AuditFilterForm(forms.Form):
    unit = forms.CharField(label=_("Unit code"), required=False, max_length=32)
    username = forms.CharField(label=_("User name"), required=False, max_length=150)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All")), *AuditAction.choices]
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = _object_types()  # type: ignore[attr-defined]


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class AuditLogView(WorkspaceMixin, HtmxListMixin, ListView):
    """Rows written in the picked unit's subtree that the user's audit grants cover."""

    required_action = Action.AUDIT
    template_name = "workspace/audit_log.html"
    partial_template_name = "workspace/_audit_results.html"
    paginate_by = PAGE_SIZE
    context_object_name = "entries"

    def get_queryset(self) -> QuerySet[AuditLog]:
        user = self.request.user
        self.form = AuditFilterForm(self.request.GET or None)
        self.filter_unit: OrgUnit = self.unit
        rows = AuditLog.objects.restrict(user, Action.AUDIT)
        data = self.form.cleaned_data if self.form.is_valid() else {}
        if data.get("unit"):
            narrowed = (
                OrgUnit.objects.restrict(user, Action.AUDIT)
                .within(self.unit)
                .filter(code=data["unit"])
                .first()
            )
            if narrowed is None:
                self.form.add_error("unit", _("No unit with this code in your scope."))
                return rows.none()
            self.filter_unit = narrowed
        rows = rows.within(self.filter_unit)
        if data.get("username"):
            rows = rows.filter(username__icontains=data["username"])
        if data.get("object_type"):
            app_label, model = data["object_type"].split(".", 1)
            rows = rows.filter(content_type__app_label=app_label, content_type__model=model)
        if data.get("action"):
            rows = rows.filter(action=data["action"])
        if data.get("date_from"):
            rows = rows.filter(at__gte=_day_start(data["date_from"]))
        if data.get("date_to"):
            rows = rows.filter(at__lt=_day_start(data["date_to"] + datetime.timedelta(days=1)))
        return rows.select_related("unit", "content_type")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows = [
            (entry, [f for f in changed_fields(entry.before, entry.after) if f != "updated_at"])
            for entry in context["entries"]
        ]
        context.update(rows=rows, form=self.form, filter_unit=self.filter_unit)
        return context
