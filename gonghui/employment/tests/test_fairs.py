"""Fairs: registration and QR check-in (twice refused politely, another fair's code refused),
interview intents at the booth."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from gonghui.employment import services
from gonghui.employment.choices import IntentOutcome
from gonghui.employment.models import FairRegistration
from gonghui.employment.tests.helpers import make_posting

pytestmark = pytest.mark.django_db
NOON = datetime.datetime(2025, 5, 10, 4, 0, tzinfo=datetime.UTC)  # 12:00 in Beijing


@pytest.fixture
def fairs(tree, city_admin):
    with mock.patch("django.utils.timezone.now", return_value=NOON - datetime.timedelta(days=5)):
        spring = services.fair_create(
            by=city_admin, unit=tree.county_a, title="春风行动招聘会", mode="offline",
            starts_on=datetime.date(2025, 5, 10), ends_on=datetime.date(2025, 5, 10),
            place="迎江区人力资源市场",
        )  # fmt: skip
        online = services.fair_create(
            by=city_admin, unit=tree.county_a, title="线上招聘会", mode="online",
            starts_on=datetime.date(2025, 5, 10), ends_on=datetime.date(2025, 5, 12),
        )  # fmt: skip
    return spring, online


def test_check_in_by_token_once(city_admin, fairs, zhang):
    spring, _online = fairs
    with mock.patch("django.utils.timezone.now", return_value=NOON - datetime.timedelta(days=1)):
        registration = services.fair_register(by=zhang.user, fair=spring, person=zhang)
        again = services.fair_register(by=zhang.user, fair=spring, person=zhang)
    assert again.pk == registration.pk and len(registration.token) >= 20
    with mock.patch("django.utils.timezone.now", return_value=NOON):
        checked = services.fair_check_in(by=city_admin, fair=spring, token=registration.token)
        assert checked.checked_in_at == NOON
        with pytest.raises(ValidationError) as caught:
            services.fair_check_in(by=city_admin, fair=spring, token=registration.token)
    assert "张三已于12:00签到" in caught.value.messages[0]
    registration.refresh_from_db()
    assert registration.checked_in_at == NOON


def test_check_in_refuses_another_fairs_code_and_unknown_codes(city_admin, fairs, zhang):
    spring, online = fairs
    with mock.patch("django.utils.timezone.now", return_value=NOON - datetime.timedelta(days=1)):
        registration = services.fair_register(by=zhang.user, fair=online, person=zhang)
    with pytest.raises(ValidationError) as caught:
        services.fair_check_in(by=city_admin, fair=spring, token=registration.token)
    assert "线上招聘会" in caught.value.messages[0]
    with pytest.raises(ValidationError):
        services.fair_check_in(by=city_admin, fair=spring, token="nonsense")
    assert not FairRegistration.objects.filter(checked_in_at__isnull=False).exists()


def test_check_in_accepts_a_scanned_url_ending_in_the_token(city_admin, fairs, zhang):
    spring, _online = fairs
    with mock.patch("django.utils.timezone.now", return_value=NOON - datetime.timedelta(days=1)):
        registration = services.fair_register(by=zhang.user, fair=spring, person=zhang)
    checked = services.fair_check_in(
        by=city_admin, fair=spring, token=f"https://example.org/f/{registration.token}"
    )
    assert checked.pk == registration.pk


def test_registration_for_a_past_fair_is_refused(fairs, zhang):
    spring, _online = fairs
    later = NOON + datetime.timedelta(days=2)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        pytest.raises(ValidationError),
    ):
        services.fair_register(by=zhang.user, fair=spring, person=zhang)


def test_intent_at_a_booth_needs_the_employer_at_the_fair(city_admin, fairs, zhang, factory_a):
    spring, _online = fairs
    seeker = services.seeker_save(by=city_admin, person=zhang, education=3)
    posting = make_posting(city_admin, factory_a, publish=True)
    with pytest.raises(ValidationError):
        services.intent_record(by=city_admin, seeker=seeker, enterprise=factory_a, fair=spring)
    services.fair_add_participant(
        by=city_admin, fair=spring, enterprise=factory_a, postings=[posting]
    )
    intent = services.intent_record(
        by=city_admin, seeker=seeker, enterprise=factory_a, posting=posting, fair=spring
    )
    assert intent.unit == spring.unit and intent.outcome == IntentOutcome.INTENT
    intent = services.intent_set_outcome(by=city_admin, intent=intent, outcome=IntentOutcome.HIRED)
    assert intent.outcome == IntentOutcome.HIRED
