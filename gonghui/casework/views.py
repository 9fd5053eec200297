"""Workspace pages for cases (事项办理): the queues, one case with its timeline, and the forms
that move, assign, route and annotate it.

The forms post to their own addresses and go back to the case page. A refused write shows the
case page again with the reason: 400 for bad input or a move the state does not allow, 409
when someone else changed the case first (the form then carries the new version).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, View

from gonghui.casework import selectors, services
from gonghui.casework.choices import CaseState, Channel, SlaStatus
from gonghui.casework.forms import (
    DEFAULT_TAB,
    EVERY_STATE,
    TABS,
    AssignForm,
    CaseFilterForm,
    NoteForm,
    RouteForm,
    TransitionForm,
)
from gonghui.casework.kinds import get_kind, kind_choices
from gonghui.casework.models import Case, CaseAttachment, CaseQuerySet
from gonghui.casework.workflow import NOTE_REQUIRED, OPEN_STATES, move_label
from gonghui.core.choices import Action
from gonghui.core.downloads import private_file_response
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import can
from gonghui.core.views.base import (
    PAGE_SIZE,
    Column,
    HtmxListMixin,
    ServiceFormMixin,
    WorkspaceMixin,
    choice_label,
    csv_export,
    parse_id,
)

# The queues ----------------------------------------------------------------------------


def _tab(request: HttpRequest) -> str:
    tab = request.GET.get("tab", DEFAULT_TAB)
    return tab if tab in TABS else DEFAULT_TAB


def filtered_cases(
    request: HttpRequest, unit: OrgUnit, now: datetime.datetime
) -> tuple[CaseFilterForm, str, CaseQuerySet]:
    """The cases of the picked unit the user may see, for the tab and the filter form."""
    user = request.user
    form = CaseFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    tab = _tab(request)
    cases = selectors.cases_in(unit, user)
    if tab == "mine":
        cases = cases.filter(assignee_id=user.pk)
    elif tab == "overdue":
        cases = cases.overdue(now)
    elif tab == "at_risk":
        cases = cases.at_risk(now)
    state = data.get("state", "")
    if not state:
        cases = cases.open()
    elif state != EVERY_STATE:
        cases = cases.filter(state=state)
    for name in ("kind", "channel"):
        if data.get(name):
            cases = cases.filter(**{name: data[name]})
    return form, tab, selectors.case_search(cases, data.get("q", ""))  # type: ignore[return-value]


class CaseQueueView(WorkspaceMixin, HtmxListMixin, ListView):
    template_name = "casework/queue.html"
    partial_template_name = "casework/_queue_results.html"
    paginate_by = PAGE_SIZE
    context_object_name = "cases"

    def get_queryset(self) -> QuerySet[Case]:
        self.now = timezone.now()
        self.form, self.tab, cases = filtered_cases(self.request, self.unit, self.now)
        return selectors.for_list(selectors.by_deadline(cases))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        counts = selectors.queue_counts(self.request.user, self.unit, self.now)
        tabs = [(key, label, counts[key]) for key, label in TABS.items()]
        return super().get_context_data(form=self.form, tab=self.tab, tabs=tabs, **kwargs)


def _local(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def export_columns() -> list[Column]:
    """The CSV's columns; kinds are read when the export runs (apps register them)."""
    return [
        ("reference", gettext_lazy("Reference number"), None),
        ("kind", gettext_lazy("Kind"), choice_label(kind_choices())),
        ("title", gettext_lazy("Title"), None),
        ("applicant__name", gettext_lazy("Applicant"), None),
        ("unit__name", gettext_lazy("Handling unit"), None),
        ("channel", gettext_lazy("Channel"), choice_label(Channel.choices)),
        ("state", gettext_lazy("State"), choice_label(CaseState.choices)),
        ("assignee__username", gettext_lazy("Assignee"), None),
        ("submitted_at", gettext_lazy("Submitted at"), _local),
        ("due_at", gettext_lazy("Due at"), _local),
        ("sla_status_value", gettext_lazy("Deadline"), choice_label(SlaStatus.choices)),
        ("finished_at", gettext_lazy("Finished at"), _local),
    ]


class CaseExportView(WorkspaceMixin, View):
    """The filtered queue as CSV, streamed whatever its length."""

    def get(self, request: HttpRequest) -> StreamingHttpResponse:
        now = timezone.now()
        _form, _tab, cases = filtered_cases(request, self.unit, now)
        filename = f"cases-{timezone.localdate():%Y%m%d}.csv"
        return csv_export(
            filename, selectors.by_deadline(cases.with_sla_status(now)), export_columns()
        )


# One case ------------------------------------------------------------------------------


def visible_case(request: HttpRequest, pk: int) -> Case:
    """A case the user may see, else 404 (a refusal says nothing about what exists)."""
    cases = Case.objects.restrict(request.user, Action.VIEW)
    return get_object_or_404(selectors.for_list(cases).select_related("created_by"), pk=pk)


def _move_form(case: Case, to: str, data: Any = None) -> TransitionForm:
    return TransitionForm(data, initial={"to": to, "version": case.version}, auto_id=f"id_{to}_%s")


def detail_context(
    request: HttpRequest, case: Case, bound: dict[str, Any] | None = None
) -> dict[str, Any]:
    """What the case page shows; ``bound`` holds a form that failed, with its errors."""
    user, bound = request.user, bound or {}
    try:
        kind = get_kind(case.kind)
    except KeyError:
        kind = None
    detail = kind.detail_for(case) if kind else None
    can_change = can(user, Action.CHANGE, case)
    moves = []
    for to in selectors.allowed_moves(user, case) if can_change else []:
        moves.append(
            {
                "to": to,
                "label": move_label(case.state, to),
                "note_required": to in NOTE_REQUIRED,
                "danger": to in (CaseState.REJECTED, CaseState.WITHDRAWN),
                "form": bound.get(f"move:{to}") or _move_form(case, to),
            }
        )
    still_open = case.state in OPEN_STATES
    writable = can_change and case.state != CaseState.CLOSED
    assign_form = route_form = note_form = None
    if writable:
        assign_form = bound.get("assign") or AssignForm(
            initial={"assignee": case.assignee_id, "version": case.version},
            users=selectors.assignable_users(case),
        )
        note_form = bound.get("note") or NoteForm()
    if can_change and still_open:
        route_form = bound.get("route") or RouteForm(
            initial={"version": case.version}, units=OrgUnit.objects.none()
        )
    failed = next(iter(bound.values()), None)
    page_errors = []
    if failed is not None:
        page_errors = [*failed.non_field_errors()]
        for field in failed.hidden_fields():
            page_errors.extend(field.errors)
    route_selected = parse_id(route_form["unit"].value()) if route_form is not None else None
    route_options = selectors.route_targets(user, case) if route_form is not None else []
    if route_selected and route_selected not in {unit.pk for unit in route_options}:
        chosen = OrgUnit.objects.restrict(user, Action.CHANGE).filter(pk=route_selected)
        route_options = [*chosen, *route_options]
    return {
        "case": case,
        "kind": kind,
        "detail": detail,
        "detail_fields": (
            selectors.detail_fields(detail)
            if detail is not None and kind is not None and not kind.detail_template
            else []
        ),
        "events": list(selectors.timeline(case)),
        "moves": moves,
        "assign_form": assign_form,
        "route_form": route_form,
        "route_options": route_options,
        "route_selected": route_selected,
        "note_form": note_form,
        "page_errors": page_errors,
        "can_change": can_change,
        "can_view_applicant": can(user, Action.VIEW, case.applicant),
    }


class CaseDetailView(WorkspaceMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = visible_case(request, pk)
        return render(request, "casework/detail.html", detail_context(request, case))


class _CaseActionView(WorkspaceMixin, ServiceFormMixin, View):
    """POST only: check the case, clean the form, call the service, back to the case page."""

    http_method_names = ["post"]
    case: Case
    conflict = False

    def prepare(self, **kwargs: Any) -> None:
        self.case = visible_case(self.request, kwargs["pk"])
        if not can(self.request.user, Action.CHANGE, self.case):
            raise PermissionDenied

    def form_key(self, form: Any) -> str:
        raise NotImplementedError

    def run(self, service: Any, **kwargs: Any) -> Any:
        try:
            return service(by=self.request.user, case=self.case, **kwargs)
        except services.CaseConflict:
            self.conflict = True
            raise

    def render_form(self, form: Any, status: int = 200) -> HttpResponse:
        case = visible_case(self.request, self.case.pk)
        if self.conflict:
            status = 409
            if "version" in form.fields:  # the next try acts on what the user now sees
                data = form.data.copy()
                data["version"] = str(case.version)
                form.data = data
        context = detail_context(self.request, case, {self.form_key(form): form})
        return render(self.request, "casework/detail.html", context, status=status)

    def success_url(self, obj: Any) -> str:
        return reverse("casework:detail", args=[self.case.pk])


class CaseTransitionView(_CaseActionView):
    def make_form(self, data: Any = None) -> TransitionForm:
        return _move_form(self.case, str((data or {}).get("to", ""))[:20], data)

    def form_key(self, form: Any) -> str:
        return f"move:{form.data.get('to', '')}"

    def save(self, form: TransitionForm) -> Case:
        return self.run(  # type: ignore[no-any-return]
            services.case_transition,
            to_state=form.cleaned_data["to"],
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )


class CaseAssignView(_CaseActionView):
    def make_form(self, data: Any = None) -> AssignForm:
        return AssignForm(data, users=selectors.assignable_users(self.case))

    def form_key(self, form: Any) -> str:
        return "assign"

    def save(self, form: AssignForm) -> Case:
        return self.run(  # type: ignore[no-any-return]
            services.case_assign,
            assignee=form.cleaned_data["assignee"],
            expected_version=form.cleaned_data["version"],
        )


class CaseRouteView(_CaseActionView):
    def make_form(self, data: Any = None) -> RouteForm:
        units = OrgUnit.objects.restrict(self.request.user, Action.CHANGE).exclude(
            status="dissolved"
        )
        return RouteForm(data, units=units)

    def form_key(self, form: Any) -> str:
        return "route"

    def save(self, form: RouteForm) -> Case:
        return self.run(  # type: ignore[no-any-return]
            services.case_reassign_unit,
            unit=form.cleaned_data["unit"],
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )


class CaseNoteView(_CaseActionView):
    def make_form(self, data: Any = None) -> NoteForm:
        return NoteForm(data, self.request.FILES if data is not None else None)

    def form_key(self, form: Any) -> str:
        return "note"

    def save(self, form: NoteForm) -> Any:
        return self.run(
            services.case_add_note,
            note=form.cleaned_data["note"],
            files=form.cleaned_data["files"],
            reply=form.cleaned_data["reply"],
        )


class RouteTargetsView(WorkspaceMixin, View):
    """htmx: units the case may be routed to, matching a search, as radio buttons."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = visible_case(request, pk)
        if not can(request.user, Action.CHANGE, case):
            raise PermissionDenied
        query = request.GET.get("unit_q", "").strip()[:50]
        return render(
            request,
            "casework/_route_options.html",
            {
                "options": selectors.route_targets(request.user, case, query),
                "selected": parse_id(request.GET.get("unit")),
            },
        )


@method_decorator(never_cache, name="dispatch")
class AttachmentDownloadView(WorkspaceMixin, View):
    """A case file for a reader who may see the case; never from a public address."""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        attachment = get_object_or_404(
            CaseAttachment.objects.restrict(request.user, Action.VIEW), pk=pk
        )
        return private_file_response(
            attachment.file, filename=attachment.original_name, content_type=attachment.content_type
        )
