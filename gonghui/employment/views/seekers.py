"""Job seekers: list, export (masked), create from an ID number, detail, edit."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from gonghui.core.choices import Action
from gonghui.core.scoping import can
from gonghui.core.views.base import WorkspaceMixin, choice_label, iso_date, yes_no_label
from gonghui.employment import forms, selectors, services
from gonghui.employment.choices import EducationLevel
from gonghui.employment.models import JobSeeker
from gonghui.employment.views.common import (
    AddPage,
    FormPage,
    RecordExport,
    RecordList,
    find_person,
    link,
)


class SeekerListView(RecordList):
    model = JobSeeker
    title = _("Job seekers")
    add_url_name = "employment:seeker_create"
    export_url_name = "employment:seeker_export"
    filter_form = forms.SearchForm
    related = ("unit", "person")
    headers = [_("Worker"), _("ID number"), _("Education level"),
               _("Expected pay from (yuan/month)"), _("Hardship household"),
               _("Looking for work"), _("Union unit")]  # fmt: skip

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().defer("person__id_number", "person__phone")

    def filter(self, records: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        q = (data.get("q") or "").strip()
        if q:
            records = records.filter(
                Q(person__name__contains=q) | Q(person__name_initials__startswith=q.upper())
            )
        return records

    def paginate_queryset(self, queryset: Any, page_size: int) -> Any:
        result = super().paginate_queryset(queryset, page_size)
        self._hardship_ids = selectors.hardship_person_ids([s.person_id for s in result[2]])
        return result

    def cells(self, s: JobSeeker) -> list[Any]:
        hardship = s.person_id in getattr(self, "_hardship_ids", set())
        return [link(s.person.name, "employment:seeker_detail", s), s.person.id_number_masked,
                s.get_education_display(), s.expected_pay_min, yes_no_label(hardship),
                yes_no_label(s.active), s.unit.name]  # fmt: skip


class SeekerExportView(RecordExport):
    list_view = SeekerListView
    filename = "job-seekers"
    columns = [
        ("person__name", _("Worker"), None),
        ("person__id_number_masked", _("ID number"), None),
        ("person__phone_masked", _("Mobile number"), None),
        ("education", _("Education level"), choice_label(EducationLevel.choices)),
        ("expected_pay_min", _("Expected pay from (yuan/month)"), None),
        ("available_from", _("Available from"), iso_date),
        ("flexible_work", _("Open to flexible work"), yes_no_label),
        ("consent_to_share_contact", _("Agrees to share contact details"), yes_no_label),
        ("active", _("Looking for work"), yes_no_label),
        ("unit__name", _("Union unit"), None),
    ]


def visible_seeker(user: Any, pk: int, action: str = Action.VIEW) -> JobSeeker:
    seeker = get_object_or_404(
        JobSeeker.objects.restrict(user, Action.VIEW).select_related("unit", "person"), pk=pk
    )
    if not can(user, action, seeker):
        raise PermissionDenied
    return seeker


def _seeker_data(data: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    data = dict(data)
    data.pop("id_number", None)
    occupations = data.pop("wanted_occupations", None)
    return occupations, data


class SeekerCreateView(AddPage):
    title = _("New job seeker")
    back_url_name = "employment:seeker_list"

    def make_form(self, data: Any = None) -> forms.SeekerCreateForm:
        return forms.SeekerCreateForm(data, initial={"education": 0, "active": True})

    def save(self, form: forms.SeekerCreateForm) -> JobSeeker:
        person = find_person(self.request.user, form.cleaned_data["id_number"])
        if JobSeeker.objects.filter(person=person).exists():
            from django.core.exceptions import ValidationError

            raise ValidationError({"id_number": _("This worker already has a job seeker profile.")})
        occupations, data = _seeker_data(form.cleaned_data)
        return services.seeker_save(
            by=self.request.user, person=person, wanted_occupations=occupations, **data
        )

    def success_url(self, obj: Any) -> str:
        return reverse("employment:seeker_detail", args=[obj.pk])


class SeekerUpdateView(FormPage):
    title = _("Edit job seeker")
    required_action = Action.CHANGE
    seeker: JobSeeker

    def prepare(self, **kwargs: Any) -> None:
        self.seeker = visible_seeker(self.request.user, kwargs["pk"], Action.CHANGE)

    def back_url(self) -> str:
        return reverse("employment:seeker_detail", args=[self.seeker.pk])

    def make_form(self, data: Any = None) -> forms.SeekerForm:
        initial: dict[str, Any] = {n: getattr(self.seeker, n) for n in services.SEEKER_FIELDS}
        initial["wanted_occupations"] = list(self.seeker.wanted_occupations.all())
        return forms.SeekerForm(data, initial=initial)

    def save(self, form: forms.SeekerForm) -> JobSeeker:
        occupations, data = _seeker_data(form.cleaned_data)
        return services.seeker_save(
            by=self.request.user, person=self.seeker.person, wanted_occupations=occupations, **data
        )

    def success_url(self, obj: Any) -> str:
        return reverse("employment:seeker_detail", args=[obj.pk])


class SeekerDetailView(WorkspaceMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        seeker = visible_seeker(request.user, pk)
        context = {
            "seeker": seeker,
            "person": seeker.person,
            "occupations": seeker.wanted_occupations.all(),
            "hardship": selectors.is_hardship_household(seeker.person),
            "plan": selectors.employment_plan_for(seeker.person),
            "contact": selectors.seeker_contact_for_employer(seeker),
            "recommendations": seeker.recommendations.select_related(
                "posting__enterprise", "posting__occupation"
            )[:10],
            "intents": seeker.intents.select_related("enterprise", "posting", "fair")[:50],
            "placements": seeker.placements.select_related("enterprise")[:50],
            "can_change": can(request.user, Action.CHANGE, seeker),
        }
        return render(request, "employment/seeker_detail.html", context)
