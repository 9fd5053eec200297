"""The QR code a worker shows at a fair's door: it holds only the registration's token."""

from __future__ import annotations

import io

import segno


def token_svg(token: str) -> str:
    """An inline SVG element that scales with its box."""
    buffer = io.BytesIO()
    segno.make_qr(token, error="m").save(
        buffer, kind="svg", border=4, xmldecl=False, svgns=True, omitsize=True,
        svgclass="fair-qr", lineclass=None,
    )  # fmt: skip
    return buffer.getvalue().decode()
