"""The background job that runs an import (kind ``imports.run``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gonghui.background.models import BackgroundJob
from gonghui.background.runners import Progress, runner
from gonghui.imports.models import DataImport
from gonghui.imports.services import JOB_KIND, import_run


@runner(JOB_KIND, label=_("Data import"))
def run_import(job: BackgroundJob, progress: Progress) -> dict[str, Any] | None:
    data_import = DataImport.objects.select_related("unit", "started_by").get(
        pk=job.params["import_id"]
    )
    # The user who started (or resumed) it: the run acts with that user's grants.
    user = data_import.started_by or job.created_by
    return import_run(data_import=data_import, by=user, progress=progress)
