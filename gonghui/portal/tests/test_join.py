"""Joining by QR code on a phone: the join page, the form, the status page, my membership,
member verification; bad input, other workers' records, CSRF, oversized posts."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gonghui.conftest import Tree
from gonghui.core.models import AuditLog, User
from gonghui.membership.choices import JoinChannel
from gonghui.membership.models import JoinRequest, Membership, MembershipSettings
from gonghui.membership.services import join_request_approve, join_request_reject
from gonghui.membership.tests.factories import MembershipFactory
from gonghui.portal import services as portal_services
from gonghui.registry.models import Person
from gonghui.registry.tests.factories import EnterpriseFactory, PersonFactory
from gonghui.utils.idcard import make_id_number

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.access("membership.JoinRequest", "membership.Membership"),
]

ID = make_id_number("340822", datetime.date(1994, 8, 18), 33, "female")
PHONE = "15955501234"


def login_worker(client: Client, phone: str = PHONE) -> User:
    """A worker logged in with a mobile number (the code step is tested in test_login)."""
    user = portal_services._account_user(phone, portal_services._phone_hash(phone), timezone.now())
    client.force_login(user)
    return user


def join_url(intake: Any, key: str = "b", qr: bool = True) -> str:
    url = reverse("portal:join", args=[intake[key].join_token])
    return f"{url}?c=qr" if qr else url


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "刘 芳",
        "id_number": ID,
        "employer": "",
        "employer_name": "",
        "worker_group": "",
    }
    data.update(overrides)
    return data


def written() -> tuple[int, int, int, int]:
    return (
        JoinRequest.objects.count(),
        Membership.objects.count(),
        Person.objects.count(),
        AuditLog.objects.count(),
    )


class TestJoinPage:
    def test_an_unknown_or_retired_code_says_so(self, client, intake) -> None:
        response = client.get(reverse("portal:join", args=["no-such-token"]))
        assert response.status_code == 404 and "已失效" in response.content.decode()
        MembershipSettings.objects.filter(pk=intake["b"].pk).update(takes_members=False)
        assert client.get(join_url(intake)).status_code == 404

    def test_a_visitor_is_asked_for_the_phone_first(self, client, intake, tree: Tree) -> None:
        response = client.get(join_url(intake))
        page = response.content.decode()
        assert response.status_code == 200 and tree.grassroots_b.name in page
        assert 'inputmode="numeric"' in page and "获取验证码" in page
        assert f'name="next" value="{join_url(intake)}"' in page

    def test_the_page_is_self_contained(self, client, intake) -> None:
        page = client.get(join_url(intake)).content.decode()
        assert "http://" not in page.replace("http://www.w3.org", "")
        assert "https://" not in page
        assert 'name="viewport" content="width=device-width' in page

    def test_login_through_the_join_page_comes_back_to_it(
        self, client, intake, sms, django_capture_on_commit_callbacks
    ) -> None:
        url = join_url(intake)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("portal:login"), {"action": "send", "phone": PHONE, "next": url})
        code = sms.last_to(PHONE).params["code"]
        response = client.post(reverse("portal:login"), {"phone": PHONE, "code": code, "next": url})
        assert response.status_code == 302 and response["Location"] == url
        form = client.get(url).content.decode()
        assert "159****1234" in form and 'name="id_number"' in form and "autofocus" in form


class TestSubmission:
    def test_submitting_makes_a_pending_request(self, client, intake, tree: Tree) -> None:
        user = login_worker(client)
        employer = EnterpriseFactory(unit=tree.grassroots_b, name="怀宁纺织有限公司")
        response = client.post(
            join_url(intake), form_data(employer=employer.pk, worker_group="courier")
        )
        request = JoinRequest.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("portal:request_status", args=[request.pk])
        assert request.applicant == user and request.phone == PHONE
        assert request.channel == JoinChannel.QR and request.name == "刘芳"
        assert request.employer == employer and request.worker_group == "courier"
        page = client.get(response["Location"]).content.decode()
        assert "待审核" in page and tree.grassroots_b.name in page

    def test_without_the_qr_marker_the_channel_is_web(self, client, intake) -> None:
        login_worker(client)
        client.post(join_url(intake, qr=False), form_data())
        assert JoinRequest.objects.get().channel == JoinChannel.WEB

    def test_a_double_click_makes_one_request(self, client, intake) -> None:
        login_worker(client)
        first = client.post(join_url(intake), form_data())
        second = client.post(join_url(intake), form_data())
        assert first["Location"] == second["Location"]
        assert JoinRequest.objects.count() == 1

    def test_a_free_text_employer_is_kept_as_typed(self, client, intake) -> None:
        login_worker(client)
        client.post(join_url(intake), form_data(employer_name=" 某某  外卖站点 "))
        request = JoinRequest.objects.get()
        assert request.employer is None and request.employer_name == "某某 外卖站点"

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"name": ""}, "必填"),
            ({"id_number": ""}, "必填"),
            ({"id_number": "3408221994081833"}, "18位"),
            ({"id_number": ID[:-1] + ("1" if ID[-1] == "0" else "0")}, "校验码"),
            ({"name": "刘芳2"}, "姓名只能包含文字"),
            ({"worker_group": "pilot"}, "选择"),
            ({"employer": "999999"}, "请从搜索结果中选择工作单位"),
        ],
    )
    def test_bad_input_is_answered_in_chinese_and_writes_nothing(
        self, client, intake, data, message
    ) -> None:
        login_worker(client)
        before = written()
        response = client.post(join_url(intake), form_data(**data))
        assert response.status_code == 400 and message in response.content.decode()
        assert written() == before

    def test_an_employer_of_another_region_cannot_be_picked(
        self, client, intake, tree: Tree
    ) -> None:
        login_worker(client)
        elsewhere = EnterpriseFactory(unit=tree.grassroots_a, region_code="340802")
        response = client.post(join_url(intake), form_data(employer=elsewhere.pk))
        assert response.status_code == 400 and JoinRequest.objects.count() == 0

    def test_without_a_phone_login_the_form_is_not_offered(
        self, client, intake, grassroots_officer
    ) -> None:
        client.force_login(grassroots_officer)
        response = client.post(join_url(intake), form_data())
        assert response.status_code == 200 and "获取验证码" in response.content.decode()
        assert JoinRequest.objects.count() == 0

    def test_csrf_holds(self, intake) -> None:
        strict = Client(enforce_csrf_checks=True)
        login_worker(strict)
        response = strict.post(join_url(intake), form_data())
        assert response.status_code == 403 and JoinRequest.objects.count() == 0

    def test_an_oversized_post_is_refused(self, client, intake, settings) -> None:
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
        login_worker(client)
        response = client.post(join_url(intake), form_data(note="长" * 20_000))
        assert response.status_code == 400 and JoinRequest.objects.count() == 0

    def test_automatic_approval_shows_the_card_at_once(self, client, intake, tree: Tree) -> None:
        MembershipSettings.objects.filter(pk=intake["b"].pk).update(auto_approve=True)
        login_worker(client)
        response = client.post(join_url(intake), form_data())
        page = client.get(response["Location"]).content.decode()
        assert f"{tree.grassroots_b.code}-000001" in page and "已通过" in page
        me = client.get(reverse("portal:me")).content.decode()
        assert f"{tree.grassroots_b.code}-000001" in me and "已认证" in me


class TestActiveElsewhere:
    @pytest.fixture
    def member(self, tree: Tree) -> Membership:
        person = PersonFactory(unit=tree.grassroots_a, name="刘芳", id_number=ID)
        return MembershipFactory(person=person, unit=tree.grassroots_a)

    def test_the_worker_is_told_where_and_offered_a_transfer(
        self, client, intake, tree: Tree, member
    ) -> None:
        login_worker(client)
        before = written()
        response = client.post(join_url(intake), form_data(name="刘芳"))
        page = response.content.decode()
        assert response.status_code == 200
        assert f"您已是{tree.grassroots_a.name}的会员" in page
        assert "申请将会员关系转入" in page and 'name="wants_transfer" value="on"' in page
        assert written() == before
        response = client.post(
            join_url(intake), form_data(name="刘芳", wants_transfer="on", note="换工作了")
        )
        request = JoinRequest.objects.get()
        assert request.wants_transfer and request.transfer_from == tree.grassroots_a
        status = client.get(response["Location"]).content.decode()
        assert "已记录您将会员关系" in status

    def test_another_name_for_the_number_tells_nothing(self, client, intake, member) -> None:
        login_worker(client)
        response = client.post(join_url(intake), form_data(name="张三"))
        assert response.status_code == 302
        assert JoinRequest.objects.get().registered_name_differs


class TestOwnPages:
    def test_the_status_page_is_the_applicants_only(self, client, intake, city_admin) -> None:
        login_worker(client)
        client.post(join_url(intake), form_data())
        request = JoinRequest.objects.get()
        other = Client()
        login_worker(other, "13600000000")
        url = reverse("portal:request_status", args=[request.pk])
        assert other.get(url).status_code == 404
        staff = Client()
        staff.force_login(city_admin)
        assert staff.get(url).status_code == 302  # staff have no portal account
        assert Client().get(url).status_code == 302

    def test_my_membership_after_approval_and_rejection(
        self, client, intake, tree: Tree, grassroots_officer
    ) -> None:
        login_worker(client)
        client.post(join_url(intake), form_data())
        request = JoinRequest.objects.get()
        page = client.get(reverse("portal:me")).content.decode()
        assert "待审核的入会申请" in page
        membership = join_request_approve(by=grassroots_officer, join_request=request)
        page = client.get(reverse("portal:me")).content.decode()
        assert membership.card_number in page and tree.grassroots_b.name in page
        assert "在会" in page and ID not in page
        status = client.get(reverse("portal:request_status", args=[request.pk])).content.decode()
        assert membership.card_number in status

    def test_a_rejection_shows_the_reason(self, client, intake, grassroots_officer) -> None:
        login_worker(client)
        client.post(join_url(intake), form_data())
        request = JoinRequest.objects.get()
        join_request_reject(by=grassroots_officer, join_request=request, reason="请到工会现场办理")
        page = client.get(reverse("portal:request_status", args=[request.pk])).content.decode()
        assert "未通过" in page and "请到工会现场办理" in page

    def test_the_employer_search_stays_within_the_unit(self, client, intake, tree: Tree) -> None:
        EnterpriseFactory(unit=tree.grassroots_b, name="怀宁纺织有限公司", region_code="340822")
        EnterpriseFactory(unit=tree.grassroots_a, name="迎江纺织有限公司", region_code="340802")
        url = reverse("portal:join_employers", args=[intake["b"].join_token])
        assert Client().get(url, {"employer_q": "纺织"}).status_code == 302
        login_worker(client)
        page = client.get(url, {"employer_q": "纺织"}).content.decode()
        assert "怀宁纺织有限公司" in page and "迎江纺织有限公司" not in page
        assert "<html" not in page
        assert client.get(url, {"employer_q": "没有这家"}).content.decode().count("radio") == 0


class TestVerification:
    @pytest.fixture
    def member(self, tree: Tree) -> Membership:
        person = PersonFactory(unit=tree.grassroots_b, name="刘芳", id_number=ID)
        return MembershipFactory(person=person, unit=tree.grassroots_b, card_number="X-000007")

    def test_verifying_binds_the_account(self, client, member) -> None:
        user = login_worker(client)
        response = client.post(reverse("portal:verify"), {"name": "刘芳", "id_number": ID})
        assert response.status_code == 302
        member.person.refresh_from_db()
        assert member.person.user == user
        page = client.get(reverse("portal:me")).content.decode()
        assert "X-000007" in page and "已认证" in page

    def test_a_wrong_name_is_refused_without_saying_why(self, client, member) -> None:
        login_worker(client)
        wrong_name = client.post(reverse("portal:verify"), {"name": "张三", "id_number": ID})
        unknown = client.post(
            reverse("portal:verify"),
            {
                "name": "刘芳",
                "id_number": make_id_number("340822", datetime.date(1970, 1, 1), 1, "male"),
            },
        )
        assert wrong_name.status_code == unknown.status_code == 400
        text = "姓名和身份证号码与在会会员信息不符"
        assert text in wrong_name.content.decode() and text in unknown.content.decode()
        member.person.refresh_from_db()
        assert member.person.user is None

    def test_anonymous_visitors_go_to_the_login(self, client, db) -> None:
        response = client.get(reverse("portal:verify"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("portal:login"))
