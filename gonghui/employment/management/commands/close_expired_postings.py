"""``gonghui close_expired_postings --as <username>``: close job postings past their date.

Meant for cron once a day, e.g.::

    5 0 * * *  gonghui close_expired_postings --as employment-bot

It records a background job (kind ``employment.close_expired``) on the account's highest unit
and runs it inline, so staff see it on the background jobs page; ``--queue`` only queues it
for ``gonghui worker``. ``--today`` runs it as of another day (for catching up or testing).
The account closes only postings within its grants. Running it twice closes nothing twice.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gonghui.background.models import BackgroundJob
from gonghui.background.services import job_execute, job_start
from gonghui.core.choices import ROLE_ACTIONS, Action
from gonghui.core.scoping import user_grants
from gonghui.employment.runners import JOB_KIND


class Command(BaseCommand):
    help = "Close job postings whose validity has ended (as a background job)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as", dest="username", required=True, help="staff account to act as")
        parser.add_argument("--today", help="the day to close as of (YYYY-MM-DD)")
        parser.add_argument("--queue", action="store_true", help="queue the job for the worker")

    def handle(
        self, *args: Any, username: str, today: str | None, queue: bool, **options: Any
    ) -> None:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {username!r}")
        units = [g.unit for g in user_grants(user) if Action.CHANGE in ROLE_ACTIONS[g.role]]
        if not units:
            raise CommandError(f"{username!r} holds no grant that may change postings")
        if today:
            try:
                datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError("--today must be YYYY-MM-DD") from None
        top = min(units, key=lambda unit: (unit.depth, unit.path))
        job = job_start(
            by=user, unit=top, kind=JOB_KIND, title=str(_("Close expired job postings")),
            params={"today": today} if today else {},
        )  # fmt: skip
        if not queue:
            job_execute(job.pk)
        job = BackgroundJob.objects.get(pk=job.pk)
        self.stdout.write(f"job {job.pk} {job.status} {job.result or ''}")
        if job.status == "failed":
            raise CommandError(job.error)
