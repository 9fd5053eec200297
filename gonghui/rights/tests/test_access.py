"""Who reaches which rights page and endpoint: each persona sees exactly its subtree, writes
outside it are refused and change nothing, visitors go to the login, outsiders get 403."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.casework.models import Case
from gonghui.conftest import Tree
from gonghui.core.tests.api_client import client_for, refused
from gonghui.rights import services
from gonghui.rights.models import Consultation, Lawyer, LegalAidCase, OutreachEvent
from gonghui.rights.tests.conftest import open_arrears, open_legal_aid, record_request
from gonghui.utils.idcard import make_id_number

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.access("rights.Lawyer", "rights.Consultation", "rights.OutreachEvent"),
]

NEW_ID = make_id_number("340802", datetime.date(1990, 1, 1), 123, "male")

PAGES = [
    "rights:home",
    "rights:request_record",
    "rights:legal_aid_open",
    "rights:wage_arrears_open",
    "rights:lawyer_list",
    "rights:lawyer_create",
    "rights:lawyer_export",
    "rights:consultation_list",
    "rights:consultation_create",
    "rights:consultation_export",
    "rights:outreach_list",
    "rights:outreach_create",
    "rights:outreach_export",
]


@pytest.fixture
def records(tree: Tree, city_admin) -> dict[str, list]:
    """One lawyer, consultation and outreach event in each county."""
    made: dict[str, list] = {"lawyer": [], "consultation": [], "outreach": []}
    for unit, name in ((tree.county_a, "甲律师"), (tree.grassroots_b, "乙律师")):
        made["lawyer"].append(services.lawyer_create(by=city_admin, unit=unit, name=name))
        made["consultation"].append(
            services.consultation_create(
                by=city_admin,
                unit=unit,
                date=datetime.date(2025, 5, 1),
                channel="walk_in",
                topic="wages",
                summary=f"{name}咨询",
            )
        )
        made["outreach"].append(
            services.outreach_create(
                by=city_admin,
                unit=unit,
                date=datetime.date(2025, 5, 1),
                place=f"{name}广场",
                topic="劳动合同法",
                attendees=120,
            )
        )
    return made


def test_visitors_go_to_login_and_outsiders_and_workers_are_refused(
    client, outsider, worker, zhang
):
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
    for user in (outsider, worker):
        client.force_login(user)
        for name in PAGES:
            assert client.get(reverse(name)).status_code == 403, name


def test_staff_reach_every_page(client, city_admin, records):
    client.force_login(city_admin)
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 200, name


def test_auditor_reads_but_cannot_record(client, auditor, records):
    client.force_login(auditor)
    assert client.get(reverse("rights:lawyer_list")).status_code == 200
    for name in ("rights:lawyer_create", "rights:request_record", "rights:outreach_create"):
        assert client.get(reverse(name)).status_code == 403
    before = OutreachEvent.objects.count()
    response = client.post(
        reverse("rights:outreach_create"),
        {"date": "2025-05-02", "place": "广场", "topic": "普法", "attendees": "10"},
    )
    assert response.status_code == 403 and OutreachEvent.objects.count() == before


@pytest.mark.parametrize(
    ("name", "model", "text_a", "text_b"),
    [
        ("rights:lawyer_list", Lawyer, "甲律师", "乙律师"),
        ("rights:consultation_export", Consultation, "甲律师咨询", "乙律师咨询"),
        ("rights:outreach_list", OutreachEvent, "甲律师广场", "乙律师广场"),
        ("rights:outreach_export", OutreachEvent, "甲律师广场", "乙律师广场"),
    ],
)
def test_lists_and_exports_show_only_the_subtree(
    client, county_officer, grassroots_officer, city_admin, records, name, model, text_a, text_b
):
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


def test_lawyer_edit_outside_the_scope_is_404(client, county_officer, records):
    theirs = records["lawyer"][1]
    client.force_login(county_officer)
    url = reverse("rights:lawyer_update", args=[theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "改名", "kind": "lawyer"}).status_code == 404
    assert Lawyer.objects.get(pk=theirs.pk).name == "乙律师"


def test_workspace_records_a_request_and_shows_it_on_the_case_page(
    client, tree: Tree, county_officer, wages, factory_a
):
    client.force_login(county_officer)
    response = client.post(
        reverse("rights:request_record"),
        {
            "id_number": NEW_ID,
            "name": "赵六",
            "channel": "hotline",
            "category": wages.pk,
            "description": "工资被克扣",
            "employer": factory_a.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get()
    assert case.unit == tree.grassroots_a and case.applicant.name == "赵六"
    page = client.get(reverse("casework:detail", args=[case.pk])).content.decode()
    assert 'id="rights-detail"' in page


def test_workspace_refuses_an_unknown_worker_without_a_name(client, county_officer, wages):
    client.force_login(county_officer)
    response = client.post(
        reverse("rights:request_record"),
        {
            "id_number": NEW_ID,
            "channel": "hotline",
            "category": wages.pk,
            "description": "工资被克扣",
        },
    )
    assert response.status_code == 400 and not Case.objects.exists()


def test_case_edit_pages_follow_the_case_scope(
    client, tree: Tree, city_admin, county_officer, grassroots_officer, auditor, zhang
):
    aid = open_legal_aid(city_admin, zhang, tree.county_a)
    arrears = open_arrears(city_admin, zhang, tree.county_a)
    aid_url = reverse("rights:legal_aid_update", args=[aid.pk])
    arrears_url = reverse("rights:wage_arrears_update", args=[arrears.pk])
    client.force_login(grassroots_officer)
    assert client.get(aid_url).status_code == 404
    assert (
        client.post(aid_url, {"stage": "arbitration", "amount_recovered": "1"}).status_code == 404
    )
    client.force_login(auditor)
    assert client.get(arrears_url).status_code == 403
    client.force_login(county_officer)
    assert client.get(reverse("rights:legal_aid_update", args=[arrears.pk])).status_code == 404
    response = client.post(aid_url, {"stage": "arbitration", "amount_recovered": "-5"})
    assert response.status_code == 400
    response = client.post(aid_url, {"stage": "arbitration", "amount_recovered": "300.50"})
    assert response.status_code == 302
    assert LegalAidCase.objects.get(pk=aid.pk).amount_recovered == Decimal("300.50")
    response = client.post(
        arrears_url,
        {
            "workers_count": "12",
            "migrant_workers_count": "13",
            "amount_owed": "120000",
            "amount_recovered": "0",
        },
    )
    assert response.status_code == 400


def test_rating_page_for_staff(
    client, tree: Tree, city_admin, county_officer, grassroots_officer, zhang
):
    from gonghui.casework.services import case_accept, case_resolve

    case = record_request(city_admin, zhang, tree.county_a)
    case = case_accept(by=city_admin, case=case, expected_version=case.version)
    case = case_resolve(by=city_admin, case=case, reply="答复", expected_version=case.version)
    url = reverse("rights:request_rate", args=[case.pk])
    client.force_login(grassroots_officer)
    assert client.post(url, {"score": "5"}).status_code == 404
    client.force_login(county_officer)
    assert client.post(url, {"score": "4"}).status_code == 302
    assert case.worker_request.__class__.objects.get(pk=case.pk).satisfaction == 4


# API --------------------------------------------------------------------------------------

API_LISTS = ["api:rights-lawyer-list", "api:rights-consultation-list", "api:rights-outreach-list"]


def test_api_refuses_visitors_and_outsiders(outsider, records):
    for name in [*API_LISTS, "api:rights-request-list"]:
        assert refused(client_for().get(reverse(name)).status_code)
        assert refused(client_for().post(reverse(name), {}).status_code)
        assert client_for(outsider).get(reverse(name)).status_code == 403


def test_api_lists_only_the_subtree(county_officer, records):
    client = client_for(county_officer)
    for name, key in zip(API_LISTS, ["lawyer", "consultation", "outreach"], strict=True):
        rows = client.get(reverse(name)).json()["results"]
        assert [row["id"] for row in rows] == [records[key][0].pk], name
        detail = name.replace("-list", "-detail")
        assert client.get(reverse(detail, args=[records[key][1].pk])).status_code == 404


def test_api_writes_outside_the_scope_change_nothing(tree: Tree, county_officer, auditor, records):
    before = (Lawyer.objects.count(), OutreachEvent.objects.count())
    client = client_for(county_officer)
    response = client.post(
        reverse("api:rights-outreach-list"),
        {
            "unit": tree.county_b.pk,
            "date": "2025-05-01",
            "place": "广场",
            "topic": "普法",
            "attendees": 5,
        },
        format="json",
    )
    assert response.status_code == 400
    response = client.patch(
        reverse("api:rights-lawyer-detail", args=[records["lawyer"][1].pk]),
        {"name": "改名"},
        format="json",
    )
    assert response.status_code == 404
    response = client_for(auditor).post(
        reverse("api:rights-lawyer-list"), {"unit": tree.city.pk, "name": "x"}, format="json"
    )
    assert response.status_code == 403
    assert (Lawyer.objects.count(), OutreachEvent.objects.count()) == before
    assert Lawyer.objects.get(pk=records["lawyer"][1].pk).name == "乙律师"


def test_api_creates_records_and_cases(tree: Tree, county_officer, zhang, records, factory_a):
    client = client_for(county_officer)
    response = client.post(
        reverse("api:rights-consultation-list"),
        {
            "unit": tree.county_a.pk,
            "date": "2025-05-03",
            "channel": "online",
            "topic": "dismissal",
            "person": zhang.pk,
            "lawyer": records["lawyer"][0].pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    response = client.post(
        reverse("api:rights-request-list"),
        {
            "applicant": zhang.pk,
            "unit": tree.county_a.pk,
            "category": "wages",
            "description": "加班费未付",
            "employer": factory_a.pk,
            "urgent": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["unit"] == tree.grassroots_a.pk
    response = client.post(
        reverse("api:rights-legal-aid-list"),
        {
            "applicant": zhang.pk,
            "unit": tree.county_a.pk,
            "description": "仲裁",
            "dispute_type": "wages",
            "dispute_date": "2025-03-01",
            "lawyer": records["lawyer"][0].pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    response = client.post(
        reverse("api:rights-wage-arrears-list"),
        {
            "applicant": zhang.pk,
            "unit": tree.county_a.pk,
            "description": "欠薪",
            "amount_owed": "50000.00",
            "amount_recovered": "60000.00",
        },
        format="json",
    )
    assert response.status_code == 400  # recovered above owed
    assert Case.objects.count() == 2


def test_api_case_creation_outside_the_scope_is_refused(
    tree: Tree, grassroots_officer, county_officer, zhang, wang
):
    response = client_for(grassroots_officer).post(
        reverse("api:rights-request-list"),
        {"applicant": wang.pk, "unit": tree.county_a.pk, "category": "wages", "description": "x"},
        format="json",
    )
    assert response.status_code == 400
    response = client_for(county_officer).post(
        reverse("api:rights-legal-aid-list"),
        {
            "applicant": wang.pk,
            "unit": tree.county_a.pk,
            "description": "x",
            "dispute_type": "wages",
            "dispute_date": "2025-03-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_case_pages_show_each_kinds_detail_and_warnings(
    client, tree: Tree, city_admin, zhang, lawyer_a
):
    near = datetime.date.today() - datetime.timedelta(days=355)
    aid = open_legal_aid(city_admin, zhang, tree.county_a, dispute_date=near, lawyer=lawyer_a)
    arrears = open_arrears(city_admin, zhang, tree.county_a, joint_with_labour_bureau=True)
    client.force_login(city_admin)
    page = client.get(reverse("casework:detail", args=[aid.pk])).content.decode()
    assert 'id="limitation-warning"' in page and "李律师" in page
    assert reverse("rights:legal_aid_update", args=[aid.pk]) in page
    page = client.get(reverse("casework:detail", args=[arrears.pk])).content.decode()
    assert (
        "120,000.00元" in page and reverse("rights:wage_arrears_update", args=[arrears.pk]) in page
    )
    home = client.get(reverse("rights:home")).content.decode()
    assert aid.reference in home  # in the limitation warnings


@pytest.mark.parametrize(
    "name", ["rights:lawyer_list", "rights:consultation_list", "rights:outreach_list"]
)
def test_list_pages_take_a_fixed_number_of_queries(
    client, tree: Tree, city_admin, records, name, django_assert_max_num_queries
):
    client.force_login(city_admin)
    client.get(reverse(name))  # warm the session
    with django_assert_max_num_queries(12):
        assert client.get(reverse(name)).status_code == 200
    for n in range(5):
        services.lawyer_create(by=city_admin, unit=tree.township_a, name=f"律师{n}")
        services.consultation_create(
            by=city_admin, unit=tree.township_a, date=datetime.date(2025, 5, 2),
            channel="online", topic="wages", lawyer=records["lawyer"][0],
        )  # fmt: skip
        services.outreach_create(
            by=city_admin, unit=tree.township_a, date=datetime.date(2025, 5, 2),
            place="社区", topic="普法", attendees=10,
        )  # fmt: skip
    with django_assert_max_num_queries(12):
        assert client.get(reverse(name)).status_code == 200
