"""The expiry job: postings past their ``valid_until`` close themselves.

Started by ``gonghui close_expired_postings --as <username>`` (cron, daily), which records the
job and runs it inline (or queues it with ``--queue``). The job acts as the user who started
it: it closes only postings within that user's grants.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.background.models import BackgroundJob
from gonghui.background.runners import Progress, runner

JOB_KIND = "employment.close_expired"


@runner(JOB_KIND, label=gettext_lazy("Close expired job postings"))
def run_close_expired(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    from gonghui.employment.services import postings_close_expired

    actor = job.created_by
    if actor is None:
        raise ValidationError(_("This job needs the staff account it acts for."))
    params = job.params or {}
    today = (
        datetime.date.fromisoformat(params["today"])
        if params.get("today")
        else timezone.localdate()
    )
    progress.stage(_("Closing expired job postings"))
    closed = postings_close_expired(today=today, by=actor, log=progress.log)
    progress.update(closed)
    return {"closed": closed, "today": today.isoformat()}
