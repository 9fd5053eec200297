"""Encryption at rest and blind indexes for personal data (身份证号, 手机号).

**Encryption.** A value is encrypted with AES-256-GCM under a key derived (HKDF-SHA256) from
the newest key in ``settings.FIELD_KEYS`` and stored as a versioned token::

    g1.<key id>.<base64url(nonce + ciphertext + tag)>

The key id is a short fingerprint derived from the field key (HKDF again, so it reveals
nothing about the key), which lets ``decrypt`` pick the key directly instead of trying each
one. The version and key id are authenticated with the value (associated data), so a token
cannot be moved to another key or format, and any change to a token makes it unreadable.

Why AES-GCM and not Fernet (AES-128-CBC + HMAC-SHA256, what was used before): an import
encrypts two values per worker, and Fernet cost ~7 µs a value against ~1 µs for AES-GCM with
base64, most of an import's write time. AES-GCM with a random 96-bit nonce is safe as long as
one key encrypts fewer than about 2**32 values (the bound NIST SP 800-38D sets, which keeps the
chance of a repeated nonce below 2**-32); a city's registry writes a few million values per key
over its lifetime, a thousand times fewer, and a key rotation starts the count again. The
tokens are also shorter (an 18-character ID number: 74 characters, against 120 for Fernet).

**Reading old data.** Tokens written before (Fernet, under any configured key: MultiFernet)
are still read; ``gonghui rotate_field_key`` re-encrypts them in the new format.

**Blind indexes.** Exact search and uniqueness use an HMAC-SHA256 of the canonical value under
a key derived from the field key, so the database never sees the value and equal values give
equal hashes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed

BLIND_INDEX_LENGTH = 32  # hex characters: 128 bits, no collisions at any realistic scale

TOKEN_VERSION = "g1"
NONCE_LENGTH = 12  # 96 bits, the size GCM is made for
KEY_ID_LENGTH = 8  # hex characters of the key's fingerprint

_BAD_KEY = (
    "GONGHUI_FIELD_KEY must be urlsafe base64 of 32 bytes "
    "(make one with `gonghui generate_field_key`)"
)
_UNREADABLE = "An encrypted field cannot be read with the configured GONGHUI_FIELD_KEY"


def generate_key() -> str:
    return Fernet.generate_key().decode()


def _raw_keys() -> list[bytes]:
    try:
        keys = [base64.urlsafe_b64decode(key) for key in settings.FIELD_KEYS]
    except (ValueError, TypeError, binascii.Error) as exc:
        raise ImproperlyConfigured(_BAD_KEY) from exc
    if not keys or any(len(key) != 32 for key in keys):
        raise ImproperlyConfigured(_BAD_KEY)
    return keys


def _derive(raw: bytes, info: bytes, length: int = 32) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(raw)


@cache
def _fernet() -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in settings.FIELD_KEYS])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(_BAD_KEY) from exc


@cache
def _aead_keys() -> tuple[tuple[str, AESGCM], ...]:
    """(key id, cipher) for every configured key, newest first."""
    keys: list[tuple[str, AESGCM]] = []
    seen: dict[str, bytes] = {}
    for raw in _raw_keys():
        key_id = _derive(raw, b"gonghui-field-key-id", 16).hex()[:KEY_ID_LENGTH]
        if key_id in seen:
            if seen[key_id] == raw:  # the same key listed twice
                continue
            raise ImproperlyConfigured("Two GONGHUI_FIELD_KEY keys share a fingerprint")
        seen[key_id] = raw
        keys.append((key_id, AESGCM(_derive(raw, b"gonghui-field-encryption:aes-256-gcm"))))
    return tuple(keys)


@cache
def _aead_by_id() -> dict[str, AESGCM]:
    return dict(_aead_keys())


def _associated_data(key_id: str) -> bytes:
    return f"{TOKEN_VERSION}.{key_id}".encode()


@cache
def _index_keys(purpose: str) -> tuple[bytes, ...]:
    return tuple(_derive(raw, b"gonghui-blind-index:" + purpose.encode()) for raw in _raw_keys())


def current_prefix() -> str:
    """How every token written under the newest key starts."""
    return f"{TOKEN_VERSION}.{_aead_keys()[0][0]}."


def encrypt(value: str) -> str:
    key_id, cipher = _aead_keys()[0]
    nonce = os.urandom(NONCE_LENGTH)
    sealed = cipher.encrypt(nonce, value.encode(), _associated_data(key_id))
    body = base64.urlsafe_b64encode(nonce + sealed).rstrip(b"=").decode()
    return f"{TOKEN_VERSION}.{key_id}.{body}"


def decrypt(token: str) -> str:
    """The clear value of a token: the current format under any configured key, or Fernet."""
    if token.startswith(TOKEN_VERSION + "."):
        return _decrypt_aead(token)
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(_UNREADABLE) from exc


def _decrypt_aead(token: str) -> str:
    try:
        _version, key_id, body = token.split(".", 2)
        cipher = _aead_by_id()[key_id]
        data = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        if len(data) < NONCE_LENGTH + 16:
            raise ValueError("token too short")
        clear = cipher.decrypt(data[:NONCE_LENGTH], data[NONCE_LENGTH:], _associated_data(key_id))
        return clear.decode()
    except (ValueError, KeyError, InvalidTag, binascii.Error) as exc:
        raise ImproperlyConfigured(_UNREADABLE) from exc


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
    _aead_keys.cache_clear()
    _aead_by_id.cache_clear()
    _index_keys.cache_clear()


def _on_setting_changed(*, setting: str, **kwargs: object) -> None:
    if setting == "FIELD_KEYS":
        clear_caches()


def connect_setting_listener() -> None:
    setting_changed.connect(_on_setting_changed, dispatch_uid="gonghui.crypto.field_keys")
