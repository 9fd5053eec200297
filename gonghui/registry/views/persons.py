"""Workers (职工): list with search and filters, CSV export, detail, reveal, create, edit."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, View

from gonghui.core.choices import Action
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
    iso_date,
    parse_id,
    yes_no_label,
)
from gonghui.registry.choices import Ethnicity, Gender, Hukou, WorkerGroup
from gonghui.registry.models import Enterprise, Person
from gonghui.registry.selectors import enterprise_search, person_search
from gonghui.registry.services import person_create, person_reveal, person_update
from gonghui.registry.views.forms import PersonFilterForm, PersonForm, yes_no

# Encrypted columns are never read for pages that show only the masked values.
CLEAR_FIELDS = ("id_number", "phone")
# Chinese readers look names up in pinyin order, not in code-point order.
BY_PINYIN = ("name_pinyin", "name", "pk")


def filtered_persons(
    request: HttpRequest, unit: OrgUnit
) -> tuple[PersonFilterForm, QuerySet[Person], Enterprise | None]:
    """The workers in the picked unit that the user may see, narrowed by the filter form."""
    user = request.user
    form = PersonFilterForm(request.GET or None)
    persons = Person.objects.restrict(user, Action.VIEW).within(unit)
    data = form.cleaned_data if form.is_valid() else {}
    employer = None
    persons = person_search(persons, data.get("q", ""))
    for name in ("gender", "worker_group", "hukou"):
        if data.get(name):
            persons = persons.filter(**{name: data[name]})
    migrant = yes_no(data.get("migrant"))
    if migrant is not None:
        persons = persons.filter(is_migrant_worker=migrant)
    if data.get("employer_id"):
        employer = (
            Enterprise.objects.restrict(user, Action.VIEW).filter(pk=data["employer_id"]).first()
        )
        persons = persons.filter(employer=employer) if employer else persons.none()
    if data.get("employer"):
        employers = enterprise_search(
            Enterprise.objects.restrict(user, Action.VIEW), data["employer"]
        )
        persons = persons.filter(employer__in=employers.values("pk"))
    return form, persons, employer


class PersonListView(WorkspaceMixin, HtmxListMixin, ListView):
    template_name = "registry/person_list.html"
    partial_template_name = "registry/_person_results.html"
    paginate_by = PAGE_SIZE
    context_object_name = "persons"

    def get_queryset(self) -> QuerySet[Person]:
        self.form, persons, self.employer = filtered_persons(self.request, self.unit)
        return persons.select_related("unit", "employer").defer(*CLEAR_FIELDS).order_by(*BY_PINYIN)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            form=self.form,
            employer=self.employer,
            can_add=can(self.request.user, Action.ADD, self.unit),
            **kwargs,
        )


EXPORT_COLUMNS: list[Column] = [
    ("name", gettext_lazy("Name"), None),
    ("gender", gettext_lazy("Gender"), choice_label(Gender.choices)),
    ("birth_date", gettext_lazy("Date of birth"), iso_date),
    ("id_number_masked", gettext_lazy("ID number"), None),
    ("phone_masked", gettext_lazy("Mobile number"), None),
    ("worker_group", gettext_lazy("New form of employment"), choice_label(WorkerGroup.choices)),
    ("is_migrant_worker", gettext_lazy("Migrant worker"), yes_no_label),
    ("hukou", gettext_lazy("Household registration"), choice_label(Hukou.choices)),
    ("employer__name", gettext_lazy("Employer"), None),
    ("unit__name", gettext_lazy("Registering union unit"), None),
]


class PersonExportView(WorkspaceMixin, View):
    """The filtered list as CSV with masked numbers, streamed whatever its length."""

    def get(self, request: HttpRequest) -> StreamingHttpResponse:
        _form, persons, _employer = filtered_persons(request, self.unit)
        filename = f"persons-{timezone.localdate():%Y%m%d}.csv"
        return csv_export(filename, persons.order_by(*BY_PINYIN), EXPORT_COLUMNS)


def _visible_person(request: HttpRequest, pk: int) -> Person:
    """A worker the user may see, else 404 (a refusal says nothing about what exists)."""
    return get_object_or_404(
        Person.objects.restrict(request.user, Action.VIEW)
        .select_related("unit", "employer")
        .defer(*CLEAR_FIELDS),
        pk=pk,
    )


class PersonDetailView(WorkspaceMixin, DetailView):
    template_name = "registry/person_detail.html"
    context_object_name = "person"

    def get_object(self, queryset: Any = None) -> Person:
        return _visible_person(self.request, self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user, person = self.request.user, self.object
        return super().get_context_data(
            can_reveal=can(user, Action.REVEAL, person),
            can_change=can(user, Action.CHANGE, person),
            **kwargs,
        )


@method_decorator(never_cache, name="dispatch")
class PersonRevealView(WorkspaceMixin, View):
    """htmx POST: the full ID number and phone, through the audited service."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = _visible_person(request, pk)
        values = person_reveal(by=request.user, person=person)
        return render(request, "registry/_person_revealed.html", {"values": values})


class _PersonFormView(WorkspaceMixin, ServiceFormMixin, View):
    template_name = "registry/person_form.html"
    person: Person | None = None

    def employers(self) -> QuerySet[Enterprise]:
        return Enterprise.objects.restrict(self.request.user, Action.VIEW)

    def make_form(self, data: Any = None) -> PersonForm:
        initial: dict[str, Any] = {"ethnicity": Ethnicity.HAN}
        if self.person is not None:
            p = self.person
            initial = {
                "name": p.name, "ethnicity": p.ethnicity, "education": p.education,
                "hukou": p.hukou, "is_migrant_worker": p.is_migrant_worker,
                "worker_group": p.worker_group, "employer": p.employer_id,
            }  # fmt: skip
        return PersonForm(
            data, initial=initial, employers=self.employers(), editing=self.person is not None
        )

    def render_form(self, form: PersonForm, status: int = 200) -> HttpResponse:
        selected = parse_id(form["employer"].value())
        employer = self.employers().filter(pk=selected).first() if selected else None
        context = {
            "form": form,
            "person": self.person,
            "employer": employer,
            "employer_options": [employer] if employer else [],
        }
        return render(self.request, self.template_name, context, status=status)

    def success_url(self, person: Any) -> str:
        return reverse("registry:person_detail", args=[person.pk])


class PersonCreateView(_PersonFormView):
    """A new worker registered with the picked unit."""

    def prepare(self, **kwargs: Any) -> None:
        if not can(self.request.user, Action.ADD, self.unit):
            raise PermissionDenied

    def save(self, form: PersonForm) -> Person:
        return person_create(by=self.request.user, unit=self.unit, **form.service_fields())


class PersonUpdateView(_PersonFormView):
    def prepare(self, **kwargs: Any) -> None:
        self.person = _visible_person(self.request, kwargs["pk"])
        if not can(self.request.user, Action.CHANGE, self.person):
            raise PermissionDenied

    def save(self, form: PersonForm) -> Person:
        assert self.person is not None
        return person_update(by=self.request.user, person=self.person, **form.service_fields())
