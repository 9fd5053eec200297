"""Hardship files (困难职工档案): list, export, open, detail (audited), members, aid, reviews."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, View

from gonghui.assistance import selectors, services
from gonghui.assistance.choices import FileStatus, FilingLevel, HardshipCause
from gonghui.assistance.forms import (
    AidGrantForm,
    FileFilterForm,
    FileOpenForm,
    MemberForm,
    ReviewForm,
)
from gonghui.assistance.models import AidGrant, HardshipFile, HouseholdMember
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
)
from gonghui.registry.models import Person
from gonghui.registry.selectors import persons_by_id_number


def filtered_files(
    request: HttpRequest, unit: OrgUnit
) -> tuple[FileFilterForm, QuerySet[HardshipFile]]:
    form = FileFilterForm(request.GET or None)
    files = selectors.files_in(unit, request.user)
    data = form.cleaned_data if form.is_valid() else {}
    files = selectors.file_search(files, data.get("q", ""))
    for name in ("level", "status", "cause"):
        if data.get(name):
            files = files.filter(**{name: data[name]})
    return form, files


class FileListView(WorkspaceMixin, HtmxListMixin, ListView):
    """Files in the picked unit, masked: no incomes, no health details, no ID numbers."""

    template_name = "assistance/file_list.html"
    partial_template_name = "assistance/_file_results.html"
    paginate_by = PAGE_SIZE
    context_object_name = "files"

    def get_queryset(self) -> QuerySet[HardshipFile]:
        self.form, files = filtered_files(self.request, self.unit)
        return selectors.for_list(files).order_by("-opened_on", "-pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        mine = selectors.files_in(self.unit, self.request.user)
        return super().get_context_data(
            form=self.form,
            can_add=can(self.request.user, Action.ADD, self.unit),
            overdue_count=selectors.files_overdue_for_review(mine, today).count(),
            **kwargs,
        )


EXPORT_COLUMNS: list[Column] = [
    ("pk", gettext_lazy("File number"), lambda pk: f"KN{pk:06d}"),
    ("person__name", gettext_lazy("Worker"), None),
    ("person__id_number_masked", gettext_lazy("ID number"), None),
    ("level", gettext_lazy("Filing level"), choice_label(FilingLevel.choices)),
    ("status", gettext_lazy("Status"), choice_label(FileStatus.choices)),
    ("cause", gettext_lazy("Cause of hardship"), choice_label(HardshipCause.choices)),
    ("household_size", gettext_lazy("Household size"), None),
    ("opened_on", gettext_lazy("Filed on"), iso_date),
    ("last_reviewed_on", gettext_lazy("Last reviewed on"), iso_date),
    ("unit__name", gettext_lazy("Filing unit"), None),
]


class FileExportView(WorkspaceMixin, View):
    """The filtered list as CSV: masked like the list (no incomes or health details)."""

    def get(self, request: HttpRequest) -> StreamingHttpResponse:
        _form, files = filtered_files(request, self.unit)
        filename = f"hardship-files-{timezone.localdate():%Y%m%d}.csv"
        return csv_export(filename, files.order_by("pk"), EXPORT_COLUMNS)


def visible_file(request: HttpRequest, pk: int) -> HardshipFile:
    """A file the user may see, else 404."""
    files = HardshipFile.objects.restrict(request.user, Action.VIEW)
    return get_object_or_404(files.select_related("unit", "person"), pk=pk)


def handled_file(request: HttpRequest, pk: int) -> HardshipFile:
    """A file the user handles: seen (else 404) and changeable (else 403; auditors)."""
    file = visible_file(request, pk)
    if not can(request.user, Action.CHANGE, file):
        raise PermissionDenied
    return file


@method_decorator(never_cache, name="dispatch")
class FileDetailView(WorkspaceMixin, View):
    """The household's incomes and health: for the roles that handle the file, audited."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        file = handled_file(request, pk)
        services.hardship_file_view(by=request.user, file=file)
        year = timezone.localdate().year
        context = {
            "file": file,
            "members": selectors.members_of(file),
            "grants": file.aid_grants.select_related("member").order_by("-granted_on", "-pk"),
            "reviews": file.reviews.select_related("rule", "reviewed_by"),
            "applications": file.applications.select_related("case"),
            "year": year,
            "aid_total": selectors.aid_total(file, year),
            "remaining": selectors.remaining_allowance(file, year),
            "cap": selectors.yearly_cap(),
            "is_open": file.status in (FileStatus.PENDING, FileStatus.ON_FILE),
            "on_file": file.status == FileStatus.ON_FILE,
            "campaign_payments": file.campaign_payments.select_related(
                "campaign", "member", "quota__unit"
            ),
            "plans": file.employment_plans.select_related("person").defer(
                "person__id_number", "person__phone"
            ),
        }
        return render(request, "assistance/file_detail.html", context)


class FileOpenView(WorkspaceMixin, ServiceFormMixin, View):
    """Put a household on file directly with the picked unit (a file approved on paper)."""

    def prepare(self, **kwargs: Any) -> None:
        if not can(self.request.user, Action.ADD, self.unit):
            raise PermissionDenied

    def make_form(self, data: Any = None) -> FileOpenForm:
        return FileOpenForm(data)

    def render_form(self, form: Any, status: int = 200) -> HttpResponse:
        return render(self.request, "assistance/file_form.html", {"form": form}, status=status)

    def save(self, form: FileOpenForm) -> HardshipFile:
        data = form.cleaned_data
        person = find_person(self.request, data["id_number"])
        return services.hardship_file_open(
            by=self.request.user, person=person, unit=self.unit, level=data["level"],
            cause=data["cause"], worker_income=data["worker_income"],
            cause_detail=data["cause_detail"], exclusions_found=data["exclusions_found"],
            opened_on=data.get("opened_on"),
        )  # fmt: skip

    def success_url(self, file: Any) -> str:
        return reverse("assistance:file_detail", args=[file.pk])


def find_person(request: HttpRequest, id_number: str) -> Person:
    """The registered worker with this ID number, among those the user may see."""
    person = (
        persons_by_id_number(Person.objects.restrict(request.user, Action.VIEW), id_number)
        .select_related("unit")
        .first()
    )
    if person is None:
        raise ValidationError(
            {"id_number": gettext("No registered worker with this ID number in your units.")},
            code="unknown_person",
        )
    return person


class _FileFormView(WorkspaceMixin, ServiceFormMixin, View):
    template_name = ""
    file: HardshipFile

    def prepare(self, **kwargs: Any) -> None:
        self.file = handled_file(self.request, kwargs["pk"])

    def render_form(self, form: Any, status: int = 200) -> HttpResponse:
        return render(
            self.request, self.template_name, {"form": form, "file": self.file}, status=status
        )

    def success_url(self, obj: Any) -> str:
        return reverse("assistance:file_detail", args=[self.file.pk])


class MemberAddView(_FileFormView):
    template_name = "assistance/member_form.html"

    def make_form(self, data: Any = None) -> MemberForm:
        return MemberForm(data)

    def save(self, form: MemberForm) -> HouseholdMember:
        return services.household_member_add(
            by=self.request.user, file=self.file, **form.cleaned_data
        )


class MemberRemoveView(WorkspaceMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        members = HouseholdMember.objects.restrict(request.user, Action.VIEW)
        member = get_object_or_404(members.select_related("file__unit"), pk=pk)
        if not can(request.user, Action.CHANGE, member):
            raise PermissionDenied
        try:
            services.household_member_remove(by=request.user, member=member)
        except ValidationError as error:
            from django.contrib import messages

            messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(reverse("assistance:file_detail", args=[member.file_id]))


class AidGrantCreateView(_FileFormView):
    template_name = "assistance/aid_form.html"

    def make_form(self, data: Any = None) -> AidGrantForm:
        initial = {"granted_on": timezone.localdate()}
        return AidGrantForm(data, initial=initial, members=selectors.members_of(self.file))

    def render_form(self, form: Any, status: int = 200) -> HttpResponse:
        year = timezone.localdate().year
        context = {
            "form": form,
            "file": self.file,
            "remaining": selectors.remaining_allowance(self.file, year),
            "cap": selectors.yearly_cap(),
        }
        return render(self.request, self.template_name, context, status=status)

    def save(self, form: AidGrantForm) -> AidGrant:
        data = form.cleaned_data
        return services.aid_grant_create(
            by=self.request.user, file=self.file, kind=data["kind"], amount=data["amount"],
            granted_on=data["granted_on"], fund=data["fund"], decided_by=data["decided_by"],
            member=data.get("member"), school_stage=data.get("school_stage") or "",
            bill_amount=data.get("bill_amount"), note=data.get("note") or "",
        )  # fmt: skip


class ReviewCreateView(_FileFormView):
    template_name = "assistance/review_form.html"

    def make_form(self, data: Any = None) -> ReviewForm:
        initial = {
            "reviewed_on": timezone.localdate(),
            "household_size": self.file.household_size,
            "monthly_income_total": self.file.monthly_income_total,
        }
        return ReviewForm(data, initial=initial)

    def save(self, form: ReviewForm) -> Any:
        return services.annual_review_record(
            by=self.request.user, file=self.file, **form.cleaned_data
        )


class ReviewsDueView(WorkspaceMixin, ListView):
    """Files due for their annual review (eleven months), the overdue ones (a year) first."""

    template_name = "assistance/reviews_due.html"
    paginate_by = PAGE_SIZE
    context_object_name = "files"

    def get_queryset(self) -> QuerySet[HardshipFile]:
        files = selectors.for_list(selectors.files_in(self.unit, self.request.user))
        return selectors.files_due_for_review(files, timezone.localdate())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        today = timezone.localdate()
        files = selectors.files_in(self.unit, self.request.user)
        overdue = set(selectors.files_overdue_for_review(files, today).values_list("pk", flat=True))
        return super().get_context_data(overdue=overdue, **kwargs)
