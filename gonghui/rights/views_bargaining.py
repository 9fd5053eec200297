"""Workspace pages of collective bargaining (集体协商): offers and their answer, contracts with
the enterprises they cover, and the contracts expiring soon."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from gonghui.core.choices import Action
from gonghui.core.scoping import can
from gonghui.core.templatetags.gonghui_format import cn_date
from gonghui.core.views.base import WorkspaceMixin, choice_label, iso_date
from gonghui.registry.models import Enterprise
from gonghui.rights import forms_protection as forms
from gonghui.rights import services_bargaining as services
from gonghui.rights.choices import OFFER_ANSWER_DAYS, ContractKind, ContractType, OfferAnswer
from gonghui.rights.models import BargainingOffer, CollectiveContract
from gonghui.rights.views import _RecordExport
from gonghui.rights.views_records import (
    FilteredList,
    NewRecord,
    RecordAction,
    RecordDetail,
    action,
    link,
)

OFFERS = _("Offers to bargain")
CONTRACTS = _("Collective contracts")


# Offers (要约) ----------------------------------------------------------------------------


class OfferListView(FilteredList):
    model = BargainingOffer
    title = OFFERS
    add_url_name = "rights:offer_create"
    export_url_name = "rights:offer_export"
    date_field = "sent_on"
    filter_form_class = forms.OfferFilterForm
    search_fields = ("enterprise__name", "target_name", "note")
    related = ("unit", "enterprise")
    headers = [_("Sent on"), _("Sent to"), _("Level"), _("Contract type"), _("Answer by"),
               _("Answer"), _("Union unit")]  # fmt: skip

    def narrow(self, records: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        state = data.get("state")
        if state == "pending":
            return records.filter(answer="")
        if state == "overdue":
            limit = timezone.localdate() - datetime.timedelta(days=OFFER_ANSWER_DAYS)
            return records.filter(answer="", sent_on__lt=limit)
        if state:
            return records.filter(answer=state)
        return records

    def cells(self, offer: Any) -> list[Any]:
        answer = offer.get_answer_display()
        if offer.is_overdue():
            answer = _("Overdue: not answered within 20 days")
        elif offer.answered_on:
            answer = f"{answer}（{cn_date(offer.answered_on)}）"
        return [offer.sent_on,
                link(offer.target_display, reverse("rights:offer_detail", args=[offer.pk])),
                offer.get_kind_display(), offer.get_contract_type_display(),
                offer.answer_deadline, answer, offer.unit.name]  # fmt: skip


class OfferExportView(_RecordExport):
    list_view = OfferListView
    filename = "bargaining-offers"
    columns = [
        ("sent_on", _("Sent on"), iso_date),
        ("kind", _("Level"), choice_label(ContractKind.choices)),
        ("enterprise__name", _("Enterprise"), None),
        ("target_name", _("Sector or region"), None),
        ("contract_type", _("Contract type"), choice_label(ContractType.choices)),
        ("answer", _("Answer"), choice_label(OfferAnswer.choices)),
        ("answered_on", _("Answered on"), iso_date),
        ("note", _("Note"), None),
        ("unit__name", _("Union unit"), None),
    ]


def _offer_data(view: Any, form: Any) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("employer", None)
    view.picker_required = data["kind"] == ContractKind.ENTERPRISE
    data["enterprise"] = view.picked_enterprise(form)
    return data


class OfferCreateView(NewRecord):
    title = _("Record an offer to bargain")
    back_url_name = "rights:offer_list"
    parent_url_name = "rights:offer_list"
    parent_title = OFFERS
    employer_picker = True
    picker_label = _("Enterprise (for an enterprise offer)")

    def make_form(self, data: Any = None) -> forms.OfferForm:
        return forms.OfferForm(data)

    def save(self, form: Any) -> BargainingOffer:
        return services.offer_create(
            by=self.request.user, unit=self.unit, **_offer_data(self, form)
        )

    def success_url(self, obj: Any) -> str:
        return reverse("rights:offer_detail", args=[obj.pk])


class OfferDetailView(RecordDetail):
    model = BargainingOffer
    related = ("unit", "enterprise")
    list_url_name = "rights:offer_list"
    list_title = OFFERS

    def context(self) -> dict[str, Any]:
        offer = self.obj
        actions = []
        if self.can_change and offer.answer:
            actions = [action(_("Reopen"), reverse("rights:offer_reopen", args=[offer.pk]))]
        elif self.can_change:
            actions = [
                action(_("Edit"), reverse("rights:offer_update", args=[offer.pk])),
                action(_("Record the answer"), reverse("rights:offer_answer", args=[offer.pk]),
                       "danger"),
            ]  # fmt: skip
        badges = []
        if offer.is_overdue():
            badges.append({"text": _("Overdue: not answered within 20 days"), "style": "danger"})
        contracts = [
            [link(c.title, reverse("rights:contract_detail", args=[c.pk])), c.signed_on]
            for c in offer.contracts.restrict(self.request.user, Action.VIEW)
        ]
        return {
            "title": _("Offer to %(target)s") % {"target": offer.target_display},
            "badges": badges,
            "actions": actions,
            "fields": [
                (_("Level"), offer.get_kind_display()),
                (_("Sent to"), offer.target_display),
                (_("Contract type"), offer.get_contract_type_display()),
                (_("Sent on"), offer.sent_on),
                (_("Answer by"), offer.answer_deadline),
                (_("Answer"), offer.get_answer_display()),
                (_("Answered on"), offer.answered_on),
                (_("Note"), offer.note),
                (_("Times reopened"), offer.reopen_count),
                (_("Union unit"), offer.unit.name),
            ],
            "sections": [{"id": "contracts", "title": CONTRACTS,
                          "headers": [_("Title"), _("Signed on")], "rows": contracts}],
        }  # fmt: skip


class _OfferAction(RecordAction):
    model = BargainingOffer
    related = ("unit", "enterprise")
    detail_url_name = "rights:offer_detail"
    parent_url_name = "rights:offer_list"
    parent_title = OFFERS

    def subject(self) -> Any:
        return self.obj.target_display


class OfferUpdateView(_OfferAction):
    title = _("Edit offer")
    employer_picker = True
    picker_label = _("Enterprise (for an enterprise offer)")
    form_class = forms.OfferForm

    def form_kwargs(self) -> dict[str, Any]:
        initial = {name: getattr(self.obj, name) for name in services.OFFER_FIELDS}
        initial["employer"] = initial.pop("enterprise") and self.obj.enterprise_id
        return {"initial": initial}

    def save(self, form: Any) -> Any:
        return services.offer_update(
            by=self.request.user, offer=self.obj, **_offer_data(self, form)
        )


class OfferAnswerView(_OfferAction):
    title = _("Record the answer")
    form_class = forms.OfferAnswerForm

    def save(self, form: Any) -> Any:
        return services.offer_answer(by=self.request.user, offer=self.obj, **form.cleaned_data)


class OfferReopenView(_OfferAction):
    title = _("Reopen the offer")
    form_class = forms.ReopenForm

    def save(self, form: Any) -> Any:
        return services.offer_reopen(by=self.request.user, offer=self.obj, **form.cleaned_data)


# Contracts (集体合同) ---------------------------------------------------------------------


class ContractListView(FilteredList):
    model = CollectiveContract
    title = CONTRACTS
    add_url_name = "rights:contract_create"
    export_url_name = "rights:contract_export"
    date_field = "signed_on"
    filter_form_class = forms.ContractFilterForm
    search_fields = ("title", "union_party", "employer_party", "enterprises__enterprise__name")
    headers = [_("Title"), _("Level"), _("Contract type"), _("Signed on"), _("Expires on"),
               _("Workers covered"), _("Union unit")]  # fmt: skip

    def narrow(self, records: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        if data.get("kind"):
            records = records.filter(kind=data["kind"])
        if data.get("contract_type"):
            records = records.filter(contract_type=data["contract_type"])
        if data.get("q"):
            records = records.distinct()
        return records

    def cells(self, c: Any) -> list[Any]:
        return [link(c.title, reverse("rights:contract_detail", args=[c.pk])),
                c.get_kind_display(), c.get_contract_type_display(), c.signed_on,
                c.expires_on, c.workers_covered, c.unit.name]  # fmt: skip


class ContractExportView(_RecordExport):
    list_view = ContractListView
    filename = "collective-contracts"
    columns = [
        ("title", _("Title"), None),
        ("kind", _("Level"), choice_label(ContractKind.choices)),
        ("contract_type", _("Contract type"), choice_label(ContractType.choices)),
        ("union_party", _("Union party"), None),
        ("employer_party", _("Employer party"), None),
        ("signed_on", _("Signed on"), iso_date),
        ("starts_on", _("In force from"), iso_date),
        ("expires_on", _("Expires on"), iso_date),
        ("workers_covered", _("Workers covered"), None),
        ("unit__name", _("Union unit"), None),
    ]


class ContractCreateView(NewRecord):
    title = _("Record a collective contract")
    back_url_name = "rights:contract_list"
    parent_url_name = "rights:contract_list"
    parent_title = CONTRACTS
    employer_picker = True
    picker_label = _("Enterprise (for an enterprise contract; add those of a sector or regional "
                     "contract on its page)")  # fmt: skip

    def make_form(self, data: Any = None) -> forms.ContractCreateForm:
        return forms.ContractCreateForm(data, initial={"union_party": self.unit.name})

    def save(self, form: Any) -> CollectiveContract:
        data = dict(form.cleaned_data)
        data.pop("employer", None)
        workers = data.pop("workers", None)
        enterprises: list[tuple[Enterprise, int]] = []
        if data["kind"] == ContractKind.ENTERPRISE:
            enterprise = self.picked_enterprise(form)
            assert enterprise is not None
            if not workers:
                from django.core.exceptions import ValidationError

                raise ValidationError({"workers": _("Give the number of workers covered.")})
            enterprises = [(enterprise, workers)]
        return services.contract_create(
            by=self.request.user, unit=self.unit, enterprises=enterprises, **data
        )

    def success_url(self, obj: Any) -> str:
        return reverse("rights:contract_detail", args=[obj.pk])


class ContractDetailView(RecordDetail):
    model = CollectiveContract
    related = ("unit", "offer")
    list_url_name = "rights:contract_list"
    list_title = CONTRACTS

    def context(self) -> dict[str, Any]:
        c = self.obj
        actions = []
        if self.can_change:
            actions = [
                action(_("Edit"), reverse("rights:contract_update", args=[c.pk])),
                action(_("Add an enterprise"),
                       reverse("rights:contract_enterprise_add", args=[c.pk]), "danger"),
            ]  # fmt: skip
        rows = []
        for item in c.enterprises.select_related("enterprise"):
            row: list[Any] = [item.enterprise.name, item.workers]
            if self.can_change:
                row.append(
                    {
                        "text": _("Remove"),
                        "form_url": reverse(
                            "rights:contract_enterprise_remove", args=[c.pk, item.enterprise_id]
                        ),
                    }
                )
            rows.append(row)  # fmt: skip
        headers = [_("Enterprise"), _("Workers covered")] + ([""] if self.can_change else [])
        today = timezone.localdate()
        badges = []
        if c.in_force(today):
            badges.append({"text": _("In force"), "style": "success"})
        elif c.expires_on < today:
            badges.append({"text": _("Expired"), "style": "secondary"})
        reminders = [[r.created_at.date(), r.expires_on, r.days_left] for r in c.reminders.all()]
        offer_value: Any = ""
        if c.offer is not None:
            offer_value = link(c.offer.target_display,
                               reverse("rights:offer_detail", args=[c.offer_id]))  # fmt: skip
        return {
            "title": c.title,
            "badges": badges,
            "actions": actions,
            "fields": [
                (_("Level"), c.get_kind_display()),
                (_("Contract type"), c.get_contract_type_display()),
                (_("Union party"), c.union_party),
                (_("Employer party"), c.employer_party),
                (_("Offer to bargain"), offer_value),
                (_("Signed on"), c.signed_on),
                (_("In force from"), c.starts_on),
                (_("Expires on"), c.expires_on),
                (_("Workers covered"), c.workers_covered),
                (_("Note"), c.note),
                (_("Union unit"), c.unit.name),
            ],
            "sections": [
                {"id": "enterprises", "title": _("Enterprises covered"), "headers": headers,
                 "rows": rows},
                {"id": "reminders", "title": _("Expiry reminders"),
                 "headers": [_("Reminded on"), _("Expires on"), _("Days left")],
                 "rows": reminders},
            ],
        }  # fmt: skip


class _ContractAction(RecordAction):
    model = CollectiveContract
    related = ("unit",)
    detail_url_name = "rights:contract_detail"
    parent_url_name = "rights:contract_list"
    parent_title = CONTRACTS


class ContractUpdateView(_ContractAction):
    title = _("Edit collective contract")
    form_class = forms.ContractForm

    def form_kwargs(self) -> dict[str, Any]:
        names = services.CONTRACT_FIELDS - {"offer"}
        return {"initial": {name: getattr(self.obj, name) for name in names}}

    def save(self, form: Any) -> Any:
        return services.contract_update(
            by=self.request.user, contract=self.obj, **form.cleaned_data
        )


class ContractEnterpriseAddView(_ContractAction):
    title = _("Add an enterprise")
    employer_picker = True
    form_class = forms.ContractEnterpriseForm

    def save(self, form: Any) -> Any:
        enterprise = self.picked_enterprise(form)
        assert enterprise is not None
        return services.contract_add_enterprise(
            by=self.request.user, contract=self.obj, enterprise=enterprise,
            workers=form.cleaned_data["workers"],
        )  # fmt: skip


class ContractEnterpriseRemoveView(WorkspaceMixin, View):
    """POST: the enterprise is no longer covered by the contract."""

    def post(self, request: HttpRequest, pk: int, enterprise_pk: int) -> HttpResponse:
        contract = get_object_or_404(
            CollectiveContract.objects.restrict(request.user, Action.VIEW), pk=pk
        )
        if not can(request.user, Action.CHANGE, contract):
            raise PermissionDenied
        enterprise = get_object_or_404(Enterprise, pk=enterprise_pk)
        services.contract_remove_enterprise(by=request.user, contract=contract,
                                            enterprise=enterprise)  # fmt: skip
        return HttpResponseRedirect(reverse("rights:contract_detail", args=[pk]))


class ContractExpiringView(WorkspaceMixin, View):
    """Contracts of the picked unit's subtree expiring within the notice period."""

    def get(self, request: HttpRequest) -> HttpResponse:
        days = services.expiry_notice_days()
        contracts = services.expiring_contracts(request.user, self.unit, days=days)
        today = timezone.localdate()
        rows = [
            [link(c.title, reverse("rights:contract_detail", args=[c.pk])),
             c.get_kind_display(), c.expires_on, (c.expires_on - today).days,
             c.workers_covered, c.unit.name]
            for c in contracts[:200]
        ]  # fmt: skip
        title = _("Collective contracts expiring within %(days)s days") % {"days": days}
        context = {
            "title": title,
            "list_url": reverse("rights:contract_list"),
            "list_title": CONTRACTS,
            "fields": [],
            "sections": [{
                "id": "expiring", "title": title,
                "headers": [_("Title"), _("Level"), _("Expires on"), _("Days left"),
                            _("Workers covered"), _("Union unit")],
                "rows": rows,
            }],
        }  # fmt: skip
        return render(request, "rights/detail.html", context)
