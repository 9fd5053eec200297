"""Background jobs: running through the queue, progress and log, failures, cancelling."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import override_settings

from gonghui.background.models import BackgroundJob, JobStatus
from gonghui.background.runners import JobCancelled, Progress, runner
from gonghui.background.services import job_cancel, job_execute, job_start
from gonghui.core.models import AuditLog


@runner("tests.count", label="计数")
def count_runner(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    total = job.params["total"]
    progress.stage("计数中", total=total)
    for _step in range(total):
        progress.advance()
    progress.log("数完了")
    return {"counted": total}


@runner("tests.refuse")
def refusing_runner(job: BackgroundJob, progress: Progress) -> None:
    progress.stage("检查")
    raise ValidationError("文件中没有数据")


@runner("tests.crash")
def crashing_runner(job: BackgroundJob, progress: Progress) -> None:
    raise ZeroDivisionError("secret detail 340802199001011234")


@runner("tests.cancel_self")
def self_cancelling_runner(job: BackgroundJob, progress: Progress) -> None:
    job_cancel(by=job.created_by, job=job)
    progress.check_cancelled()
    raise AssertionError("not reached")


def _start(user: Any, unit: Any, kind: str, capture: Any, **params: Any) -> BackgroundJob:
    with capture(execute=True):
        job = job_start(by=user, unit=unit, kind=kind, title="测试任务", params=params)
    job.refresh_from_db()
    return job


def test_a_job_runs_and_reports_progress_log_and_result(
    tree: Any, city_admin: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = _start(
        city_admin, tree.county_a, "tests.count", django_capture_on_commit_callbacks, total=7
    )
    assert job.status == JobStatus.SUCCEEDED
    assert (job.stage, job.done, job.total, job.percent) == ("计数中", 7, 7, 100)
    assert job.result == {"counted": 7}
    assert [entry["message"] for entry in job.log] == ["数完了"]
    assert job.task_id and job.started_at and job.finished_at and job.heartbeat_at
    assert job.created_by == city_admin
    assert AuditLog.objects.filter(object_id=str(job.pk), action="create").count() == 1


def test_a_refusal_fails_the_job_with_its_chinese_message(
    tree: Any, city_admin: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = _start(city_admin, tree.city, "tests.refuse", django_capture_on_commit_callbacks)
    assert job.status == JobStatus.FAILED
    assert job.error == "文件中没有数据"
    assert job.log[-1]["level"] == "error"


def test_a_crash_fails_the_job_without_leaking_the_exception_text(
    tree: Any, city_admin: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = _start(city_admin, tree.city, "tests.crash", django_capture_on_commit_callbacks)
    assert job.status == JobStatus.FAILED
    assert "ZeroDivisionError" in job.error
    assert "340802199001011234" not in job.error
    assert "340802199001011234" not in str(job.log)


def test_a_queued_job_cancelled_never_runs(tree: Any, city_admin: Any) -> None:
    job = job_start(
        by=city_admin, unit=tree.city, kind="tests.count", title="t", params={"total": 1}
    )
    job_cancel(by=city_admin, job=job)
    job_execute(job.pk)  # the worker picks the task up afterwards
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    assert job.started_at is None and job.result is None


def test_a_running_job_stops_at_its_next_check(
    tree: Any, city_admin: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = _start(city_admin, tree.city, "tests.cancel_self", django_capture_on_commit_callbacks)
    assert job.status == JobStatus.CANCELLED
    assert job.cancel_requested
    assert job.log[-1]["level"] == "warning"


def test_a_finished_job_cannot_be_cancelled(
    tree: Any, city_admin: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = _start(city_admin, tree.city, "tests.count", django_capture_on_commit_callbacks, total=1)
    with pytest.raises(ValidationError):
        job_cancel(by=city_admin, job=job)


def test_a_job_is_run_at_most_once(
    tree: Any, city_admin: Any, django_capture_on_commit_callbacks: Any
) -> None:
    job = _start(city_admin, tree.city, "tests.count", django_capture_on_commit_callbacks, total=2)
    finished_at = job.finished_at
    job_execute(job.pk)
    job.refresh_from_db()
    assert job.finished_at == finished_at


def test_starting_needs_the_add_action_on_the_unit_and_a_known_kind(
    tree: Any, auditor: Any, county_officer: Any, outsider: Any
) -> None:
    for user, unit in (
        (auditor, tree.city),
        (county_officer, tree.county_b),
        (outsider, tree.city),
    ):
        with pytest.raises(PermissionDenied):
            job_start(by=user, unit=unit, kind="tests.count", title="t")
    with pytest.raises(LookupError):
        job_start(by=county_officer, unit=tree.county_a, kind="tests.unknown", title="t")
    assert not BackgroundJob.objects.exists()


def test_the_progress_handle_throttles_its_writes(
    tree: Any, city_admin: Any, django_assert_max_num_queries: Any
) -> None:
    job = job_start(by=city_admin, unit=tree.city, kind="tests.count", title="t")
    progress = Progress(job)
    progress.stage("阶段", total=10_000)
    with django_assert_max_num_queries(2):
        for _step in range(10_000):
            progress.advance()
    progress.flush()
    job.refresh_from_db()
    assert (job.done, job.percent) == (10_000, 100)


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_and_the_worker_run_a_job(tree: Any, city_admin: Any) -> None:
    backend = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override_settings(TASKS=backend):
        job = job_start(
            by=city_admin, unit=tree.city, kind="tests.count", title="t", params={"total": 3}
        )
        job.refresh_from_db()
        assert job.status == JobStatus.QUEUED and job.task_id
        call_command("db_worker", batch=True, no_startup_delay=True, interval=0, verbosity=0)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"counted": 3}


def test_cancelling_raises_inside_the_runner(tree: Any, city_admin: Any) -> None:
    job = job_start(by=city_admin, unit=tree.city, kind="tests.count", title="t")
    progress = Progress(job)
    progress.check_cancelled()  # not asked: nothing happens
    BackgroundJob.objects.filter(pk=job.pk).update(cancel_requested=True)
    progress._last_cancel_check = 0.0
    with pytest.raises(JobCancelled):
        progress.check_cancelled()
