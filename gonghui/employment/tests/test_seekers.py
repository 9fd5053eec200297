"""Seekers: consent gating of contact details, hardship and assistance plans read, worker
saving their own profile."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.employment import selectors, services
from gonghui.employment.models import JobSeeker, Occupation

pytestmark = pytest.mark.django_db


def test_contact_reaches_employers_only_with_consent(city_admin, zhang):
    seeker = services.seeker_save(by=city_admin, person=zhang, skills="焊工、叉车")
    assert seeker.skills == ["焊工", "叉车"]
    assert selectors.seeker_contact_for_employer(seeker) is None
    seeker = services.seeker_save(by=zhang.user, person=zhang, consent_to_share_contact=True)
    assert seeker.consent_at is not None
    contact = selectors.seeker_contact_for_employer(seeker)
    assert contact is not None and contact.phone == "13912345678"
    seeker = services.seeker_save(by=zhang.user, person=zhang, consent_to_share_contact=False)
    assert seeker.consent_at is None and selectors.seeker_contact_for_employer(seeker) is None


def test_worker_saves_own_profile_but_not_anothers(zhang, wang):
    occupation = Occupation.objects.get(code="4-02-07")
    seeker = services.seeker_save(
        by=zhang.user, person=zhang, wanted_occupations=[occupation], wanted_region_codes=["340802"]
    )
    assert seeker.unit == zhang.unit and list(seeker.wanted_occupations.all()) == [occupation]
    with pytest.raises(PermissionDenied):
        services.seeker_save(by=zhang.user, person=wang)
    assert not JobSeeker.objects.filter(person=wang).exists()


def test_bad_region_codes_are_refused(city_admin, zhang):
    with pytest.raises(ValidationError) as caught:
        services.seeker_save(by=city_admin, person=zhang, wanted_region_codes=["999999"])
    assert "wanted_region_codes" in caught.value.message_dict
    assert not JobSeeker.objects.exists()


def test_hardship_household_is_read_from_assistance(city_admin, zhang, wang):
    from gonghui.assistance.models import HardshipFile, HouseholdMember

    assert not selectors.is_hardship_household(zhang)
    on_file = HardshipFile.objects.create(
        unit=zhang.unit, person=zhang, status="on_file", cause="illness"
    )
    assert selectors.is_hardship_household(zhang)
    member = HouseholdMember(file=on_file, name=wang.name, relationship="child")
    member.id_number_hash = wang.id_number_hash
    member.save()
    assert selectors.is_hardship_household(wang)
    assert selectors.hardship_person_ids([zhang.pk, wang.pk]) == {zhang.pk, wang.pk}
    on_file.status = "lifted_out"
    on_file.save()
    assert not selectors.is_hardship_household(zhang)
    assert selectors.hardship_person_ids([zhang.pk, wang.pk]) == set()
