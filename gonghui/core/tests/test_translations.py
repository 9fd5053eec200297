"""Every label a model or a choice shows must have its Chinese translation."""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.utils import translation


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def test_models_fields_and_choices_speak_chinese() -> None:
    missing: list[str] = []
    with translation.override("zh-hans"):
        for config in apps.get_app_configs():
            # Apps defined only for the tests (".tests.") are not part of the interface.
            if not config.name.startswith("gonghui.") or ".tests." in config.name:
                continue
            if not _is_chinese(str(config.verbose_name)):
                missing.append(f"app {config.label}")
            for model in config.get_models():
                label = model._meta.label
                for text in (model._meta.verbose_name, model._meta.verbose_name_plural):
                    if not _is_chinese(str(text)):
                        missing.append(f"{label}: {text}")
                for field in model._meta.get_fields():
                    shown = isinstance(field, models.Field) and field.editable
                    if not shown or field.auto_created:
                        continue
                    if not _is_chinese(str(field.verbose_name)):
                        missing.append(f"{label}.{field.name}: {field.verbose_name}")
                    for _value, choice in field.flatchoices:
                        if not _is_chinese(str(choice)):
                            missing.append(f"{label}.{field.name} choice: {choice}")
    assert not missing, missing
