"""The workspace's membership forms: filters, rejection, ending a membership, join settings."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.membership.choices import (
    AlertKind,
    AlertStatus,
    EndReason,
    JoinChannel,
    JoinRequestStatus,
    MembershipStatus,
)
from gonghui.membership.services import ENDING_REASONS
from gonghui.registry.choices import WorkerGroup

ALL = ("", _("All"))


class JoinRequestFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, ID number or mobile"), required=False, max_length=60)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[ALL, *JoinRequestStatus.choices],
        initial=JoinRequestStatus.PENDING,
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[ALL, *JoinChannel.choices]
    )
    transfer = forms.ChoiceField(
        label=_("Transfer wish"),
        required=False,
        choices=[ALL, ("yes", _("Asks for a transfer")), ("no", _("New members only"))],
    )


class MembershipFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name, ID number, mobile or card number"), required=False, max_length=60
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[ALL, *MembershipStatus.choices],
        initial=MembershipStatus.ACTIVE,
    )
    worker_group = forms.ChoiceField(
        label=_("New form of employment"), required=False, choices=[ALL, *WorkerGroup.choices]
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[ALL, *JoinChannel.choices]
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The applicant receives it by text message."),
    )


class EndForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason for ending"),
        choices=[(r.value, r.label) for r in EndReason if r in ENDING_REASONS],
    )
    ended_on = forms.DateField(
        label=_("Ended on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class SettingsForm(forms.Form):
    takes_members = forms.BooleanField(label=_("Takes members online"), required=False)
    auto_approve = forms.BooleanField(
        label=_("Approve join requests automatically"),
        required=False,
        help_text=_(
            "Requests are approved as they arrive, except transfer wishes and names that "
            "differ from the registered worker's."
        ),
    )


class TransferStartForm(forms.Form):
    to_unit_code = forms.CharField(label=_("Code of the union joined"), max_length=40)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class TransferDecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class TransferRejectForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason for rejection"), max_length=2000)


class AlertFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[ALL, *AlertKind.choices])
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[ALL, *AlertStatus.choices],
        initial=AlertStatus.OPEN,
    )


class AlertCloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Close as"),
        choices=[(AlertStatus.RESOLVED, AlertStatus.RESOLVED.label),
                 (AlertStatus.DISMISSED, AlertStatus.DISMISSED.label)],
    )  # fmt: skip
    reason = forms.CharField(label=_("Reason"), max_length=300)
