"""Who sees and stops which background jobs, on the pages and through the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from gonghui.background.models import BackgroundJob, JobStatus
from gonghui.core.tests.api_client import client_for, refused

pytestmark = [pytest.mark.django_db, pytest.mark.access("background.BackgroundJob")]

LIST = reverse("background:job_list")
API = "/api/v1/background-jobs/"


@pytest.fixture
def jobs(tree: Any, city_admin: Any) -> dict[str, BackgroundJob]:
    def make(unit: Any, title: str) -> BackgroundJob:
        return BackgroundJob.objects.create(unit=unit, kind="tests.count", title=title)

    return {
        "a": make(tree.grassroots_a, "迎江导入"),
        "b": make(tree.grassroots_b, "怀宁导入"),
        "city": make(tree.city, "全市导入"),
    }


def _titles(jobs: Any) -> list[str]:
    return sorted(job.title for job in jobs)


def test_the_list_shows_what_the_grants_cover(
    client: Any, jobs: Any, city_admin: Any, county_officer: Any, grassroots_officer: Any,
    auditor: Any,
) -> None:  # fmt: skip
    for user, expected in (
        (city_admin, ["全市导入", "怀宁导入", "迎江导入"]),
        (auditor, ["全市导入", "怀宁导入", "迎江导入"]),
        (county_officer, ["迎江导入"]),
        (grassroots_officer, ["怀宁导入"]),
    ):
        client.force_login(user)
        response = client.get(LIST)
        assert response.status_code == 200
        assert _titles(response.context["jobs"]) == expected
        api = client_for(user).get(API)
        assert sorted(row["title"] for row in api.json()["results"]) == expected


def test_filters_narrow_the_list(client: Any, jobs: Any, city_admin: Any) -> None:
    BackgroundJob.objects.filter(pk=jobs["b"].pk).update(status=JobStatus.FAILED)
    client.force_login(city_admin)
    assert _titles(client.get(LIST, {"status": "failed"}).context["jobs"]) == ["怀宁导入"]
    assert _titles(client.get(LIST, {"mine": "on"}).context["jobs"]) == []
    partial = client.get(LIST, {"status": "failed"}, headers={"HX-Request": "true"})
    assert b"<html" not in partial.content and "怀宁导入" in partial.content.decode()


def test_detail_pages_answer_404_outside_the_scope(
    client: Any, jobs: Any, county_officer: Any
) -> None:
    client.force_login(county_officer)
    assert client.get(reverse("background:job_detail", args=[jobs["a"].pk])).status_code == 200
    assert client.get(reverse("background:job_detail", args=[jobs["b"].pk])).status_code == 404
    assert client_for(county_officer).get(f"{API}{jobs['b'].pk}/").status_code == 404
    polled = client.get(
        reverse("background:job_detail", args=[jobs["a"].pk]), headers={"HX-Request": "true"}
    )
    assert b'hx-trigger="every 1s"' in polled.content and b"<html" not in polled.content


def test_anonymous_users_and_outsiders_are_refused(client: Any, jobs: Any, outsider: Any) -> None:
    response = client.get(LIST)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert refused(client_for().get(API).status_code)
    client.force_login(outsider)
    assert client.get(LIST).status_code == 403
    assert client_for(outsider).get(API).status_code == 403


def test_stopping_a_job_needs_a_write_grant_or_having_started_it(
    client: Any, jobs: Any, auditor: Any, county_officer: Any, grassroots_officer: Any
) -> None:
    job = jobs["a"]
    client.force_login(auditor)
    assert client.post(reverse("background:job_cancel", args=[job.pk])).status_code == 403
    assert client_for(auditor).post(f"{API}{job.pk}/cancel/").status_code == 403
    client.force_login(grassroots_officer)
    assert client.post(reverse("background:job_cancel", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and not job.cancel_requested

    response = client_for(county_officer).post(f"{API}{job.pk}/cancel/")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"


def test_the_starter_may_stop_the_job_with_a_read_grant(
    client: Any, tree: Any, auditor: Any
) -> None:
    job = BackgroundJob.objects.create(
        unit=tree.city, kind="tests.count", title="导出", created_by=auditor
    )
    client.force_login(auditor)
    response = client.post(reverse("background:job_cancel", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
