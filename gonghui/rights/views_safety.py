"""Workspace pages of labour protection: inspections and their hazards (rectification,
verification, reopening, photos), the overdue hazards, and the safety competition (安康杯)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import View

from gonghui.core.choices import Action
from gonghui.core.downloads import private_file_response
from gonghui.core.templatetags.gonghui_format import cn_date
from gonghui.core.views.base import WorkspaceMixin, choice_label, iso_date
from gonghui.rights import forms_protection as forms
from gonghui.rights import services_safety as services
from gonghui.rights.choices import HazardSeverity, HazardStatus
from gonghui.rights.models import Hazard, HazardPhoto, Inspection, SafetyCompetitionEntry
from gonghui.rights.views import _RecordExport
from gonghui.rights.views_records import (
    FilteredList,
    NewRecord,
    RecordAction,
    RecordDetail,
    action,
    link,
)

INSPECTIONS = _("Labour protection inspections")
HAZARDS = _("Hazards")
SAFETY = _("Safety competition")


# Inspections --------------------------------------------------------------------------------


class InspectionListView(FilteredList):
    model = Inspection
    title = INSPECTIONS
    add_url_name = "rights:inspection_create"
    export_url_name = "rights:inspection_export"
    search_fields = ("enterprise__name", "inspectors", "findings")
    related = ("unit", "enterprise")
    headers = [_("Date"), _("Enterprise"), _("Inspectors"), _("Hazards found"),
               _("Hazards open"), _("Union unit")]  # fmt: skip

    def get_queryset(self) -> QuerySet[Any]:
        return (
            super()
            .get_queryset()
            .annotate(
                hazard_count=Count("hazards"),
                open_count=Count("hazards", filter=Q(hazards__status=HazardStatus.OPEN)),
            )
            .order_by("-date", "-pk")
        )

    def cells(self, item: Any) -> list[Any]:
        return [item.date,
                link(item.enterprise.name, reverse("rights:inspection_detail", args=[item.pk])),
                item.inspectors, item.hazard_count, item.open_count, item.unit.name]  # fmt: skip


class InspectionExportView(_RecordExport):
    list_view = InspectionListView
    filename = "inspections"
    columns = [
        ("date", _("Date"), iso_date),
        ("enterprise__name", _("Enterprise"), None),
        ("inspectors", _("Inspectors"), None),
        ("findings", _("Findings"), None),
        ("unit__name", _("Union unit"), None),
    ]


class InspectionCreateView(NewRecord):
    title = _("Record an inspection")
    back_url_name = "rights:inspection_list"
    parent_url_name = "rights:inspection_list"
    parent_title = INSPECTIONS
    employer_picker = True

    def make_form(self, data: Any = None) -> forms.InspectionCreateForm:
        return forms.InspectionCreateForm(data)

    def save(self, form: Any) -> Inspection:
        data = dict(form.cleaned_data)
        data.pop("employer", None)
        enterprise = self.picked_enterprise(form)
        assert enterprise is not None
        return services.inspection_create(
            by=self.request.user, unit=self.unit, enterprise=enterprise, **data
        )

    def success_url(self, obj: Any) -> str:
        return reverse("rights:inspection_detail", args=[obj.pk])


def _hazard_row(hazard: Hazard, today: Any) -> list[Any]:
    status: Any = hazard.get_status_display()
    if hazard.is_overdue(today):
        status = _("Overdue")
    url = reverse("rights:hazard_detail", args=[hazard.pk])
    return [link(hazard.description[:60], url), hazard.get_severity_display(),
            hazard.deadline, status, hazard.rectified_on]  # fmt: skip


HAZARD_HEADERS = [_("Hazard"), _("Severity"), _("Rectify by"), _("Status"), _("Rectified on")]


class InspectionDetailView(RecordDetail):
    model = Inspection
    related = ("unit", "enterprise")
    list_url_name = "rights:inspection_list"
    list_title = INSPECTIONS

    def context(self) -> dict[str, Any]:
        item = self.obj
        actions = []
        if self.can_change:
            actions = [
                action(_("Edit"), reverse("rights:inspection_update", args=[item.pk])),
                action(_("Add a hazard"), reverse("rights:hazard_add", args=[item.pk]), "danger"),
            ]
        today = timezone.localdate()
        return {
            "title": _("Inspection of %(name)s") % {"name": item.enterprise.name},
            "actions": actions,
            "fields": [
                (_("Enterprise"), item.enterprise.name),
                (_("Date"), item.date),
                (_("Inspectors"), item.inspectors),
                (_("Findings"), item.findings),
                (_("Union unit"), item.unit.name),
            ],
            "sections": [{
                "id": "hazards", "title": HAZARDS, "headers": HAZARD_HEADERS,
                "rows": [_hazard_row(h, today) for h in item.hazards.all()],
            }],
        }  # fmt: skip


class _InspectionAction(RecordAction):
    model = Inspection
    related = ("unit", "enterprise")
    detail_url_name = "rights:inspection_detail"
    parent_url_name = "rights:inspection_list"
    parent_title = INSPECTIONS

    def subject(self) -> Any:
        return _("Inspection of %(name)s") % {"name": self.obj.enterprise.name}


class InspectionUpdateView(_InspectionAction):
    title = _("Edit inspection")
    form_class = forms.InspectionForm

    def form_kwargs(self) -> dict[str, Any]:
        return {"initial": {n: getattr(self.obj, n) for n in services.INSPECTION_FIELDS}}

    def save(self, form: Any) -> Any:
        return services.inspection_update(
            by=self.request.user, inspection=self.obj, **form.cleaned_data
        )


class HazardAddView(_InspectionAction):
    title = _("Add a hazard")
    form_class = forms.HazardForm

    def save(self, form: Any) -> Any:
        return services.hazard_add(by=self.request.user, inspection=self.obj, **form.cleaned_data)


# Hazards -------------------------------------------------------------------------------------


class HazardListView(FilteredList):
    model = Hazard
    title = HAZARDS
    add_url_name = "rights:inspection_create"
    export_url_name = "rights:hazard_export"
    date_field = "inspection__date"
    filter_form_class = forms.HazardFilterForm
    search_fields = ("description", "inspection__enterprise__name")
    related = ("inspection", "inspection__unit", "inspection__enterprise")
    headers = [_("Hazard"), _("Enterprise"), _("Found on"), _("Severity"), _("Rectify by"),
               _("Status"), _("Union unit")]  # fmt: skip

    def narrow(self, records: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        status = data.get("status")
        if status == "overdue":
            records = records.filter(status=HazardStatus.OPEN, deadline__lt=timezone.localdate())
        elif status:
            records = records.filter(status=status)
        if data.get("severity"):
            records = records.filter(severity=data["severity"])
        return records

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().order_by("deadline", "pk")

    def cells(self, h: Any) -> list[Any]:
        row = _hazard_row(h, timezone.localdate())
        return [row[0], h.inspection.enterprise.name, h.inspection.date, row[1], row[2], row[3],
                h.inspection.unit.name]  # fmt: skip


class HazardExportView(_RecordExport):
    list_view = HazardListView
    filename = "hazards"
    columns = [
        ("description", _("Description"), None),
        ("inspection__enterprise__name", _("Enterprise"), None),
        ("inspection__date", _("Found on"), iso_date),
        ("severity", _("Severity"), choice_label(HazardSeverity.choices)),
        ("deadline", _("Rectify by"), iso_date),
        ("status", _("Status"), choice_label(HazardStatus.choices)),
        ("rectified_on", _("Rectified on"), iso_date),
        ("verified_on", _("Verified on"), iso_date),
        ("inspection__unit__name", _("Union unit"), None),
    ]


class HazardDetailView(RecordDetail):
    model = Hazard
    related = ("inspection", "inspection__unit", "inspection__enterprise")
    list_url_name = "rights:hazard_list"
    list_title = HAZARDS

    def context(self) -> dict[str, Any]:
        h = self.obj
        actions = []
        if self.can_change:
            if h.status == HazardStatus.OPEN:
                actions += [
                    action(_("Edit"), reverse("rights:hazard_update", args=[h.pk])),
                    action(_("Record the rectification"),
                           reverse("rights:hazard_rectify", args=[h.pk]), "danger"),
                ]  # fmt: skip
            elif h.status == HazardStatus.RECTIFIED:
                actions.append(
                    action(
                        _("Verify the rectification"),
                        reverse("rights:hazard_verify", args=[h.pk]),
                        "danger",
                    )
                )
            if h.status != HazardStatus.OPEN:
                actions.append(action(_("Reopen"), reverse("rights:hazard_reopen", args=[h.pk])))
            if h.status != HazardStatus.VERIFIED:
                actions.append(
                    action(_("Add photos"), reverse("rights:hazard_photo_add", args=[h.pk]))
                )
        photos = [
            [link(p.original_name, reverse("rights:hazard_photo_download", args=[p.pk])),
             timezone.localtime(p.uploaded_at).date(), f"{p.size // 1024 or 1} KB"]
            for p in h.photos.all()
        ]  # fmt: skip
        badges = [
            {
                "text": h.get_status_display(),
                "style": "success" if h.status != HazardStatus.OPEN else "warning",
            }
        ]
        if h.is_overdue():
            badges.append({"text": _("Overdue"), "style": "danger"})  # fmt: skip
        inspection_url = reverse("rights:inspection_detail", args=[h.inspection_id])
        return {
            "title": _("Hazard at %(name)s") % {"name": h.inspection.enterprise.name},
            "badges": badges,
            "actions": actions,
            "fields": [
                (_("Inspection"), link(cn_date(h.inspection.date), inspection_url)),
                (_("Description"), h.description),
                (_("Severity"), h.get_severity_display()),
                (_("Rectify by"), h.deadline),
                (_("Rectified on"), h.rectified_on),
                (_("Rectification"), h.rectification),
                (_("Verified on"), h.verified_on),
                (_("Times reopened"), h.reopen_count),
                (_("Union unit"), h.inspection.unit.name),
            ],
            "sections": [{"id": "photos", "title": _("Photos"), "rows": photos,
                          "headers": [_("File"), _("Uploaded on"), _("File size")]}],
        }  # fmt: skip


class _HazardAction(RecordAction):
    model = Hazard
    related = ("inspection", "inspection__unit", "inspection__enterprise")
    detail_url_name = "rights:hazard_detail"
    parent_url_name = "rights:hazard_list"
    parent_title = HAZARDS

    def subject(self) -> Any:
        return self.obj.description[:60]


class HazardUpdateView(_HazardAction):
    title = _("Edit hazard")
    form_class = forms.HazardForm

    def form_kwargs(self) -> dict[str, Any]:
        return {"initial": {n: getattr(self.obj, n) for n in services.HAZARD_FIELDS}}

    def save(self, form: Any) -> Any:
        return services.hazard_update(by=self.request.user, hazard=self.obj, **form.cleaned_data)


class HazardRectifyView(_HazardAction):
    title = _("Record the rectification")
    form_class = forms.RectifyForm

    def save(self, form: Any) -> Any:
        return services.hazard_rectify(by=self.request.user, hazard=self.obj, **form.cleaned_data)


class HazardVerifyView(_HazardAction):
    title = _("Verify the rectification")
    form_class = forms.VerifyForm

    def save(self, form: Any) -> Any:
        return services.hazard_verify(by=self.request.user, hazard=self.obj, **form.cleaned_data)


class HazardReopenView(_HazardAction):
    title = _("Reopen the hazard")
    form_class = forms.ReopenForm

    def save(self, form: Any) -> Any:
        return services.hazard_reopen(by=self.request.user, hazard=self.obj, **form.cleaned_data)


class HazardPhotoAddView(_HazardAction):
    title = _("Add photos")
    form_class = forms.PhotoForm

    def make_form(self, data: Any = None) -> Any:
        return forms.PhotoForm(data, self.request.FILES if data is not None else None)

    def save(self, form: Any) -> Any:
        return services.hazard_add_photos(
            by=self.request.user, hazard=self.obj, files=form.cleaned_data["photos"]
        )


@method_decorator(never_cache, name="dispatch")
class HazardPhotoDownloadView(WorkspaceMixin, View):
    """A hazard photo for a reader who may see the hazard; never from a public address."""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        photo = get_object_or_404(HazardPhoto.objects.restrict(request.user, Action.VIEW), pk=pk)
        return private_file_response(
            photo.file, filename=photo.original_name, content_type=photo.content_type
        )


# Safety competition (安康杯) ---------------------------------------------------------------


class SafetyEntryListView(FilteredList):
    model = SafetyCompetitionEntry
    title = SAFETY
    add_url_name = "rights:safety_entry_create"
    export_url_name = "rights:safety_entry_export"
    date_field = ""
    filter_form_class = forms.SafetyFilterForm
    search_fields = ("participant_name",)
    headers = [_("Year"), _("Participant"), _("Workers taking part"), _("Union unit")]

    def narrow(self, records: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        if data.get("year"):
            records = records.filter(year=data["year"])
        return records

    def cells(self, e: Any) -> list[Any]:
        return [e.year, link(e.participant_name, reverse("rights:safety_entry_update",
                                                         args=[e.pk])),
                e.workers, e.unit.name]  # fmt: skip

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["years"] = year_on_year(self.request.user, self.unit)
        return context


def year_on_year(user: Any, unit: Any) -> list[dict[str, Any]]:
    """Participants and workers per year, with the change on the year before (同比)."""
    rows = (
        SafetyCompetitionEntry.objects.restrict(user, Action.VIEW)
        .within(unit)
        .values("year")
        .annotate(units=Count("pk"), workers=Sum("workers"))
        .order_by("year")
    )
    result: list[dict[str, Any]] = []
    previous: dict[str, Any] | None = None
    for row in rows:
        item = {**row, "units_change": None, "workers_change": None}
        if previous is not None and previous["year"] == row["year"] - 1:
            for key in ("units", "workers"):
                if previous[key]:
                    change = (row[key] - previous[key]) * 100 / previous[key]
                    item[f"{key}_change"] = f"{change:+.1f}%"
        result.append(item)
        previous = row
    return list(reversed(result))


class SafetyEntryExportView(_RecordExport):
    list_view = SafetyEntryListView
    filename = "safety-competition"
    columns = [
        ("year", _("Year"), None),
        ("participant_name", _("Participant"), None),
        ("enterprise__name", _("Enterprise"), None),
        ("workers", _("Workers taking part"), None),
        ("unit__name", _("Union unit"), None),
    ]


class SafetyEntryCreateView(NewRecord):
    title = _("Record a safety competition entry")
    back_url_name = "rights:safety_entry_list"
    parent_url_name = "rights:safety_entry_list"
    parent_title = SAFETY
    employer_picker = True
    picker_required = False
    picker_label = _("Enterprise (leave empty when the union unit itself takes part)")

    def make_form(self, data: Any = None) -> forms.SafetyEntryCreateForm:
        return forms.SafetyEntryCreateForm(data, initial={"year": timezone.localdate().year})

    def save(self, form: Any) -> SafetyCompetitionEntry:
        data = dict(form.cleaned_data)
        data.pop("employer", None)
        enterprise = self.picked_enterprise(form)
        return services.safety_entry_create(
            by=self.request.user, unit=self.unit, enterprise=enterprise, **data
        )


class SafetyEntryUpdateView(RecordAction):
    model = SafetyCompetitionEntry
    related = ("unit", "enterprise")
    title = _("Edit safety competition entry")
    parent_url_name = "rights:safety_entry_list"
    parent_title = SAFETY
    form_class = forms.SafetyEntryForm

    def detail_url(self) -> str:
        return reverse("rights:safety_entry_list")

    def form_kwargs(self) -> dict[str, Any]:
        return {"initial": {n: getattr(self.obj, n) for n in services.ENTRY_FIELDS}}

    def save(self, form: Any) -> Any:
        return services.safety_entry_update(by=self.request.user, entry=self.obj,
                                            **form.cleaned_data)  # fmt: skip
