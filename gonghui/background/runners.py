"""The registry of job runners and the progress handle a runner reports through.

A runner is a function ``(job, progress) -> result`` registered under the job's kind::

    @runner("imports.run", label=_("Data import"))
    def run_import(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
        progress.stage(_("Checking rows"), total=len(rows))
        ...
        progress.advance(len(chunk))
        progress.check_cancelled()
        return {"created": created}

The runner is called outside any transaction and owns its transactions: progress is written
with UPDATEs of the job row, so it is seen by others only between the runner's commits.
Log lines are shown to staff: never put personal data (ID or phone numbers) in them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils import timezone

if TYPE_CHECKING:
    from gonghui.background.models import BackgroundJob

Runner = Callable[["BackgroundJob", "Progress"], dict[str, Any] | None]

_RUNNERS: dict[str, tuple[Runner, Any]] = {}

LOG_LIMIT = 1000
FLUSH_SECONDS = 0.5
CANCEL_POLL_SECONDS = 1.0


class JobCancelled(Exception):
    """Raised inside a runner when staff asked the job to stop."""


def runner(code: str, *, label: Any = None) -> Callable[[Runner], Runner]:
    def register(function: Runner) -> Runner:
        existing = _RUNNERS.get(code)
        if existing is not None and existing[0] is not function:
            raise ValueError(f"a job runner is already registered as {code!r}")
        _RUNNERS[code] = (function, label or code)
        return function

    return register


def get_runner(code: str) -> Runner:
    try:
        return _RUNNERS[code][0]
    except KeyError:
        raise LookupError(f"no job runner registered as {code!r}") from None


def runner_label(code: str) -> Any:
    entry = _RUNNERS.get(code)
    return entry[1] if entry else code


def runner_choices() -> list[tuple[str, Any]]:
    return sorted(((code, label) for code, (_fn, label) in _RUNNERS.items()), key=str)


class Progress:
    """What a runner reports: stage, done/total, log lines; written at most twice a second."""

    def __init__(self, job: BackgroundJob) -> None:
        self.job = job
        self._last_flush = 0.0
        self._last_cancel_check = 0.0
        self._dirty: set[str] = set()

    def stage(self, label: Any, total: int | None = None) -> None:
        self.job.stage = str(label)[:100]
        self.job.done = 0
        self.job.total = total
        self._dirty.update({"stage", "done", "total"})
        self.flush()

    def set_total(self, total: int | None) -> None:
        self.job.total = total
        self._dirty.add("total")
        self._maybe_flush()

    def update(self, done: int) -> None:
        self.job.done = max(0, done)
        self._dirty.add("done")
        self._maybe_flush()

    def advance(self, count: int = 1) -> None:
        self.update(self.job.done + count)

    def log(self, message: Any, level: str = "info") -> None:
        entry = {
            "at": timezone.localtime().strftime("%Y-%m-%d %H:%M:%S"),
            "level": level,
            "message": str(message),
        }
        self.job.log = [*self.job.log, entry][-LOG_LIMIT:]
        self._dirty.add("log")
        self._maybe_flush()

    def check_cancelled(self) -> None:
        """Raise ``JobCancelled`` if staff asked to stop (reads the flag once a second)."""
        now = time.monotonic()
        if now - self._last_cancel_check < CANCEL_POLL_SECONDS:
            return
        self._last_cancel_check = now
        from gonghui.background.models import BackgroundJob

        if BackgroundJob.objects.filter(pk=self.job.pk, cancel_requested=True).exists():
            raise JobCancelled

    def _maybe_flush(self) -> None:
        if time.monotonic() - self._last_flush >= FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        from gonghui.background.models import BackgroundJob

        fields = {name: getattr(self.job, name) for name in self._dirty}
        self.job.heartbeat_at = fields["heartbeat_at"] = timezone.now()
        BackgroundJob.objects.filter(pk=self.job.pk).update(**fields)
        self._dirty.clear()
        self._last_flush = time.monotonic()
