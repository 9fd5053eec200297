"""A worker's own page: their record (masked), nobody else's; others go to the portal login."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gonghui.conftest import Tree
from gonghui.core.tests.factories import UserFactory
from gonghui.registry.tests.factories import PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.access("registry.Person")]


def test_worker_sees_own_record_masked_only(client, tree: Tree) -> None:
    user = UserFactory(username="worker")
    mine = PersonFactory(unit=tree.grassroots_a, user=user, name="王小明")
    other = PersonFactory(unit=tree.grassroots_a, name="李四")
    client.force_login(user)
    page = client.get(reverse("portal:me")).content.decode()
    assert "王小明" in page and mine.id_number_masked in page
    assert mine.id_number not in page and mine.phone not in page
    assert other.name not in page


def test_a_login_without_a_record_or_number_goes_to_the_portal_login(client, outsider) -> None:
    client.force_login(outsider)
    response = client.get(reverse("portal:me"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))


def test_anonymous_goes_to_the_portal_login(client, db) -> None:
    response = client.get(reverse("portal:me"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('portal:login')}?next=%2Fportal%2F"
