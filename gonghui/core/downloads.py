"""Answering a stored private file (an attachment, an uploaded table, an error workbook).

Files under MEDIA_ROOT are never served by URL: a view checks the user's scope, then answers
with ``private_file_response``, which a browser saves and never renders or caches.
"""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def private_file_response(
    file: FieldFile, *, filename: str, content_type: str | None = None
) -> FileResponse:
    """The file as a download named ``filename``; 404 when it is gone from the storage."""
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store"
    return response
