"""Login by mobile number and one-time code: codes are hashed, expire, are used once, and are
limited per number and per address."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gonghui.core.models import User
from gonghui.core.sms import HttpGatewaySender, SmsError, TextMessage, get_sender
from gonghui.portal import services
from gonghui.portal.models import PhoneCode, PortalAccount

pytestmark = pytest.mark.django_db

LOGIN = reverse("portal:login")
PHONE = "13812345678"


def send(client: Any, phone: str = PHONE, capture: Any = None, **extra: Any) -> Any:
    with capture(execute=True):
        return client.post(LOGIN, {"action": "send", "phone": phone}, **extra)


def code_sent(sms: Any, phone: str = PHONE) -> str:
    message = sms.last_to(phone)
    assert message is not None, "no text message"
    return str(message.params["code"])


def test_a_code_is_texted_and_only_its_hash_is_kept(
    client, sms, django_capture_on_commit_callbacks
) -> None:
    response = send(client, "138 1234 5678", django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "138****5678" in response.content.decode()
    code = code_sent(sms)
    assert re.fullmatch(r"\d{6}", code)
    assert code in sms.last_to(PHONE).text
    row = PhoneCode.objects.get()
    assert code not in row.code_hash and PHONE not in row.phone_hash
    lifetime = row.expires_at - row.created_at
    assert abs(lifetime - datetime.timedelta(minutes=5)) < datetime.timedelta(seconds=1)


def test_the_htmx_answer_is_a_fragment(client, sms, django_capture_on_commit_callbacks) -> None:
    response = send(
        client, PHONE, django_capture_on_commit_callbacks, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and "138****5678" in body


def test_logging_in_makes_an_account_without_a_password_once(
    client, sms, django_capture_on_commit_callbacks
) -> None:
    send(client, PHONE, django_capture_on_commit_callbacks)
    response = client.post(LOGIN, {"phone": PHONE, "code": code_sent(sms), "next": "/portal/"})
    assert response.status_code == 302 and response["Location"] == "/portal/"
    account = PortalAccount.objects.get()
    assert account.phone == PHONE and account.phone_masked == "138****5678"
    assert not account.user.has_usable_password()
    assert int(client.session[SESSION_KEY]) == account.user.pk
    client.logout()
    PhoneCode.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=2))
    send(client, PHONE, django_capture_on_commit_callbacks)
    client.post(LOGIN, {"phone": PHONE, "code": code_sent(sms)})
    assert PortalAccount.objects.count() == 1 and User.objects.count() == 1
    assert int(client.session[SESSION_KEY]) == account.user.pk


def test_a_code_is_used_once(client, sms, django_capture_on_commit_callbacks) -> None:
    send(client, PHONE, django_capture_on_commit_callbacks)
    code = code_sent(sms)
    client.post(LOGIN, {"phone": PHONE, "code": code})
    client.logout()
    response = client.post(LOGIN, {"phone": PHONE, "code": code})
    assert response.status_code == 400
    assert "验证码已失效或已使用" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_an_expired_code_is_refused(client, sms, django_capture_on_commit_callbacks) -> None:
    send(client, PHONE, django_capture_on_commit_callbacks)
    PhoneCode.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.post(LOGIN, {"phone": PHONE, "code": code_sent(sms)})
    assert response.status_code == 400 and SESSION_KEY not in client.session
    assert PortalAccount.objects.count() == 0


def test_a_forged_code_counts_and_five_wrong_ones_lock_the_code(
    client, sms, django_capture_on_commit_callbacks
) -> None:
    send(client, PHONE, django_capture_on_commit_callbacks)
    good = code_sent(sms)
    wrong = f"{(int(good) + 1) % 10**6:06d}"
    for _ in range(services.MAX_ATTEMPTS):
        response = client.post(LOGIN, {"phone": PHONE, "code": wrong})
        assert response.status_code == 400 and "验证码不正确" in response.content.decode()
    assert PhoneCode.objects.get().attempts == services.MAX_ATTEMPTS
    response = client.post(LOGIN, {"phone": PHONE, "code": good})
    assert response.status_code == 400 and "错误次数过多" in response.content.decode()
    assert SESSION_KEY not in client.session and PortalAccount.objects.count() == 0


def test_a_code_for_another_number_is_refused(
    client, sms, django_capture_on_commit_callbacks
) -> None:
    send(client, PHONE, django_capture_on_commit_callbacks)
    response = client.post(LOGIN, {"phone": "13912345678", "code": code_sent(sms)})
    assert response.status_code == 400 and SESSION_KEY not in client.session


def test_only_the_newest_code_counts(client, sms, django_capture_on_commit_callbacks) -> None:
    send(client, PHONE, django_capture_on_commit_callbacks)
    first = code_sent(sms)
    PhoneCode.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=2))
    send(client, PHONE, django_capture_on_commit_callbacks)
    second = code_sent(sms)
    if first != second:
        assert client.post(LOGIN, {"phone": PHONE, "code": first}).status_code == 400
    assert client.post(LOGIN, {"phone": PHONE, "code": second}).status_code == 302


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"phone": "", "code": "123456"}, "必填"),
        ({"phone": "2381234567", "code": "123456"}, "手机号码应为11位"),
        ({"phone": "10012345678", "code": "123456"}, "号段100"),
        ({"phone": PHONE, "code": "12a456"}, "验证码为6位数字"),
    ],
)
def test_bad_input_is_answered_in_chinese(client, data, message) -> None:
    response = client.post(LOGIN, data)
    assert response.status_code == 400 and message in response.content.decode()
    assert PortalAccount.objects.count() == 0


def test_one_code_a_minute_per_number(client, sms, django_capture_on_commit_callbacks) -> None:
    send(client, PHONE, django_capture_on_commit_callbacks)
    response = send(client, PHONE, django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert re.search(r"请(\d+)秒后再获取验证码", response.content.decode())
    assert PhoneCode.objects.count() == 1 and len(sms.outbox) == 1


def test_ten_codes_a_day_per_number() -> None:
    now = timezone.now()
    phone_hash = services._phone_hash(PHONE)
    for hours_ago in [23, *[2] * 9]:
        row = PhoneCode.objects.create(phone_hash=phone_hash, code_hash="x", expires_at=now)
        PhoneCode.objects.filter(pk=row.pk).update(
            created_at=now - datetime.timedelta(hours=hours_ago)
        )
    with pytest.raises(ValidationError) as caught:
        services.phone_code_send(phone=PHONE)
    seconds = caught.value.params["seconds"]
    assert 3500 < seconds <= 3600  # the oldest of the ten leaves the window in an hour
    assert PhoneCode.objects.count() == 10


def test_twenty_codes_an_hour_per_address(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(20):
            services.phone_code_send(phone=f"1391234{n:04d}", ip_address="203.0.113.9")
    with pytest.raises(ValidationError) as caught:
        services.phone_code_send(phone="13700000000", ip_address="203.0.113.9")
    assert caught.value.code == "rate_limited"
    services.phone_code_send(phone="13700000000", ip_address="203.0.113.10")


def test_a_disabled_login_cannot_log_in(client, sms, django_capture_on_commit_callbacks) -> None:
    send(client, PHONE, django_capture_on_commit_callbacks)
    client.post(LOGIN, {"phone": PHONE, "code": code_sent(sms)})
    client.logout()
    User.objects.update(is_active=False)
    PhoneCode.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=2))
    send(client, PHONE, django_capture_on_commit_callbacks)
    response = client.post(LOGIN, {"phone": PHONE, "code": code_sent(sms)})
    assert response.status_code == 400 and SESSION_KEY not in client.session


def test_next_must_stay_on_the_site(client, sms, django_capture_on_commit_callbacks) -> None:
    send(client, PHONE, django_capture_on_commit_callbacks)
    response = client.post(
        LOGIN, {"phone": PHONE, "code": code_sent(sms), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("portal:me")


def test_login_needs_the_csrf_token(db) -> None:
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(LOGIN, {"action": "send", "phone": PHONE}).status_code == 403
    assert PhoneCode.objects.count() == 0


def test_logout(client, sms, django_capture_on_commit_callbacks) -> None:
    send(client, PHONE, django_capture_on_commit_callbacks)
    client.post(LOGIN, {"phone": PHONE, "code": code_sent(sms)})
    response = client.post(reverse("portal:logout"))
    assert response.status_code == 302 and SESSION_KEY not in client.session


class TestSenders:
    def test_the_console_sender_logs_the_message(self, settings, caplog) -> None:
        settings.SMS_BACKEND = "console"
        settings.SMS_SIGN = "安庆市总工会"
        get_sender().send(TextMessage(PHONE, "login_code", {"code": "123456"}, "验证码123456"))
        assert "【安庆市总工会】验证码123456" in caplog.text and "138****5678" in caplog.text

    def test_the_http_gateway_posts_json_with_the_key(self, settings, monkeypatch) -> None:
        import json
        import urllib.request

        settings.SMS_SIGN = "安庆市总工会"
        settings.SMS_TEMPLATE_IDS = {"login_code": "SMS_001"}
        seen: dict[str, Any] = {}

        class Answer:
            status = 200

            def __enter__(self) -> Answer:
                return self

            def __exit__(self, *args: Any) -> None:
                return None

        def fake_urlopen(request: Any, timeout: float) -> Answer:
            seen["url"] = request.full_url
            seen["auth"] = request.get_header("Authorization")
            seen["body"] = json.loads(request.data)
            seen["timeout"] = timeout
            return Answer()

        monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)
        sender = HttpGatewaySender(url="https://sms.example/send", key="k-123", timeout=3)
        sender.send(TextMessage(PHONE, "login_code", {"code": "123456"}, "验证码123456"))
        assert seen["url"] == "https://sms.example/send" and seen["auth"] == "Bearer k-123"
        assert seen["body"] == {
            "phone": PHONE,
            "sign": "安庆市总工会",
            "template": "login_code",
            "template_id": "SMS_001",
            "params": {"code": "123456"},
            "text": "【安庆市总工会】验证码123456",
        }
        assert seen["timeout"] == 3

    def test_an_unreachable_gateway_is_an_error(self) -> None:
        sender = HttpGatewaySender(url="http://127.0.0.1:9/", key="k", timeout=0.5)
        with pytest.raises(SmsError):
            sender.send(TextMessage(PHONE, "login_code", {}, "x"))

    def test_without_an_address_the_gateway_refuses_to_start(self, settings) -> None:
        settings.SMS_URL = ""
        with pytest.raises(SmsError):
            HttpGatewaySender()
