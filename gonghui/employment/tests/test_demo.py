"""The demo city gets employment records and figures (``write_employment``, run by the demo)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from gonghui.core.models import OrgUnit
from gonghui.employment.choices import PostingStatus
from gonghui.employment.models import (
    FairRegistration,
    FollowUp,
    JobFair,
    JobPosting,
    JobSeeker,
    Placement,
)
from gonghui.indicators.periods import Period
from gonghui.indicators.registry import get
from gonghui.indicators.selectors import values

pytestmark = pytest.mark.django_db


def test_demo_has_employment_records(settings, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path
    call_command("demo_data", size="small", stdout=StringIO())
    city = OrgUnit.objects.get(parent=None)
    assert JobPosting.objects.count() >= 200
    assert JobPosting.objects.filter(status=PostingStatus.PUBLISHED).count() > 100
    assert (
        JobPosting.objects.filter(status=PostingStatus.PENDING).exclude(flagged_reasons=[]).exists()
    )
    assert JobSeeker.objects.exists()
    assert JobFair.objects.count() == 3
    assert FairRegistration.objects.filter(checked_in_at__isnull=False).exists()
    assert Placement.objects.exists()
    assert FollowUp.objects.filter(retained__isnull=False).exists()
    period = Period.range(Period.current_year().start.replace(year=2000), Period.current_year().end)
    figures = values(
        [get("employment.postings_published"), get("employment.retention_3m_rate")], city, period
    )
    assert figures["employment.postings_published"] > 100
