"""The workspace's forms for cases. They only clean input; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gonghui.casework.choices import CaseState, Channel
from gonghui.casework.kinds import kind_choices
from gonghui.casework.uploads import MAX_FILES
from gonghui.core.models import OrgUnit, User

ALL = ("", _("All"))
OPEN = "open"
EVERY_STATE = "all"

TABS: dict[str, Any] = {
    "unit": _("My unit's"),
    "mine": _("Assigned to me"),
    "overdue": _("Overdue"),
    "at_risk": _("At risk"),
}
DEFAULT_TAB = "unit"


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=60)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("Open (not yet finished)")),
            (EVERY_STATE, _("All states")),
            *CaseState.choices,
        ],
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[ALL, *Channel.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [ALL, *kind_choices()]  # type: ignore[attr-defined]


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=CaseState.choices, widget=forms.HiddenInput)
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assignee"),
        required=False,
        queryset=User.objects.none(),
        empty_label=_("Nobody"),
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, users: QuerySet[User], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_assign_%s")  # several forms share the case page
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        field.queryset = users  # type: ignore[attr-defined]
        field.label_from_instance = (  # type: ignore[attr-defined]
            lambda user: user.get_full_name() or user.get_username()
        )


class RouteForm(forms.Form):
    # Rendered by hand as a search box with radio buttons, never a <select> of every unit.
    unit = forms.ModelChoiceField(label=_("Route to unit"), queryset=OrgUnit.objects.none())
    note = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_route_%s")
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service (type, size)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    # Only the stubs mind the name: Form.files (the uploads) is an attribute of the instance.
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Files"),
        required=False,
        help_text=format_lazy(
            _("Up to {count} files: PDF, images, Word, Excel, PowerPoint, WPS or text."),
            count=MAX_FILES,
        ),
    )
    reply = forms.BooleanField(label=_("Reply to the applicant"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_addnote_%s")
        super().__init__(*args, **kwargs)
