"""The employment services' home page: what needs attention, and the ways in."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.generic import View

from gonghui.core.choices import Action
from gonghui.core.scoping import can
from gonghui.core.views.base import WorkspaceMixin
from gonghui.employment import selectors
from gonghui.employment.choices import PostingStatus
from gonghui.employment.models import FollowUp, JobPosting, JobSeeker


class EmploymentHomeView(WorkspaceMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        user, unit, today = request.user, self.unit, timezone.localdate()
        postings = JobPosting.objects.restrict(user, Action.VIEW).within(unit)
        follow_ups = FollowUp.objects.restrict(user, Action.VIEW).within(unit)
        counts = {
            "pending": postings.filter(status=PostingStatus.PENDING).count(),
            "flagged": postings.filter(status=PostingStatus.PENDING)
            .exclude(flagged_reasons=[])
            .count(),
            "published": selectors.published_postings(today)
            .filter(pk__in=postings.values("pk"))
            .count(),
            "seekers": JobSeeker.objects.restrict(user, Action.VIEW)
            .within(unit)
            .filter(active=True)
            .count(),
            "follow_ups_overdue": selectors.follow_ups_overdue(follow_ups, today).count(),
            "follow_ups_due": selectors.follow_ups_due(follow_ups, today).count(),
        }
        return render(
            request,
            "employment/home.html",
            {"counts": counts, "can_add": can(user, Action.ADD, unit)},
        )
