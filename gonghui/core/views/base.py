"""What every workspace page shares: who may enter, the picked unit, htmx partials, CSV.

A page is for staff only: anonymous users go to the login page, logins without a grant (workers,
outsiders) get 403. The unit picked in the top bar is kept in the session and scopes every list:
lists show ``Model.objects.restrict(user, action).within(unit)``, nothing filtered by hand.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext

from gonghui.core.choices import ROLE_ACTIONS, Action
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import can, user_grants

SESSION_UNIT_KEY = "workspace_unit_id"
PAGE_SIZE = 50


def default_unit(user: Any) -> OrgUnit | None:
    """The highest unit among the user's grants (the city before a county)."""
    units = [g.unit for g in user_grants(user) if Action.VIEW in ROLE_ACTIONS[g.role]]
    if not units:
        return None
    return min(units, key=lambda unit: (unit.depth, unit.path))


def current_unit(request: HttpRequest) -> OrgUnit | None:
    """The unit picked in this session if the user may still see it, else the default."""
    user = request.user
    unit_id = request.session.get(SESSION_UNIT_KEY)
    if unit_id is not None:
        for grant in user_grants(user):
            if grant.unit.pk == unit_id:
                return grant.unit
        unit = OrgUnit.objects.restrict(user, Action.VIEW).filter(pk=unit_id).first()
        if unit is not None:
            return unit
        del request.session[SESSION_UNIT_KEY]
    return default_unit(user)


def pick_unit(request: HttpRequest, unit: OrgUnit) -> None:
    request.session[SESSION_UNIT_KEY] = unit.pk


def parse_id(value: Any) -> int | None:
    """A primary key from a query or form parameter, or None when it is not one."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def is_htmx(request: HttpRequest) -> bool:
    """An htmx request that wants a fragment (a boosted one wants the whole page)."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and not headers.get("HX-Boosted")
        and not headers.get("HX-History-Restore-Request")
    )


class WorkspaceMixin:
    """Staff only, with ``self.unit`` set to the picked unit.

    ``required_action`` is an action the user must hold somewhere (through any grant);
    object-level checks use ``restrict``/``can`` in the view itself.
    """

    required_action: str = Action.VIEW
    unit: OrgUnit
    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        unit = current_unit(request)
        if unit is None or not can(request.user, self.required_action):
            raise PermissionDenied
        self.unit = unit
        request.workspace_unit = unit  # type: ignore[attr-defined]
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class HtmxListMixin:
    """List views whose filter form and pages swap only the results when asked by htmx."""

    partial_template_name: str = ""
    request: HttpRequest

    def get_template_names(self) -> list[str]:
        if self.partial_template_name and is_htmx(self.request):
            return [self.partial_template_name]
        return super().get_template_names()  # type: ignore[misc]

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **kwargs)  # type: ignore[misc]
        patch_vary_headers(response, ["HX-Request"])
        return response


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ServiceFormMixin:
    """GET shows the form; POST validates it and hands it to ``save``, which calls a service.

    A service's ValidationError lands on the form (answered with 400); success redirects to
    ``success_url(obj)``. Subclasses load and check their object in ``prepare``.
    """

    request: HttpRequest

    def prepare(self, **kwargs: Any) -> None:
        """Load the object and check the user may write it; raises 404 or 403."""
        raise NotImplementedError

    def make_form(self, data: Any = None) -> Any:
        raise NotImplementedError

    def render_form(self, form: Any, status: int = 200) -> HttpResponse:
        raise NotImplementedError

    def save(self, form: Any) -> Any:
        raise NotImplementedError

    def success_url(self, obj: Any) -> str:
        raise NotImplementedError

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.prepare(**kwargs)
        return self.render_form(self.make_form())

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        self.prepare(**kwargs)
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                obj = self.save(form)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, gettext("Saved."))
                return HttpResponseRedirect(self.success_url(obj))
        return self.render_form(form, status=400)


def _csv_cell(value: Any) -> Any:
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


Column = tuple[str, Any, Callable[[Any], Any] | None]
"""A CSV column: the ``values_list`` field, its header, and how to show a value."""


def choice_label(choices: Iterable[tuple[Any, Any]]) -> Callable[[Any], Any]:
    labels = dict(choices)
    return lambda value: labels.get(value, value)


def yes_no_label(value: Any) -> str:
    return gettext("Yes") if value else gettext("No")


def iso_date(value: Any) -> str:
    return value.isoformat() if value else ""


def csv_export(
    filename: str, queryset: QuerySet[Any], columns: list[Column]
) -> StreamingHttpResponse:
    """Stream ``queryset`` as CSV with the given columns, reading in chunks."""
    fields = [field for field, _header, _show in columns]
    shows = [show for _field, _header, show in columns]

    def rows() -> Iterator[list[Any]]:
        for row in queryset.values_list(*fields).iterator(chunk_size=2000):
            yield [
                show(v) if show else ("" if v is None else v)
                for show, v in zip(shows, row, strict=True)
            ]

    return csv_response(filename, [header for _field, header, _show in columns], rows())


def csv_response(
    filename: str, header: Iterable[Any], rows: Iterable[Iterable[Any]]
) -> StreamingHttpResponse:
    """Stream rows as CSV in UTF-8 with a byte-order mark, so Excel reads the Chinese."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow([str(h) for h in header])
        for row in rows:
            yield writer.writerow([_csv_cell(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response
