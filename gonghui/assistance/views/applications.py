"""Applications for a hardship file (a case kind): staff file one for a worker, and the steps
after the engine's first review: home visit, income check, public notice, objections,
approval or refusal. The engine's case page does the rest (assigning, routing, notes)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import View

from gonghui.assistance import selectors, services
from gonghui.assistance.forms import (
    ApproveForm,
    MemberFormSet,
    NoticeForm,
    ObjectionForm,
    ObjectionHandleForm,
    RefuseForm,
    StaffApplicationForm,
    VisitForm,
    members_data,
)
from gonghui.assistance.kinds import KIND_CODE
from gonghui.assistance.models import HardshipApplication, NoticeObjection
from gonghui.assistance.views.files import find_person
from gonghui.casework.choices import CaseState, Channel
from gonghui.casework.models import Case
from gonghui.core.choices import Action
from gonghui.core.scoping import can
from gonghui.core.views.base import ServiceFormMixin, WorkspaceMixin, add_service_errors

S = CaseState


class StaffApplicationView(WorkspaceMixin, View):
    """Staff file an application for a worker (窗口代为申请)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not can(request.user, Action.ADD):
            raise PermissionDenied
        return self.render(StaffApplicationForm(), MemberFormSet(prefix="members"))

    def render(self, form: Any, formset: Any, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            "assistance/application_form.html",
            {"form": form, "formset": formset},
            status=status,
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        if not can(request.user, Action.ADD):
            raise PermissionDenied
        form = StaffApplicationForm(request.POST)
        formset = MemberFormSet(request.POST, prefix="members")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                person = find_person(request, data["id_number"])
                case = services.application_submit(
                    by=request.user, person=person, level=data["level"], cause=data["cause"],
                    worker_income=data["worker_income"], members=members_data(formset),
                    cause_detail=data["cause_detail"],
                    exclusions_found=data["exclusions_found"], channel=Channel.DESK,
                )  # fmt: skip
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                from django.http import HttpResponseRedirect

                return HttpResponseRedirect(reverse("assistance:application", args=[case.pk]))
        return self.render(form, formset, status=400)


def handled_application(request: HttpRequest, pk: int) -> HardshipApplication:
    """An application the user handles: visible (else 404) and changeable (else 403)."""
    cases = Case.objects.restrict(request.user, Action.VIEW).filter(kind=KIND_CODE)
    case = get_object_or_404(cases.select_related("unit", "applicant"), pk=pk)
    if not can(request.user, Action.CHANGE, case):
        raise PermissionDenied
    return get_object_or_404(
        HardshipApplication.objects.select_related("file", "rule", "consent"), pk=case.pk
    )


def steps_context(
    request: HttpRequest, application: HardshipApplication, bound: dict[str, Any] | None = None
) -> dict[str, Any]:
    bound = bound or {}
    case = Case.objects.select_related("unit", "applicant").get(pk=application.pk)
    today = timezone.localdate()
    return {
        "application": application,
        "case": case,
        "file": application.file,
        "objections": application.objections.select_related("handled_by"),
        "visit_form": bound.get("visit") or VisitForm(initial={"visited_on": today}),
        "notice_form": bound.get("notice")
        or NoticeForm(initial={"started_on": today, "days": selectors.notice_days()}),
        "objection_form": bound.get("objection") or ObjectionForm(initial={"raised_on": today}),
        "handle_form": bound.get("handle") or ObjectionHandleForm(),
        "approve_form": bound.get("approve") or ApproveForm(),
        "refuse_form": bound.get("refuse") or RefuseForm(),
        "is_open": case.state in (S.SUBMITTED, S.ACCEPTED, S.IN_PROGRESS),
        "today": today,
    }


class ApplicationView(WorkspaceMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        application = handled_application(request, pk)
        return render(request, "assistance/application.html", steps_context(request, application))


class _StepView(WorkspaceMixin, ServiceFormMixin, View):
    """POST only: one step's form, then back to the application's page."""

    http_method_names = ["post"]
    step = ""
    form_class: Any = None
    application: HardshipApplication

    def prepare(self, **kwargs: Any) -> None:
        self.application = handled_application(self.request, kwargs["pk"])

    def make_form(self, data: Any = None) -> Any:
        return self.form_class(data, self.request.FILES if data is not None else None)

    def render_form(self, form: Any, status: int = 200) -> HttpResponse:
        context = steps_context(self.request, self.application, {self.step: form})
        return render(self.request, "assistance/application.html", context, status=status)

    def success_url(self, obj: Any) -> str:
        return reverse("assistance:application", args=[self.application.pk])

    @property
    def case(self) -> Case:
        return self.application.case


class VisitView(_StepView):
    step, form_class = "visit", VisitForm

    def save(self, form: VisitForm) -> Any:
        data = form.cleaned_data
        return services.application_record_visit(
            by=self.request.user, case=self.case, visited_on=data["visited_on"],
            notes=data["notes"], consent=data["consent"], photos=data["photos"],
        )  # fmt: skip


class IncomeCheckView(_StepView):
    step, form_class = "check", ApproveForm  # no fields of its own: an empty form

    def save(self, form: Any) -> Any:
        return services.application_check_income(by=self.request.user, case=self.case)


class NoticeView(_StepView):
    step, form_class = "notice", NoticeForm

    def save(self, form: NoticeForm) -> Any:
        data = form.cleaned_data
        return services.application_start_notice(
            by=self.request.user, case=self.case, started_on=data["started_on"], days=data["days"]
        )


class ObjectionView(_StepView):
    step, form_class = "objection", ObjectionForm

    def save(self, form: ObjectionForm) -> Any:
        return services.objection_record(by=self.request.user, case=self.case, **form.cleaned_data)


class ObjectionHandleView(_StepView):
    step, form_class = "handle", ObjectionHandleForm

    def save(self, form: ObjectionHandleForm) -> Any:
        objection = get_object_or_404(
            NoticeObjection.objects.filter(application=self.application),
            pk=self.kwargs["objection_pk"],
        )
        return services.objection_handle(
            by=self.request.user, objection=objection, note=form.cleaned_data["note"],
            upheld=form.cleaned_data["upheld"],
        )  # fmt: skip


class ApproveView(_StepView):
    step, form_class = "approve", ApproveForm

    def save(self, form: ApproveForm) -> Any:
        return services.application_approve(
            by=self.request.user, case=self.case, reply=form.cleaned_data["reply"]
        )


class RefuseView(_StepView):
    step, form_class = "refuse", RefuseForm

    def save(self, form: RefuseForm) -> Any:
        return services.application_refuse(
            by=self.request.user, case=self.case, reason=form.cleaned_data["reason"]
        )
