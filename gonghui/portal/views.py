"""The workers' own pages. Issue 4 adds phone login, joining and membership; for now a worker
with a login sees their own record, and only that."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gonghui.registry.models import Person


@login_required
def me(request: HttpRequest) -> HttpResponse:
    person = Person.objects.filter(user=request.user).select_related("unit", "employer").first()
    return render(request, "portal/me.html", {"person": person}, status=200 if person else 404)
