"""Checks on files added to a case: a size limit and an allow-list of types.

The type is decided by the file's name *and* its first bytes, never by what the browser
claims: a script renamed ``.pdf`` is refused. The content type stored (and later sent) is the
one that belongs to the extension.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_FILES = 10
_HEAD = 8192

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office 97-2003, WPS
_ZIP = b"PK\x03\x04"  # Office Open XML, OpenDocument, newer WPS


def _starts(*signatures: bytes) -> Callable[[bytes], bool]:
    return lambda head: head.startswith(signatures)


def _webp(head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


def _heif(head: bytes) -> bool:  # photos from phones (HEIC)
    return head[4:8] == b"ftyp" and head[8:12] in {b"heic", b"heix", b"mif1", b"msf1", b"heif"}


def _text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return True
    return False


@dataclass(frozen=True)
class FileType:
    content_type: str
    looks_right: Callable[[bytes], bool]


ALLOWED_TYPES: dict[str, FileType] = {
    ".pdf": FileType("application/pdf", _starts(b"%PDF-")),
    ".png": FileType("image/png", _starts(b"\x89PNG\r\n\x1a\n")),
    ".jpg": FileType("image/jpeg", _starts(b"\xff\xd8\xff")),
    ".jpeg": FileType("image/jpeg", _starts(b"\xff\xd8\xff")),
    ".gif": FileType("image/gif", _starts(b"GIF87a", b"GIF89a")),
    ".webp": FileType("image/webp", _webp),
    ".heic": FileType("image/heic", _heif),
    ".doc": FileType("application/msword", _starts(_OLE)),
    ".xls": FileType("application/vnd.ms-excel", _starts(_OLE)),
    ".ppt": FileType("application/vnd.ms-powerpoint", _starts(_OLE)),
    ".docx": FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _starts(_ZIP)
    ),
    ".xlsx": FileType(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _starts(_ZIP)
    ),
    ".pptx": FileType(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _starts(_ZIP),
    ),
    ".odt": FileType("application/vnd.oasis.opendocument.text", _starts(_ZIP)),
    ".ods": FileType("application/vnd.oasis.opendocument.spreadsheet", _starts(_ZIP)),
    ".wps": FileType("application/vnd.ms-works", _starts(_OLE, _ZIP)),
    ".et": FileType("application/vnd.ms-excel", _starts(_OLE, _ZIP)),
    ".txt": FileType("text/plain", _text),
}


def max_bytes() -> int:
    """``CASEWORK_ATTACHMENT_MAX_BYTES`` in the settings, 20 MB unless set."""
    return int(settings.CASEWORK_ATTACHMENT_MAX_BYTES)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size} B"


def clean_name(name: str) -> str:
    """The file's own name, without any folder and without control characters."""
    base = PurePosixPath(str(name).replace("\\", "/")).name
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return base[-255:] or "file"


@dataclass(frozen=True)
class CheckedFile:
    file: Any
    name: str
    size: int
    content_type: str


def check_files(files: Any) -> list[CheckedFile]:
    """Every file checked before anything is written; the first bad one is refused."""
    files = list(files or ())
    if len(files) > MAX_FILES:
        raise ValidationError(
            {"files": _("At most %(count)d files can be added at once.") % {"count": MAX_FILES}},
            code="too_many_files",
        )
    return [check_file(f) for f in files]


def check_file(upload: Any) -> CheckedFile:
    name = clean_name(getattr(upload, "name", "") or "")
    size = int(getattr(upload, "size", 0) or 0)
    limit = max_bytes()
    if size <= 0:
        raise ValidationError(
            {"files": _("The file “%(name)s” is empty.") % {"name": name}}, code="empty_file"
        )
    if size > limit:
        raise ValidationError(
            {
                "files": _("The file “%(name)s” is larger than the limit of %(limit)s.")
                % {"name": name, "limit": _megabytes(limit)}
            },
            code="file_too_large",
        )
    suffix = PurePosixPath(name).suffix.lower()
    kind = ALLOWED_TYPES.get(suffix)
    if kind is None:
        raise ValidationError(
            {
                "files": _(
                    "The file “%(name)s” is not of an accepted type. Accepted: PDF, images "
                    "(JPG, PNG, GIF, WEBP, HEIC), Word, Excel, PowerPoint, WPS and text files."
                )
                % {"name": name}
            },
            code="file_type",
        )
    upload.seek(0)
    head = upload.read(_HEAD)
    upload.seek(0)
    if not kind.looks_right(head):
        raise ValidationError(
            {
                "files": _("The content of “%(name)s” does not match its type (%(suffix)s).")
                % {"name": name, "suffix": suffix}
            },
            code="file_content",
        )
    return CheckedFile(file=upload, name=name, size=size, content_type=kind.content_type)
