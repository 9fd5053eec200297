"""The demo city has rights cases, records and figures."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from gonghui.casework.models import Case
from gonghui.core.models import OrgUnit
from gonghui.indicators.periods import Period
from gonghui.indicators.registry import get
from gonghui.indicators.selectors import values
from gonghui.rights.choices import LEGAL_AID_KIND, REQUEST_KIND, WAGE_ARREARS_KIND
from gonghui.rights.models import Consultation, OutreachEvent, WorkerRequest

pytestmark = pytest.mark.django_db


def test_demo_has_rights_figures(settings, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path
    call_command("demo_data", size="small", stdout=StringIO())
    assert Case.objects.filter(kind=REQUEST_KIND).count() == 36
    assert Case.objects.filter(kind=LEGAL_AID_KIND).count() == 10
    assert Case.objects.filter(kind=WAGE_ARREARS_KIND).count() == 8
    assert WorkerRequest.objects.filter(satisfaction__isnull=False).exists()
    assert Consultation.objects.exists() and OutreachEvent.objects.exists()
    city = OrgUnit.objects.get(parent=None)
    period = Period.range(Period.current_year().start.replace(year=2000), Period.current_year().end)
    figures = values([get("rights.requests_answered_rate"), get("rights.legal_aid_recovered")],
                     city, period)  # fmt: skip
    assert figures["rights.requests_answered_rate"] and figures["rights.legal_aid_recovered"]


def test_demo_has_part_b_records_and_figures(settings, tmp_path: Path) -> None:
    from gonghui.rights.models import (
        BargainingOffer,
        CollectiveContract,
        ContractCoverage,
        Hazard,
        MediationCase,
        SafetyCompetitionEntry,
    )

    settings.DATA_DIR = tmp_path
    call_command("demo_data", size="small", stdout=StringIO())
    assert MediationCase.objects.count() == 12
    assert BargainingOffer.objects.count() == 10
    assert CollectiveContract.objects.count() == 10
    assert Hazard.objects.filter(status="open").exists()
    # The regional contract overlaps enterprise contracts: coverage counts those once.
    covered = ContractCoverage.objects.filter(contracts__gt=1)
    assert covered.exists()
    assert SafetyCompetitionEntry.objects.values("year").distinct().count() == 2
    city = OrgUnit.objects.get(parent=None)
    year = Period.current_year()
    figures = values(
        [get("rights.mediation_agreements"), get("rights.contract_workers_covered"),
         get("rights.safety_competition_units")], city, year,
    )  # fmt: skip
    assert all(figures.values()), figures
