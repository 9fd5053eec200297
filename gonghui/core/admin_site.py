from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import is_staff_user


class GonghuiAdminSite(admin.AdminSite):
    """Data maintenance for staff: admitted by their grants, not by Django's is_staff flag."""

    site_header = _("gonghui data maintenance")
    site_title = _("gonghui")
    index_title = _("Data maintenance")
    site_url = "/"

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and is_staff_user(request.user))

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        # One login page for the whole platform (with its lockout), then back here.
        target = request.GET.get("next") or resolve_url("admin:index")
        return HttpResponseRedirect(f"{resolve_url('login')}?{urlencode({'next': target})}")
