"""Who reaches which employment page and endpoint: each persona sees exactly its subtree,
writes outside it are refused and change nothing, visitors go to the login, outsiders and
workers get 403 on staff pages; the portal shows a worker only their own records."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.conftest import Tree
from gonghui.core.choices import Action
from gonghui.core.tests.api_client import client_for, refused
from gonghui.employment import services
from gonghui.employment.choices import PostingStatus
from gonghui.employment.models import (
    Enrolment,
    FairParticipant,
    FairRegistration,
    FollowUp,
    InterviewIntent,
    JobFair,
    JobPosting,
    JobSeeker,
    LabourExportBatch,
    LoanSubsidy,
    Placement,
    Recommendation,
    SessionAttendance,
    Training,
    TrainingSession,
)
from gonghui.employment.tests.helpers import (
    make_posting,
    posting_fields,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.access(
        "employment.JobPosting", "employment.JobSeeker", "employment.Recommendation",
        "employment.JobFair", "employment.FairParticipant", "employment.FairRegistration",
        "employment.InterviewIntent", "employment.Training", "employment.Enrolment",
        "employment.TrainingSession", "employment.SessionAttendance", "employment.Placement",
        "employment.FollowUp", "employment.LabourExportBatch", "employment.LoanSubsidy",
    ),
]  # fmt: skip

TODAY = timezone.localdate()
SOON = TODAY + datetime.timedelta(days=10)


def _side(by: Any, unit: Any, enterprise: Any, person: Any, tag: str) -> dict[str, Any]:
    """One record of every kind owned by ``unit``'s subtree, named with ``tag``."""
    posting = make_posting(by, enterprise, publish=True, title=f"{tag}岗位")
    seeker = services.seeker_save(by=by, person=person, unit=unit, experience=f"{tag}经历")
    Recommendation.objects.create(
        seeker=seeker, posting=posting, unit=unit, rank=1, score=0.9, reasons=["职业相符"],
        computed_at=timezone.now(),
    )  # fmt: skip
    fair = services.fair_create(by=by, unit=unit, title=f"{tag}招聘会", mode="offline",
                                starts_on=SOON, ends_on=SOON, place=f"{tag}市场")  # fmt: skip
    services.fair_add_participant(by=by, fair=fair, enterprise=enterprise, postings=[posting])
    registration = services.fair_register(by=by, fair=fair, person=person)
    intent = services.intent_record(by=by, seeker=seeker, enterprise=enterprise, fair=fair,
                                    posting=posting)  # fmt: skip
    training = services.training_create(
        by=by, unit=unit, title=f"{tag}培训班", provider="技师学院", starts_on=TODAY,
        ends_on=SOON, capacity=10,
    )  # fmt: skip
    enrolment = services.enrolment_add(by=by, training=training, person=person)
    session = services.session_add(by=by, training=training, date=TODAY, topic=f"{tag}第一课")
    services.attendance_record(by=by, session=session, present=[enrolment])
    placement = services.placement_record(by=by, person=person, enterprise=enterprise,
                                          start_date=TODAY, posting=posting)  # fmt: skip
    batch = services.labour_export_create(by=by, unit=unit, destination=f"{tag}苏州",
                                          departed_on=TODAY, workers_count=12,
                                          employer_name="苏州电子厂")  # fmt: skip
    loan = services.loan_subsidy_create(by=by, unit=unit, loan_amount=Decimal("100000"),
                                        bank=f"{tag}银行", granted_on=TODAY,
                                        enterprise=enterprise)  # fmt: skip
    return {
        "posting": posting, "seeker": seeker, "fair": fair, "registration": registration,
        "intent": intent, "training": training, "enrolment": enrolment, "session": session,
        "placement": placement, "follow_up": placement.follow_ups.first(), "batch": batch,
        "loan": loan,
    }  # fmt: skip


@pytest.fixture
def world(tree: Tree, city_admin, factory_a, mill_b, zhang, wang) -> dict[str, dict[str, Any]]:
    return {
        "a": _side(city_admin, tree.grassroots_a, factory_a, zhang, "甲"),
        "b": _side(city_admin, tree.grassroots_b, mill_b, wang, "乙"),
    }


LISTS = [
    "employment:home", "employment:posting_list", "employment:posting_export",
    "employment:review_queue", "employment:posting_create", "employment:seeker_list",
    "employment:seeker_export", "employment:seeker_create", "employment:fair_list",
    "employment:fair_create", "employment:intent_list", "employment:intent_create",
    "employment:training_list", "employment:training_create", "employment:placement_list",
    "employment:placement_export", "employment:placement_create", "employment:follow_up_list",
    "employment:labour_export_list", "employment:labour_export_create", "employment:loan_list",
    "employment:loan_create",
]  # fmt: skip
DETAILS = [
    ("employment:posting_detail", "posting"), ("employment:posting_update", "posting"),
    ("employment:seeker_detail", "seeker"), ("employment:seeker_update", "seeker"),
    ("employment:fair_detail", "fair"), ("employment:fair_participant_add", "fair"),
    ("employment:fair_register", "fair"), ("employment:fair_check_in", "fair"),
    ("employment:training_detail", "training"), ("employment:training_enrol", "training"),
    ("employment:session_add", "training"), ("employment:session_attendance", "session"),
    ("employment:placement_detail", "placement"), ("employment:follow_up_record", "follow_up"),
]  # fmt: skip
POSTS = [
    ("employment:intent_outcome", "intent"),
    ("employment:posting_review", "posting"),
    ("employment:posting_close", "posting"),
    ("employment:posting_submit", "posting"),
]


def _urls(world: dict[str, Any], side: str) -> list[str]:
    return [reverse(n) for n in LISTS] + [
        reverse(n, args=[world[side][key].pk]) for n, key in DETAILS
    ]


def test_visitors_go_to_login_outsiders_and_workers_get_403(client, world, outsider, worker):
    urls = _urls(world, "a")
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    for user in (outsider, worker):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403, url


def test_city_admin_reaches_every_page(client, world, city_admin):
    client.force_login(city_admin)
    for side in ("a", "b"):
        for url in _urls(world, side):
            assert client.get(url).status_code == 200, url


def test_details_outside_the_subtree_are_404_and_posts_change_nothing(
    client, world, county_officer, grassroots_officer
):
    client.force_login(county_officer)
    for name, key in DETAILS:
        assert client.get(reverse(name, args=[world["b"][key].pk])).status_code == 404, name
        assert client.get(reverse(name, args=[world["a"][key].pk])).status_code == 200, name
    client.force_login(grassroots_officer)
    for name, key in POSTS:
        url = reverse(name, args=[world["a"][key].pk])
        data = {"decision": "reject", "note": "x", "outcome": "no"}
        assert client.post(url, data).status_code == 404, name
    posting = world["a"]["posting"]
    assert InterviewIntent.objects.get(pk=world["a"]["intent"].pk).outcome == "intent"
    assert JobPosting.objects.get(pk=posting.pk).status == PostingStatus.PUBLISHED
    registration = world["a"]["registration"]
    url = reverse("employment:fair_check_in", args=[world["a"]["fair"].pk])
    assert client.post(url, {"token": registration.token}).status_code == 404
    assert FairRegistration.objects.get(pk=registration.pk).checked_in_at is None


@pytest.mark.parametrize(
    ("name", "text_a", "text_b"),
    [
        ("employment:posting_list", "甲岗位", "乙岗位"),
        ("employment:posting_export", "甲岗位", "乙岗位"),
        ("employment:seeker_list", "张三", "王五"),
        ("employment:fair_list", "甲招聘会", "乙招聘会"),
        ("employment:training_list", "甲培训班", "乙培训班"),
        ("employment:labour_export_list", "甲苏州", "乙苏州"),
        ("employment:loan_list", "甲银行", "乙银行"),
        ("employment:placement_export", "迎江机械厂", "怀宁纺织厂"),
    ],
)
def test_lists_show_only_the_subtree(client, world, county_officer, grassroots_officer, city_admin,
                                     name, text_a, text_b):  # fmt: skip
    for user, sees_a, sees_b in (
        (county_officer, True, False),
        (grassroots_officer, False, True),
        (city_admin, True, True),
    ):
        client.force_login(user)
        response = client.get(reverse(name))
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8-sig")
        assert (text_a in text, text_b in text) == (sees_a, sees_b), (user, name)


def test_exports_mask_personal_data(client, world, city_admin, zhang):
    client.force_login(city_admin)
    response = client.get(reverse("employment:seeker_export"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert zhang.id_number not in text and zhang.phone not in text
    assert zhang.id_number_masked in text
    response = client.get(reverse("employment:posting_export"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "13800001111" not in text and "138****1111" in text


def test_auditor_reads_but_cannot_write(client, world, auditor):
    client.force_login(auditor)
    assert client.get(reverse("employment:posting_list")).status_code == 200
    for name in (
        "employment:posting_create",
        "employment:fair_create",
        "employment:placement_create",
    ):
        assert client.get(reverse(name)).status_code == 403, name
    before = JobFair.objects.count()
    response = client.post(
        reverse("employment:fair_create"),
        {
            "title": "审计员的招聘会",
            "mode": "online",
            "starts_on": "2030-01-01",
            "ends_on": "2030-01-01",
        },
    )
    assert response.status_code == 403 and JobFair.objects.count() == before


MODELS = {
    JobPosting: "posting", JobSeeker: "seeker", JobFair: "fair", FairRegistration: "registration",
    InterviewIntent: "intent", Training: "training", Enrolment: "enrolment",
    TrainingSession: "session", Placement: "placement", FollowUp: "follow_up",
    LabourExportBatch: "batch", LoanSubsidy: "loan",
}  # fmt: skip


def test_every_scoped_model_restricts_to_the_subtree(
    world, county_officer, grassroots_officer, outsider
):
    for model, key in MODELS.items():
        mine, theirs = world["a"][key], world["b"][key]
        visible = set(
            model.objects.restrict(county_officer, Action.VIEW).values_list("pk", flat=True)
        )
        assert mine.pk in visible and theirs.pk not in visible, model
        visible = set(
            model.objects.restrict(grassroots_officer, Action.VIEW).values_list("pk", flat=True)
        )
        assert theirs.pk in visible and mine.pk not in visible, model
        assert not model.objects.restrict(outsider, Action.VIEW).exists()
    for model in (Recommendation, FairParticipant, SessionAttendance):
        units = {obj.scope_path for obj in model.objects.restrict(county_officer, Action.VIEW)}
        assert units and all(path.startswith(county_officer_path(county_officer)) for path in units)
        assert model.objects.restrict(county_officer, Action.VIEW).count() == 1


def county_officer_path(user: Any) -> str:
    from gonghui.core.scoping import user_grants

    return user_grants(user)[0].unit.path


# API -----------------------------------------------------------------------------------

ENDPOINTS = [
    ("api:employment-posting-list", "api:employment-posting-detail", "posting"),
    ("api:employment-seeker-list", "api:employment-seeker-detail", "seeker"),
    ("api:employment-fair-list", "api:employment-fair-detail", "fair"),
    ("api:employment-training-list", "api:employment-training-detail", "training"),
    ("api:employment-placement-list", "api:employment-placement-detail", "placement"),
]


def test_api_lists_and_details_follow_the_scope(world, county_officer, outsider, worker):
    for list_name, detail_name, key in ENDPOINTS:
        assert refused(client_for().get(reverse(list_name)).status_code)
        for user in (outsider, worker):
            assert refused(client_for(user).get(reverse(list_name)).status_code)
        api = client_for(county_officer)
        ids = {row["id"] for row in api.get(reverse(list_name)).json()["results"]}
        assert world["a"][key].pk in ids and world["b"][key].pk not in ids, list_name
        assert api.get(reverse(detail_name, args=[world["b"][key].pk])).status_code == 404


def test_api_writes_outside_the_scope_are_refused(
    world, county_officer, grassroots_officer, mill_b, lathe_id
):
    api = client_for(county_officer)
    before = JobPosting.objects.count()
    response = api.post(reverse("api:employment-posting-list"), {
        "enterprise": mill_b.pk, "title": "越权岗位", "occupation": lathe_id, "description": "x",
        "openings": 1, "region_code": "340822", "pay_min": "4000", "pay_max": "5000",
        "valid_until": "2099-01-01"}, format="json")  # fmt: skip
    assert response.status_code == 400 and JobPosting.objects.count() == before
    posting = world["a"]["posting"]
    url = reverse("api:employment-posting-close", args=[posting.pk])
    assert client_for(grassroots_officer).post(url).status_code == 404
    assert JobPosting.objects.get(pk=posting.pk).status == PostingStatus.PUBLISHED
    response = api.post(url)
    assert response.status_code == 200 and response.json()["status"] == "closed"


def test_api_check_in_and_review(world, county_officer, factory_a, lathe_id):
    api = client_for(county_officer)
    registration = world["a"]["registration"]
    url = reverse("api:employment-fair-check-in", args=[world["a"]["fair"].pk])
    assert api.post(url, {"token": registration.token}, format="json").status_code == 200
    again = api.post(url, {"token": registration.token}, format="json")
    assert again.status_code == 400
    floated = api.post(reverse("api:employment-posting-list"), {
        "enterprise": factory_a.pk, "title": "普工", "occupation": lathe_id, "openings": 3,
        "region_code": "340802", "pay_min": 4000.5, "pay_max": "5000",
        "valid_until": "2099-01-01"}, format="json")  # fmt: skip
    assert floated.status_code == 400, floated.json()
    assert "不能使用浮点数" in str(floated.json()), floated.json()  # money is never a float
    response = api.post(reverse("api:employment-posting-list"), {
        "enterprise": factory_a.pk, "title": "普工", "occupation": lathe_id,
        "description": "限男性", "openings": 3, "region_code": "340802", "pay_min": "4000",
        "pay_max": "5000", "valid_until": "2099-01-01", "submit": True}, format="json")  # fmt: skip
    assert response.status_code == 201, response.json()
    assert response.json()["flagged_reasons"] == ["gender"]
    review = reverse("api:employment-posting-review", args=[response.json()["id"]])
    assert api.post(review, {"approve": True}, format="json").status_code == 400
    response = api.post(review, {"approve": False, "note": "含性别歧视，退回修改"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "rejected"


def test_api_seeker_contact_needs_consent(world, county_officer, zhang):
    api = client_for(county_officer)
    url = reverse("api:employment-seeker-detail", args=[world["a"]["seeker"].pk])
    assert api.get(url).json()["contact_phone"] == zhang.phone_masked
    services.seeker_save(by=zhang.user, person=zhang, consent_to_share_contact=True)
    assert api.get(url).json()["contact_phone"] == zhang.phone


def test_api_occupations_for_staff_only(county_officer, outsider, worker):
    url = reverse("api:employment-occupation-list")
    for user in (None, outsider, worker):
        assert refused(client_for(user).get(url).status_code)
    rows = client_for(county_officer).get(url, {"code": "4-02", "level": "small"}).json()
    assert [r["code"] for r in rows][:2] == ["4-02-01", "4-02-02"]
    assert all(r["parent_code"] == "4-02" for r in rows)


@pytest.fixture
def lathe_id(db: None) -> int:
    from gonghui.employment.models import Occupation

    return Occupation.objects.get(code="6-18-01").pk


# Portal --------------------------------------------------------------------------------

PORTAL = [
    "employment_portal:home", "employment_portal:profile", "employment_portal:postings",
    "employment_portal:fairs", "employment_portal:placements",
]  # fmt: skip


def test_portal_visitors_go_to_the_portal_login(client, world):
    for name in PORTAL:
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/portal/" in response["Location"], name


def test_portal_shows_the_worker_only_their_own(client, world, worker, zhang, wang):
    client.force_login(worker)
    for name in PORTAL:
        assert client.get(reverse(name)).status_code == 200, name
    placements = client.get(reverse("employment_portal:placements")).content.decode()
    assert "迎江机械厂" in placements and "怀宁纺织厂" not in placements
    own = world["a"]["fair"]
    assert client.get(reverse("employment_portal:fair_pass", args=[own.pk])).status_code == 200
    assert (
        client.get(reverse("employment_portal:fair_pass", args=[world["b"]["fair"].pk])).status_code
        == 404
    )
    page = client.get(reverse("employment_portal:fair_pass", args=[own.pk])).content.decode()
    assert world["a"]["registration"].token in page and "<svg" in page
    assert world["b"]["registration"].token not in page


def test_portal_lists_published_postings_only(client, world, worker, city_admin, factory_a):
    draft = services.posting_create(
        by=city_admin, enterprise=factory_a, **posting_fields(title="未审核岗位")
    )
    client.force_login(worker)
    page = client.get(reverse("employment_portal:postings")).content.decode()
    assert "甲岗位" in page and "乙岗位" in page and "未审核岗位" not in page
    assert client.get(reverse("employment_portal:posting", args=[draft.pk])).status_code == 404
    found = client.get(reverse("employment_portal:postings"), {"q": "甲"}).content.decode()
    assert "甲岗位" in found and "乙岗位" not in found


def test_portal_profile_saves_consent(client, world, worker, zhang):
    client.force_login(worker)
    response = client.post(reverse("employment_portal:profile"), {
        "expected_pay_min": "5000", "education": "3", "skills": "焊工、电工",
        "consent_to_share_contact": "on", "active": "on"})  # fmt: skip
    assert response.status_code == 302
    seeker = JobSeeker.objects.get(person=zhang)
    assert seeker.consent_to_share_contact and seeker.consent_at is not None
    assert seeker.skills == ["焊工", "电工"]


def test_portal_worker_without_record_is_sent_to_verify(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("employment_portal:postings"))
    assert response.status_code == 302


def test_portal_register_for_a_fair(client, world, worker, zhang, tree, city_admin):
    fair = services.fair_create(by=city_admin, unit=tree.county_b, title="丙招聘会", mode="online",
                                starts_on=SOON, ends_on=SOON)  # fmt: skip
    client.force_login(worker)
    response = client.post(reverse("employment_portal:fair_register", args=[fair.pk]))
    assert response.status_code == 302
    assert FairRegistration.objects.filter(fair=fair, person=zhang).count() == 1
    client.post(reverse("employment_portal:fair_register", args=[fair.pk]))
    assert FairRegistration.objects.filter(fair=fair, person=zhang).count() == 1
