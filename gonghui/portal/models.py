"""Workers' logins by mobile number: the account behind a number and the one-time codes sent to it.

Neither is scoped to a union unit: staff never see them in the workspace, and a worker only
ever reaches their own account through their session.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core import crypto
from gonghui.core.fields import EncryptedTextField


class PortalAccount(models.Model):
    """A worker's portal login (职工账号), one per mobile number proven by a code.

    The login (``user``) has no usable password: the worker signs in with a code each time.
    It is bound to a worker's record (``Person.user``) by member verification (会员认证).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.CASCADE,
        related_name="portal_account",
    )
    phone = EncryptedTextField(_("mobile number"))
    phone_hash = models.CharField(max_length=crypto.BLIND_INDEX_LENGTH, unique=True, editable=False)
    phone_masked = models.CharField(_("mobile number"), max_length=11, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("last login"), null=True, blank=True)

    class Meta:
        verbose_name = _("portal account")
        verbose_name_plural = _("portal accounts")

    def __str__(self) -> str:
        return self.phone_masked


class PhoneCode(models.Model):
    """A one-time login code sent by SMS (短信验证码). Only a keyed hash of the code is kept.

    A code is good for a few minutes, for a few wrong tries, and once. The rows are also the
    record the rate limits count, per number and per address, so every server process sees
    the same counts.
    """

    phone_hash = models.CharField(
        max_length=crypto.BLIND_INDEX_LENGTH, db_index=True, editable=False
    )
    code_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("wrong tries"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("login code")
        verbose_name_plural = _("login codes")
        indexes = [
            models.Index(fields=["phone_hash", "created_at"], name="phonecode_phone_created"),
            models.Index(fields=["ip_address", "created_at"], name="phonecode_ip_created"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S}"
