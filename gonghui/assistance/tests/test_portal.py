"""The worker's pages: apply for a hardship file, see the application's state."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gonghui.assistance.models import HardshipApplication, HardshipFile

pytestmark = [pytest.mark.django_db, pytest.mark.access("assistance.HardshipApplication")]

MINE = reverse("assistance_portal:mine")
APPLY = reverse("assistance_portal:apply")


def test_visitors_go_to_the_portal_login_and_logins_without_a_record_to_verify(
    client, county_officer
) -> None:
    for url in (MINE, APPLY):
        response = client.get(url)
        assert response.status_code == 302 and reverse("portal:login") in response["Location"]
    client.force_login(county_officer)
    assert client.get(APPLY)["Location"] == reverse("portal:me")
    assert HardshipFile.objects.count() == 0


def test_a_worker_applies_and_sees_the_state(client, worker, zhang, wang) -> None:
    client.force_login(worker)
    page = client.get(MINE)
    assert page.status_code == 200 and page.context["can_apply"]
    form = {
        "cause": "illness", "worker_income": "1200", "cause_detail": "妻子患病",
        "members-TOTAL_FORMS": "3", "members-INITIAL_FORMS": "0",
        "members-0-name": "李梅", "members-0-relationship": "spouse",
        "members-0-monthly_income": "0", "members-0-situations": ["illness"],
    }  # fmt: skip
    response = client.post(APPLY, form)
    assert response.status_code == 302, response.content.decode()
    application = HardshipApplication.objects.get()
    assert application.case.applicant == zhang and application.case.channel == "portal"
    assert application.file.household_size == 2
    page = client.get(MINE)
    assert application.case.reference in page.content.decode() and not page.context["can_apply"]
    # Only their own applications: 王五's are not listed, and a second one is refused.
    assert client.post(APPLY, form).status_code == 400
    assert HardshipApplication.objects.count() == 1


def test_bad_input_is_refused_and_changes_nothing(client, worker, zhang) -> None:
    client.force_login(worker)
    form = {
        "cause": "illness", "worker_income": "-5",
        "members-TOTAL_FORMS": "1", "members-INITIAL_FORMS": "0",
    }  # fmt: skip
    assert client.post(APPLY, form).status_code == 400
    form["worker_income"] = "1000"
    bad_id = "340802201209010030"  # wrong check digit
    form.update({"members-0-name": "某某", "members-0-relationship": "child",
                 "members-0-monthly_income": "0", "members-0-id_number": bad_id})  # fmt: skip
    response = client.post(APPLY, form)
    assert response.status_code == 400
    assert HardshipFile.objects.count() == 0
