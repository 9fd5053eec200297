"""A workspace form page that may carry the registry's employer search (用人单位选择)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.generic import View

from gonghui.core.choices import Action
from gonghui.core.views.base import ServiceFormMixin, WorkspaceMixin, parse_id
from gonghui.registry.models import Enterprise


class EmployerFormPage(WorkspaceMixin, ServiceFormMixin, View):
    """A form page of a module; ``employer_picker`` adds the employer search, which keeps the
    employer picked (within the user's scope) when the form comes back with errors.

    Subclasses give ``template_name`` (the module's form template, which includes the picker)
    and ``back_url_name``."""

    template_name: str
    title: Any = ""
    back_url_name: str
    employer_picker = False

    def back_url(self) -> str:
        return reverse(self.back_url_name)

    def context(self) -> dict[str, Any]:
        return {}

    def render_form(self, form: Any, status: int = 200) -> HttpResponse:
        selected = None
        if self.employer_picker:
            pk = parse_id(form["employer"].value())
            if pk:
                selected = (
                    Enterprise.objects.restrict(self.request.user, Action.VIEW)
                    .filter(pk=pk)
                    .first()
                )
        context = {
            "form": form,
            "title": self.title,
            "back_url": self.back_url(),
            "employer_picker": self.employer_picker,
            "employer": selected,
            "employer_options": [selected] if selected else [],
            **self.context(),
        }
        return render(self.request, self.template_name, context, status=status)
