from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from gonghui.core import request_context

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def client_address(request: HttpRequest, trusted_proxies: int) -> str | None:
    """The client's address: REMOTE_ADDR, or behind ``trusted_proxies`` reverse proxies the
    address the outermost of them saw, read from X-Forwarded-For (entries a client adds
    itself are further left and never read)."""
    remote = request.META.get("REMOTE_ADDR")
    if trusted_proxies <= 0:
        return remote
    forwarded = [a.strip() for a in request.headers.get("X-Forwarded-For", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if len(forwarded) < trusted_proxies:
        return remote
    return forwarded[-trusted_proxies]


class RequestIdMiddleware:
    """Gives every request an id (or keeps a sane one sent by a proxy) for the audit log, and
    sets REMOTE_ADDR to the client's address behind ``TRUSTED_PROXIES`` reverse proxies, so
    the audit log, login lockouts and the portal's rate limits all count the real client."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        address = client_address(request, settings.TRUSTED_PROXIES)
        if address:
            request.META["REMOTE_ADDR"] = address
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
