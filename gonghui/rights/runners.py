"""The escalation job (逾期上报): overdue open requests go up to the unit above.

Started by ``gonghui escalate_overdue --as <username>`` (cron or a systemd timer, e.g. every
15 minutes), which records the job and runs it inline; staff can also start it from code with
``job_start(kind="rights.escalate")`` for the worker to run. The job acts as the user who
started it: it escalates only cases, and to units, within that user's grants.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.background.models import BackgroundJob
from gonghui.background.runners import Progress, runner

JOB_KIND = "rights.escalate"


@runner(JOB_KIND, label=gettext_lazy("Escalate overdue worker requests"))
def run_escalation(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    from gonghui.rights.services import request_escalate_overdue

    actor = job.created_by
    if actor is None:
        raise ValidationError(_("This job needs the staff account it acts for."))
    progress.stage(_("Escalating overdue requests"))
    result = request_escalate_overdue(by=actor, log=progress.log)
    progress.update(len(result.escalated))
    return result.as_dict()


REMIND_JOB_KIND = "rights.remind_contract_expiry"


@runner(REMIND_JOB_KIND, label=gettext_lazy("Remind of collective contracts expiring soon"))
def run_contract_reminders(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    """Record a reminder for each contract the job's user may see that expires within
    ``RIGHTS_CONTRACT_EXPIRY_NOTICE_DAYS``; once per contract and expiry date."""
    from gonghui.rights.services_bargaining import contract_remind_expiring

    actor = job.created_by
    if actor is None:
        raise ValidationError(_("This job needs the staff account it acts for."))
    progress.stage(_("Reminding of contracts expiring soon"))
    result = contract_remind_expiring(by=actor, log=progress.log)
    progress.update(len(result.reminded))
    return result.as_dict()
