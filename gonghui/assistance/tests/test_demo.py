"""The demo city has hardship files, aid, a rule and a pending application."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from gonghui.assistance.choices import FileStatus
from gonghui.assistance.models import (
    AidGrant,
    Campaign,
    CampaignPayment,
    DisbursementBatch,
    DisbursementLine,
    EligibilityRule,
    EmploymentPlan,
    HardshipApplication,
    HardshipFile,
)

pytestmark = [pytest.mark.django_db, pytest.mark.access("assistance.HardshipFile")]


def test_demo_households(settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path
    call_command("demo_data", size="small", stdout=StringIO())
    rule = EligibilityRule.objects.get()
    assert (rule.region_code, rule.year) == ("3408", timezone.localdate().year)
    assert HardshipFile.objects.filter(status=FileStatus.ON_FILE).count() >= 20
    assert HardshipFile.objects.filter(status=FileStatus.LIFTED_OUT).count() == 1
    assert set(AidGrant.objects.values_list("kind", flat=True)) == {
        "living", "education", "medical", "critical_illness",
    }  # fmt: skip
    assert HardshipApplication.objects.count() == 1
    # Part B: campaigns with quotas, payments once per household, a batch re-issued, plans.
    assert set(Campaign.objects.values_list("kind", flat=True)) == {
        "winter_warmth", "autumn_education",
    }  # fmt: skip
    winter = Campaign.objects.get(kind="winter_warmth")
    paid = CampaignPayment.objects.filter(campaign=winter)
    assert paid.count() == paid.values("file").distinct().count() > 0
    for batch in DisbursementBatch.objects.all():
        assert batch.total == sum(line.amount for line in batch.lines.all())
    assert DisbursementLine.objects.filter(status="failed", reissued_as__isnull=False).count() == 1
    assert EmploymentPlan.objects.count() == 2
    assert all(plan.person.name == plan.member.name for plan in EmploymentPlan.objects.all())
