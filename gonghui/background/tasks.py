"""The one task the queue carries: run a recorded background job by its id."""

from django_tasks import task

from gonghui.background.services import job_execute


@task()
def run_background_job(job_id: int) -> None:
    job_execute(job_id)
