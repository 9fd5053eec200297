from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from gonghui.conftest import Tree
from gonghui.core.tests.api_client import client_for

pytestmark = pytest.mark.django_db


def test_schema_generates_without_warnings(tmp_path: Path) -> None:
    # --fail-on-warn turns any warning or error into a failure; --validate checks OpenAPI 3.
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(out))
    text = out.read_text(encoding="utf-8")
    for path in (
        "/api/v1/units/", "/api/v1/units/{id}/move/", "/api/v1/units/{id}/children/",
        "/api/v1/units/{id}/ancestors/", "/api/v1/grants/", "/api/v1/persons/",
        "/api/v1/persons/{id}/reveal/", "/api/v1/enterprises/", "/api/v1/audit-log/",
    ):  # fmt: skip
        assert f"  {path}:" in text, path


def test_schema_endpoint_serves_json(client) -> None:
    response = client.get("/api/schema/", headers={"Accept": "application/vnd.oai.openapi+json"})
    assert response.status_code == 200
    schema = response.json()
    assert "/api/v1/persons/{id}/reveal/" in schema["paths"]
    # Clear personal data only ever appears in the reveal answer.
    person = schema["components"]["schemas"]["Person"]["properties"]
    assert "id_number" not in person and "phone" not in person
    assert "id_number_masked" in person


def test_docs_page_loads_nothing_from_other_hosts(client) -> None:
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    external = re.findall(r"""(?:src|href)\s*=\s*["']((?:https?:)?//[^"']+)""", html)
    assert external == []
    assert not re.search(r"""url\(\s*["']?(?:https?:)?//""", html)


def test_token_authentication(tree: Tree, county_officer) -> None:
    token = Token.objects.create(user=county_officer)
    client = APIClient()
    response = client.get("/api/v1/units/")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get("/api/v1/units/")
    assert response.status_code == 200
    assert response.json()["count"] == 3
    client.credentials(HTTP_AUTHORIZATION="Token not-a-valid-key")
    assert client.get("/api/v1/units/").status_code == 401


def test_token_for_user_without_grants_sees_nothing(outsider) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=outsider).key}")
    assert client.get("/api/v1/units/").status_code == 403


def test_session_writes_need_the_csrf_token(tree: Tree, city_admin) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(city_admin, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/api/v1/units/").status_code == 200
    response = client.patch(f"/api/v1/units/{tree.city.pk}/", {"short_name": "市总"})
    assert response.status_code == 403
    tree.city.refresh_from_db()
    assert tree.city.short_name == ""


def test_api_root_lists_the_endpoints(tree: Tree, city_admin) -> None:
    response = client_for(city_admin).get("/api/v1/")
    assert response.status_code == 200
    assert set(response.json()) >= {
        "units", "grants", "persons", "enterprises", "audit-log", "background-jobs"
    }  # fmt: skip


def test_browsable_api_renders_without_clear_personal_data(tree: Tree, city_admin) -> None:
    from gonghui.registry.tests.factories import EnterpriseFactory, PersonFactory

    person = PersonFactory(unit=tree.grassroots_a)
    enterprise = EnterpriseFactory(unit=tree.grassroots_a)
    client = client_for(city_admin)
    for url in (
        "/api/v1/", "/api/v1/units/", f"/api/v1/units/{tree.city.pk}/children/",
        "/api/v1/grants/", "/api/v1/persons/", f"/api/v1/persons/{person.pk}/",
        f"/api/v1/enterprises/{enterprise.pk}/", "/api/v1/audit-log/",
    ):  # fmt: skip
        response = client.get(url, headers={"Accept": "text/html"})
        assert response.status_code == 200, url
        html = response.content.decode()
        assert person.id_number not in html and person.phone not in html, url
