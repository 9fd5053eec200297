"""Field encryption: AES-GCM tokens, Fernet tokens still read, rotation to the new format."""

from __future__ import annotations

import io

import pytest
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from gonghui.conftest import Tree
from gonghui.core import crypto
from gonghui.registry.models import Person
from gonghui.registry.selectors import persons_by_id_number
from gonghui.registry.tests.factories import PersonFactory

OTHER_KEY = "b3RoZXIta2V5LWZvci1yb3RhdGlvbi10ZXN0cy0zMiE="


def _fernet_token(value: str, key: str | None = None) -> str:
    return Fernet((key or settings.FIELD_KEYS[0]).encode()).encrypt(value.encode()).decode()


def _stored(person: Person) -> tuple[str, str]:
    table = connection.ops.quote_name(Person._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id_number, phone FROM {table} WHERE id = %s", [person.pk])
        id_number, phone = cursor.fetchone()
    return id_number, phone


def _store_as_fernet(person: Person) -> None:
    """Write the person's values as the platform stored them before AES-GCM (Fernet)."""
    table = connection.ops.quote_name(Person._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET id_number = %s, phone = %s WHERE id = %s",
            [_fernet_token(person.id_number), _fernet_token(person.phone), person.pk],
        )


def test_round_trip_in_the_versioned_format() -> None:
    for value in ("34080219900101001X", "13812345678", "家庭困难，长期患病", ""):
        token = crypto.encrypt(value)
        assert token.startswith(crypto.current_prefix())
        assert token.split(".")[0] == "g1" and len(token.split(".")[1]) == crypto.KEY_ID_LENGTH
        assert crypto.decrypt(token) == value
    assert crypto.encrypt("13812345678") != crypto.encrypt("13812345678")  # random nonces


def test_fernet_tokens_still_decrypt() -> None:
    assert crypto.decrypt(_fernet_token("34080219900101001X")) == "34080219900101001X"
    old_token = _fernet_token("13812345678")
    with override_settings(FIELD_KEYS=[OTHER_KEY, *settings.FIELD_KEYS]):
        # Stored under the older key, read while rotating (MultiFernet).
        assert crypto.decrypt(old_token) == "13812345678"
        assert crypto.decrypt(_fernet_token("hello", OTHER_KEY)) == "hello"
    multi = MultiFernet([Fernet(k) for k in settings.FIELD_KEYS])
    assert crypto.decrypt(multi.encrypt(b"x").decode()) == "x"


def test_a_token_under_an_old_key_decrypts_while_rotating() -> None:
    token = crypto.encrypt("hello")
    old_prefix = crypto.current_prefix()
    with override_settings(FIELD_KEYS=[OTHER_KEY, *settings.FIELD_KEYS]):
        assert crypto.current_prefix() != old_prefix
        assert crypto.decrypt(token) == "hello"
        rotated = crypto.encrypt(crypto.decrypt(token))
        assert rotated.startswith(crypto.current_prefix())
    with override_settings(FIELD_KEYS=[OTHER_KEY]):
        assert crypto.decrypt(rotated) == "hello"
        with pytest.raises(ImproperlyConfigured):
            crypto.decrypt(token)  # its key is gone


def _flip(text: str, index: int) -> str:
    return text[:index] + ("A" if text[index] != "A" else "B") + text[index + 1 :]


def test_a_tampered_token_fails() -> None:
    token = crypto.encrypt("34080219900101001X")
    version, key_id, body = token.split(".")
    with override_settings(FIELD_KEYS=[*settings.FIELD_KEYS, OTHER_KEY]):
        with override_settings(FIELD_KEYS=[OTHER_KEY]):
            other_id = crypto.current_prefix().split(".")[1]
        tampered = [
            _flip(token, len(token) - 5),  # the tag
            _flip(token, len(f"{version}.{key_id}.") + 20),  # the ciphertext
            _flip(token, len(f"{version}.{key_id}.") + 2),  # the nonce
            f"{version}.{other_id}.{body}",  # moved to another configured key
            f"{version}.{key_id}.{body[:-3]}",  # truncated
            f"{version}.{key_id}.{body[:10]}",
            f"{version}.{key_id}",
            f"{version}.ffffffff.{body}",  # an unknown key
            "g2." + token[3:],  # an unknown version, read as Fernet
            f"{version}.{key_id}.{body}!",
        ]
        for bad in tampered:
            with pytest.raises(ImproperlyConfigured):
                crypto.decrypt(bad)
        assert crypto.decrypt(token) == "34080219900101001X"


@pytest.mark.django_db
def test_rotation_converts_fernet_tokens(tree: Tree) -> None:
    people = [PersonFactory(unit=tree.grassroots_a) for _ in range(3)]
    for person in people:
        _store_as_fernet(person)
    assert all(not _stored(p)[0].startswith("g1.") for p in people)
    with override_settings(FIELD_KEYS=[OTHER_KEY, *settings.FIELD_KEYS]):
        # Old rows are read while the new key is first ...
        assert Person.objects.get(pk=people[0].pk).id_number == people[0].id_number
        call_command("rotate_field_key", batch_size=2, stdout=io.StringIO())
        prefix = crypto.current_prefix()
    with override_settings(FIELD_KEYS=[OTHER_KEY]):
        # ... and after the rotation the old key can go.
        for person in people:
            id_token, phone_token = _stored(person)
            assert id_token.startswith(prefix) and phone_token.startswith(prefix)
            found = persons_by_id_number(Person.objects.all(), person.id_number).get()
            assert (found.id_number, found.phone) == (person.id_number, person.phone)


@pytest.mark.django_db
def test_converting_legacy_tokens_with_one_key_is_rerunnable(tree: Tree) -> None:
    legacy = [PersonFactory(unit=tree.grassroots_a) for _ in range(3)]
    current = PersonFactory(unit=tree.grassroots_a, phone="")
    for person in legacy:
        _store_as_fernet(person)
    untouched = _stored(current)
    out = io.StringIO()
    call_command("rotate_field_key", convert_legacy=True, batch_size=2, stdout=out)
    assert "registry.Person: 3 rows re-encrypted" in out.getvalue()
    for person in legacy:
        id_token, phone_token = _stored(person)
        assert id_token.startswith(crypto.current_prefix())
        assert phone_token.startswith(crypto.current_prefix())
        stored = Person.objects.get(pk=person.pk)
        assert (stored.id_number, stored.phone) == (person.id_number, person.phone)
    assert _stored(current) == untouched  # already in the new format: not rewritten
    out = io.StringIO()
    call_command("rotate_field_key", convert_legacy=True, stdout=out)
    assert "registry.Person: 0 rows re-encrypted" in out.getvalue()
