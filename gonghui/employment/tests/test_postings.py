"""Postings: discrimination flags and the review flow, pay ranges refused, expiry closing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from gonghui.core.models import AuditLog
from gonghui.employment import services
from gonghui.employment.choices import PostingStatus
from gonghui.employment.models import JobPosting
from gonghui.employment.screening import discrimination_flags
from gonghui.employment.tests.helpers import (
    make_posting,
    posting_fields,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "reasons"),
    [
        ("限男性，身体健康", ["gender"]),
        ("女性优先，有耐心", ["gender"]),
        ("要求未婚，汉族", ["ethnicity", "marital_status"]),
        ("已婚已育者优先", ["marital_status"]),
        ("须本地户口", ["hukou"]),
        ("男女不限，身体健康，能吃苦耐劳", []),
    ],
)
def test_discrimination_keywords(text, reasons):
    assert discrimination_flags(text) == reasons


def test_flagged_posting_needs_an_override_note(city_admin, factory_a):
    posting = make_posting(city_admin, factory_a, requirements="限男性，须本地户口")
    assert posting.status == PostingStatus.PENDING
    assert posting.flagged_reasons == ["gender", "hukou"]
    with pytest.raises(ValidationError) as caught:
        services.posting_review(by=city_admin, posting=posting, approve=True, note="")
    assert "性别" in str(caught.value) and "户籍" in str(caught.value)
    posting.refresh_from_db()
    assert posting.status == PostingStatus.PENDING and posting.published_at is None
    posting = services.posting_review(
        by=city_admin, posting=posting, approve=True, note="井下作业，依法不得安排女职工"
    )
    assert posting.status == PostingStatus.PUBLISHED
    assert posting.review_note == "井下作业，依法不得安排女职工"
    assert posting.reviewed_by == city_admin and posting.published_at is not None


def test_clean_posting_is_published_without_note_and_rejection_needs_one(city_admin, factory_a):
    posting = make_posting(city_admin, factory_a)
    assert posting.flagged_reasons == []
    with pytest.raises(ValidationError):
        services.posting_review(by=city_admin, posting=posting, approve=False, note="")
    posting = services.posting_review(by=city_admin, posting=posting, approve=True)
    assert posting.status == PostingStatus.PUBLISHED
    with pytest.raises(ValidationError):  # not pending any more
        services.posting_review(by=city_admin, posting=posting, approve=True)


def test_editing_a_published_posting_sends_it_back_to_review(city_admin, factory_a):
    posting = make_posting(city_admin, factory_a, publish=True)
    posting = services.posting_update(by=city_admin, posting=posting, description="仅限女性，细心")
    assert posting.status == PostingStatus.PENDING and posting.published_at is None
    assert posting.flagged_reasons == ["gender"]


@pytest.mark.parametrize(
    ("pay_min", "pay_max", "field"),
    [
        ("6000", "4000", "pay_max"),  # upside down
        ("150", "300", "pay_min"),  # per day, not per month
        ("5000", "500000", "pay_max"),  # absurd
        ("3000", "60000", "pay_max"),  # range too wide
    ],
)
def test_bad_pay_ranges_are_refused_and_nothing_is_written(
    city_admin, factory_a, pay_min, pay_max, field
):
    before = (JobPosting.objects.count(), AuditLog.objects.count())
    with pytest.raises(ValidationError) as caught:
        make_posting(city_admin, factory_a, pay_min=Decimal(pay_min), pay_max=Decimal(pay_max))
    assert field in caught.value.message_dict
    assert (JobPosting.objects.count(), AuditLog.objects.count()) == before


def test_age_range_and_openings_are_checked(city_admin, factory_a):
    with pytest.raises(ValidationError) as caught:
        make_posting(city_admin, factory_a, age_min=40, age_max=30)
    assert "age_max" in caught.value.message_dict
    with pytest.raises(ValidationError):
        make_posting(city_admin, factory_a, openings=0)


def test_staff_outside_the_subtree_cannot_post_for_the_employer(grassroots_officer, factory_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        make_posting(grassroots_officer, factory_a)
    assert not JobPosting.objects.exists()


def test_expired_postings_close_with_a_fixed_today(city_admin, factory_a, mill_b):
    today = datetime.date(2025, 6, 10)
    with mock.patch(
        "django.utils.timezone.now",
        return_value=datetime.datetime(2025, 6, 1, 9, tzinfo=datetime.UTC),
    ):
        old = make_posting(
            city_admin, factory_a, publish=True, valid_until=datetime.date(2025, 6, 9)
        )
        last_day = make_posting(city_admin, factory_a, publish=True, valid_until=today)
        pending = make_posting(city_admin, mill_b, valid_until=datetime.date(2025, 6, 5))
    closed = services.postings_close_expired(today=today, by=city_admin)
    assert closed == 2
    statuses = dict(JobPosting.objects.values_list("pk", "status"))
    assert statuses == {
        old.pk: PostingStatus.CLOSED,
        last_day.pk: PostingStatus.PUBLISHED,
        pending.pk: PostingStatus.CLOSED,
    }
    assert services.postings_close_expired(today=today, by=city_admin) == 0


def test_expiry_command_runs_as_a_job_within_the_account_grants(
    city_admin, county_officer, factory_a, mill_b
):
    with mock.patch(
        "django.utils.timezone.now",
        return_value=datetime.datetime(2025, 6, 1, 9, tzinfo=datetime.UTC),
    ):
        in_a = make_posting(
            city_admin, factory_a, publish=True, valid_until=datetime.date(2025, 6, 2)
        )
        in_b = make_posting(city_admin, mill_b, publish=True, valid_until=datetime.date(2025, 6, 2))
    out = StringIO()
    call_command(
        "close_expired_postings", "--as", "county_officer", "--today", "2025-06-10", stdout=out
    )
    assert "succeeded" in out.getvalue() and "'closed': 1" in out.getvalue()
    in_a.refresh_from_db()
    in_b.refresh_from_db()
    assert in_a.status == PostingStatus.CLOSED
    assert in_b.status == PostingStatus.PUBLISHED  # county B is outside the officer's grants


def test_contact_phone_is_encrypted_and_masked(city_admin, factory_a):
    posting = make_posting(city_admin, factory_a)
    assert posting.contact_phone_masked == "138****1111"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT contact_phone FROM employment_jobposting WHERE id = %s", [posting.pk]
        )
        stored = cursor.fetchone()[0]
    assert "13800001111" not in stored
    assert JobPosting.objects.get(pk=posting.pk).contact_phone == "13800001111"


def test_posting_fields_are_complete():
    assert set(posting_fields()) <= set(services.POSTING_FIELDS)
