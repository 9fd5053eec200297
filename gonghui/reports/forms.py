from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.choices import UnitKind
from gonghui.reports.models import ReportSection, ReportSentence, ReportTemplate


class TemplateForm(forms.ModelForm):  # type: ignore[type-arg]
    unit_kinds = forms.MultipleChoiceField(
        label=_("for kinds of unit"),
        choices=UnitKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for every kind of unit."),
    )

    class Meta:
        model = ReportTemplate
        fields = ["name", "unit_kinds", "preamble", "is_active"]
        widgets = {"preamble": forms.Textarea(attrs={"rows": 3})}


class SectionForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ReportSection
        fields = ["order", "heading", "intro"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 2})}


class SentenceForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ReportSentence
        fields = ["order", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
