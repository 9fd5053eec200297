"""Bootstrap classes on Django form widgets, without a forms library."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()


def _widget_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


@register.filter
def bs(field: forms.BoundField, size: str = "") -> SafeString:
    """Render a bound field's widget with Bootstrap's class (and ``is-invalid`` on errors)."""
    base = _widget_class(field.field.widget)
    classes = [base]
    if size and base != "form-check-input":
        classes.append(f"{base}-{size}")
    if field.errors:
        classes.append("is-invalid")
    attrs: dict[str, Any] = {"class": " ".join(classes)}
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)
