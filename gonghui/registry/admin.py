from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gonghui.core.admin_base import ScopedModelAdmin
from gonghui.registry.forms import CreditCodeField, IdNumberField, MobileField
from gonghui.registry.models import Enterprise, Person
from gonghui.registry.selectors import persons_by_id_number


class PersonAddForm(forms.ModelForm):
    id_number = IdNumberField(label=_("ID number"))
    phone = MobileField(label=_("mobile number"), required=False)

    class Meta:
        model = Person
        fields = [
            "unit",
            "name",
            "id_number",
            "phone",
            "ethnicity",
            "education",
            "hukou",
            "is_migrant_worker",
            "worker_group",
            "employer",
        ]

    def clean_id_number(self) -> str:
        value = self.cleaned_data["id_number"]
        existing = persons_by_id_number(Person.objects.all(), value).first()
        if existing is not None:
            raise ValidationError(
                _("A worker with this ID number is already registered (%(unit)s)."),
                params={"unit": existing.unit.name},
                code="duplicate",
            )
        return value


@admin.register(Person)
class PersonAdmin(ScopedModelAdmin):
    """ID and phone numbers are shown masked here; they are revealed (and logged) in the
    workspace, and changed through its forms."""

    list_display = [
        "name",
        "id_number_masked",
        "phone_masked",
        "gender",
        "birth_date",
        "unit",
        "employer",
    ]
    list_filter = ["gender", "worker_group", "is_migrant_worker", "hukou"]
    search_fields = ["name", "name_initials"]
    list_select_related = ["unit", "employer"]
    raw_id_fields = ["employer", "user"]
    readonly_fields = [
        "id_number_masked",
        "phone_masked",
        "gender",
        "birth_date",
        "created_at",
        "updated_at",
    ]
    fields = [
        "unit",
        "name",
        "id_number_masked",
        "phone_masked",
        "gender",
        "birth_date",
        "ethnicity",
        "education",
        "hukou",
        "is_migrant_worker",
        "worker_group",
        "employer",
        "user",
        "created_at",
        "updated_at",
    ]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = PersonAddForm
            kwargs["fields"] = PersonAddForm.Meta.fields
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return PersonAddForm.Meta.fields if obj is None else self.fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [] if obj is None else self.readonly_fields


class EnterpriseForm(forms.ModelForm):
    credit_code = CreditCodeField(label=_("unified social credit code"), required=False)

    class Meta:
        model = Enterprise
        fields = [
            "unit",
            "name",
            "credit_code",
            "kind",
            "industry",
            "size",
            "region_code",
            "address",
            "employee_count",
            "union_founded",
        ]


@admin.register(Enterprise)
class EnterpriseAdmin(ScopedModelAdmin):
    form = EnterpriseForm
    list_display = [
        "name",
        "credit_code",
        "kind",
        "industry",
        "size",
        "employee_count",
        "union_founded",
        "unit",
    ]
    list_filter = ["kind", "size", "industry", "union_founded"]
    search_fields = ["name", "name_initials", "credit_code"]
    list_select_related = ["unit"]
