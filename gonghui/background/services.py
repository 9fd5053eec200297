"""Starting, running and cancelling background jobs."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.background.models import BackgroundJob, JobStatus
from gonghui.background.runners import JobCancelled, Progress, get_runner
from gonghui.core.audit import audit_save, snapshot
from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import can, ensure_can

logger = logging.getLogger(__name__)


@transaction.atomic
def job_start(
    *, by: Any, unit: OrgUnit, kind: str, title: str, params: dict[str, Any] | None = None
) -> BackgroundJob:
    """Record a queued job and hand it to the task queue once the transaction commits."""
    from gonghui.background.tasks import run_background_job

    ensure_can(by, Action.ADD, unit)
    get_runner(kind)  # an unknown kind fails here, not later in the worker
    job = BackgroundJob.objects.create(
        unit=unit,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        kind=kind,
        title=title[:200],
        params=params or {},
    )
    audit_save(by=by, obj=job, before=None)

    def enqueue() -> None:
        result = run_background_job.enqueue(job.pk)
        BackgroundJob.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id))

    transaction.on_commit(enqueue)
    return job


def may_cancel(user: Any, job: BackgroundJob) -> bool:
    if job.is_finished:
        return False
    started_it = job.created_by_id is not None and job.created_by_id == getattr(user, "pk", None)
    return (started_it and can(user, Action.VIEW, job)) or can(user, Action.CHANGE, job)


@transaction.atomic
def job_cancel(*, by: Any, job: BackgroundJob) -> BackgroundJob:
    """Stop a job: a queued one at once, a running one at its runner's next check."""
    job = BackgroundJob.objects.select_for_update().select_related("unit").get(pk=job.pk)
    if not may_cancel(by, job):
        if job.is_finished:
            raise ValidationError(_("This job has already finished."), code="finished")
        ensure_can(by, Action.CHANGE, job)
    before = snapshot(job)
    job.cancel_requested = True
    fields = ["cancel_requested"]
    if job.status == JobStatus.QUEUED:
        job.status = JobStatus.CANCELLED
        job.finished_at = timezone.now()
        fields += ["status", "finished_at"]
    job.save(update_fields=fields)
    audit_save(by=by, obj=job, before=before)
    return job


def job_execute(job_id: int) -> None:
    """Run a queued job in this process (what the worker's task does)."""
    now = timezone.now()
    claimed = BackgroundJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now
    )
    if not claimed:  # cancelled before it started, or already run
        return
    job = BackgroundJob.objects.select_related("unit", "created_by").get(pk=job_id)
    progress = Progress(job)
    status, result, error = JobStatus.SUCCEEDED, None, ""
    try:
        result = get_runner(job.kind)(job, progress)
    except JobCancelled:
        status = JobStatus.CANCELLED
        progress.log(_("Stopped at the request of staff."), level="warning")
    except ValidationError as exc:
        status, error = JobStatus.FAILED, "；".join(exc.messages)
        progress.log(error, level="error")
    except Exception as exc:
        logger.exception("background job %s (%s) failed", job.pk, job.kind)
        status = JobStatus.FAILED
        error = _("The job stopped because of an internal error (%(error)s).") % {
            "error": type(exc).__name__
        }
        progress.log(error, level="error")
    progress.flush()
    BackgroundJob.objects.filter(pk=job.pk).update(
        status=status, result=result, error=error, finished_at=timezone.now()
    )
