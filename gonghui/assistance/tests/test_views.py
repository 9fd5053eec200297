"""Workspace pages: who sees which files, masked lists, the audited detail, forms, refusals."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.assistance import services
from gonghui.assistance.choices import FileStatus
from gonghui.assistance.models import (
    AidGrant,
    AnnualReview,
    EligibilityRule,
    HardshipApplication,
    HardshipFile,
    HouseholdMember,
    NoticeObjection,
)
from gonghui.assistance.tests.conftest import grant, household, upload
from gonghui.casework import services as cases
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.access(
        "assistance.HardshipFile",
        "assistance.HouseholdMember",
        "assistance.AidGrant",
        "assistance.AnnualReview",
        "assistance.EligibilityRule",
        "assistance.HardshipApplication",
        "assistance.NoticeObjection",
    ),
]

LIST = reverse("assistance:file_list")


def state() -> tuple[Any, ...]:
    """What a refused write must leave unchanged."""
    return (
        list(HardshipFile.objects.order_by("pk").values_list("pk", "status", "household_size")),
        HouseholdMember.objects.count(),
        AidGrant.objects.count(),
        AnnualReview.objects.count(),
        list(EligibilityRule.objects.order_by("pk").values_list("pk", "version", "superseded_at")),
        list(HardshipApplication.objects.order_by("pk").values_list("pk", "stage")),
        NoticeObjection.objects.count(),
    )


def listed(client, url: str = LIST) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200
    return {file.person.name for file in response.context["files"]}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("city_admin", {"张三", "王五"}),
        ("county_officer", {"张三"}),
        ("grassroots_officer", {"王五"}),
        ("auditor", {"张三", "王五"}),
    ],
)
def test_the_list_shows_each_persona_its_scope_masked(
    client, request, persona, expected, file_a, file_b
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert listed(client) == expected
    body = client.get(LIST).content.decode()
    assert "800.00" not in body and "尿毒症" not in body  # no incomes, no health
    assert file_a.person.id_number not in body


def test_list_filters_search_and_export_are_masked(client, city_admin, file_a, file_b) -> None:
    client.force_login(city_admin)
    assert listed(client, LIST + "?q=张") == {"张三"}
    assert listed(client, LIST + f"?q={file_b.file_number}") == {"王五"}
    assert listed(client, LIST + "?status=lifted_out") == set()
    response = client.get(reverse("assistance:file_export"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 3 and "尿毒症" not in text and "800" not in text
    assert file_a.person.id_number not in text and file_a.person.id_number_masked in text


def test_the_detail_is_for_handlers_and_every_view_is_audited(
    client, city_admin, county_officer, grassroots_officer, auditor, file_a, file_b
) -> None:
    url_a = reverse("assistance:file_detail", args=[file_a.pk])
    client.force_login(county_officer)
    response = client.get(url_a)
    assert response.status_code == 200
    body = response.content.decode()
    assert "800.00" in body and "尿毒症" in body
    assert (
        AuditLog.objects.filter(
            action=AuditAction.REVEAL, object_id=str(file_a.pk), user=county_officer
        ).count()
        == 1
    )
    client.get(url_a)
    assert AuditLog.objects.filter(action=AuditAction.REVEAL, user=county_officer).count() == 2
    assert client.get(reverse("assistance:file_detail", args=[file_b.pk])).status_code == 404
    client.force_login(grassroots_officer)
    assert client.get(url_a).status_code == 404
    client.force_login(auditor)  # sees the list, never the incomes
    assert client.get(url_a).status_code == 403
    assert not AuditLog.objects.filter(action=AuditAction.REVEAL, user=auditor).exists()


def _pages(file: HardshipFile, member: HouseholdMember) -> list[tuple[str, str]]:
    return [
        ("get", LIST),
        ("get", reverse("assistance:file_export")),
        ("get", reverse("assistance:file_detail", args=[file.pk])),
        ("get", reverse("assistance:file_open")),
        ("get", reverse("assistance:reviews_due")),
        ("get", reverse("assistance:rule_list")),
        ("get", reverse("assistance:application_new")),
        ("post", reverse("assistance:member_add", args=[file.pk])),
        ("post", reverse("assistance:member_remove", args=[member.pk])),
        ("post", reverse("assistance:aid_create", args=[file.pk])),
        ("post", reverse("assistance:review_create", args=[file.pk])),
    ]


def test_anonymous_users_go_to_the_login(client, file_a) -> None:
    member = file_a.members.last()
    for method, url in _pages(file_a, member):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_outsiders_and_workers_are_refused(client, outsider, worker, file_a, zhang) -> None:
    member = file_a.members.last()
    before = state()
    for user in (outsider, worker):
        client.force_login(user)
        for method, url in _pages(file_a, member):
            assert getattr(client, method)(url).status_code == 403, (user, url)
    assert state() == before


def test_writes_outside_scope_change_nothing(client, county_officer, auditor, file_b) -> None:
    member = file_b.members.get()
    before = state()
    client.force_login(county_officer)
    for url in (
        reverse("assistance:member_add", args=[file_b.pk]),
        reverse("assistance:aid_create", args=[file_b.pk]),
        reverse("assistance:review_create", args=[file_b.pk]),
        reverse("assistance:member_remove", args=[member.pk]),
    ):
        assert client.post(url, {"amount": "100"}).status_code == 404, url
    client.force_login(auditor)
    for url in (
        reverse("assistance:aid_create", args=[file_b.pk]),
        reverse("assistance:review_create", args=[file_b.pk]),
    ):
        assert client.post(url, {"amount": "100"}).status_code == 403, url
    assert state() == before


def test_open_a_file_then_add_a_member_grant_aid_and_review(
    client, tree, county_officer, zhang
) -> None:
    client.force_login(county_officer)
    response = client.post(
        reverse("assistance:file_open"),
        {"id_number": zhang.id_number, "level": "county", "cause": "illness",
         "worker_income": "1500", "cause_detail": "本人患病"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    file = HardshipFile.objects.get(person=zhang)
    assert file.status == FileStatus.ON_FILE and file.unit == tree.county_a
    # A second file for the same worker is refused and names the first.
    again = client.post(
        reverse("assistance:file_open"),
        {"id_number": zhang.id_number, "level": "county", "cause": "illness",
         "worker_income": "1500"},
    )  # fmt: skip
    assert again.status_code == 400 and file.file_number in again.content.decode()
    response = client.post(
        reverse("assistance:member_add", args=[file.pk]),
        {"name": "张小红", "relationship": "child", "monthly_income": "0",
         "situations": ["in_school"], "school_stage": "primary"},
    )  # fmt: skip
    assert response.status_code == 302
    file.refresh_from_db()
    assert (file.household_size, file.monthly_income_per_head) == (2, Decimal("750.00"))
    child = file.members.get(name="张小红")
    response = client.post(
        reverse("assistance:aid_create", args=[file.pk]),
        {"kind": "education", "amount": "2000", "granted_on": timezone.localdate().isoformat(),
         "fund": "金秋助学", "decided_by": "区总工会", "member": child.pk},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    assert AidGrant.objects.get().school_stage == "primary"
    response = client.post(
        reverse("assistance:review_create", args=[file.pk]),
        {"reviewed_on": timezone.localdate().isoformat(), "decision": "removed",
         "household_size": "2", "monthly_income_total": "9000", "notes": "迁出本市"},
    )  # fmt: skip
    assert response.status_code == 302
    file.refresh_from_db()
    assert file.status == FileStatus.REMOVED


def test_aid_form_shows_the_remaining_allowance_when_over_the_cap(
    client, settings, county_officer, file_a
) -> None:
    settings.ASSISTANCE_YEARLY_CAP_YUAN = "5000"
    grant(county_officer, file_a, "4000")
    client.force_login(county_officer)
    response = client.post(
        reverse("assistance:aid_create", args=[file_a.pk]),
        {"kind": "living", "amount": "1500", "granted_on": timezone.localdate().isoformat(),
         "fund": "帮扶资金", "decided_by": "区总工会"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "还可救助1000.00元" in response.content.decode()
    assert AidGrant.objects.count() == 1


def test_reviews_due_page_and_overdue_alert(client, county_officer, file_a) -> None:
    HardshipFile.objects.filter(pk=file_a.pk).update(
        opened_on=timezone.localdate() - datetime.timedelta(days=400)
    )
    client.force_login(county_officer)
    response = client.get(reverse("assistance:reviews_due"))
    assert [f.pk for f in response.context["files"]] == [file_a.pk]
    assert file_a.pk in response.context["overdue"]
    assert 'id="review-alert"' in client.get(LIST).content.decode()


def test_rules_editor_keeps_versions(client, tree, city_admin, grassroots_officer, rule) -> None:
    client.force_login(city_admin)
    response = client.post(
        reverse("assistance:rule_revise", args=[rule.pk]),
        {"income_threshold": "950.00", "qualifying_causes": ["illness", "disability"]},
    )
    assert response.status_code == 302
    versions = list(EligibilityRule.objects.order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].superseded_at is not None and versions[1].income_threshold == Decimal("950")
    # The old version is read-only.
    assert (
        client.post(
            reverse("assistance:rule_revise", args=[rule.pk]), {"income_threshold": "1"}
        ).status_code
        == 400
    )
    page = client.get(reverse("assistance:rule_detail", args=[versions[1].pk]))
    assert page.status_code == 200 and len(page.context["versions"]) == 2
    # A grassroots officer sees no rules of the city and cannot write them.
    client.force_login(grassroots_officer)
    assert client.get(reverse("assistance:rule_detail", args=[rule.pk])).status_code == 404
    before = state()
    assert (
        client.post(
            reverse("assistance:rule_create"),
            {"region_code": "340822", "year": "2026", "income_threshold": "900"},
        ).status_code
        == 403
    )
    assert state() == before


def test_the_application_steps_in_the_workspace(
    client, zhang, worker, rule, county_officer, grassroots_officer
) -> None:
    case = services.application_submit(
        by=worker, person=zhang, cause="illness", worker_income=Decimal("1800"),
        members=household(),
    )  # fmt: skip
    url = reverse("assistance:application", args=[case.pk])
    client.force_login(grassroots_officer)  # county B: not theirs
    assert client.get(url).status_code == 404
    before = state()
    assert (
        client.post(reverse("assistance:refuse", args=[case.pk]), {"reason": "x"}).status_code
        == 404
    )
    assert state() == before
    client.force_login(county_officer)
    assert client.get(url).status_code == 200
    case = cases.case_accept(by=county_officer, case=case, expected_version=case.version)
    response = client.post(
        reverse("assistance:visit", args=[case.pk]),
        {"visited_on": timezone.localdate().isoformat(), "notes": "核查属实",
         "consent": upload("同意书.pdf")},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    assert client.post(reverse("assistance:check", args=[case.pk])).status_code == 302
    start = timezone.localdate() - datetime.timedelta(days=8)
    response = client.post(
        reverse("assistance:notice", args=[case.pk]), {"started_on": start.isoformat(), "days": 7}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("assistance:objection", args=[case.pk]),
        {"raised_on": start.isoformat(), "text": "收入不实"},
    )
    assert response.status_code == 302
    refused = client.post(reverse("assistance:approve", args=[case.pk]), {})
    assert refused.status_code == 400 and "异议尚未处理" in refused.content.decode()
    objection = NoticeObjection.objects.get()
    response = client.post(
        reverse("assistance:objection_handle", args=[case.pk, objection.pk]),
        {"note": "经核实收入属实"},
    )
    assert response.status_code == 302
    assert client.post(reverse("assistance:approve", args=[case.pk]), {}).status_code == 302
    assert HardshipFile.objects.get(person=zhang).status == FileStatus.ON_FILE
    # The engine's case page shows the application's stage.
    page = client.get(reverse("casework:detail", args=[case.pk]))
    assert page.status_code == 200 and 'id="hardship-application"' in page.content.decode()


def test_the_list_takes_a_fixed_number_of_queries(
    client, city_admin, file_a, file_b, django_assert_max_num_queries
) -> None:
    from gonghui.assistance.tests.conftest import open_file
    from gonghui.registry.tests.factories import PersonFactory

    for _ in range(5):
        open_file(city_admin, PersonFactory(unit=file_b.unit), members=[])
    client.force_login(city_admin)
    with django_assert_max_num_queries(12):
        response = client.get(LIST)
    assert len(response.context["files"]) == 7
