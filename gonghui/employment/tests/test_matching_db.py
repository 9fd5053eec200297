"""Matching on the database: documents, the two directions, trainings, the cached index, the
batch job, and who reaches each matching page."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.assistance.choices import FileStatus, HardshipCause
from gonghui.assistance.models import HardshipFile
from gonghui.background.models import BackgroundJob, JobStatus
from gonghui.background.services import job_start
from gonghui.conftest import Tree
from gonghui.employment.choices import PostingStatus
from gonghui.employment.matching import runners, selectors
from gonghui.employment.matching.documents import seeker_docs
from gonghui.employment.models import JobPosting, JobSeeker, Occupation, Recommendation, Training
from gonghui.registry.tests.factories import EnterpriseFactory, PersonFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
ELECTRICIAN, FORKLIFT, COOK = "6-31-01", "6-30-05", "4-03-02"


@pytest.fixture(autouse=True)
def _fresh_index(monkeypatch: Any) -> Any:
    monkeypatch.setattr(selectors, "RECHECK_SECONDS", 0.0)  # see every change at once
    selectors.forget_index()
    yield
    selectors.forget_index()


def make_posting(unit: Any, code: str, **fields: Any) -> JobPosting:
    values: dict[str, Any] = {
        "enterprise": EnterpriseFactory(unit=unit),
        "unit": unit,
        "title": "招聘电工",
        "occupation": Occupation.objects.get(code=code),
        "description": "负责厂区配电柜和线路的维修",
        "openings": 2,
        "region_code": "340802",
        "pay_min": Decimal("5000"),
        "pay_max": Decimal("7000"),
        "valid_until": TODAY + datetime.timedelta(days=30),
        "status": PostingStatus.PUBLISHED,
        "skills": ["配电柜"],
        "certificates": ["低压电工证"],
    }
    values.update(fields)
    return JobPosting.objects.create(**values)


def make_seeker(unit: Any, codes: tuple[str, ...] = (ELECTRICIAN,), **fields: Any) -> JobSeeker:
    person_fields = {k[7:]: fields.pop(k) for k in list(fields) if k.startswith("person_")}
    values: dict[str, Any] = {
        "person": PersonFactory(unit=unit, **person_fields),
        "unit": unit,
        "wanted_region_codes": ["340802"],
        "expected_pay_min": Decimal("6000"),
        "education": 3,
        "skills": ["配电柜"],
        "certificates": ["低压电工证"],
        "experience": "在工厂做过五年电工，负责配电柜维修",
    }
    values.update(fields)
    seeker = JobSeeker.objects.create(**values)
    seeker.wanted_occupations.set(Occupation.objects.filter(code__in=codes))
    return seeker


def on_hardship_file(seeker: JobSeeker) -> None:
    HardshipFile.objects.create(
        unit=seeker.unit, person=seeker.person, status=FileStatus.ON_FILE,
        cause=HardshipCause.ILLNESS,
    )  # fmt: skip


# Documents -----------------------------------------------------------------------------------


def test_seeker_documents_take_three_queries_whatever_the_number(
    tree: Tree, django_assert_num_queries: Any
) -> None:
    seekers = [make_seeker(tree.grassroots_a, person_name=f"求职者{n}") for n in range(4)]
    on_hardship_file(seekers[1])
    with django_assert_num_queries(3):
        docs = seeker_docs(JobSeeker.objects.filter(pk__in=[s.pk for s in seekers[:2]]))
    with django_assert_num_queries(3):
        docs = seeker_docs(JobSeeker.objects.all())
    assert [d.hardship for d in docs] == [False, True, False, False]
    first = docs[0]
    birth = seekers[0].person.birth_date
    expected_age = TODAY.year - birth.year - ((TODAY.month, TODAY.day) < (birth.month, birth.day))
    assert (first.occupations, first.regions, first.expected_pay, first.age) == (
        (ELECTRICIAN,), ("340802",), 6000, expected_age,
    )  # fmt: skip
    assert first.tags == frozenset({"配电柜", "低压电工证"})


# Postings for a seeker -----------------------------------------------------------------------


def test_postings_for_a_seeker_are_filtered_ranked_and_explained(tree: Tree) -> None:
    same = make_posting(tree.grassroots_a, ELECTRICIAN)
    related = make_posting(tree.grassroots_a, "6-31-03", title="质检员", description="产品检验")
    make_posting(tree.grassroots_a, ELECTRICIAN, valid_until=TODAY - datetime.timedelta(days=1))
    make_posting(tree.grassroots_a, ELECTRICIAN, status=PostingStatus.PENDING)
    make_posting(tree.grassroots_a, ELECTRICIAN, region_code="340822")
    make_posting(tree.grassroots_a, ELECTRICIAN, pay_min=Decimal("3000"), pay_max=Decimal("5000"))
    seeker = make_seeker(tree.grassroots_a)
    results = selectors.postings_for_seeker(seeker)
    assert [r.id for r in results] == [same.pk, related.pk]
    assert results[0].object == same
    assert results[0].reason_text.startswith(
        "职业相符、期望薪资在范围内、在期望地区、技能匹配：低压电工证、配电柜"
    )
    assert results[1].reasons[0] == "职业相近"
    assert results[0].score > results[1].score


def test_the_index_is_rebuilt_only_when_postings_change(
    tree: Tree, monkeypatch: Any, django_assert_num_queries: Any
) -> None:
    make_posting(tree.grassroots_a, ELECTRICIAN)
    first = selectors.posting_index(TODAY)
    assert selectors.posting_index(TODAY) is first
    added = make_posting(tree.grassroots_a, FORKLIFT, title="叉车司机")
    second = selectors.posting_index(TODAY)
    assert second is not first and added.pk in second.row_of
    JobPosting.objects.filter(pk=added.pk).update(status=PostingStatus.CLOSED)
    assert added.pk not in selectors.posting_index(TODAY).row_of
    # between checks, the cached index is returned without a query
    monkeypatch.setattr(selectors, "RECHECK_SECONDS", 60.0)
    current = selectors.posting_index(TODAY)
    make_posting(tree.grassroots_a, FORKLIFT, title="叉车司机")
    with django_assert_num_queries(0):
        assert selectors.posting_index(TODAY) is current


# Seekers for a posting -----------------------------------------------------------------------


def test_seekers_for_a_posting_within_the_given_seekers_and_hardship_first(tree: Tree) -> None:
    posting = make_posting(tree.grassroots_a, ELECTRICIAN)
    best = make_seeker(tree.grassroots_a, person_name="甲")
    poorer = make_seeker(tree.grassroots_a, person_name="乙", skills=[], certificates=[],
                         experience="做过电工")  # fmt: skip
    on_hardship_file(poorer)
    elsewhere = make_seeker(tree.grassroots_b, person_name="丙")
    make_seeker(tree.grassroots_a, person_name="丁", expected_pay_min=Decimal("9000"))
    make_seeker(tree.grassroots_a, person_name="戊", active=False)

    everyone = selectors.seekers_for_posting(posting)
    assert [r.id for r in everyone][:1] in ([best.pk], [elsewhere.pk])
    assert {r.id for r in everyone} == {best.pk, poorer.pk, elsewhere.pk}
    assert everyone[-1].id == poorer.pk

    county_a = JobSeeker.objects.within(tree.county_a)
    assert [r.id for r in selectors.seekers_for_posting(posting, seekers=county_a)] == [
        best.pk, poorer.pk,
    ]  # fmt: skip
    first = selectors.seekers_for_posting(posting, hardship_first=True, seekers=county_a)
    assert [r.id for r in first] == [poorer.pk, best.pk]
    assert first[0].reasons[0] == "困难家庭优先" and first[0].hardship


def test_seekers_for_a_posting_by_commuting_distance(tree: Tree) -> None:
    posting = make_posting(
        tree.grassroots_a,
        ELECTRICIAN,
        latitude=Decimal("30.510000"),
        longitude=Decimal("117.090000"),
    )
    near = make_seeker(
        tree.grassroots_a, latitude=Decimal("30.600000"), longitude=Decimal("117.090000")
    )
    far = make_seeker(
        tree.grassroots_a, latitude=Decimal("30.900000"), longitude=Decimal("117.090000")
    )
    without = make_seeker(tree.grassroots_a)  # wants 340802, where the posting is
    results = selectors.seekers_for_posting(posting)
    assert {r.id for r in results} == {near.pk, without.pk}
    assert far.pk not in {r.id for r in results}
    (found,) = [r for r in results if r.id == near.pk]
    assert "距离10公里" in found.reasons


# Trainings -----------------------------------------------------------------------------------


def test_a_seeker_without_a_good_match_is_shown_the_trainings_opening_most_postings(
    tree: Tree,
) -> None:
    for _n in range(3):
        make_posting(tree.grassroots_a, FORKLIFT, title="叉车司机", description="驾驶叉车")
    make_posting(tree.grassroots_a, COOK, title="厨师", description="炒菜")
    make_posting(tree.grassroots_a, FORKLIFT, region_code="340822")  # not in the wanted place

    def training(code: str, title: str, days: int = 10) -> Training:
        return Training.objects.create(
            unit=tree.county_a, title=title, occupation=Occupation.objects.get(code=code),
            provider="安庆技师学院", starts_on=TODAY + datetime.timedelta(days=days),
            ends_on=TODAY + datetime.timedelta(days=days + 20),
        )  # fmt: skip

    forklift = training(FORKLIFT, "叉车司机培训")
    cook = training("4-03", "餐饮服务培训")  # a medium category covers the cook posting
    training(FORKLIFT, "已开班的叉车培训", days=-1)
    training("2-06-03", "会计培训")  # no open posting

    idle = make_seeker(tree.grassroots_a, ("2-08-03",), skills=[], certificates=[],
                       experience="带过幼儿园小班", education=1)  # fmt: skip
    suggestions = selectors.trainings_for(idle)
    assert [(s.training, s.postings) for s in suggestions] == [(forklift, 3), (cook, 1)]

    electrician = make_seeker(tree.grassroots_a)
    make_posting(tree.grassroots_a, ELECTRICIAN)
    selectors.forget_index()
    assert selectors.trainings_for(electrician) == []


# Batch -----------------------------------------------------------------------------------------


@pytest.mark.access("employment.Recommendation")
def test_the_batch_job_replaces_recommendations_of_its_units_seekers_only(
    tree: Tree,
    county_officer: Any,
    grassroots_officer: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    first = make_posting(tree.grassroots_a, ELECTRICIAN)
    second = make_posting(tree.grassroots_a, ELECTRICIAN, title="维修电工")
    seeker = make_seeker(tree.grassroots_a)
    outside = make_seeker(tree.grassroots_b)
    stale = Recommendation.objects.create(
        seeker=seeker, posting=second, unit=seeker.unit, rank=1, score=0.1,
        computed_at=timezone.now() - datetime.timedelta(days=3),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(by=county_officer, unit=tree.county_a, kind=runners.JOB_KIND, title="推荐")
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.result == {"seekers": 1, "recommendations": 2, "without_match": 0}
    assert (job.done, job.total) == (1, 1)
    rows = list(Recommendation.objects.filter(seeker=seeker).order_by("rank"))
    assert [(r.rank, r.posting_id) for r in rows] == [(1, first.pk), (2, second.pk)]
    assert not Recommendation.objects.filter(pk=stale.pk).exists()
    assert rows[0].reasons[0] == "职业相符" and rows[0].unit == tree.grassroots_a
    assert not Recommendation.objects.filter(seeker=outside).exists()
    assert Recommendation.objects.restrict(county_officer).count() == 2
    assert Recommendation.objects.restrict(grassroots_officer).count() == 0


# Pages -----------------------------------------------------------------------------------------


@pytest.fixture
def pages(tree: Tree) -> dict[str, str]:
    posting = make_posting(tree.grassroots_a, ELECTRICIAN)
    seeker = make_seeker(tree.grassroots_a)
    return {
        "seeker": reverse("employment:matching:seeker", args=[seeker.pk]),
        "posting": reverse("employment:matching:posting", args=[posting.pk]),
        "batch": reverse("employment:matching:batch"),
    }


def test_visitors_go_to_login_and_outsiders_are_refused(
    client: Any, outsider: Any, pages: dict[str, str]
) -> None:
    for url in pages.values():
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    client.force_login(outsider)
    for url in pages.values():
        assert client.get(url).status_code == 403, url
    assert client.post(pages["batch"]).status_code == 403
    assert not BackgroundJob.objects.exists()


@pytest.mark.access("employment.JobSeeker", "employment.JobPosting")
def test_staff_of_another_subtree_get_404(
    client: Any, grassroots_officer: Any, county_officer: Any, pages: dict[str, str]
) -> None:
    client.force_login(grassroots_officer)
    assert client.get(pages["seeker"]).status_code == 404
    assert client.get(pages["posting"]).status_code == 404
    client.force_login(county_officer)
    response = client.get(pages["seeker"])
    assert response.status_code == 200
    assert "职业相符、期望薪资在范围内" in response.content.decode()
    assert client.get(pages["posting"]).status_code == 200


def test_the_posting_page_masks_contacts_without_consent_and_keeps_to_the_scope(
    client: Any, tree: Tree, county_officer: Any
) -> None:
    posting = make_posting(tree.grassroots_a, ELECTRICIAN)
    agreed = make_seeker(tree.grassroots_a, person_name="同意者", consent_to_share_contact=True)
    refused = make_seeker(tree.grassroots_a, person_name="未同意者")
    other = make_seeker(tree.grassroots_b, person_name="外县求职者")
    on_hardship_file(refused)
    client.force_login(county_officer)
    page = client.get(reverse("employment:matching:posting", args=[posting.pk]))
    html = page.content.decode()
    assert agreed.person.phone in html
    assert refused.person.phone not in html and refused.person.phone_masked in html
    assert "未同意者" in html and other.person.name not in html
    hardship = client.get(reverse("employment:matching:posting", args=[posting.pk]) + "?hardship=1")
    body = hardship.content.decode()
    assert body.index("未同意者") < body.index("同意者</a>")


def test_the_batch_page_starts_the_job_for_staff_who_may_add(
    client: Any, tree: Tree, county_officer: Any, auditor: Any, pages: dict[str, str]
) -> None:
    client.force_login(auditor)
    assert client.get(pages["batch"]).status_code == 200
    assert client.post(pages["batch"]).status_code == 403
    assert not BackgroundJob.objects.exists()
    client.force_login(county_officer)
    response = client.post(pages["batch"])
    job = BackgroundJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("background:job_detail", args=[job.pk])
    assert (job.kind, job.unit, job.created_by) == (runners.JOB_KIND, tree.county_a, county_officer)
    page = client.get(pages["batch"]).content.decode()
    assert job.title in page


def test_the_matching_pages_read_a_fixed_number_of_queries(
    client: Any, tree: Tree, county_officer: Any
) -> None:
    posting = make_posting(tree.grassroots_a, ELECTRICIAN)
    seeker = make_seeker(tree.grassroots_a, person_name="甲")
    client.force_login(county_officer)
    urls = [
        reverse("employment:matching:posting", args=[posting.pk]),
        reverse("employment:matching:seeker", args=[seeker.pk]),
    ]
    for url in urls:
        client.get(url)  # the index is built once per process, not counted
    counts = []
    for extra in (0, 6):
        for n in range(extra):
            make_seeker(tree.grassroots_a, person_name=f"乙{n}")
            make_posting(tree.grassroots_a, ELECTRICIAN, title=f"电工{n}")
        selectors.posting_index()  # rebuilt after the new postings, outside the count
        with CaptureQueriesContext(connection) as captured:
            for url in urls:
                assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
