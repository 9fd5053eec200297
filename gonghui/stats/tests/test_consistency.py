"""The consistency check: each unit's figure is its children's plus its own records."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from gonghui.core.models import OrgUnit
from gonghui.indicators.periods import Period
from gonghui.stats import consistency

pytestmark = pytest.mark.django_db


def test_consistent_tree_passes(data, capsys):
    assert consistency.check(data.city, Period.year(2025)) == []
    call_command("check_indicator_consistency", "--period", "2025", "--unit", "340800")
    assert "0 differences" in capsys.readouterr().out


def test_a_record_under_a_wrong_path_is_reported(data, capsys):
    # grassroots_a's path says it is under county B, its parent link says township A.
    wrong = f"{data.county_b.path}{data.grassroots_a.pk}/"
    OrgUnit.objects.filter(pk=data.grassroots_a.pk).update(path=wrong)
    found = consistency.check(data.city, Period.year(2025))
    by_unit = {(d.unit.code, d.indicator.code): d for d in found}
    # Township A counts 1 (its own) but its child grassroots_a counts 3 consultations.
    item = by_unit[("340802001", "rights.consultations")]
    assert (item.figure, item.own, item.children, item.difference) == (1, 1, 3, -3)
    # County B counts grassroots_a's 3 among its 4 + 3, but its children add up to 4.
    item = by_unit[("340822", "rights.consultations")]
    assert (item.figure, item.own, item.children) == (7, 0, 4)
    with pytest.raises(SystemExit) as exited:
        call_command("check_indicator_consistency", "--period", "2025")
    assert exited.value.code == 1
    out = capsys.readouterr()
    assert "340802001 " in out.out and "differences" in out.err
