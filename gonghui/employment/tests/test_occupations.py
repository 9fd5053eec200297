import pytest

from gonghui.employment.choices import OccupationLevel
from gonghui.employment.models import Occupation
from gonghui.employment.occupations import load_occupations

pytestmark = pytest.mark.django_db


def test_classification_loaded_by_migration():
    assert Occupation.objects.filter(level=OccupationLevel.MAJOR).count() == 8
    assert Occupation.objects.filter(level=OccupationLevel.MEDIUM).count() == 79
    assert Occupation.objects.filter(level=OccupationLevel.SMALL).count() == 449
    sales = Occupation.objects.get(code="4-01-02")
    assert sales.name == "销售人员"
    assert sales.parent.code == "4-01"
    assert sales.parent.parent.code == "4"
    assert not Occupation.objects.filter(level=OccupationLevel.SMALL, parent=None).exists()


def test_loading_again_changes_nothing():
    before = Occupation.objects.count()
    load_occupations(Occupation)
    assert Occupation.objects.count() == before
