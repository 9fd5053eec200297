"""``gonghui remind_contract_expiry --as <username>``: remind of collective contracts expiring.

Meant for cron or a systemd timer once a day, e.g.::

    30 7 * * *  gonghui remind_contract_expiry --as reminder-bot

It records a background job (kind ``rights.remind_contract_expiry``) on the account's highest
unit and runs it inline, so staff see the job, its log and its result on the background jobs
page; with ``--queue`` it is only queued for ``gonghui worker``. Each contract the account may
see that expires within ``RIGHTS_CONTRACT_EXPIRY_NOTICE_DAYS`` (environment variable
``GONGHUI_CONTRACT_NOTICE_DAYS``, default 60) gets one reminder per expiry date: running it
again the same day, or every day, reminds of nothing twice.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gonghui.background.models import BackgroundJob
from gonghui.background.services import job_execute, job_start
from gonghui.core.choices import ROLE_ACTIONS, Action
from gonghui.core.scoping import user_grants
from gonghui.rights.runners import REMIND_JOB_KIND


class Command(BaseCommand):
    help = "Record reminders of collective contracts expiring soon (as a background job)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as", dest="username", required=True, help="staff account to act as")
        parser.add_argument(
            "--queue", action="store_true", help="queue the job for the worker instead"
        )

    def handle(self, *args: Any, username: str, queue: bool, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {username!r}")
        units = [
            grant.unit for grant in user_grants(user) if Action.ADD in ROLE_ACTIONS[grant.role]
        ]
        if not units:
            raise CommandError(f"{username!r} holds no grant that may start jobs")
        top = min(units, key=lambda unit: (unit.depth, unit.path))
        title = str(_("Remind of collective contracts expiring soon"))
        job = job_start(by=user, unit=top, kind=REMIND_JOB_KIND, title=title)
        if not queue:
            job_execute(job.pk)
        job = BackgroundJob.objects.get(pk=job.pk)
        self.stdout.write(f"job {job.pk} {job.status} {job.result or ''}")
        if job.status == "failed":
            raise CommandError(job.error)
