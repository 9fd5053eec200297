"""The annual work report pages: the report as a web page (every number a link to its
drill-down) and as a Word document; the templates, and their editor (top-level administrators).

``?unit=`` picks a unit inside the workspace's picked unit (404 outside the user's scope),
``?year=2024`` or ``?period=`` (any period: ``2024Q3``, ``2024-09``, a range) the period,
``?template=`` another template in use than the one for the unit's kind.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView, View

from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.core.views.base import ServiceFormMixin, WorkspaceMixin, parse_id
from gonghui.indicators import registry
from gonghui.indicators.forms import period_from_query
from gonghui.indicators.periods import Period
from gonghui.indicators.views import chosen_unit
from gonghui.reports import services
from gonghui.reports.builder import Figure, ReportData, build_report
from gonghui.reports.docx import report_docx
from gonghui.reports.forms import SectionForm, SentenceForm, TemplateForm
from gonghui.reports.models import ReportSection, ReportSentence, ReportTemplate
from gonghui.reports.placeholders import FIELDS, MODIFIERS
from gonghui.reports.services import may_configure


def drill_url(figure: Figure, unit: OrgUnit) -> str:
    """Where a printed number leads: the stats drill-down of the indicator for the unit and
    the figure's period."""
    query = urlencode({"unit": str(unit.pk), "period": figure.period.value})
    return f"{reverse('stats:drill', args=[figure.code])}?{query}"


def _query_with_year(query: QueryDict) -> QueryDict:
    """``year=2024`` is the short form of ``period=2024``."""
    if "year" in query and "period" not in query and "kind" not in query:
        query = query.copy()
        query["period"] = query.get("year", "")
    return query


def chosen_template(request: HttpRequest) -> ReportTemplate | None:
    template_id = request.GET.get("template")
    if not template_id:
        return None
    pk = parse_id(template_id)
    if pk is None:
        raise Http404
    return get_object_or_404(ReportTemplate, pk=pk, is_active=True)


class ReportMixin(WorkspaceMixin):
    def prepare(self, request: HttpRequest) -> tuple[OrgUnit, Period | None, Any, list[str]]:
        unit = chosen_unit(request, self.unit)
        period, form, errors = period_from_query(_query_with_year(request.GET))
        return unit, period, form, errors

    def report(self, unit: OrgUnit, period: Period) -> ReportData:
        return build_report(
            unit, period, user=self.request.user, template=chosen_template(self.request)
        )


class AnnualReportView(ReportMixin, TemplateView):
    template_name = "reports/annual.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        unit, period, form, errors = self.prepare(request)
        context = self.get_context_data(
            unit=unit, period=period, period_form=form, period_errors=errors
        )
        if period is not None:
            report = self.report(unit, period)
            context["report"] = report
            context["sections"] = [
                (
                    section,
                    [
                        [
                            (part, None) if isinstance(part, str) else (part, drill_url(part, unit))
                            for part in sentence.parts
                        ]
                        for sentence in section.sentences
                    ],
                )
                for section in report.sections
            ]
            link = {"unit": str(unit.pk), "period": period.value}
            if report.template is not None and request.GET.get("template"):
                link["template"] = str(report.template.pk)
            context["docx_link"] = f"{reverse('reports:annual_docx')}?{urlencode(link)}"
        context["templates"] = ReportTemplate.objects.filter(is_active=True)
        visible = OrgUnit.objects.restrict(request.user, Action.VIEW)
        context["trail"] = list(
            visible.filter(pk__in=unit.ancestor_ids, depth__gte=self.unit.depth).order_by("depth")
        )
        context["children"] = list(visible.filter(parent_id=unit.pk).order_by("code"))
        context["period_value"] = period.value if period else ""
        return self.render_to_response(context, status=400 if errors else 200)


class AnnualReportDocxView(ReportMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        unit, period, _form, errors = self.prepare(request)
        if period is None:
            return HttpResponse(
                "\n".join(errors), status=400, content_type="text/plain; charset=utf-8"
            )
        report = self.report(unit, period)
        response = HttpResponse(
            report_docx(report),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"{report.title}.docx"
        )
        return response


class TemplateListView(WorkspaceMixin, ListView):  # type: ignore[type-arg]
    """The report templates, each with its sections and sentences (edited in the admin)."""

    template_name = "reports/templates.html"
    context_object_name = "report_templates"

    def get_queryset(self) -> Any:
        return ReportTemplate.objects.prefetch_related("sections__sentences").order_by(
            "-is_active", "name"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(may_edit=may_configure(self.request.user), **kwargs)


# Editing templates in the workspace ----------------------------------------------------------


class _EditPage(WorkspaceMixin, ServiceFormMixin, View):
    """A form page of the template editor; only a top-level administrator enters (403)."""

    title: Any = ""
    form_class: Any = None
    instance: Any = None
    show_indicators = False

    def check(self) -> None:
        if not may_configure(self.request.user):
            raise PermissionDenied

    def make_form(self, data: Any = None) -> Any:
        return self.form_class(data, instance=self.instance)

    def render_form(self, form: Any, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "title": self.title,
            "back_url": reverse("reports:templates"),
            "indicators": registry.all_indicators() if self.show_indicators else [],
            "modifiers": [name for name in MODIFIERS if not name.isascii()],
            "fields": [name for name in FIELDS if not name.isascii()],
        }
        return render(self.request, "reports/form.html", context, status=status)

    def success_url(self, obj: Any) -> str:
        template_id = getattr(obj, "template_id", None) or getattr(obj, "pk", None)
        if isinstance(obj, ReportSentence):
            template_id = obj.section.template_id
        return f"{reverse('reports:templates')}#template-{template_id}"


class TemplateCreateView(_EditPage):
    title = _("New report template")
    form_class = TemplateForm

    def prepare(self, **kwargs: Any) -> None:
        self.check()

    def save(self, form: Any) -> ReportTemplate:
        return services.template_save(by=self.request.user, **_fields(form))


class TemplateUpdateView(_EditPage):
    title = _("Edit report template")
    form_class = TemplateForm

    def prepare(self, **kwargs: Any) -> None:
        self.check()
        self.instance = get_object_or_404(ReportTemplate, pk=kwargs["pk"])

    def save(self, form: Any) -> ReportTemplate:
        template = ReportTemplate.objects.get(pk=self.instance.pk)
        return services.template_save(by=self.request.user, template=template, **_fields(form))


class SectionCreateView(_EditPage):
    title = _("New section")
    form_class = SectionForm

    def prepare(self, **kwargs: Any) -> None:
        self.check()
        self.template = get_object_or_404(ReportTemplate, pk=kwargs["pk"])

    def save(self, form: Any) -> ReportSection:
        return services.section_save(by=self.request.user, template=self.template, **_fields(form))


class SectionUpdateView(_EditPage):
    title = _("Edit section")
    form_class = SectionForm

    def prepare(self, **kwargs: Any) -> None:
        self.check()
        self.instance = get_object_or_404(ReportSection, pk=kwargs["pk"])

    def save(self, form: Any) -> ReportSection:
        section = ReportSection.objects.get(pk=self.instance.pk)
        return services.section_save(
            by=self.request.user, template=section.template, section=section, **_fields(form)
        )


class SentenceCreateView(_EditPage):
    title = _("New sentence")
    form_class = SentenceForm
    show_indicators = True

    def prepare(self, **kwargs: Any) -> None:
        self.check()
        self.section = get_object_or_404(ReportSection, pk=kwargs["pk"])

    def save(self, form: Any) -> ReportSentence:
        return services.sentence_save(by=self.request.user, section=self.section, **_fields(form))


class SentenceUpdateView(_EditPage):
    title = _("Edit sentence")
    form_class = SentenceForm
    show_indicators = True

    def prepare(self, **kwargs: Any) -> None:
        self.check()
        self.instance = get_object_or_404(ReportSentence, pk=kwargs["pk"])

    def save(self, form: Any) -> ReportSentence:
        sentence = ReportSentence.objects.select_related("section").get(pk=self.instance.pk)
        return services.sentence_save(
            by=self.request.user, section=sentence.section, sentence=sentence, **_fields(form)
        )


class _DeleteView(WorkspaceMixin, View):
    model: Any = None

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not may_configure(request.user):
            raise PermissionDenied
        obj = get_object_or_404(self.model, pk=pk)
        template_id = obj.template_id if isinstance(obj, ReportSection) else obj.section.template_id
        self.delete(obj)
        messages.success(request, gettext("Deleted."))
        return HttpResponseRedirect(f"{reverse('reports:templates')}#template-{template_id}")

    def delete(self, obj: Any) -> None:
        raise NotImplementedError


class SectionDeleteView(_DeleteView):
    model = ReportSection

    def delete(self, obj: Any) -> None:
        services.section_delete(by=self.request.user, section=obj)


class SentenceDeleteView(_DeleteView):
    model = ReportSentence

    def delete(self, obj: Any) -> None:
        services.sentence_delete(by=self.request.user, sentence=obj)


def _fields(form: Any) -> dict[str, Any]:
    """The form's data; a ModelForm has already put it on its instance, the service sets it."""
    return dict(form.cleaned_data)
