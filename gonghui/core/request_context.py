"""The current request's id, user and address, for audit rows written deep in services."""

from __future__ import annotations

import contextvars
import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    ip_address: str | None = None


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "gonghui_request_context", default=None
)


def current() -> RequestContext | None:
    return _current.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


def bind(context: RequestContext) -> contextvars.Token[RequestContext | None]:
    return _current.set(context)


def unbind(token: contextvars.Token[RequestContext | None]) -> None:
    _current.reset(token)
