from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from gonghui.conftest import Tree
from gonghui.registry.models import Person
from gonghui.registry.selectors import persons_by_id_number, persons_by_phone
from gonghui.registry.tests.factories import PersonFactory

NEW_KEY = "bmV3LWZpZWxkLWtleS1mb3Itcm90YXRpb24tdGVzdCE="


@pytest.mark.django_db
def test_rotate_field_key_re_encrypts_and_reindexes(tree: Tree) -> None:
    people = [PersonFactory(unit=tree.grassroots_a) for _ in range(5)]
    old_key = settings.FIELD_KEYS[0]
    with pytest.raises(CommandError):
        call_command("rotate_field_key")
    with override_settings(FIELD_KEYS=[NEW_KEY, old_key]):
        # Before the rotation the old rows are still found under the old index.
        assert persons_by_id_number(Person.objects.all(), people[0].id_number).get() == people[0]
        call_command("rotate_field_key", batch_size=2, stdout=io.StringIO())
    with override_settings(FIELD_KEYS=[NEW_KEY]):
        for person in people:
            found = persons_by_id_number(Person.objects.all(), person.id_number).get()
            assert found.id_number == person.id_number and found.phone == person.phone
            assert persons_by_phone(Person.objects.all(), person.phone).get() == person


def _run_check(env_overrides: dict[str, str | None]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGHUI_", "DJANGO_"))}
    env.update({k: v for k, v in env_overrides.items() if v is not None})
    return subprocess.run(
        [sys.executable, "-m", "gonghui.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_start_without_keys_stops_with_a_clear_message(tmp_path) -> None:
    result = _run_check({"GONGHUI_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "GONGHUI_SECRET_KEY" in result.stderr and "GONGHUI_FIELD_KEY" in result.stderr
    assert "Traceback" not in result.stderr
    result = _run_check({"GONGHUI_DATA_DIR": str(tmp_path), "GONGHUI_SECRET_KEY": "x" * 50})
    assert result.returncode == 2 and "GONGHUI_FIELD_KEY" in result.stderr


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account(client, county_officer) -> None:
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "county_officer", "password": "wrong"})
    response = client.post(url, {"username": "county_officer", "password": "pw-for-tests-123"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_succeeds_and_session_expires_when_idle(client, county_officer) -> None:
    response = client.post(
        reverse("login"), {"username": "county_officer", "password": "pw-for-tests-123"}
    )
    assert response.status_code == 302
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE <= 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
