from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from gonghui.core import request_context

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Gives every request an id (or keeps a sane one sent by a proxy) for the audit log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = (
            incoming if _SAFE_REQUEST_ID.match(incoming) else request_context.new_request_id()
        )
        token = request_context.bind(
            request_context.RequestContext(
                request_id=request_id, ip_address=request.META.get("REMOTE_ADDR")
            )
        )
        try:
            response = self.get_response(request)
        finally:
            request_context.unbind(token)
        response["X-Request-ID"] = request_id
        return response
