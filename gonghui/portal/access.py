"""Who may use a worker's page: a logged-in worker whose account is bound to a worker record.

Every module's worker-facing views (``/portal/...``) use ``worker_required`` and read the
record from ``worker_person(request)``; nothing else identifies the worker.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.registry.models import Person

View = Callable[..., HttpResponse]


def worker_required(view: View) -> View:
    """Visitors go to the portal's login; a login without a worker record to the portal's
    home, where it can verify itself."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('portal:login')}?{query}")
        person = Person.objects.filter(user=request.user).select_related("unit", "employer").first()
        if person is None:
            messages.error(request, _("Verify your worker record first to use this service."))
            return HttpResponseRedirect(reverse("portal:me"))
        request.worker_person = person  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapped


def worker_person(request: HttpRequest) -> Person:
    """The worker record of a request that passed ``worker_required``."""
    return request.worker_person  # type: ignore[attr-defined,no-any-return]
