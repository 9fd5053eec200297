"""The demo city has hardship files, aid, a rule and a pending application."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from gonghui.assistance.choices import FileStatus
from gonghui.assistance.models import AidGrant, EligibilityRule, HardshipApplication, HardshipFile

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
