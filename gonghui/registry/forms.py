"""Form fields that normalise and check Chinese identifiers, with the validators' messages."""

from __future__ import annotations

from typing import Any

from django import forms

from gonghui.utils.credit_code import normalize_credit_code
from gonghui.utils.idcard import normalize_id_number
from gonghui.utils.phone import normalize_mobile


class IdNumberField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return normalize_id_number(value) if value else value


class MobileField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return normalize_mobile(value) if value else value


class CreditCodeField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str | None:
        value = super().clean(value)
        return normalize_credit_code(value) if value else None
