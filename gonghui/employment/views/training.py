"""Trainings: list, create, detail with enrolments and sessions, enrol, complete, drop,
sessions and attendance."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from gonghui.core.choices import Action
from gonghui.core.scoping import can
from gonghui.core.views.base import WorkspaceMixin, yes_no_label
from gonghui.employment import forms, selectors, services
from gonghui.employment.choices import EnrolmentStatus
from gonghui.employment.models import Enrolment, Training, TrainingSession
from gonghui.employment.views.common import (
    AddPage,
    FormPage,
    RecordList,
    find_employer,
    find_person,
    link,
)


class TrainingListView(RecordList):
    model = Training
    title = _("Training courses")
    add_url_name = "employment:training_create"
    date_field = "starts_on"
    related = ("unit", "occupation")
    headers = [_("Title"), _("Occupation"), _("Provider"), _("Starts on"), _("Ends on"),
               _("Enrolled"), _("Capacity"), _("Order-based training"),
               _("Union unit")]  # fmt: skip

    def get_queryset(self) -> QuerySet[Any]:
        return (
            super()
            .get_queryset()
            .annotate(
                enrolled=Count("enrolments", filter=~Q(enrolments__status=EnrolmentStatus.DROPPED))
            )
            .order_by("-starts_on", "-pk")
        )

    def cells(self, t: Any) -> list[Any]:
        return [link(t.title, "employment:training_detail", t),
                t.occupation.name if t.occupation else "—", t.provider, t.starts_on, t.ends_on,
                t.enrolled, t.capacity, yes_no_label(t.is_order_based), t.unit.name]  # fmt: skip


def visible_training(user: Any, pk: int, action: str = Action.VIEW) -> Training:
    training = get_object_or_404(
        Training.objects.restrict(user, Action.VIEW).select_related(
            "unit", "occupation", "ordering_enterprise"
        ),
        pk=pk,
    )
    if not can(user, action, training):
        raise PermissionDenied
    return training


class TrainingCreateView(AddPage):
    title = _("New training course")
    back_url_name = "employment:training_list"
    employer_picker = True

    def make_form(self, data: Any = None) -> forms.TrainingForm:
        return forms.TrainingForm(data)

    def save(self, form: forms.TrainingForm) -> Training:
        data = dict(form.cleaned_data)
        data["ordering_enterprise"] = find_employer(self.request.user, data.pop("employer"))
        return services.training_create(by=self.request.user, unit=self.unit, **data)

    def success_url(self, obj: Any) -> str:
        return reverse("employment:training_detail", args=[obj.pk])


class TrainingDetailView(WorkspaceMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        training = visible_training(request.user, pk)
        enrolments = selectors.enrolments_with_outcome(
            training.enrolments.select_related("person").defer("person__id_number", "person__phone")
        )
        sessions = training.sessions.annotate(
            present=Count("attendance", filter=Q(attendance__present=True))
        ).order_by("date", "pk")
        context = {
            "training": training,
            "enrolments": enrolments,
            "sessions": sessions,
            "complete_form": forms.CompleteForm(),
            "can_change": can(request.user, Action.CHANGE, training),
        }
        return render(request, "employment/training_detail.html", context)


class _TrainingFormPage(FormPage):
    required_action = Action.CHANGE
    training: Training

    def prepare(self, **kwargs: Any) -> None:
        self.training = visible_training(self.request.user, kwargs["pk"], Action.CHANGE)

    def back_url(self) -> str:
        return reverse("employment:training_detail", args=[self.training.pk])

    def success_url(self, obj: Any) -> str:
        return self.back_url()

    def context(self) -> dict[str, Any]:
        return {"subtitle": self.training.title}


class EnrolView(_TrainingFormPage):
    title = _("Enrol a worker")

    def make_form(self, data: Any = None) -> forms.PersonForm:
        return forms.PersonForm(data)

    def save(self, form: forms.PersonForm) -> Any:
        person = find_person(self.request.user, form.cleaned_data["id_number"])
        return services.enrolment_add(by=self.request.user, training=self.training, person=person)


class SessionAddView(_TrainingFormPage):
    title = _("Add a session")

    def make_form(self, data: Any = None) -> forms.SessionForm:
        return forms.SessionForm(data)

    def save(self, form: forms.SessionForm) -> Any:
        return services.session_add(
            by=self.request.user, training=self.training, **form.cleaned_data
        )


def _enrolment(user: Any, pk: int) -> Enrolment:
    enrolment = get_object_or_404(
        Enrolment.objects.restrict(user, Action.VIEW).select_related("training__unit", "person"),
        pk=pk,
    )
    if not can(user, Action.CHANGE, enrolment):
        raise PermissionDenied
    return enrolment


class EnrolmentActionView(WorkspaceMixin, View):
    """Complete (with a certificate number) or drop an enrolment: POST from the detail page."""

    required_action = Action.CHANGE

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        enrolment = _enrolment(request.user, pk)
        try:
            if action == "complete":
                form = forms.CompleteForm(request.POST)
                number = form.cleaned_data["certificate_number"] if form.is_valid() else ""
                services.enrolment_complete(
                    by=request.user, enrolment=enrolment, certificate_number=number
                )
            elif action == "drop":
                services.enrolment_drop(by=request.user, enrolment=enrolment)
            else:
                raise PermissionDenied
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, gettext("Saved."))
        return HttpResponseRedirect(
            reverse("employment:training_detail", args=[enrolment.training_id])
        )


class AttendanceView(WorkspaceMixin, View):
    """Tick who attended a session."""

    required_action = Action.CHANGE

    def session(self, pk: int) -> TrainingSession:
        session = get_object_or_404(
            TrainingSession.objects.restrict(self.request.user, Action.VIEW).select_related(
                "training__unit"
            ),
            pk=pk,
        )
        if not can(self.request.user, Action.CHANGE, session):
            raise PermissionDenied
        return session

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = self.session(pk)
        enrolments = session.training.enrolments.exclude(
            status=EnrolmentStatus.DROPPED
        ).select_related("person")
        present = set(
            session.attendance.filter(present=True).values_list("enrolment_id", flat=True)
        )
        context = {"session": session, "enrolments": enrolments, "present": present}
        return render(request, "employment/attendance.html", context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        session = self.session(pk)
        ids = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        enrolments = session.training.enrolments.filter(pk__in=ids)
        try:
            services.attendance_record(by=request.user, session=session, present=enrolments)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, gettext("Saved."))
        return HttpResponseRedirect(
            reverse("employment:training_detail", args=[session.training_id])
        )
