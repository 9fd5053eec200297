"""The join QR code (入会二维码): an absolute address of the unit's join page with its token.

The token, not the unit's id, is in the address: it cannot be guessed from another unit's
code, and regenerating it retires every printed poster at once.
"""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from gonghui.membership.models import MembershipSettings

# Medium error correction survives a crease or a smudge on a printed poster.
ERROR_LEVEL = "m"


def join_path(row: MembershipSettings) -> str:
    return reverse("portal:join", args=[row.join_token]) + "?c=qr"


def join_url(row: MembershipSettings, request: HttpRequest | None = None, base: str = "") -> str:
    """The address in the code: ``PORTAL_PUBLIC_URL`` (or ``base``), else the staff page's host."""
    path = join_path(row)
    base = base or getattr(settings, "PORTAL_PUBLIC_URL", "")
    if base:
        return base.rstrip("/") + path
    if request is None:
        raise ValueError("a join URL needs a base address or a request")
    return request.build_absolute_uri(path)


def _code(url: str) -> segno.QRCode:
    return segno.make_qr(url, error=ERROR_LEVEL, boost_error=False)


def png(url: str, *, scale: int = 12) -> bytes:
    buffer = io.BytesIO()
    _code(url).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def svg(url: str, *, scale: int = 10) -> bytes:
    """A standalone SVG document, for printers and designers."""
    buffer = io.BytesIO()
    _code(url).save(buffer, kind="svg", scale=scale, border=4, xmldecl=True, title=url)
    return buffer.getvalue()


def svg_inline(url: str) -> str:
    """An SVG element to put in a page; it scales with its box (no fixed size)."""
    buffer = io.BytesIO()
    _code(url).save(
        buffer,
        kind="svg",
        border=4,
        xmldecl=False,
        svgns=True,
        omitsize=True,
        svgclass="join-qr",
        lineclass=None,
    )
    return buffer.getvalue().decode()
