from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import override_settings

from gonghui.conftest import Tree
from gonghui.core import crypto
from gonghui.core.audit import ENCRYPTED_PLACEHOLDER, snapshot
from gonghui.core.models import AuditLog
from gonghui.core.services import unit_update

pytestmark = pytest.mark.django_db

OTHER_KEY = "b3RoZXIta2V5LWZvci1yb3RhdGlvbi10ZXN0cy0zMiE="


def test_encrypt_round_trip_and_randomised() -> None:
    first, second = crypto.encrypt("34080219900101001X"), crypto.encrypt("34080219900101001X")
    assert first != second
    assert crypto.decrypt(first) == "34080219900101001X"


def test_blind_index_is_keyed_and_stable() -> None:
    index = crypto.blind_index("13812345678", "phone")
    assert index == crypto.blind_index("13812345678", "phone")
    assert index != crypto.blind_index("13812345678", "id_number")
    assert len(index) == crypto.BLIND_INDEX_LENGTH
    with override_settings(FIELD_KEYS=[OTHER_KEY]):
        assert crypto.blind_index("13812345678", "phone") != index


def test_old_key_still_reads_and_finds_during_rotation() -> None:
    token = crypto.encrypt("hello")
    old_index = crypto.blind_index("hello", "phone")
    from django.conf import settings

    with override_settings(FIELD_KEYS=[OTHER_KEY, *settings.FIELD_KEYS]):
        assert crypto.decrypt(token) == "hello"
        assert old_index in crypto.blind_index_candidates("hello", "phone")
        rotated = crypto.encrypt(crypto.decrypt(token))  # what rotate_field_key does
    with override_settings(FIELD_KEYS=[OTHER_KEY]):
        assert crypto.decrypt(rotated) == "hello"


def test_audit_rows_cannot_be_changed_or_deleted(tree: Tree, city_admin) -> None:
    unit_update(by=city_admin, unit=tree.city, short_name="安庆总工会")
    row = AuditLog.objects.get()
    row.object_repr = "tampered"
    with pytest.raises(PermissionDenied):
        row.save()
    with pytest.raises(PermissionDenied):
        row.delete()
    with pytest.raises(PermissionDenied):
        AuditLog.objects.all().update(object_repr="x")
    with pytest.raises(PermissionDenied):
        AuditLog.objects.all().delete()
    assert AuditLog.objects.get().object_repr == "安庆市总工会"


def test_audit_row_carries_request_id(tree: Tree, city_admin, client) -> None:
    from gonghui.core import request_context

    token = request_context.bind(request_context.RequestContext("req-12345678", "10.0.0.1"))
    try:
        unit_update(by=city_admin, unit=tree.city, short_name="安庆")
    finally:
        request_context.unbind(token)
    row = AuditLog.objects.get()
    assert row.request_id == "req-12345678" and row.ip_address == "10.0.0.1"


def test_snapshot_never_holds_personal_data_in_clear(tree: Tree) -> None:
    from gonghui.registry.tests.factories import PersonFactory

    person = PersonFactory(unit=tree.grassroots_a)
    data = snapshot(person)
    assert data["id_number"] == ENCRYPTED_PLACEHOLDER
    assert data["phone"] == ENCRYPTED_PLACEHOLDER
    assert person.id_number not in str(data)


def test_personal_data_is_not_stored_in_clear(tree: Tree) -> None:
    from gonghui.registry.tests.factories import PersonFactory

    person = PersonFactory(unit=tree.grassroots_a)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM registry_person WHERE id = %s", [person.pk])
        stored_id, stored_phone = cursor.fetchone()
    assert person.id_number not in stored_id and person.phone not in stored_phone
    assert crypto.decrypt(stored_id) == person.id_number


def test_snapshot_keeps_a_file_as_its_stored_name(tree: Tree) -> None:
    from gonghui.imports.models import DataImport

    data_import = DataImport(unit=tree.city, source="imports/ab/cd.xlsx", size=1, sha256="0")
    data = snapshot(data_import)
    assert data["source"] == "imports/ab/cd.xlsx"
    assert data["error_file"] == ""
