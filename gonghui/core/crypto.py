"""Encryption at rest and blind indexes for personal data (身份证号, 手机号).

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under the keys in
``settings.FIELD_KEYS`` (newest first, so a rotation can still read old rows). Exact search and
uniqueness use a blind index: an HMAC-SHA256 of the canonical value under a key derived from
the field key, so the database never sees the value and equal values give equal hashes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed

BLIND_INDEX_LENGTH = 32  # hex characters: 128 bits, no collisions at any realistic scale


def generate_key() -> str:
    return Fernet.generate_key().decode()


@cache
def _fernet() -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in settings.FIELD_KEYS])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "GONGHUI_FIELD_KEY must be urlsafe base64 of 32 bytes "
            "(make one with `gonghui generate_field_key`)"
        ) from exc


@cache
def _index_keys(purpose: str) -> tuple[bytes, ...]:
    keys = []
    for key in settings.FIELD_KEYS:
        raw = base64.urlsafe_b64decode(key)
        keys.append(
            HKDF(
                algorithm=hashes.SHA256(),
                length=32,
                salt=None,
                info=b"gonghui-blind-index:" + purpose.encode(),
            ).derive(raw)
        )
    return tuple(keys)


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "An encrypted field cannot be read with the configured GONGHUI_FIELD_KEY"
        ) from exc


def blind_index(value: str, purpose: str) -> str:
    """The index under the newest key: what is stored."""
    key = _index_keys(purpose)[0]
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:BLIND_INDEX_LENGTH]


def blind_index_candidates(value: str, purpose: str) -> list[str]:
    """The index under every configured key, so rows not yet rotated are still found."""
    return [
        hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:BLIND_INDEX_LENGTH]
        for key in _index_keys(purpose)
    ]


def clear_caches() -> None:
    _fernet.cache_clear()
    _index_keys.cache_clear()


def _on_setting_changed(*, setting: str, **kwargs: object) -> None:
    if setting == "FIELD_KEYS":
        clear_caches()


def connect_setting_listener() -> None:
    setting_changed.connect(_on_setting_changed, dispatch_uid="gonghui.crypto.field_keys")
