"""The upload form and the mapping form (one select per file column)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.imports.specs import Importer, importer_choices

IGNORE = ("", _("(do not import)"))


class UploadForm(forms.Form):
    spec = forms.ChoiceField(label=_("What to import"))
    file = forms.FileField(
        label=_("File"),
        help_text=_("Excel workbook (.xlsx, .xls) or CSV; the first sheet is read."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.xls,.csv,.ods"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["spec"].choices = importer_choices()  # type: ignore[attr-defined]


class MappingForm(forms.Form):
    """``column_<i>``: the field file column ``i`` feeds."""

    def __init__(
        self, *args: Any, spec: Importer, headers: list[str], fields: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [IGNORE] + [
            (c.field, c.header + (" *" if c.required else "")) for c in spec.all_columns()
        ]
        self.headers = headers
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header or f"#{index + 1}",
                choices=choices,
                required=False,
                initial=fields[index] if index < len(fields) else "",
            )

    def chosen_fields(self) -> list[str]:
        return [self.cleaned_data.get(f"column_{i}", "") for i in range(len(self.headers))]
