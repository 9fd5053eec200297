"""The worker's pages for their own requests (我的诉求), mounted at ``/portal/rights/``.

A worker logged in to the portal whose login is bound to their worker record
(``request.user.person``) lists their requests, submits one with files, follows its timeline
(moves, replies; never the staff's internal notes) and rates the reply. Anything not theirs
answers 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.core.views.base import add_service_errors
from gonghui.portal.access import worker_person, worker_required
from gonghui.rights import selectors, services
from gonghui.rights.forms import PortalRequestForm, RatingForm
from gonghui.rights.models import WorkerRequest


@never_cache
@worker_required
def request_list(request: HttpRequest) -> HttpResponse:
    cases = selectors.own_requests(worker_person(request))[:100]
    return render(request, "rights/portal/list.html", {"cases": cases})


@never_cache
@require_http_methods(["GET", "POST"])
@worker_required
def request_new(request: HttpRequest) -> HttpResponse:
    person = worker_person(request)
    form = PortalRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.request_submit_online(
                by=request.user,
                person=person,
                category=data["category"],
                description=data["description"],
                urgent=data["urgent"],
                employer_name=data["employer_name"],
                files=request.FILES.getlist("files"),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "files" in error.error_dict:
                form.add_error(None, error.error_dict["files"])
            else:
                add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your request %(reference)s has been received.") % {"reference": case.reference},
            )
            return HttpResponseRedirect(reverse("rights_portal:detail", args=[case.pk]))
    status = 400 if request.method == "POST" else 200
    return render(
        request, "rights/portal/new.html", {"form": form, "person": person}, status=status
    )


def _own_case(request: HttpRequest, pk: int) -> Any:
    return get_object_or_404(selectors.own_requests(worker_person(request)), pk=pk)


@never_cache
@worker_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _own_case(request, pk)
    return _render_detail(request, case, RatingForm())


def _render_detail(request: HttpRequest, case: Any, form: RatingForm, status: int = 200) -> Any:
    detail: WorkerRequest = case.worker_request
    context = {
        "case": case,
        "detail": detail,
        "events": selectors.worker_timeline(case, request.user),
        "form": form,
        "may_rate": services.may_rate(detail, case),
    }
    return render(request, "rights/portal/detail.html", context, status=status)


@require_POST
@worker_required
def request_rate(request: HttpRequest, pk: int) -> HttpResponse:
    case = _own_case(request, pk)
    form = RatingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.request_rate(
                by=request.user,
                case=case,
                score=data["score"],
                comment=data["comment"],
                ask_reopen=data["ask_reopen"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you for your rating."))
            return HttpResponseRedirect(reverse("rights_portal:detail", args=[case.pk]))
    case = _own_case(request, pk)
    return _render_detail(request, case, form, status=400)
