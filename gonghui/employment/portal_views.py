"""The worker's employment pages (``/portal/employment/``): my job seeker profile with consent,
published postings with search, fairs to register for with my QR code, my placements. Only the
worker's own records; anything else answers 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.core.views.base import add_service_errors
from gonghui.employment import forms, qr, selectors, services
from gonghui.employment.models import FairRegistration, JobFair, JobSeeker, Placement
from gonghui.portal.access import worker_person, worker_required


@never_cache
@worker_required
def home(request: HttpRequest) -> HttpResponse:
    person = worker_person(request)
    seeker = JobSeeker.objects.filter(person=person).first()
    recommendations = (
        seeker.recommendations.filter(
            posting__in=selectors.published_postings(timezone.localdate())
        ).select_related("posting__enterprise")[:10]
        if seeker
        else []
    )
    context = {"seeker": seeker, "recommendations": recommendations}
    return render(request, "employment/portal/home.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@worker_required
def profile(request: HttpRequest) -> HttpResponse:
    person = worker_person(request)
    seeker = JobSeeker.objects.filter(person=person).first()
    initial: dict[str, Any] = {"education": 0, "active": True}
    if seeker is not None:
        initial = {n: getattr(seeker, n) for n in services.SEEKER_FIELDS}
        initial["wanted_occupations"] = list(seeker.wanted_occupations.all())
    form = forms.SeekerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        occupations = data.pop("wanted_occupations")
        try:
            services.seeker_save(
                by=request.user, person=person, wanted_occupations=occupations, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your job seeker profile is saved."))
            return HttpResponseRedirect(reverse("employment_portal:home"))
    status = 400 if request.method == "POST" else 200
    return render(request, "employment/portal/profile.html", {"form": form}, status=status)


@never_cache
@worker_required
def postings(request: HttpRequest) -> HttpResponse:
    form = forms.SearchForm(request.GET or None)
    found = selectors.published_postings(timezone.localdate()).select_related(
        "enterprise", "occupation"
    )
    if form.is_valid() and form.cleaned_data["q"]:
        found = selectors.search_postings(found, form.cleaned_data["q"])
    page = Paginator(found.order_by("-published_at", "-pk"), 20).get_page(request.GET.get("page"))
    return render(request, "employment/portal/postings.html", {"form": form, "page": page})


@never_cache
@worker_required
def posting(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        selectors.published_postings(timezone.localdate()).select_related(
            "enterprise", "occupation"
        ),
        pk=pk,
    )
    return render(request, "employment/portal/posting.html", {"posting": item})


@never_cache
@worker_required
def fairs(request: HttpRequest) -> HttpResponse:
    person = worker_person(request)
    upcoming = JobFair.objects.filter(ends_on__gte=timezone.localdate()).order_by("starts_on")[:50]
    mine = {
        r.fair_id: r
        for r in FairRegistration.objects.filter(person=person, fair__in=[f.pk for f in upcoming])
    }
    items = [(fair, mine.get(fair.pk)) for fair in upcoming]
    return render(request, "employment/portal/fairs.html", {"items": items})


@never_cache
@require_POST
@worker_required
def fair_register(request: HttpRequest, pk: int) -> HttpResponse:
    fair = get_object_or_404(JobFair, pk=pk, ends_on__gte=timezone.localdate())
    try:
        services.fair_register(by=request.user, fair=fair, person=worker_person(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return HttpResponseRedirect(reverse("employment_portal:fairs"))
    return HttpResponseRedirect(reverse("employment_portal:fair_pass", args=[fair.pk]))


@never_cache
@worker_required
def fair_pass(request: HttpRequest, pk: int) -> HttpResponse:
    """My QR code for a fair I registered for."""
    registration = get_object_or_404(
        FairRegistration.objects.select_related("fair"), fair_id=pk, person=worker_person(request)
    )
    context = {
        "registration": registration,
        "fair": registration.fair,
        "qr_svg": mark_safe(qr.token_svg(registration.token)),
    }
    return render(request, "employment/portal/fair_pass.html", context)


@never_cache
@worker_required
def placements(request: HttpRequest) -> HttpResponse:
    mine = Placement.objects.filter(person=worker_person(request)).select_related(
        "enterprise", "posting"
    )
    return render(request, "employment/portal/placements.html", {"placements": mine[:50]})
