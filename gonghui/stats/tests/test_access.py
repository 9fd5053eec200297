"""Who reaches which statistics page and endpoint: each persona sees its subtree only; a unit
outside it answers 404, writes outside it are refused and change nothing; visitors go to the
login, logins without a grant (workers, outsiders) get 403."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.core.tests.api_client import client_for, refused
from gonghui.stats import services
from gonghui.stats.models import Target

pytestmark = [pytest.mark.django_db, pytest.mark.access("stats.Target")]

CODE = "rights.consultations"


@pytest.fixture
def target(data, city_admin) -> Target:
    return services.target_set(by=city_admin, unit=data.city, indicator=CODE, year=2025,
                               value=Decimal(20))  # fmt: skip


def _pages(target: Target) -> list[str]:
    return [
        reverse("stats:dashboard"),
        reverse("stats:charts"),
        reverse("stats:drill", args=[CODE]),
        reverse("stats:table"),
        reverse("stats:table_export"),
        reverse("stats:targets"),
        reverse("stats:target_set"),
        reverse("stats:target_push", args=[target.pk]),
    ]


def test_visitors_go_to_login_and_workers_and_outsiders_are_refused(
    client, target, outsider, worker
):
    for url in _pages(target):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    for user in (outsider, worker):
        client.force_login(user)
        for url in _pages(target):
            assert client.get(url).status_code == 403, url


def test_city_admin_reaches_every_page(client, target, city_admin, data):
    client.force_login(city_admin)
    for url in _pages(target):
        assert client.get(url, {"period": "2025"}).status_code == 200, url


def test_a_unit_outside_the_scope_answers_404(client, target, data, county_officer):
    client.force_login(county_officer)
    outside = {"unit": data.county_b.pk, "period": "2025"}
    for name in ("stats:dashboard", "stats:charts", "stats:table", "stats:table_export",
                 "stats:targets", "stats:target_set"):  # fmt: skip
        assert client.get(reverse(name), outside).status_code == 404, name
    assert client.get(reverse("stats:drill", args=[CODE]), outside).status_code == 404
    # The city's target is not theirs to see or push down.
    assert client.get(reverse("stats:target_push", args=[target.pk])).status_code == 404
    response = client.post(reverse("stats:target_push", args=[target.pk]),
                           {"mode": "values", f"unit_{data.county_a.pk}": "20"})  # fmt: skip
    assert response.status_code == 404 and not Target.objects.filter(parent=target).exists()
    # Their own unit: its figures only (county A: 2 + 1 + 3 consultations in 2025).
    response = client.get(reverse("stats:drill", args=[CODE]), {"period": "2025"})
    assert response.status_code == 200 and 'data-unit="total"' in response.content.decode()
    assert "6次" in response.content.decode()


def test_a_viewer_cannot_set_targets(client, target, data, auditor):
    client.force_login(auditor)
    assert client.get(reverse("stats:targets")).status_code == 200
    assert client.get(reverse("stats:target_set")).status_code == 403
    response = client.post(reverse("stats:target_set"),
                           {"indicator": CODE, "year": 2025, "value": "5"})  # fmt: skip
    assert response.status_code == 403 and Target.objects.count() == 1


def test_api_targets_are_scoped(data, target, city_admin, county_officer, outsider):
    url = "/api/v1/stats/targets/"
    answer = client_for(city_admin).get(url, {"year": 2025})
    assert answer.status_code == 200
    results = answer.json()["results"] if "results" in answer.json() else answer.json()
    assert [r["unit_code"] for r in results] == ["340800"]
    assert results[0]["completion"]["value"] == 11 and results[0]["completion"]["rate"] == "55.0"
    officer = client_for(county_officer)
    listed = officer.get(url).json()
    assert listed.get("results", listed) == []
    assert officer.get(f"{url}{target.pk}/").status_code == 404
    assert refused(client_for().get(url).status_code)
    assert refused(client_for(outsider).get(url).status_code)
    # A unit outside the scope is refused and nothing is saved.
    response = officer.post(url, {"unit": data.county_b.pk, "indicator": CODE, "year": 2025,
                                  "value": "5"}, format="json")  # fmt: skip
    assert response.status_code == 400 and Target.objects.count() == 1
    response = officer.post(url, {"unit": data.county_a.pk, "indicator": "rights.x",
                                  "year": 2025, "value": "5"}, format="json")  # fmt: skip
    assert response.status_code == 400 and "rights.x" in response.content.decode()
    response = officer.post(url, {"unit": data.county_a.pk, "indicator": CODE, "year": 2025,
                                  "value": "5"}, format="json")  # fmt: skip
    assert response.status_code == 201 and response.json()["unit_code"] == "340802"
    # Pushing down: the city's by the officer is not found; by the admin, shares must add up.
    push = f"{url}{target.pk}/push/"
    shares = {"shares": [{"unit": data.county_a.pk, "share": "12"},
                         {"unit": data.county_b.pk, "share": "7"}]}  # fmt: skip
    assert officer.post(push, shares, format="json").status_code == 404
    admin = client_for(city_admin)
    response = admin.post(push, shares, format="json")
    assert response.status_code == 400 and "1.00" in response.content.decode()
    shares["shares"][1]["share"] = "8"
    response = admin.post(push, shares, format="json")
    assert response.status_code == 200
    assert [(r["unit_code"], r["value"]) for r in response.json()] == [
        ("340802", "12.00"),
        ("340822", "8.00"),
    ]
