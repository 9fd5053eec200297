from __future__ import annotations

from typing import Any

from django.db import models

from gonghui.core import crypto


class EncryptedTextField(models.TextField):
    """Text stored encrypted; the model instance holds the clear value.

    It cannot be filtered on: search through the blind index stored beside it.
    """

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value)
