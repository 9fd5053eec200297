"""The workers' forms: login by mobile number and code, joining a union, member verification.

Phone keyboards: digits-only fields ask for the numeric keypad (``inputmode="numeric"``). The
ID number keeps the text keyboard, because one in eleven ends in X.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gonghui.membership.services import NAME_MAX_LENGTH, normalize_name
from gonghui.registry.choices import WorkerGroup
from gonghui.registry.forms import IdNumberField, MobileField
from gonghui.registry.models import Enterprise

CODE_LENGTH = 6


def _numeric(maxlength: int, autocomplete: str, **attrs: Any) -> forms.TextInput:
    return forms.TextInput(
        attrs={
            "inputmode": "numeric",
            "autocomplete": autocomplete,
            "maxlength": str(maxlength),
            **attrs,
        }
    )


class PhoneForm(forms.Form):
    phone = MobileField(
        label=_("Mobile number"),
        widget=_numeric(13, "tel", placeholder=_("11-digit mobile number"), autofocus=""),
    )


class LoginForm(PhoneForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=8,
        widget=_numeric(CODE_LENGTH, "one-time-code", placeholder=_("6 digits")),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if len(code) != CODE_LENGTH or not code.isdigit():
            raise ValidationError(_("The code is six digits."), code="invalid")
        return code


class NameField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", NAME_MAX_LENGTH + 10)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return normalize_name(value) if value else value


class JoinForm(forms.Form):
    """The join form: few fields, in the order a phone's keyboard moves through them."""

    name = NameField(
        label=_("Full name"),
        widget=forms.TextInput(attrs={"autocomplete": "name", "autofocus": ""}),
    )
    id_number = IdNumberField(
        label=_("ID number"),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "maxlength": "18"}
        ),
    )
    # Rendered by hand: a search box whose results are radio buttons (never every employer).
    employer = forms.ModelChoiceField(
        label=_("Employer"), required=False, queryset=Enterprise.objects.none()
    )
    employer_name = forms.CharField(
        label=_("Employer not in the list"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    worker_group = forms.ChoiceField(
        label=_("New form of employment"),
        required=False,
        choices=[("", _("None of these")), *WorkerGroup.choices],
    )
    wants_transfer = forms.BooleanField(required=False, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, employers: QuerySet[Enterprise], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers  # type: ignore[attr-defined]
        self.fields["employer"].error_messages["invalid_choice"] = _(
            "Please pick an employer from the search results."
        )


class VerifyForm(forms.Form):
    name = NameField(
        label=_("Full name"),
        widget=forms.TextInput(attrs={"autocomplete": "name", "autofocus": ""}),
    )
    id_number = IdNumberField(
        label=_("ID number"),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "maxlength": "18"}
        ),
    )
