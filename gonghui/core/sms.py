"""Text messages (短信) to workers: login codes and decisions on their requests.

The sender is picked by ``settings.SMS_BACKEND`` (``GONGHUI_SMS_BACKEND``):

- ``console`` (the default, used by the demo): writes the message, code included, to the log;
  nothing is sent. Never in production.
- ``http``: ``HttpGatewaySender`` POSTs one JSON object per message to ``GONGHUI_SMS_URL``
  with ``Authorization: Bearer <GONGHUI_SMS_KEY>``::

      {"phone": "13812345678", "sign": "安庆市总工会", "template": "login_code",
       "template_id": "SMS_1234", "params": {"code": "123456", "minutes": "5"},
       "text": "【安庆市总工会】您的登录验证码是123456……"}

  A small relay in front of the operator's SMS service (Aliyun, Tencent Cloud, a carrier
  gateway) sends ``text``, or the registered template ``template_id`` with ``params``
  (``GONGHUI_SMS_TEMPLATE_IDS`` maps our template names to the operator's ids). Any answer
  other than 2xx is an error.
- ``memory``: keeps messages in ``MemorySender.outbox`` (tests).
- any other value: the dotted path of an ``SmsSender`` subclass.
"""

from __future__ import annotations

import json
import logging
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import ClassVar

from django.conf import settings
from django.utils.module_loading import import_string

from gonghui.utils.phone import mask_mobile

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """A message could not be handed to the gateway."""


@dataclass(frozen=True)
class TextMessage:
    phone: str
    template: str
    params: dict[str, str] = field(default_factory=dict)
    text: str = ""


class SmsSender:
    """Hands one message to whatever delivers it; raises ``SmsError`` when that fails."""

    def send(self, message: TextMessage) -> None:
        raise NotImplementedError

    @staticmethod
    def signed(text: str) -> str:
        sign = getattr(settings, "SMS_SIGN", "")
        return f"【{sign}】{text}" if sign else text


class ConsoleSender(SmsSender):
    """For the demo and development: the message goes to the log, nowhere else."""

    def send(self, message: TextMessage) -> None:
        logger.warning(
            "SMS (console, not sent) to %s: %s",
            mask_mobile(message.phone),
            self.signed(message.text),
        )


class HttpGatewaySender(SmsSender):
    def __init__(
        self,
        url: str | None = None,
        key: str | None = None,
        timeout: float | None = None,
    ) -> None:
        self.url = url if url is not None else settings.SMS_URL
        self.key = key if key is not None else settings.SMS_KEY
        self.timeout = timeout if timeout is not None else settings.SMS_TIMEOUT
        if not self.url:
            raise SmsError("GONGHUI_SMS_URL is not set")

    def payload(self, message: TextMessage) -> dict[str, object]:
        template_ids: dict[str, str] = getattr(settings, "SMS_TEMPLATE_IDS", {})
        return {
            "phone": message.phone,
            "sign": getattr(settings, "SMS_SIGN", ""),
            "template": message.template,
            "template_id": template_ids.get(message.template, ""),
            "params": message.params,
            "text": self.signed(message.text),
        }

    def send(self, message: TextMessage) -> None:
        body = json.dumps(self.payload(message), ensure_ascii=False).encode()
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {self.key}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            raise SmsError(f"SMS gateway answered {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SmsError(f"SMS gateway unreachable: {exc}") from exc
        if not 200 <= status < 300:
            raise SmsError(f"SMS gateway answered {status}")


class MemorySender(SmsSender):
    """Keeps every message in memory, for tests (shared by all threads of the process)."""

    outbox: ClassVar[list[TextMessage]] = []
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def send(self, message: TextMessage) -> None:
        with self._lock:
            self.outbox.append(message)

    @classmethod
    def clear(cls) -> None:
        with cls._lock:
            cls.outbox.clear()

    @classmethod
    def last_to(cls, phone: str) -> TextMessage | None:
        with cls._lock:
            return next((m for m in reversed(cls.outbox) if m.phone == phone), None)


_BACKENDS = {
    "console": ConsoleSender,
    "http": HttpGatewaySender,
    "memory": MemorySender,
}


def get_sender() -> SmsSender:
    backend = getattr(settings, "SMS_BACKEND", "console")
    cls = _BACKENDS.get(backend) or import_string(backend)
    sender: SmsSender = cls()
    return sender


def send_quietly(message: TextMessage) -> bool:
    """Send, logging a failure instead of raising: for notices sent after a commit."""
    try:
        get_sender().send(message)
    except SmsError:
        logger.exception("SMS to %s not sent", mask_mobile(message.phone))
        return False
    return True
