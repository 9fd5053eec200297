"""The batch job (kind ``employment.matching.recommend``): the top ten postings for every active
seeker of the job's unit and below, written as ``Recommendation`` rows.

Seekers are read in chunks; each chunk's old recommendations are replaced in one transaction,
so a seeker never has half a list. Importing this module registers the runner; the employment
app's ``ready()`` must import it for the worker process to know the kind.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.background.models import BackgroundJob
from gonghui.background.runners import Progress, runner
from gonghui.employment.matching.documents import seeker_docs
from gonghui.employment.matching.selectors import posting_index, rank_postings

JOB_KIND = "employment.matching.recommend"
LIMIT = 10
CHUNK = 1000


def recommend_all(
    seekers: Any,
    *,
    today: datetime.date | None = None,
    progress: Progress | None = None,
    chunk_size: int = CHUNK,
    limit: int = LIMIT,
) -> dict[str, int]:
    """Replace the recommendations of every active seeker in ``seekers`` (a queryset)."""
    from gonghui.employment.models import Recommendation

    today = today or timezone.localdate()
    index = posting_index(today)
    ids = list(seekers.filter(active=True).order_by("id").values_list("id", flat=True))
    if progress is not None:
        progress.stage(_("Matching seekers with postings"), total=len(ids))
    written = without = 0
    now = timezone.now()
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        docs = seeker_docs(seekers.model.objects.filter(pk__in=chunk), today=today)
        rows: list[Recommendation] = []
        for doc in docs:
            results = rank_postings(doc, index, today, limit)
            if not results:
                without += 1
            rows.extend(
                Recommendation(
                    seeker_id=doc.id,
                    posting_id=result.id,
                    unit_id=doc.unit_id,  # type: ignore[misc]  # always set from the row
                    rank=rank,
                    score=result.score,
                    reasons=result.reasons,
                    computed_at=now,
                )
                for rank, result in enumerate(results, start=1)
            )
        with transaction.atomic():
            Recommendation.objects.filter(seeker_id__in=chunk).delete()
            Recommendation.objects.bulk_create(rows, batch_size=2000)
        written += len(rows)
        if progress is not None:
            progress.advance(len(chunk))
            progress.check_cancelled()
    return {"seekers": len(ids), "recommendations": written, "without_match": without}


@runner(JOB_KIND, label=_("Job recommendations for seekers"))
def run_recommendations(job: BackgroundJob, progress: Progress) -> dict[str, Any]:
    from gonghui.employment.models import JobSeeker

    result = recommend_all(JobSeeker.objects.within(job.unit), progress=progress)
    progress.log(
        _("%(seekers)d seekers matched: %(recommendations)d recommendations written, "
          "%(without_match)d seekers without any open posting.") % result
    )  # fmt: skip
    return result
