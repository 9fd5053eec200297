from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Services raise Django's ValidationError; the API answers it as a 400 with the messages.

    The body has the shape of a serializer's errors: field name → messages, and messages not
    about one field under ``non_field_errors``. A ValidationError subclass may name another
    status in ``http_status`` (an edit conflict answers 409).
    """
    if isinstance(exc, DjangoValidationError):
        http_status = getattr(exc, "http_status", None)
        if hasattr(exc, "error_dict"):
            detail: Any = {
                (
                    api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field
                ): messages
                for field, messages in exc.message_dict.items()
            }
        else:
            detail = {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
        exc = exceptions.ValidationError(detail=detail)
        if http_status is not None:
            exc.status_code = http_status
    return drf_exception_handler(exc, context)
