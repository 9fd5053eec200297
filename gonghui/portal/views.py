"""The workers' mobile pages (职工端): login by mobile number and code, joining a union by its
QR code (扫码入会), the status of a request, "my membership", member verification (会员认证).

Every page works without JavaScript; htmx only spares a reload when asking for a code and
when searching employers. A worker reaches only their own records: requests are found among
their own (``applicant``), everything else through their bound worker record.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gonghui.core.views.base import add_service_errors, is_htmx, parse_id
from gonghui.membership.choices import JoinChannel
from gonghui.membership.models import JoinRequest, MembershipSettings, MembershipTransfer
from gonghui.membership.selectors import (
    employer_lookup,
    employers_for_join,
    own_membership,
    settings_for_join,
)
from gonghui.membership.services import (
    ActiveElsewhere,
    join_request_submit,
    member_verify,
    transfer_start,
)
from gonghui.portal.forms import JoinForm, LoginForm, PhoneForm, VerifyForm
from gonghui.portal.models import PortalAccount
from gonghui.portal.services import CODE_MINUTES, phone_code_login, phone_code_send
from gonghui.registry.models import Person
from gonghui.utils.phone import mask_mobile

View = Callable[..., HttpResponse]


def _ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _account(request: HttpRequest) -> PortalAccount | None:
    """The portal account of the logged-in worker; None for staff logins and visitors."""
    if not request.user.is_authenticated:
        return None
    return PortalAccount.objects.filter(user=request.user).first()


def _login_url(next_url: str) -> str:
    return f"{reverse('portal:login')}?{urlencode({'next': next_url})}"


def portal_login_required(view: View) -> View:
    """Pages for a worker: logged in with a mobile number, or a login bound to a worker's
    record. Anyone else goes to the portal's login."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        account = _account(request)
        if account is None and not (
            request.user.is_authenticated and Person.objects.filter(user=request.user).exists()
        ):
            return HttpResponseRedirect(_login_url(request.get_full_path()))
        request.portal_account = account  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapped


def _safe_next(request: HttpRequest, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return reverse("portal:me")


@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    """One form, two buttons: "send code" (htmx swaps only the message) and "log in"."""
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    context = _login_context(request, next_url)
    if request.method == "GET":
        context["form"] = LoginForm(initial={"phone": ""})
        return render(request, "portal/login.html", context)
    if request.POST.get("action") == "send":
        return _send_code(request, context)
    form = LoginForm(request.POST)
    context["form"] = form
    if form.is_valid():
        try:
            user = phone_code_login(
                phone=form.cleaned_data["phone"], code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return HttpResponseRedirect(next_url)
    return render(request, "portal/login.html", context, status=400)


def _login_context(request: HttpRequest, next_url: str) -> dict[str, Any]:
    """The login page's heading: the union's name when the worker came from a join code."""
    context: dict[str, Any] = {"next": next_url, "union": None}
    match = request.resolver_match
    token = (match.kwargs.get("token") if match else None) or _join_token(next_url)
    if token:
        row = settings_for_join(token)
        context["union"] = row.unit if row else None
    return context


def _join_token(url: str) -> str | None:
    prefix = reverse("portal:join", args=["TOKEN"]).split("TOKEN")[0]
    if url.startswith(prefix):
        return url[len(prefix) :].split("/")[0] or None
    return None


def _send_code(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    form = PhoneForm(request.POST)
    status = 200
    notice: dict[str, Any] = {}
    if form.is_valid():
        phone = form.cleaned_data["phone"]
        try:
            phone_code_send(phone=phone, ip_address=_ip(request))
        except ValidationError as error:
            notice = {"error": " ".join(error.messages)}
            status = 429
        else:
            notice = {"sent_to": mask_mobile(phone), "minutes": CODE_MINUTES}
    else:
        notice = {"error": " ".join(str(e) for e in form.errors.get("phone", []))}
        status = 400
    if is_htmx(request):
        # htmx swaps only 2xx answers; the fragment itself says what went wrong.
        return render(request, "portal/_code_status.html", notice)
    login_form = LoginForm(initial={"phone": request.POST.get("phone", "")})
    context.update(form=login_form, notice=notice)
    return render(request, "portal/login.html", context, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return HttpResponseRedirect(reverse("portal:login"))


@never_cache
@portal_login_required
def me(request: HttpRequest) -> HttpResponse:
    """My membership: the union, card number, status and history; my requests."""
    own = own_membership(request.user)
    return render(
        request,
        "portal/me.html",
        {"own": own, "account": request.portal_account},  # type: ignore[attr-defined]
    )


def _join_settings(token: str) -> MembershipSettings:
    row = settings_for_join(token)
    if row is None:
        raise Http404
    return row


def _join_closed(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/join_closed.html", status=404)


@never_cache
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    """The page a join QR code opens. Not logged in: the login step first, then back here."""
    row = settings_for_join(token)
    if row is None:
        return _join_closed(request)
    account = _account(request)
    if account is None:
        context = _login_context(request, request.get_full_path())
        context["form"] = LoginForm()
        return render(request, "portal/login.html", context)
    unit = row.unit
    employers = employers_for_join(unit)
    channel = JoinChannel.QR if request.GET.get("c") == "qr" else JoinChannel.WEB
    if request.method == "GET":
        form = JoinForm(employers=employers)
        return _render_join(request, row, form, account)
    form = JoinForm(request.POST, employers=employers)
    if form.is_valid():
        data = form.cleaned_data
        try:
            submission = join_request_submit(
                by=request.user,
                applicant=request.user,
                unit=unit,
                channel=channel,
                name=data["name"],
                id_number=data["id_number"],
                phone=account.phone,
                worker_group=data["worker_group"],
                employer=data["employer"],
                employer_name=data["employer_name"],
                wants_transfer=data["wants_transfer"],
                note=data["note"],
            )
        except ActiveElsewhere as elsewhere:
            return render(
                request,
                "portal/join_transfer.html",
                {"form": form, "unit": unit, "current": elsewhere.membership.unit},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return HttpResponseRedirect(
                reverse("portal:request_status", args=[submission.request.pk])
            )
    return _render_join(request, row, form, account, status=400)


def _render_join(
    request: HttpRequest,
    row: MembershipSettings,
    form: JoinForm,
    account: PortalAccount,
    status: int = 200,
) -> HttpResponse:
    selected_id = parse_id(form["employer"].value())
    selected = employers_for_join(row.unit).filter(pk=selected_id).first() if selected_id else None
    context = {
        "form": form,
        "unit": row.unit,
        "token": row.join_token,
        "account": account,
        "selected": selected,
        "options": [selected] if selected else [],
    }
    return render(request, "portal/join_form.html", context, status=status)


@require_GET
@portal_login_required
def join_employers(request: HttpRequest, token: str) -> HttpResponse:
    """htmx: employers matching the search, as radio buttons for the join form."""
    row = settings_for_join(token)
    if row is None:
        raise Http404
    query = request.GET.get("employer_q", "")
    found = employer_lookup(row.unit, query)
    selected_id = parse_id(request.GET.get("employer"))
    selected = employers_for_join(row.unit).filter(pk=selected_id).first() if selected_id else None
    if selected is not None:
        found = [selected, *(e for e in found if e.pk != selected.pk)]
    return render(
        request,
        "portal/_employer_options.html",
        {"options": found, "selected": selected, "query": query.strip()},
    )


@never_cache
@portal_login_required
def request_status(request: HttpRequest, pk: int) -> HttpResponse:
    """A request's status, for the worker who sent it only (anyone else: 404)."""
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("unit", "transfer_from", "membership").defer(
            "id_number", "phone"
        ),
        pk=pk,
        applicant=request.user,
    )
    transfers = list(
        MembershipTransfer.objects.filter(join_request=join_request).select_related(
            "case", "from_unit", "to_unit"
        )
    )
    return render(
        request,
        "portal/request_status.html",
        {"join_request": join_request, "transfers": transfers},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@portal_login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Member verification (会员认证): bind this account to the member's record."""
    own = own_membership(request.user)
    if own.person is not None:
        return render(request, "portal/verify.html", {"verified": own.person})
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member_verify(
                user=request.user,
                name=form.cleaned_data["name"],
                id_number=form.cleaned_data["id_number"],
                ip_address=_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Verified: this account is now bound to your record."))
            return HttpResponseRedirect(reverse("portal:me"))
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/verify.html", {"form": form}, status=status)


@never_cache
@require_POST
@portal_login_required
def request_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    """The verified worker turns their transfer wish into a transfer (会员关系转接): the union
    left approves it first, then the union joined."""
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("unit"), pk=pk, applicant=request.user
    )
    back = reverse("portal:request_status", args=[pk])
    own = own_membership(request.user)
    active = own.active
    if own.person is None or active is None or active.unit_id != join_request.transfer_from_id:
        messages.error(request, _("Verify your membership first (会员认证), then try again."))
        return HttpResponseRedirect(back)
    try:
        transfer_start(
            by=request.user,
            membership=active,
            to_unit=join_request.unit,
            join_request=join_request,
            note=join_request.note,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Your transfer request has been sent to %(unit)s.") % {"unit": active.unit.name},
        )
    return HttpResponseRedirect(back)
