"""The worker's side (职工端): apply for a hardship file, see the application's state.

Mounted at ``/portal/assistance/``; the worker logs in through the portal and must have a
registered worker record (``request.user.person``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from gonghui.assistance import selectors, services
from gonghui.assistance.forms import MemberFormSet, PortalApplicationForm, members_data
from gonghui.assistance.kinds import KIND_CODE
from gonghui.assistance.models import HardshipApplication
from gonghui.casework.choices import Channel
from gonghui.casework.workflow import OPEN_STATES
from gonghui.core.views.base import add_service_errors
from gonghui.portal.access import worker_person, worker_required


@never_cache
@worker_required
def my_applications(request: HttpRequest) -> HttpResponse:
    person = worker_person(request)
    applications = (
        HardshipApplication.objects.filter(case__applicant=person, case__kind=KIND_CODE)
        .select_related("case", "file")
        .order_by("-case__submitted_at")
    )
    has_open = any(a.case.state in OPEN_STATES for a in applications)
    return render(
        request,
        "assistance/portal/my_applications.html",
        {
            "person": person,
            "applications": applications,
            "can_apply": not has_open and selectors.active_file_of(person) is None,
        },
    )


@never_cache
@worker_required
def apply(request: HttpRequest) -> HttpResponse:
    person = worker_person(request)
    form = PortalApplicationForm(request.POST or None)
    formset = MemberFormSet(request.POST or None, prefix="members")
    status = 200
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                services.application_submit(
                    by=request.user, person=person, cause=data["cause"],
                    worker_income=data["worker_income"], members=members_data(formset),
                    cause_detail=data["cause_detail"], channel=Channel.PORTAL,
                )  # fmt: skip
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, gettext("Your application has been submitted."))
                return HttpResponseRedirect(reverse("assistance_portal:mine"))
        status = 400
    return render(
        request,
        "assistance/portal/apply.html",
        {"form": form, "formset": formset, "person": person},
        status=status,
    )
