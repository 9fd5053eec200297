"""``gonghui scan_member_data``: the data-quality scan (会员信息预警), for cron or a timer.

Records a background job of kind ``membership.quality_scan`` for the unit (default: every
root unit) and runs it in this process, so the run, its progress and its counts show on the
jobs page; ``--queue`` hands it to the worker instead. A crontab line::

    30 2 * * *  cd /srv/gonghui && gonghui scan_member_data
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from gonghui.background.models import BackgroundJob
from gonghui.background.services import job_execute
from gonghui.background.tasks import run_background_job
from gonghui.core.models import OrgUnit
from gonghui.membership.runners import QUALITY_SCAN


class Command(BaseCommand):
    help = "Scan member data for problems and update the data-quality alerts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", help="code of the unit to scan (default: every root unit)")
        parser.add_argument(
            "--queue", action="store_true", help="hand the job to the worker instead"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["unit"]:
            units = list(OrgUnit.objects.filter(code=options["unit"]))
            if not units:
                raise CommandError(f"no unit with the code {options['unit']!r}")
        else:
            units = list(OrgUnit.objects.filter(parent__isnull=True).order_by("pk"))
        for unit in units:
            with transaction.atomic():
                job = BackgroundJob.objects.create(
                    unit=unit, kind=QUALITY_SCAN, title=f"会员信息预警扫描 {unit.name}"
                )
                if options["queue"]:
                    transaction.on_commit(partial(run_background_job.enqueue, job.pk))
            if not options["queue"]:
                job_execute(job.pk)
                job.refresh_from_db()
                self.stdout.write(f"{unit.code}: {job.status} {job.result or job.error}")
            else:
                self.stdout.write(f"{unit.code}: queued job {job.pk}")
