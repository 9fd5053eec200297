"""Workers' login by mobile number and one-time code (手机号 + 短信验证码).

A code is six digits, kept only as a keyed hash, good for ``CODE_MINUTES`` minutes, for
``MAX_ATTEMPTS`` wrong tries and for one login; only the newest code of a number counts.
Requests are limited per number (one a minute, ``CODES_PER_PHONE_DAY`` a day) and per address
(``CODES_PER_IP_HOUR`` an hour), counted from the code rows in the database so every server
process sees the same counts.
"""

from __future__ import annotations

import datetime
import math
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from gonghui.core import crypto
from gonghui.core.models import User
from gonghui.core.sms import TextMessage, send_quietly
from gonghui.portal.models import PhoneCode, PortalAccount
from gonghui.registry.models import PHONE_INDEX
from gonghui.utils.phone import mask_mobile, normalize_mobile

CODE_DIGITS = 6
CODE_MINUTES = 5
MAX_ATTEMPTS = 5
PHONE_INTERVAL_SECONDS = 60


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _phone_hash(phone: str) -> str:
    return crypto.blind_index(phone, PHONE_INDEX)


def _code_hash(phone_hash: str, code: str) -> str:
    return salted_hmac("gonghui.portal.phone_code", f"{phone_hash}:{code}").hexdigest()


def _seconds(delta: datetime.timedelta) -> int:
    """Whole seconds still to wait, rounded up; 0 when the moment has passed."""
    return max(0, math.ceil(delta.total_seconds()))


def code_wait_seconds(*, phone: str, ip_address: str | None, now: datetime.datetime) -> int:
    """Seconds before this number (and address) may ask for another code; 0 when it may."""
    phone_hash = _phone_hash(phone)
    day_ago = now - datetime.timedelta(days=1)
    sent = list(
        PhoneCode.objects.filter(phone_hash=phone_hash, created_at__gte=day_ago)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[: _limit("SMS_CODES_PER_PHONE_DAY", 10)]
    )
    waits = [0]
    if sent:
        waits.append(_seconds(sent[0] + datetime.timedelta(seconds=PHONE_INTERVAL_SECONDS) - now))
    if len(sent) >= _limit("SMS_CODES_PER_PHONE_DAY", 10):
        waits.append(_seconds(sent[-1] + datetime.timedelta(days=1) - now))
    if ip_address:
        per_ip = _limit("SMS_CODES_PER_IP_HOUR", 20)
        hour_ago = now - datetime.timedelta(hours=1)
        from_ip = list(
            PhoneCode.objects.filter(ip_address=ip_address, created_at__gte=hour_ago)
            .order_by("-created_at")
            .values_list("created_at", flat=True)[:per_ip]
        )
        if len(from_ip) >= per_ip:
            waits.append(_seconds(from_ip[-1] + datetime.timedelta(hours=1) - now))
    return max(waits)


@transaction.atomic
def phone_code_send(*, phone: str, ip_address: str | None = None) -> PhoneCode:
    """Make a login code for ``phone`` and text it once the row is committed."""
    phone = normalize_mobile(phone)
    now = timezone.now()
    wait = code_wait_seconds(phone=phone, ip_address=ip_address, now=now)
    if wait:
        raise ValidationError(
            _("Please wait %(seconds)s seconds before asking for another code."),
            code="rate_limited",
            params={"seconds": wait},
        )
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    phone_hash = _phone_hash(phone)
    row = PhoneCode.objects.create(
        phone_hash=phone_hash,
        code_hash=_code_hash(phone_hash, code),
        expires_at=now + datetime.timedelta(minutes=CODE_MINUTES),
        ip_address=ip_address,
    )
    message = TextMessage(
        phone=phone,
        template="login_code",
        params={"code": code, "minutes": str(CODE_MINUTES)},
        text=_(
            "Your login code is %(code)s, valid for %(minutes)s minutes. If you did not ask "
            "for it, ignore this message."
        )
        % {"code": code, "minutes": CODE_MINUTES},
    )
    transaction.on_commit(lambda: send_quietly(message))
    return row


@dataclass
class _Outcome:
    error: ValidationError | None = None
    user: Any = None


def phone_code_login(*, phone: str, code: str) -> User:
    """The worker's login for ``phone`` if ``code`` is its newest, unused, unexpired code.

    Made on first use: a login with no usable password, and its ``PortalAccount``. A wrong
    code counts against the code even though the login is refused.
    """
    phone = normalize_mobile(phone)
    code = "".join(str(code).split())
    now = timezone.now()
    with transaction.atomic():
        outcome = _check_code(phone, code, now)
    if outcome.error is not None:
        raise outcome.error
    user: User = outcome.user
    return user


def _check_code(phone: str, code: str, now: datetime.datetime) -> _Outcome:
    phone_hash = _phone_hash(phone)
    row = (
        PhoneCode.objects.select_for_update()
        .filter(phone_hash=phone_hash)
        .order_by("-created_at", "-pk")
        .first()
    )
    if row is None or row.used_at is not None or row.expires_at <= now:
        return _Outcome(
            ValidationError(
                _("This code has expired or has been used. Please ask for a new one."),
                code="expired",
            )
        )
    if row.attempts >= MAX_ATTEMPTS:
        return _Outcome(
            ValidationError(
                _("Too many wrong codes. Please ask for a new one."), code="too_many_attempts"
            )
        )
    if not (code.isdigit() and constant_time_compare(row.code_hash, _code_hash(phone_hash, code))):
        row.attempts += 1
        row.save(update_fields=["attempts"])
        return _Outcome(ValidationError(_("The code is not correct."), code="wrong_code"))
    row.used_at = now
    row.save(update_fields=["used_at"])
    user = _account_user(phone, phone_hash, now)
    if not user.is_active:
        return _Outcome(ValidationError(_("This account has been disabled."), code="inactive"))
    return _Outcome(user=user)


def _account_user(phone: str, phone_hash: str, now: datetime.datetime) -> User:
    account = (
        PortalAccount.objects.select_related("user")
        .filter(phone_hash__in=crypto.blind_index_candidates(phone, PHONE_INDEX))
        .first()
    )
    if account is not None:
        account.last_login_at = now
        if account.phone_hash != phone_hash:  # written under an older key
            account.phone_hash = phone_hash
        account.save(update_fields=["last_login_at", "phone_hash"])
        return account.user
    user = User(username=f"w{secrets.token_hex(10)}")
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
            PortalAccount.objects.create(
                user=user,
                phone=phone,
                phone_hash=phone_hash,
                phone_masked=mask_mobile(phone),
                last_login_at=now,
            )
    except IntegrityError:  # the same number's first login in parallel
        return PortalAccount.objects.select_related("user").get(phone_hash=phone_hash).user
    return user


def account_phone(user: Any) -> str:
    """The mobile number a worker's login was proven with ('' for other logins)."""
    pk = getattr(user, "pk", None)
    if pk is None:
        return ""
    account = PortalAccount.objects.filter(user_id=pk).first()
    return account.phone if account else ""
