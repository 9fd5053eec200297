"""The workspace pages drive the services: a posting drafted, flagged, reviewed; a check-in at
the door (twice refused politely); an intent's outcome changed; a placement recorded."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.employment import services
from gonghui.employment.choices import PostingStatus
from gonghui.employment.models import FollowUp, InterviewIntent, JobPosting, Occupation, Placement
from gonghui.employment.tests.helpers import make_posting

pytestmark = pytest.mark.django_db


def test_posting_created_flagged_and_reviewed_through_the_pages(client, county_officer, factory_a):
    client.force_login(county_officer)
    data = {
        "employer": factory_a.pk, "title": "装配工", "description": "流水线装配，限男性",
        "occupation": Occupation.objects.get(code="6-25-04").pk, "openings": "3",
        "region_code": "340802", "pay_min": "4000", "pay_max": "3000", "education_min": "0",
        "valid_until": "2099-01-01", "submit": "on",
    }  # fmt: skip
    response = client.post(reverse("employment:posting_create"), data)
    assert response.status_code == 400 and "最高月薪不能低于最低月薪" in response.content.decode()
    assert not JobPosting.objects.exists()
    response = client.post(reverse("employment:posting_create"), {**data, "pay_max": "5500"})
    assert response.status_code == 302
    posting = JobPosting.objects.get()
    assert posting.status == PostingStatus.PENDING and posting.flagged_reasons == ["gender"]
    queue = client.get(reverse("employment:review_queue")).content.decode()
    assert "装配工" in queue and "性别" in queue
    url = reverse("employment:posting_review", args=[posting.pk])
    response = client.post(url, {"decision": "approve", "note": ""})
    assert response.status_code == 400 and "歧视性要求" in response.content.decode()
    assert JobPosting.objects.get().status == PostingStatus.PENDING
    response = client.post(url, {"decision": "reject", "note": "删除性别要求后重新提交"})
    assert response.status_code == 302
    assert JobPosting.objects.get().status == PostingStatus.REJECTED


def test_check_in_page(client, county_officer, tree, zhang):
    today = timezone.localdate()
    fair = services.fair_create(by=county_officer, unit=tree.county_a, title="门口签到",
                                mode="offline", starts_on=today, ends_on=today)  # fmt: skip
    registration = services.fair_register(by=zhang.user, fair=fair, person=zhang)
    client.force_login(county_officer)
    url = reverse("employment:fair_check_in", args=[fair.pk])
    response = client.post(url, {"token": registration.token})
    assert response.status_code == 200 and "张三签到成功" in response.content.decode()
    response = client.post(url, {"token": registration.token})
    assert response.status_code == 400 and "无需重复签到" in response.content.decode()


def test_intent_outcome_and_placement_pages(client, county_officer, tree, zhang, factory_a):
    posting = make_posting(county_officer, factory_a, publish=True)
    seeker = services.seeker_save(by=county_officer, person=zhang)
    intent = services.intent_record(by=county_officer, seeker=seeker, enterprise=factory_a,
                                    posting=posting)  # fmt: skip
    client.force_login(county_officer)
    url = reverse("employment:intent_outcome", args=[intent.pk])
    assert client.post(url, {"outcome": "hired"}).status_code == 302
    assert InterviewIntent.objects.get().outcome == "hired"
    response = client.post(reverse("employment:placement_create"), {
        "employer": factory_a.pk, "id_number": zhang.id_number, "posting": posting.pk,
        "start_date": timezone.localdate().isoformat(), "monthly_pay": "5600",
        "source": "fair"})  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    placement = Placement.objects.get()
    assert placement.seeker == seeker and placement.posting == posting
    assert FollowUp.objects.filter(placement=placement).count() == 3
    visit = placement.follow_ups.get(months_after=1)
    response = client.post(reverse("employment:follow_up_record", args=[visit.pk]), {
        "done_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
        "retained": "1"})  # fmt: skip
    assert response.status_code == 400
    assert FollowUp.objects.get(pk=visit.pk).done_on is None
