"""Job fairs: list, create, detail, employers taking part, registration, QR check-in at the
door, and interview intents recorded at the booths."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from gonghui.core.choices import Action
from gonghui.core.scoping import can
from gonghui.core.views.base import WorkspaceMixin, add_service_errors, parse_id
from gonghui.employment import forms, services
from gonghui.employment.choices import IntentOutcome, PostingStatus
from gonghui.employment.models import InterviewIntent, JobFair, JobPosting, JobSeeker
from gonghui.employment.views.common import (
    AddPage,
    FormPage,
    RecordList,
    find_employer,
    find_person,
    link,
)


class FairListView(RecordList):
    model = JobFair
    title = _("Job fairs")
    add_url_name = "employment:fair_create"
    date_field = "starts_on"
    headers = [_("Title"), _("Form"), _("Starts on"), _("Place or web address"),
               _("Employers"), _("Registered"), _("Organiser unit")]  # fmt: skip

    def get_queryset(self) -> QuerySet[Any]:
        return (
            super()
            .get_queryset()
            .annotate(
                employers=Count("participants", distinct=True),
                registered=Count("registrations", distinct=True),
            )
            .order_by("-starts_on", "-pk")
        )

    def cells(self, f: Any) -> list[Any]:
        return [link(f.title, "employment:fair_detail", f), f.get_mode_display(), f.starts_on,
                f.place, f.employers, f.registered, f.unit.name]  # fmt: skip


def visible_fair(user: Any, pk: int, action: str = Action.VIEW) -> JobFair:
    fair = get_object_or_404(
        JobFair.objects.restrict(user, Action.VIEW).select_related("unit"), pk=pk
    )
    if not can(user, action, fair):
        raise PermissionDenied
    return fair


class FairCreateView(AddPage):
    title = _("New job fair")
    back_url_name = "employment:fair_list"

    def make_form(self, data: Any = None) -> forms.FairForm:
        return forms.FairForm(data)

    def save(self, form: forms.FairForm) -> JobFair:
        return services.fair_create(by=self.request.user, unit=self.unit, **form.cleaned_data)

    def success_url(self, obj: Any) -> str:
        return reverse("employment:fair_detail", args=[obj.pk])


class FairDetailView(WorkspaceMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        fair = visible_fair(request.user, pk)
        participants = fair.participants.select_related("enterprise").prefetch_related("postings")
        registrations = fair.registrations.select_related("person").defer(
            "person__id_number", "person__phone"
        )
        context = {
            "fair": fair,
            "participants": participants,
            "registrations": registrations[:200],
            "registered": registrations.count(),
            "checked_in": registrations.filter(checked_in_at__isnull=False).count(),
            "intents": fair.intents.select_related("seeker__person", "enterprise", "posting")[:200],
            "can_change": can(request.user, Action.CHANGE, fair),
            "outcomes": IntentOutcome.choices,
        }
        return render(request, "employment/fair_detail.html", context)


class _FairFormPage(FormPage):
    required_action = Action.CHANGE
    fair: JobFair

    def prepare(self, **kwargs: Any) -> None:
        self.fair = visible_fair(self.request.user, kwargs["pk"], Action.CHANGE)

    def back_url(self) -> str:
        return reverse("employment:fair_detail", args=[self.fair.pk])

    def success_url(self, obj: Any) -> str:
        return self.back_url()

    def context(self) -> dict[str, Any]:
        return {"subtitle": self.fair.title}


class ParticipantAddView(_FairFormPage):
    title = _("Add an employer to the fair")
    employer_picker = True

    def make_form(self, data: Any = None) -> forms.ParticipantForm:
        return forms.ParticipantForm(data)

    def save(self, form: forms.ParticipantForm) -> Any:
        employer = find_employer(self.request.user, form.cleaned_data["employer"])
        if employer is None:
            raise ValidationError({"employer": gettext("Choose an employer from the list.")})
        postings: Any = ()
        if form.cleaned_data["with_postings"]:
            postings = JobPosting.objects.filter(
                enterprise=employer, status=PostingStatus.PUBLISHED
            )
        return services.fair_add_participant(
            by=self.request.user, fair=self.fair, enterprise=employer, postings=postings,
            booth=form.cleaned_data["booth"],
        )  # fmt: skip


class RegistrationAddView(_FairFormPage):
    title = _("Register a worker for the fair")

    def make_form(self, data: Any = None) -> forms.PersonForm:
        return forms.PersonForm(data)

    def save(self, form: forms.PersonForm) -> Any:
        person = find_person(self.request.user, form.cleaned_data["id_number"])
        return services.fair_register(by=self.request.user, fair=self.fair, person=person)


class CheckInView(WorkspaceMixin, View):
    """The door of a fair: scan (or type) the worker's QR code; each code checks in once."""

    required_action = Action.CHANGE

    def render_page(
        self, fair: JobFair, form: forms.CheckInForm, status: int = 200, **extra: Any
    ) -> HttpResponse:
        registrations = fair.registrations
        context = {
            "fair": fair,
            "form": form,
            "registered": registrations.count(),
            "checked_in": registrations.filter(checked_in_at__isnull=False).count(),
            **extra,
        }
        return render(self.request, "employment/check_in.html", context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        fair = visible_fair(request.user, pk, Action.CHANGE)
        return self.render_page(fair, forms.CheckInForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        fair = visible_fair(request.user, pk, Action.CHANGE)
        form = forms.CheckInForm(request.POST)
        if form.is_valid():
            try:
                registration = services.fair_check_in(
                    by=request.user, fair=fair, token=form.cleaned_data["token"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
                return self.render_page(fair, form, status=400)
            return self.render_page(fair, forms.CheckInForm(), welcomed=registration.person.name)
        return self.render_page(fair, form, status=400)


class IntentListView(RecordList):
    model = InterviewIntent
    title = _("Interview intents")
    add_url_name = "employment:intent_create"
    date_field = "recorded_at__date"
    related = ("unit", "seeker__person", "enterprise", "posting", "fair")
    headers = [_("Recorded at"), _("Job seeker"), _("Employer"), _("Job posting"), _("Job fair"),
               _("Outcome")]  # fmt: skip

    def cells(self, i: InterviewIntent) -> list[Any]:
        return [i.recorded_at.date(), i.seeker.person.name, i.enterprise.name,
                i.posting.title if i.posting else "—", i.fair.title if i.fair else "—",
                i.get_outcome_display()]  # fmt: skip


class IntentCreateView(AddPage):
    """Record an interview at a booth (``?fair=<id>``) or after a match."""

    title = _("Record an interview intent")
    back_url_name = "employment:intent_list"
    employer_picker = True
    fair: JobFair | None = None

    def prepare(self, **kwargs: Any) -> None:
        fair_id = parse_id(self.request.GET.get("fair"))
        if fair_id:
            self.fair = visible_fair(self.request.user, fair_id)
        super().prepare(**kwargs)

    def context(self) -> dict[str, Any]:
        return {"subtitle": self.fair.title if self.fair else ""}

    def make_form(self, data: Any = None) -> forms.IntentForm:
        return forms.IntentForm(data)

    def save(self, form: forms.IntentForm) -> Any:
        data = form.cleaned_data
        user = self.request.user
        employer = find_employer(user, data["employer"])
        if employer is None:
            raise ValidationError({"employer": gettext("Choose an employer from the list.")})
        person = find_person(user, data["id_number"])
        seeker = JobSeeker.objects.filter(person=person).first()
        if seeker is None:
            raise ValidationError(
                {"id_number": gettext("This worker has no job seeker profile yet.")}
            )
        posting = None
        if data.get("posting"):
            posting = JobPosting.objects.filter(pk=data["posting"], enterprise=employer).first()
            if posting is None:
                raise ValidationError({"posting": gettext("No such posting of this employer.")})
        return services.intent_record(
            by=user, seeker=seeker, enterprise=employer, posting=posting, fair=self.fair,
            outcome=data["outcome"], note=data["note"],
        )  # fmt: skip

    def success_url(self, obj: Any) -> str:
        if self.fair is not None:
            return reverse("employment:fair_detail", args=[self.fair.pk])
        return reverse("employment:intent_list")


class IntentOutcomeView(WorkspaceMixin, View):
    """Change an intent's outcome (达成意向 → hired, or no): POST from the intents' lists."""

    required_action = Action.CHANGE

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        intent = get_object_or_404(
            InterviewIntent.objects.restrict(request.user, Action.VIEW).select_related("unit"),
            pk=pk,
        )
        if not can(request.user, Action.CHANGE, intent):
            raise PermissionDenied
        try:
            services.intent_set_outcome(
                by=request.user, intent=intent, outcome=request.POST.get("outcome", "")
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, gettext("Saved."))
        back = reverse("employment:fair_detail", args=[intent.fair_id]) if intent.fair_id else ""
        return HttpResponseRedirect(back or reverse("employment:intent_list"))
