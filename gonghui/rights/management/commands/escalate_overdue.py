"""``gonghui escalate_overdue --as <username>``: send overdue worker requests up a level.

Meant for cron or a systemd timer (every 15 minutes is plenty), e.g.::

    */15 * * * *  gonghui escalate_overdue --as escalation-bot

It records a background job (kind ``rights.escalate``) on the account's highest unit and runs
it inline in this process, so no worker is needed and staff see the job, its log and its
result on the background jobs page. With ``--queue`` the job is only queued for
``gonghui worker``. The account acts with its own grants: give it a federation grant on the
unit whose subtree it should watch. Running it twice escalates nothing twice.
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
from gonghui.rights.runners import JOB_KIND


class Command(BaseCommand):
    help = "Escalate overdue worker requests to the unit above (as a background job)."

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
            grant.unit
            for grant in user_grants(user)
            if Action.CHANGE in ROLE_ACTIONS[grant.role] and Action.ADD in ROLE_ACTIONS[grant.role]
        ]
        if not units:
            raise CommandError(f"{username!r} holds no grant that may change cases")
        top = min(units, key=lambda unit: (unit.depth, unit.path))
        title = str(_("Escalate overdue worker requests"))
        job = job_start(by=user, unit=top, kind=JOB_KIND, title=title)
        if not queue:
            job_execute(job.pk)
        job = BackgroundJob.objects.get(pk=job.pk)
        self.stdout.write(f"job {job.pk} {job.status} {job.result or ''}")
        if job.status == "failed":
            raise CommandError(job.error)
