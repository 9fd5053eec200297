"""The background job of the data-quality scan (kind ``membership.quality_scan``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.background.models import BackgroundJob
from gonghui.background.runners import Progress, runner
from gonghui.membership.quality import scan

QUALITY_SCAN = "membership.quality_scan"


@runner(QUALITY_SCAN, label=_("Member data-quality scan"))
def run_quality_scan(job: BackgroundJob, progress: Progress) -> dict[str, Any] | None:
    """Scan the job's unit and everything below it; the log holds only counts."""
    result = scan(job.unit, progress=progress)
    progress.log(
        _("%(found)d problems found: %(created)d new alerts, %(fixed)d alerts fixed.")
        % result.as_dict()
    )
    return result.as_dict()
