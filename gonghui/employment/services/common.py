from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from gonghui.core.audit import audit_save, snapshot


def clean_list(values: Any, field: str) -> list[str]:
    """A JSON list of short distinct strings (skills, certificates) from a list or a text."""
    if values is None:
        return []
    if isinstance(values, str):
        values = values.replace("，", ",").replace("、", ",").replace("；", ",").split(",")
    if not isinstance(values, list | tuple):
        raise ValidationError({field: _("Give a list of words.")})
    seen: list[str] = []
    for value in values:
        text = " ".join(str(value).split())[:60]
        if text and text not in seen:
            seen.append(text)
    if len(seen) > 50:
        raise ValidationError({field: _("At most 50 entries.")})
    return seen


def full_clean_save(obj: models.Model, *, by: Any, before: dict[str, Any] | None) -> None:
    obj.full_clean()
    obj.save()
    audit_save(by=by, obj=obj, before=before)


def user_or_none(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


__all__ = ["clean_list", "full_clean_save", "snapshot", "user_or_none"]
