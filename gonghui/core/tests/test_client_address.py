"""The client's address behind reverse proxies: what the audit log and rate limits count."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from gonghui.core.middleware import client_address

FACTORY = RequestFactory()


def _request(forwarded: str | None) -> object:
    headers = {"X-Forwarded-For": forwarded} if forwarded is not None else {}
    return FACTORY.get("/", REMOTE_ADDR="10.0.0.2", headers=headers)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.2.3.4", "10.0.0.2"),  # no proxy trusted: the header is the client's own words
        (1, None, "10.0.0.2"),
        (1, "1.2.3.4", "1.2.3.4"),
        (1, "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # a client's forged entry stays on the left
        (2, "6.6.6.6, 1.2.3.4, 10.0.0.9", "1.2.3.4"),
        (2, "1.2.3.4", "10.0.0.2"),  # fewer entries than proxies: not trusted
    ],
)
def test_client_address(proxies: int, forwarded: str | None, expected: str) -> None:
    assert client_address(_request(forwarded), proxies) == expected  # type: ignore[arg-type]


@pytest.mark.django_db
def test_the_audit_log_records_the_client_behind_the_proxy(client, settings, tree, city_admin):
    from gonghui.core.models import AuditLog

    settings.TRUSTED_PROXIES = 1
    client.force_login(city_admin)
    response = client.patch(
        f"/api/v1/units/{tree.county_a.pk}/",
        data='{"short_name": "迎江"}',
        content_type="application/json",
        headers={"X-Forwarded-For": "6.6.6.6, 1.2.3.4"},
    )
    assert response.status_code == 200
    assert AuditLog.objects.latest("at").ip_address == "1.2.3.4"
