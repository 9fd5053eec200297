"""The cases API: scoped lists and records, and writes answering 200/400/403/404/409."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.casework import services
from gonghui.casework.choices import CaseState, EventType
from gonghui.casework.models import Case, CaseAttachment
from gonghui.casework.tests.conftest import SIGNUP, submit
from gonghui.casework.tests.test_notes_and_routing import PDF
from gonghui.casework.tests.test_services import frozen
from gonghui.core.choices import Role
from gonghui.core.tests.api_client import client_for, refused
from gonghui.core.tests.factories import GrantFactory, UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.access("casework.Case", "casework.CaseEvent", "casework.CaseAttachment"),
]

S = CaseState
CASES = "/api/v1/cases/"


def url(case: Case, action: str = "") -> str:
    return f"{CASES}{case.pk}/{action + '/' if action else ''}"


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(row["title"] for row in response.json()["results"])


class TestRead:
    def test_lists_are_scoped(
        self, case_a, case_b, city_admin, county_officer, grassroots_officer, auditor
    ) -> None:
        both = ["工伤认定咨询", "拖欠工资三个月"]
        assert titles(client_for(city_admin).get(CASES)) == both
        assert titles(client_for(auditor).get(CASES)) == both
        assert titles(client_for(county_officer).get(CASES)) == ["拖欠工资三个月"]
        assert titles(client_for(grassroots_officer).get(CASES)) == ["工伤认定咨询"]

    def test_refused(self, case_a, case_b, outsider, worker, county_officer) -> None:
        assert refused(client_for().get(CASES).status_code)
        assert refused(client_for().get(url(case_a)).status_code)
        assert client_for(outsider).get(CASES).status_code == 403
        assert client_for(worker).get(CASES).status_code == 403  # applicants use the portal
        assert client_for(county_officer).get(url(case_b)).status_code == 404

    def test_a_row(self, case_a, county_officer) -> None:
        row = client_for(county_officer).get(CASES).json()["results"][0]
        assert row["reference"] == case_a.reference and row["kind_label"] == "Sample request"
        assert row["state"] == S.SUBMITTED and row["sla_status"] == "on_time"
        assert row["applicant_name"] == "张三" and row["version"] == 1

    def test_the_record_has_the_timeline_detail_and_masked_applicant(
        self, case_a, zhang, county_officer, auditor
    ) -> None:
        response = client_for(county_officer).get(url(case_a))
        assert response.status_code == 200
        body = response.json()
        assert body["applicant_id_number_masked"] == zhang.id_number_masked
        assert zhang.id_number not in response.content.decode()
        assert zhang.phone not in response.content.decode()
        assert [e["event_type"] for e in body["events"]] == [EventType.SUBMITTED]
        detail = {f["name"]: f for f in body["detail"]}
        assert detail["category"]["value"] == "wages" and detail["urgent"]["value"] is False
        assert body["allowed_transitions"] == [S.ACCEPTED, S.REJECTED, S.WITHDRAWN]
        assert client_for(auditor).get(url(case_a)).json()["allowed_transitions"] == []

    def test_filters_and_ordering(self, tree, zhang, wang, case_a, case_b, city_admin) -> None:
        late = submit(
            city_admin, tree.grassroots_b, wang, title="逾期",
            submitted_at=timezone.now() - datetime.timedelta(hours=100),
        )  # fmt: skip
        submit(city_admin, tree.grassroots_a, zhang, kind=SIGNUP, title="报名")
        services.case_assign(by=city_admin, case=case_a, assignee=city_admin, expected_version=1)
        done = services.case_reject(by=city_admin, case=case_b, reason="重复", expected_version=1)
        client = client_for(city_admin)
        assert titles(client.get(CASES, {"kind": SIGNUP})) == ["报名"]
        assert titles(client.get(CASES, {"state": S.REJECTED})) == [done.title]
        assert titles(client.get(CASES, {"sla": "overdue"})) == ["逾期"]
        assert titles(client.get(CASES, {"sla": "met"})) == [done.title]
        assert titles(client.get(CASES, {"sla": "none"})) == ["报名"]
        assert titles(client.get(CASES, {"mine": "true"})) == ["拖欠工资三个月"]
        assert titles(client.get(CASES, {"within": tree.county_b.pk})) == ["工伤认定咨询", "逾期"]
        assert titles(client.get(CASES, {"open": "false"})) == [done.title]
        assert titles(client.get(CASES, {"q": late.reference})) == ["逾期"]
        assert titles(client.get(CASES, {"q": "王五"})) == ["工伤认定咨询", "逾期"]
        ordered = client.get(
            CASES, {"ordering": "due_at", "open": "true", "kind": "sample.request"}
        )
        assert ordered.json()["results"][0]["title"] == "逾期"
        assert client.get(CASES, {"sla": "late-ish"}).status_code == 400

    def test_a_unit_filter_outside_the_scope_finds_nothing(self, tree, case_b, county_officer):
        response = client_for(county_officer).get(CASES, {"within": tree.county_b.pk})
        assert response.status_code == 400  # the unit is not among those it may name

    def test_query_count_of_the_list(
        self, tree, zhang, city_admin, django_assert_max_num_queries
    ) -> None:
        for i in range(30):
            case = submit(city_admin, tree.grassroots_a, zhang, title=f"事项{i}")
            services.case_assign(by=city_admin, case=case, assignee=city_admin, expected_version=1)
        client = client_for(city_admin)
        with django_assert_max_num_queries(8):
            response = client.get(CASES)
        assert response.json()["count"] == 30


def post(user: Any, case: Case, action: str, data: dict[str, Any], fmt: str = "json"):
    return client_for(user).post(url(case, action), data, format=fmt)


class TestTransition:
    def test_moves_answer_the_case(self, case_a, county_officer) -> None:
        response = post(county_officer, case_a, "transition", {"to": S.ACCEPTED, "version": 1})
        assert response.status_code == 200, response.json()
        body = response.json()
        assert body["state"] == S.ACCEPTED and body["version"] == 2
        assert body["events"][-1]["to_state"] == S.ACCEPTED
        response = post(
            county_officer,
            case_a,
            "transition",
            {"to": S.RESOLVED, "version": 2, "note": "已协调解决"},
        )
        assert response.json()["finished_at"] is not None

    @pytest.mark.parametrize(
        ("payload", "field", "message"),
        [
            ({"to": S.CLOSED, "version": 1}, "non_field_errors", "不能执行“归档”"),
            ({"to": S.REJECTED, "version": 1, "note": ""}, "note", "不予受理的理由"),
            ({"to": "flying", "version": 1}, "to", "未知的事项状态"),
            ({"to": S.ACCEPTED}, "version", ""),
            ({"to": S.ACCEPTED, "version": 0}, "version", ""),
        ],
    )
    def test_illegal_or_invalid_moves_answer_400(
        self, case_a, county_officer, payload, field, message
    ) -> None:
        before = frozen(case_a)
        response = post(county_officer, case_a, "transition", payload)
        assert response.status_code == 400
        errors = response.json()[field]
        assert message in " ".join(errors)
        assert frozen(case_a) == before

    def test_a_stale_version_answers_409(self, case_a, county_officer, city_admin) -> None:
        services.case_accept(by=city_admin, case=case_a, expected_version=1)
        case_a.refresh_from_db()
        before = frozen(case_a)
        response = post(county_officer, case_a, "transition", {"to": S.IN_PROGRESS, "version": 1})
        assert response.status_code == 409
        assert response.json() == {"non_field_errors": ["该事项已被其他人更新，请刷新后重试。"]}
        assert frozen(case_a) == before

    def test_refusals(self, tree, case_a, auditor, grassroots_officer, outsider) -> None:
        mixed = UserFactory(username="mixed")  # may view case_a, may change elsewhere only
        GrantFactory(user=mixed, unit=tree.city, role=Role.AUDITOR)
        GrantFactory(user=mixed, unit=tree.grassroots_b, role=Role.GRASSROOTS_OFFICER)
        before = frozen(case_a)
        payload = {"to": S.ACCEPTED, "version": 1}
        assert post(auditor, case_a, "transition", payload).status_code == 403
        assert post(mixed, case_a, "transition", payload).status_code == 403
        assert post(grassroots_officer, case_a, "transition", payload).status_code == 404
        assert post(outsider, case_a, "transition", payload).status_code == 403
        assert refused(client_for().post(url(case_a, "transition"), payload).status_code)
        assert frozen(case_a) == before


class TestAssignRouteNotes:
    def test_assign(self, case_a, county_officer, grassroots_officer) -> None:
        response = post(
            county_officer, case_a, "assign", {"assignee": county_officer.pk, "version": 1}
        )
        assert response.status_code == 200 and response.json()["assignee"] == county_officer.pk
        before = frozen(case_a)
        response = post(
            county_officer, case_a, "assign", {"assignee": grassroots_officer.pk, "version": 2}
        )
        assert response.status_code == 400 and "assignee" in response.json()
        stale = post(county_officer, case_a, "assign", {"assignee": None, "version": 1})
        assert stale.status_code == 409
        assert frozen(case_a) == before
        cleared = post(county_officer, case_a, "assign", {"assignee": None, "version": 2})
        assert cleared.status_code == 200 and cleared.json()["assignee"] is None

    def test_route(self, tree, case_a, county_officer, auditor) -> None:
        before = frozen(case_a)
        outside = {"unit": tree.grassroots_b.pk, "note": "x", "version": 1}
        assert post(county_officer, case_a, "route", outside).status_code == 400
        inside = {"unit": tree.township_a.pk, "note": "上报街道", "version": 1}
        assert post(auditor, case_a, "route", inside).status_code == 403
        assert frozen(case_a) == before
        response = post(county_officer, case_a, "route", inside)
        assert response.status_code == 200 and response.json()["unit"] == tree.township_a.pk
        assert response.json()["events"][-1]["data"]["to_unit"] == tree.township_a.name

    def test_notes_with_files_and_download(
        self, case_a, county_officer, auditor, grassroots_officer
    ):
        files = [SimpleUploadedFile("证据.pdf", PDF, content_type="application/pdf")]
        response = post(
            county_officer, case_a, "notes", {"note": "补充", "files": files}, fmt="multipart"
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["event_type"] == EventType.NOTE
        link = body["attachments"][0]["url"]
        attachment = CaseAttachment.objects.get()
        assert link == f"{url(case_a)}attachments/{attachment.pk}/"
        download = client_for(auditor).get(link)
        assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
        assert client_for(grassroots_officer).get(link).status_code == 404
        assert client_for(county_officer).get(f"{url(case_a)}attachments/999/").status_code == 404

    def test_bad_notes(self, case_a, county_officer, auditor) -> None:
        before = frozen(case_a)
        bad = [SimpleUploadedFile("x.html", b"<script>", content_type="application/pdf")]
        response = post(county_officer, case_a, "notes", {"note": "x", "files": bad}, "multipart")
        assert response.status_code == 400 and "files" in response.json()
        assert post(county_officer, case_a, "notes", {"note": " "}).status_code == 400
        assert post(auditor, case_a, "notes", {"note": "x"}).status_code == 403
        assert frozen(case_a) == before
        reply = post(county_officer, case_a, "notes", {"note": "已受理", "reply": True})
        assert reply.status_code == 201 and reply.json()["event_type"] == EventType.REPLY


def test_there_is_no_create_route(city_admin) -> None:
    response = client_for(city_admin).post(CASES, {"title": "x"}, format="json")
    assert response.status_code == 405
    assert not Case.objects.exists()
