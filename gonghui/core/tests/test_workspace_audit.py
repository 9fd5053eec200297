"""The audit log search: only with the "audit" action, scoped, filtered, read-only."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.core.choices import AuditAction, Role
from gonghui.core.models import AuditLog
from gonghui.core.tests.factories import GrantFactory
from gonghui.registry.services import enterprise_create, person_reveal
from gonghui.registry.tests.factories import PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.access("core.AuditLog")]

URL = reverse("workspace:audit_log")


@pytest.fixture
def entries(tree, city_admin):
    """Audit rows in both counties, written through the services."""
    enterprise_create(
        by=city_admin, unit=tree.grassroots_a, name="迎江机械厂", region_code="340802"
    )
    enterprise_create(
        by=city_admin, unit=tree.grassroots_b, name="怀宁纺织厂", region_code="340822"
    )
    person_reveal(by=city_admin, person=PersonFactory(unit=tree.grassroots_b))
    return tree


def _objects(response) -> list[str]:
    return [entry.object_repr for entry, _changed in response.context["rows"]]


def test_auditor_sees_the_log_of_the_picked_subtree(client, entries, auditor) -> None:
    client.force_login(auditor)
    response = client.get(URL)
    assert response.status_code == 200
    assert len(response.context["rows"]) == 3
    assert "name" in dict((e.object_repr, c) for e, c in response.context["rows"])["迎江机械厂"]
    client.post(reverse("workspace:unit_picker"), {"unit": entries.county_a.pk})
    assert _objects(client.get(URL)) == ["迎江机械厂"]


@pytest.mark.parametrize("persona", ["county_officer", "grassroots_officer", "outsider"])
def test_users_without_the_audit_action_are_refused(client, entries, persona, request) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403


def test_audit_grant_on_a_county_sees_only_that_county(client, entries, county_officer) -> None:
    GrantFactory(user=county_officer, unit=entries.county_b, role=Role.AUDITOR)
    client.force_login(county_officer)
    client.post(reverse("workspace:unit_picker"), {"unit": entries.county_b.pk})
    response = client.get(URL)
    assert response.status_code == 200
    revealed = AuditLog.objects.get(action=AuditAction.REVEAL).object_repr
    assert sorted(_objects(response)) == sorted(["怀宁纺织厂", revealed])
    assert all(e.unit == entries.grassroots_b for e, _c in response.context["rows"])


def test_filters(client, entries, auditor) -> None:
    client.force_login(auditor)
    assert len(client.get(URL, {"action": AuditAction.REVEAL}).context["rows"]) == 1
    assert len(client.get(URL, {"username": "CITY_ad"}).context["rows"]) == 3
    assert len(client.get(URL, {"username": "nobody"}).context["rows"]) == 0
    assert _objects(client.get(URL, {"object_type": "registry.enterprise"})) == [
        "怀宁纺织厂",
        "迎江机械厂",
    ]
    assert _objects(client.get(URL, {"unit": entries.county_a.code})) == ["迎江机械厂"]
    today = timezone.localdate()
    assert len(client.get(URL, {"date_from": today, "date_to": today}).context["rows"]) == 3
    yesterday = today - datetime.timedelta(days=1)
    assert len(client.get(URL, {"date_to": yesterday}).context["rows"]) == 0


def test_a_unit_code_outside_the_scope_says_so(client, entries, county_officer) -> None:
    GrantFactory(user=county_officer, unit=entries.county_a, role=Role.AUDITOR)
    client.force_login(county_officer)
    response = client.get(URL, {"unit": entries.county_b.code})
    assert response.context["rows"] == []
    assert response.context["form"].errors["unit"]


def test_bad_filter_values_are_ignored_not_errors(client, entries, auditor) -> None:
    client.force_login(auditor)
    response = client.get(URL, {"date_from": "2024-13-45", "object_type": "nope.nope"})
    assert response.status_code == 200


def test_the_log_is_read_only(client, entries, auditor) -> None:
    client.force_login(auditor)
    before = AuditLog.objects.count()
    assert client.post(URL, {"action": "delete"}).status_code == 405
    assert AuditLog.objects.count() == before


def test_htmx_gets_the_results_only_in_few_queries(
    client, entries, auditor, city_admin, django_assert_max_num_queries
) -> None:
    client.force_login(auditor)
    for _ in range(10):
        person_reveal(by=city_admin, person=PersonFactory(unit=entries.grassroots_a))
    with django_assert_max_num_queries(8):
        response = client.get(URL, headers={"HX-Request": "true"})
    assert "<html" not in response.content.decode()
    assert len(response.context["rows"]) == 13
