"""Staff pages of background jobs: the list, and a job's progress and log (polled by htmx)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, ListView

from gonghui.background.models import BackgroundJob, JobStatus
from gonghui.background.runners import runner_choices
from gonghui.background.services import job_cancel, may_cancel
from gonghui.core.choices import Action
from gonghui.core.views.base import PAGE_SIZE, HtmxListMixin, WorkspaceMixin, is_htmx


class JobFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *JobStatus.choices]
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    mine = forms.BooleanField(label=_("Started by me"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All")), *runner_choices()]  # type: ignore[attr-defined]


class JobListView(WorkspaceMixin, HtmxListMixin, ListView):
    """The jobs of the picked unit and the units below it, newest first."""

    template_name = "background/job_list.html"
    partial_template_name = "background/_job_results.html"
    paginate_by = PAGE_SIZE
    context_object_name = "jobs"

    def get_queryset(self) -> QuerySet[BackgroundJob]:
        self.form = JobFilterForm(self.request.GET or None)
        jobs = BackgroundJob.objects.restrict(self.request.user, Action.VIEW).within(self.unit)
        data = self.form.cleaned_data if self.form.is_valid() else {}
        if data.get("status"):
            jobs = jobs.filter(status=data["status"])
        if data.get("kind"):
            jobs = jobs.filter(kind=data["kind"])
        if data.get("mine"):
            jobs = jobs.filter(created_by=self.request.user)
        return jobs.select_related("unit", "created_by").defer("log", "params", "result")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(form=self.form, **kwargs)


class JobDetailView(WorkspaceMixin, DetailView):
    """A job's status, progress and log; while it runs, htmx refreshes the status panel."""

    template_name = "background/job_detail.html"
    context_object_name = "job"

    def get_queryset(self) -> QuerySet[BackgroundJob]:
        return BackgroundJob.objects.restrict(self.request.user, Action.VIEW).select_related(
            "unit", "created_by"
        )

    def get_template_names(self) -> list[str]:
        if is_htmx(self.request):
            return ["background/_job_status.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        job: BackgroundJob = self.object
        return super().get_context_data(
            can_cancel=may_cancel(self.request.user, job),
            log=list(reversed(job.log)),
            **kwargs,
        )


class JobCancelView(WorkspaceMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = get_object_or_404(BackgroundJob.objects.restrict(request.user, Action.VIEW), pk=pk)
        try:
            job_cancel(by=request.user, job=job)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, gettext("The job will stop shortly."))
        return HttpResponseRedirect(job_url(job))


def job_url(job: BackgroundJob) -> str:
    from django.urls import reverse

    return reverse("background:job_detail", args=[job.pk])
