"""Workspace pages for cases: queues, export, the case page and its forms, file downloads."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gonghui.casework import services
from gonghui.casework.choices import CaseState, Channel, EventType
from gonghui.casework.models import Case, CaseAttachment
from gonghui.casework.tests.conftest import SIGNUP, submit
from gonghui.casework.tests.test_notes_and_routing import PDF
from gonghui.casework.tests.test_services import frozen
from gonghui.registry.tests.factories import PersonFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.access("casework.Case", "casework.CaseEvent", "casework.CaseAttachment"),
]

S = CaseState
QUEUE = reverse("casework:queue")


def refs(response) -> list[str]:
    assert response.status_code == 200
    return sorted(case.title for case in response.context["cases"])


@pytest.fixture
def attachment(case_a, county_officer) -> CaseAttachment:
    event = services.case_add_note(
        by=county_officer,
        case=case_a,
        note="工资条",
        files=[SimpleUploadedFile("工资条.pdf", PDF, content_type="application/pdf")],
    )
    return event.attachments.get()


def _pages(case: Case, attachment: CaseAttachment) -> list[tuple[str, str]]:
    pk = case.pk
    return [
        ("get", QUEUE),
        ("get", reverse("casework:export")),
        ("get", reverse("casework:detail", args=[pk])),
        ("get", reverse("casework:route_targets", args=[pk])),
        ("get", reverse("casework:attachment", args=[attachment.pk])),
        ("post", reverse("casework:transition", args=[pk])),
        ("post", reverse("casework:assign", args=[pk])),
        ("post", reverse("casework:route", args=[pk])),
        ("post", reverse("casework:note", args=[pk])),
    ]


def test_anonymous_users_go_to_the_login_page(client, case_a, attachment) -> None:
    before = frozen(case_a)
    for method, url in _pages(case_a, attachment):
        response = getattr(client, method)(url, {"to": S.ACCEPTED, "version": 1, "note": "x"})
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    assert frozen(case_a) == before


@pytest.mark.parametrize("persona", ["outsider", "worker"])
def test_logins_without_a_grant_are_refused(client, case_a, attachment, request, persona):
    client.force_login(request.getfixturevalue(persona))
    before = frozen(case_a)
    for method, url in _pages(case_a, attachment):
        response = getattr(client, method)(url, {"to": S.ACCEPTED, "version": 1, "note": "x"})
        assert response.status_code == 403, url
    assert frozen(case_a) == before


def test_the_queue_shows_what_the_grants_cover(
    client, case_a, case_b, city_admin, county_officer, grassroots_officer, auditor
) -> None:
    for user, expected in (
        (city_admin, ["工伤认定咨询", "拖欠工资三个月"]),
        (auditor, ["工伤认定咨询", "拖欠工资三个月"]),
        (county_officer, ["拖欠工资三个月"]),
        (grassroots_officer, ["工伤认定咨询"]),
    ):
        client.force_login(user)
        assert refs(client.get(QUEUE)) == expected, user


def test_the_sidebar_links_the_queue(client, case_a, county_officer) -> None:
    client.force_login(county_officer)
    page = client.get(QUEUE).content.decode()
    assert f'nav-link active" href="{QUEUE}"' in page


def test_tabs_filters_and_search(client, tree, zhang, case_a, city_admin) -> None:
    late = submit(
        city_admin,
        tree.township_a,
        zhang,
        title="逾期未办",
        submitted_at=timezone.now() - datetime.timedelta(hours=80),
        channel=Channel.HOTLINE,
    )
    risky = submit(
        city_admin,
        tree.grassroots_a,
        zhang,
        title="快到期",
        submitted_at=timezone.now() - datetime.timedelta(hours=60),
    )
    signup = submit(city_admin, tree.grassroots_a, zhang, kind=SIGNUP, title="报名")
    done = services.case_reject(
        by=city_admin, case=submit(city_admin, tree.grassroots_a, zhang, title="已驳回"),
        reason="不属于受理范围", expected_version=1,
    )  # fmt: skip
    services.case_assign(by=city_admin, case=risky, assignee=city_admin, expected_version=1)
    client.force_login(city_admin)
    response = client.get(QUEUE)
    assert refs(response) == sorted(["拖欠工资三个月", "逾期未办", "快到期", "报名"])
    assert [c.title for c in response.context["cases"]][:2] == ["逾期未办", "快到期"]
    counts = {key: count for key, _label, count in response.context["tabs"]}
    assert counts == {"unit": 4, "mine": 1, "overdue": 1, "at_risk": 1}
    assert refs(client.get(QUEUE, {"tab": "mine"})) == ["快到期"]
    assert refs(client.get(QUEUE, {"tab": "overdue"})) == ["逾期未办"]
    assert refs(client.get(QUEUE, {"tab": "at_risk"})) == ["快到期"]
    assert refs(client.get(QUEUE, {"tab": "bogus"})) == refs(response)
    assert refs(client.get(QUEUE, {"state": S.REJECTED})) == ["已驳回"]
    assert "已驳回" in refs(client.get(QUEUE, {"state": "all"}))
    assert refs(client.get(QUEUE, {"kind": SIGNUP})) == ["报名"]
    assert refs(client.get(QUEUE, {"channel": Channel.HOTLINE})) == ["逾期未办"]
    assert refs(client.get(QUEUE, {"q": late.reference})) == ["逾期未办"]
    assert refs(client.get(QUEUE, {"q": late.reference[:3].lower()})) == sorted(
        ["拖欠工资三个月", "逾期未办", "快到期"]
    )
    assert refs(client.get(QUEUE, {"q": "张三", "kind": SIGNUP})) == ["报名"]
    assert refs(client.get(QUEUE, {"q": "快到"})) == ["快到期"]
    page = client.get(QUEUE).content.decode()
    assert "已超期" in page and "即将超期" in page and signup.reference in page
    assert done.reference not in page


def test_pagination_htmx_and_query_count(
    client, tree, zhang, city_admin, django_assert_max_num_queries
) -> None:
    for i in range(55):
        submit(city_admin, tree.grassroots_a, zhang, title=f"事项{i}")
    client.force_login(city_admin)
    with django_assert_max_num_queries(12):
        first = client.get(QUEUE)
    assert len(first.context["cases"]) == 50 and first.context["paginator"].count == 55
    with django_assert_max_num_queries(12):
        second = client.get(QUEUE, {"page": 2}, headers={"HX-Request": "true"})
    assert len(second.context["cases"]) == 5
    assert "<html" not in second.content.decode()


def test_export_is_scoped_filtered_and_labelled(client, case_a, case_b, county_officer) -> None:
    client.force_login(county_officer)
    response = client.get(reverse("casework:export"), {"state": "all"})
    assert response.status_code == 200 and response.streaming
    body = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:3] == ["事项编号", "类型", "标题"]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["事项编号"] == case_a.reference and row["状态"] == "已提交"
    assert row["类型"] == "Sample request" and row["申请人"] == "张三"
    assert row["办理时限"].startswith(str(timezone.localdate(case_a.due_at).year))
    assert row["时限状态"] == "正常"
    assert case_b.reference not in body


def test_detail_in_and_out_of_scope(client, case_a, case_b, zhang, county_officer) -> None:
    client.force_login(county_officer)
    response = client.get(reverse("casework:detail", args=[case_a.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert case_a.reference in page and zhang.id_number_masked in page
    assert zhang.id_number not in page and zhang.phone not in page
    assert "工资" in page  # the kind's detail: category "wages"
    assert [m["to"] for m in response.context["moves"]] == [S.ACCEPTED, S.REJECTED, S.WITHDRAWN]
    assert client.get(reverse("casework:detail", args=[case_b.pk])).status_code == 404


def test_read_only_roles_see_no_forms(client, case_a, auditor) -> None:
    client.force_login(auditor)
    response = client.get(reverse("casework:detail", args=[case_a.pk]))
    assert response.status_code == 200
    context = response.context
    assert context["moves"] == [] and context["note_form"] is None
    assert context["assign_form"] is None and context["route_form"] is None
    assert reverse("casework:transition", args=[case_a.pk]) not in response.content.decode()


def _transition(client, case, to, version, note=""):
    url = reverse("casework:transition", args=[case.pk])
    return client.post(url, {"to": to, "version": version, "note": note})


class TestTransitionForm:
    def test_a_move_goes_back_to_the_case(self, client, case_a, county_officer) -> None:
        client.force_login(county_officer)
        response = _transition(client, case_a, S.ACCEPTED, 1)
        assert response.status_code == 302
        assert response["Location"] == reverse("casework:detail", args=[case_a.pk])
        assert Case.objects.get(pk=case_a.pk).state == S.ACCEPTED

    def test_an_illegal_move_answers_400_in_chinese(self, client, case_a, county_officer) -> None:
        client.force_login(county_officer)
        before = frozen(case_a)
        response = _transition(client, case_a, S.CLOSED, 1)
        assert response.status_code == 400
        assert "该事项当前状态为“已提交”，不能执行“归档”。" in response.content.decode()
        assert frozen(case_a) == before

    def test_a_rejection_without_reason_answers_400(self, client, case_a, county_officer) -> None:
        client.force_login(county_officer)
        before = frozen(case_a)
        response = _transition(client, case_a, S.REJECTED, 1, note=" ")
        assert response.status_code == 400
        assert "请填写不予受理的理由。" in response.content.decode()
        assert frozen(case_a) == before

    def test_bad_input_answers_400(self, client, case_a, county_officer) -> None:
        client.force_login(county_officer)
        before = frozen(case_a)
        assert _transition(client, case_a, "flying", 1).status_code == 400
        assert _transition(client, case_a, S.ACCEPTED, "x").status_code == 400
        assert frozen(case_a) == before

    def test_a_conflict_answers_409_with_the_new_version(
        self, client, case_a, county_officer, city_admin
    ) -> None:
        services.case_accept(by=city_admin, case=case_a, expected_version=1)
        client.force_login(county_officer)
        case_a.refresh_from_db()
        before = frozen(case_a)
        response = _transition(client, case_a, S.IN_PROGRESS, 1)
        assert response.status_code == 409
        page = response.content.decode()
        assert "该事项已被其他人更新，请刷新后重试。" in page
        assert 'name="version" value="2"' in page
        assert frozen(case_a) == before

    @pytest.mark.parametrize(("persona", "status"), [("auditor", 403), ("grassroots_officer", 404)])
    def test_refused_users_change_nothing(self, client, case_a, request, persona, status) -> None:
        client.force_login(request.getfixturevalue(persona))
        before = frozen(case_a)
        assert _transition(client, case_a, S.ACCEPTED, 1).status_code == status
        assert frozen(case_a) == before

    def test_get_is_not_allowed(self, client, case_a, county_officer) -> None:
        client.force_login(county_officer)
        assert client.get(reverse("casework:transition", args=[case_a.pk])).status_code == 405


class TestAssignRouteNote:
    def test_assign(self, client, case_a, county_officer, grassroots_officer) -> None:
        client.force_login(county_officer)
        url = reverse("casework:assign", args=[case_a.pk])
        response = client.post(url, {"assignee": county_officer.pk, "version": 1})
        assert response.status_code == 302
        assert Case.objects.get(pk=case_a.pk).assignee == county_officer
        before = frozen(case_a)
        response = client.post(url, {"assignee": grassroots_officer.pk, "version": 2})
        assert response.status_code == 400
        assert frozen(case_a) == before

    def test_route(self, client, tree, case_a, county_officer) -> None:
        client.force_login(county_officer)
        url = reverse("casework:route", args=[case_a.pk])
        before = frozen(case_a)
        outside = client.post(url, {"unit": tree.grassroots_b.pk, "note": "x", "version": 1})
        assert outside.status_code == 400
        no_reason = client.post(url, {"unit": tree.township_a.pk, "note": "", "version": 1})
        assert no_reason.status_code == 400
        assert frozen(case_a) == before
        response = client.post(url, {"unit": tree.township_a.pk, "note": "上报", "version": 1})
        assert response.status_code == 302
        assert Case.objects.get(pk=case_a.pk).unit == tree.township_a

    def test_route_targets(self, client, tree, case_a, county_officer) -> None:
        client.force_login(county_officer)
        url = reverse("casework:route_targets", args=[case_a.pk])
        near = client.get(url, headers={"HX-Request": "true"}).content.decode()
        assert tree.township_a.name in near and tree.county_a.name in near
        assert tree.city.name not in near  # above the officer's grants
        found = client.get(url, {"unit_q": "怀宁"}).content.decode()
        assert tree.grassroots_b.name not in found

    def test_note_with_a_file_then_download(self, client, case_a, county_officer) -> None:
        client.force_login(county_officer)
        url = reverse("casework:note", args=[case_a.pk])
        upload = SimpleUploadedFile("证据.pdf", PDF, content_type="application/pdf")
        response = client.post(url, {"note": "补充证据", "files": [upload]})
        assert response.status_code == 302
        attachment = CaseAttachment.objects.get()
        assert attachment.event.event_type == EventType.NOTE
        page = client.get(reverse("casework:detail", args=[case_a.pk])).content.decode()
        download = reverse("casework:attachment", args=[attachment.pk])
        assert "补充证据" in page and download in page and "/media/" not in page
        response = client.get(download)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"

    def test_a_bad_file_answers_400_and_keeps_nothing(self, client, case_a, county_officer):
        client.force_login(county_officer)
        upload = SimpleUploadedFile("病毒.exe", b"MZ\x90", content_type="application/pdf")
        response = client.post(
            reverse("casework:note", args=[case_a.pk]), {"note": "x", "files": [upload]}
        )
        assert response.status_code == 400
        assert "类型不受支持" in response.content.decode()
        assert not CaseAttachment.objects.exists()
        assert case_a.events.count() == 1

    @pytest.mark.parametrize(
        ("persona", "status"),
        [
            ("city_admin", 200),
            ("auditor", 200),
            ("county_officer", 200),
            ("grassroots_officer", 404),
        ],
    )
    def test_downloads_follow_the_case_scope(
        self, client, attachment, request, persona, status
    ) -> None:
        client.force_login(request.getfixturevalue(persona))
        response = client.get(reverse("casework:attachment", args=[attachment.pk]))
        assert response.status_code == status

    def test_notes_by_read_only_roles_are_refused(self, client, case_a, auditor) -> None:
        client.force_login(auditor)
        before = frozen(case_a)
        response = client.post(reverse("casework:note", args=[case_a.pk]), {"note": "x"})
        assert response.status_code == 403
        assert frozen(case_a) == before


def test_a_case_of_a_person_outside_the_officers_registry_scope(
    client, tree, city_admin, grassroots_officer
) -> None:
    """Routed cases show their applicant (masked) to the handling unit, without a registry link."""
    person = PersonFactory(unit=tree.grassroots_a, name="李四")
    case = submit(city_admin, tree.grassroots_b, person)
    client.force_login(grassroots_officer)
    response = client.get(reverse("casework:detail", args=[case.pk]))
    assert response.status_code == 200 and not response.context["can_view_applicant"]
    assert person.id_number_masked in response.content.decode()
    assert reverse("registry:person_detail", args=[person.pk]) not in response.content.decode()


def test_the_admin_shows_cases_read_only_and_scoped(
    client, case_a, case_b, county_officer, zhang
) -> None:
    client.force_login(county_officer)
    listing = client.get(reverse("admin:casework_case_changelist")).content.decode()
    assert case_a.reference in listing and case_b.reference not in listing
    page = client.get(reverse("admin:casework_case_change", args=[case_a.pk]))
    assert page.status_code == 200
    assert zhang.id_number not in page.content.decode()
    before = frozen(case_a)
    response = client.post(reverse("admin:casework_case_change", args=[case_a.pk]), {"title": "改"})
    assert response.status_code == 403
    assert client.get(reverse("admin:casework_case_add")).status_code == 403
    assert frozen(case_a) == before
    other = client.get(reverse("admin:casework_case_change", args=[case_b.pk]))
    assert other.status_code == 302  # the admin redirects an object it cannot find
