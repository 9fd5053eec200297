"""Inspections and hazards: rectification found → rectified → verified, reopening recorded,
closed hazards not editable, overdue hazards with a fixed today, photos checked by content and
served only within the scope; safety competition entries once per participant and year."""

from __future__ import annotations

import datetime
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.conftest import Tree
from gonghui.core.models import AuditLog
from gonghui.registry.tests.factories import EnterpriseFactory
from gonghui.rights import services_safety as services
from gonghui.rights.models import Hazard, HazardPhoto, Inspection, SafetyCompetitionEntry
from gonghui.rights.views_safety import year_on_year

pytestmark = pytest.mark.django_db
D = datetime.date
NOW = datetime.datetime(2025, 6, 1, 10, 0, tzinfo=datetime.UTC)
TODAY = D(2025, 6, 1)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def _now():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


@pytest.fixture
def plant(tree: Tree):
    return EnterpriseFactory(unit=tree.grassroots_a, name="迎江化工厂")


@pytest.fixture
def inspection(tree: Tree, county_officer, plant) -> Inspection:
    return services.inspection_create(by=county_officer, unit=tree.county_a, enterprise=plant,
                                      date=D(2025, 5, 10), inspectors="王检查、李检查",
                                      findings="消防通道堵塞")  # fmt: skip


def test_bad_inspections_and_hazards_are_refused(tree: Tree, county_officer, plant, inspection):
    with pytest.raises(ValidationError):
        services.inspection_create(by=county_officer, unit=tree.county_a, enterprise=plant,
                                   date=D(2025, 6, 2), inspectors="王")  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.inspection_create(by=county_officer, unit=tree.county_b, enterprise=plant,
                                   date=TODAY, inspectors="王")  # fmt: skip
    for deadline in (D(2025, 5, 9), D(2040, 1, 1)):  # before the inspection; absurdly far
        with pytest.raises(ValidationError):
            services.hazard_add(by=county_officer, inspection=inspection, description="隐患",
                                deadline=deadline)  # fmt: skip
    with pytest.raises(ValidationError):
        services.hazard_add(by=county_officer, inspection=inspection, description="隐患",
                            severity="fatal", deadline=TODAY)  # fmt: skip
    assert Inspection.objects.count() == 1 and not Hazard.objects.exists()


def test_hazard_life_cycle(tree: Tree, county_officer, grassroots_officer, inspection):
    hazard = services.hazard_add(by=county_officer, inspection=inspection,
                                 description="消防通道堵塞", severity="major",
                                 deadline=D(2025, 5, 31))  # fmt: skip
    assert hazard.is_overdue(TODAY) and not hazard.is_overdue(D(2025, 5, 31))
    with pytest.raises(ValidationError):
        services.hazard_verify(by=county_officer, hazard=hazard, verified_on=TODAY)
    with pytest.raises(ValidationError):
        services.hazard_rectify(by=county_officer, hazard=hazard, rectified_on=D(2025, 5, 9))
    with pytest.raises(ValidationError):
        services.hazard_rectify(by=county_officer, hazard=hazard, rectified_on=D(2025, 6, 2))
    with pytest.raises(PermissionDenied):
        services.hazard_rectify(by=grassroots_officer, hazard=hazard, rectified_on=TODAY)
    assert Hazard.objects.get(pk=hazard.pk).status == "open"
    services.hazard_rectify(by=county_officer, hazard=hazard, rectified_on=D(2025, 5, 28),
                            rectification="已清理通道")  # fmt: skip
    with pytest.raises(ValidationError):
        services.hazard_update(by=county_officer, hazard=hazard, description="改")
    with pytest.raises(ValidationError):
        services.hazard_verify(by=county_officer, hazard=hazard, verified_on=D(2025, 5, 27))
    services.hazard_verify(by=county_officer, hazard=hazard, verified_on=TODAY)
    hazard.refresh_from_db()
    assert (hazard.status, hazard.description) == ("verified", "消防通道堵塞")
    with pytest.raises(ValidationError):
        services.hazard_add_photos(by=county_officer, hazard=hazard,
                                   files=[upload("a.png", PNG)])  # fmt: skip
    services.hazard_reopen(by=county_officer, hazard=hazard, reason="复查发现再次堵塞")
    hazard.refresh_from_db()
    assert (hazard.status, hazard.rectified_on, hazard.verified_on, hazard.reopen_count) == (
        "open", None, None, 1)  # fmt: skip
    assert AuditLog.objects.filter(
        object_id=str(hazard.pk), after__reopen_reason="复查发现再次堵塞"
    ).exists()
    with pytest.raises(ValidationError):
        services.hazard_reopen(by=county_officer, hazard=hazard, reason="又一次")


def test_overdue_hazards_with_a_fixed_today(tree: Tree, county_officer, city_admin, inspection):
    def hazard(deadline: datetime.date) -> Hazard:
        return services.hazard_add(by=county_officer, inspection=inspection, description="隐患",
                                   deadline=deadline)  # fmt: skip

    late, due_today, _later = hazard(D(2025, 5, 20)), hazard(TODAY), hazard(D(2025, 6, 30))
    done = hazard(D(2025, 5, 15))
    services.hazard_rectify(by=county_officer, hazard=done, rectified_on=D(2025, 5, 14))
    assert list(services.overdue_hazards(city_admin, tree.city, today=TODAY)) == [late]
    assert list(services.overdue_hazards(city_admin, tree.city, today=D(2025, 6, 2))) == [
        late, due_today]  # fmt: skip
    assert list(services.overdue_hazards(city_admin, tree.county_b, today=TODAY)) == []


def test_photos_are_checked_by_content(tree: Tree, county_officer, inspection, settings):
    hazard = services.hazard_add(by=county_officer, inspection=inspection, description="隐患",
                                 deadline=TODAY)  # fmt: skip
    for bad in (
        upload("现场.jpg", PDF),  # a PDF renamed .jpg
        upload("整改报告.pdf", PDF, "image/png"),  # a real PDF is not a photo
        upload("脚本.png", b"<script>alert(1)</script>", "image/png"),
        upload("空.png", b""),
    ):
        with pytest.raises(ValidationError):
            services.hazard_add_photos(by=county_officer, hazard=hazard, files=[bad])
    settings.CASEWORK_ATTACHMENT_MAX_BYTES = 20
    with pytest.raises(ValidationError):
        services.hazard_add_photos(by=county_officer, hazard=hazard, files=[upload("大.png", PNG)])
    settings.CASEWORK_ATTACHMENT_MAX_BYTES = 1024
    assert not HazardPhoto.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    photos = services.hazard_add_photos(
        by=county_officer, hazard=hazard,
        files=[upload("现场.PNG", PNG, "text/html"), upload("整改后.jpg", JPEG)],
    )  # fmt: skip
    assert [(p.original_name, p.content_type) for p in photos] == [
        ("现场.PNG", "image/png"), ("整改后.jpg", "image/jpeg")]  # fmt: skip
    assert "现场" not in photos[0].file.name


def test_safety_competition_entries_once_a_year(tree: Tree, county_officer, city_admin):
    plant = EnterpriseFactory(unit=tree.grassroots_a, name="迎江机械厂")
    services.safety_entry_create(by=county_officer, unit=tree.county_a, enterprise=plant,
                                 year=2024, workers=100)  # fmt: skip
    entry = services.safety_entry_create(by=county_officer, unit=tree.county_a,
                                         enterprise=plant, year=2025, workers=110)  # fmt: skip
    assert entry.participant_name == "迎江机械厂" and entry.year_start == D(2025, 1, 1)
    services.safety_entry_create(by=county_officer, unit=tree.township_a, year=2025, workers=40)
    for bad in (
        {"enterprise": plant, "year": 2025, "workers": 5},  # twice in a year
        {"year": 2025, "workers": 5, "unit": tree.township_a},  # the unit itself twice
        {"enterprise": None, "year": 2027, "workers": 5},  # too far ahead
        {"enterprise": None, "year": 2025, "workers": 0},
        {"enterprise": None, "year": 2025, "workers": -3},
    ):
        unit = bad.pop("unit", tree.county_a)
        with pytest.raises(ValidationError):
            services.safety_entry_create(by=county_officer, unit=unit, **bad)
    assert SafetyCompetitionEntry.objects.count() == 3
    rows = year_on_year(city_admin, tree.city)
    assert [(r["year"], r["units"], r["workers"]) for r in rows] == [(2025, 2, 150), (2024, 1, 100)]
    assert (rows[0]["units_change"], rows[0]["workers_change"]) == ("+100.0%", "+50.0%")
