"""Workspace pages of matching: a seeker's best postings (and trainings when nothing fits), a
posting's best seekers, and the batch job writing recommendations."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import View

from gonghui.background.models import BackgroundJob
from gonghui.background.services import job_start
from gonghui.core.choices import Action
from gonghui.core.scoping import can
from gonghui.core.views.base import WorkspaceMixin
from gonghui.employment.matching import runners, selectors


def _flag(request: HttpRequest, name: str) -> bool:
    return request.GET.get(name) == "1"


class SeekerMatchesView(WorkspaceMixin, View):
    """The open postings that fit one seeker best, with the reasons."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        from gonghui.employment.models import JobSeeker

        seeker = get_object_or_404(
            JobSeeker.objects.restrict(request.user, Action.VIEW).select_related("person"), pk=pk
        )
        results = selectors.postings_for_seeker(seeker, limit=10)
        context = {
            "seeker": seeker,
            "results": results,
            "trainings": selectors.trainings_for(seeker),
            "good_match": round(selectors.scorer.GOOD_MATCH * 100),
        }
        return render(request, "employment/matching/seeker.html", context)


class PostingSeekersView(WorkspaceMixin, View):
    """The seekers (within the user's scope) who fit one posting best. A seeker's phone is
    shown only when the seeker agreed to share it with employers."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        from gonghui.employment.models import JobPosting, JobSeeker

        posting = get_object_or_404(
            JobPosting.objects.restrict(request.user, Action.VIEW).select_related(
                "enterprise", "occupation"
            ),
            pk=pk,
        )
        hardship_first = _flag(request, "hardship")
        results = selectors.seekers_for_posting(
            posting,
            limit=10,
            hardship_first=hardship_first,
            seekers=JobSeeker.objects.restrict(request.user, Action.VIEW),
        )
        for result in results:
            seeker = result.object
            result.contact = (  # type: ignore[attr-defined]
                seeker.person.phone
                if seeker.consent_to_share_contact
                else seeker.person.phone_masked
            )
        context = {"posting": posting, "results": results, "hardship_first": hardship_first}
        return render(request, "employment/matching/posting.html", context)


class BatchView(WorkspaceMixin, View):
    """Start the recommendation job for the picked unit; the last runs and their state."""

    def jobs(self) -> list[BackgroundJob]:
        return list(
            BackgroundJob.objects.restrict(self.request.user, Action.VIEW)
            .within(self.unit)
            .filter(kind=runners.JOB_KIND)
            .select_related("unit")
            .order_by("-created_at", "-id")[:10]
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        context = {"jobs": self.jobs(), "can_start": can(request.user, Action.ADD, self.unit)}
        return render(request, "employment/matching/batch.html", context)

    def post(self, request: HttpRequest) -> HttpResponse:
        if not can(request.user, Action.ADD, self.unit):
            raise PermissionDenied
        title = _("Job recommendations: %(unit)s") % {"unit": self.unit.name}
        job = job_start(by=request.user, unit=self.unit, kind=runners.JOB_KIND, title=title)
        messages.success(request, _("The matching job has been queued."))
        return HttpResponseRedirect(reverse("background:job_detail", args=[job.pk]))
