"""Who reaches which mediation, bargaining, inspection and safety competition page and
endpoint: each persona sees exactly its subtree, writes outside it are refused and change
nothing, visitors go to the login, outsiders and workers get 403."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gonghui.conftest import Tree
from gonghui.core.tests.api_client import client_for, refused
from gonghui.registry.tests.factories import EnterpriseFactory, PersonFactory
from gonghui.rights import services_bargaining, services_mediation, services_safety
from gonghui.rights.models import (
    BargainingOffer,
    CollectiveContract,
    ContractCoverage,
    Hazard,
    HazardPhoto,
    Inspection,
    MediationBody,
    MediationCase,
    SafetyCompetitionEntry,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.access(
        "rights.MediationBody", "rights.Mediator", "rights.MediationCase",
        "rights.BargainingOffer", "rights.CollectiveContract", "rights.ContractCoverage",
        "rights.Inspection", "rights.Hazard", "rights.HazardPhoto",
        "rights.SafetyCompetitionEntry",
    ),
]  # fmt: skip
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

PAGES = [
    "rights:mediation_body_list", "rights:mediation_body_export", "rights:mediation_body_create",
    "rights:mediation_list", "rights:mediation_export", "rights:mediation_create",
    "rights:offer_list", "rights:offer_export", "rights:offer_create",
    "rights:contract_list", "rights:contract_export", "rights:contract_create",
    "rights:contract_expiring",
    "rights:inspection_list", "rights:inspection_export", "rights:inspection_create",
    "rights:hazard_list", "rights:hazard_export",
    "rights:safety_entry_list", "rights:safety_entry_export", "rights:safety_entry_create",
]  # fmt: skip
# Pages of one record: (url name, key of the record in ``made``); all need Change but details.
RECORD_PAGES = [
    ("rights:mediation_body_detail", "body"), ("rights:mediation_body_update", "body"),
    ("rights:mediator_create", "body"), ("rights:mediator_update", "mediator"),
    ("rights:mediation_detail", "case"), ("rights:mediation_update", "case"),
    ("rights:mediation_session_add", "case"), ("rights:mediation_conclude", "case"),
    ("rights:offer_detail", "offer"), ("rights:offer_update", "offer"),
    ("rights:offer_answer", "offer"),
    ("rights:contract_detail", "contract"), ("rights:contract_update", "contract"),
    ("rights:contract_enterprise_add", "contract"),
    ("rights:inspection_detail", "inspection"), ("rights:inspection_update", "inspection"),
    ("rights:hazard_add", "inspection"),
    ("rights:hazard_detail", "hazard"), ("rights:hazard_update", "hazard"),
    ("rights:hazard_rectify", "hazard"), ("rights:hazard_photo_add", "hazard"),
    ("rights:hazard_photo_download", "photo"),
    ("rights:safety_entry_update", "entry"),
]  # fmt: skip
DETAILS = {"rights:mediation_body_detail", "rights:mediation_detail", "rights:offer_detail",
           "rights:contract_detail", "rights:inspection_detail", "rights:hazard_detail",
           "rights:hazard_photo_download"}  # fmt: skip


def _records(by, unit, tag: str) -> dict:
    firm: Any = EnterpriseFactory(unit=unit, name=f"{tag}企业")
    worker = PersonFactory(unit=unit, name=f"{tag}职工", employer=firm)
    body = services_mediation.mediation_body_create(
        by=by, unit=unit, name=f"{tag}调解室", established_on=TODAY - 400 * DAY
    )
    mediator = services_mediation.mediator_create(by=by, body=body, name=f"{tag}调解员")
    case = services_mediation.mediation_open(
        by=by, body=body, worker=worker, dispute=f"{tag}争议", opened_on=TODAY - 5 * DAY
    )
    offer = services_bargaining.offer_create(
        by=by, unit=unit, enterprise=firm, sent_on=TODAY - 30 * DAY, note=f"{tag}要约"
    )
    contract = services_bargaining.contract_create(
        by=by,
        unit=unit,
        enterprises=[(firm, 40)],
        title=f"{tag}集体合同",
        union_party="工会",
        employer_party=firm.name,
        signed_on=TODAY - 10 * DAY,
        starts_on=TODAY - 10 * DAY,
        expires_on=TODAY + 30 * DAY,
    )
    inspection = services_safety.inspection_create(
        by=by, unit=unit, enterprise=firm, date=TODAY - 20 * DAY, inspectors=f"{tag}检查员"
    )
    hazard = services_safety.hazard_add(
        by=by, inspection=inspection, description=f"{tag}隐患", deadline=TODAY - DAY
    )
    photo = services_safety.hazard_add_photos(
        by=by, hazard=hazard, files=[SimpleUploadedFile(f"{tag}.png", PNG)]
    )[0]
    entry = services_safety.safety_entry_create(
        by=by, unit=unit, enterprise=firm, year=TODAY.year, workers=40
    )
    return {"firm": firm, "worker": worker, "body": body, "mediator": mediator, "case": case,
            "offer": offer, "contract": contract, "inspection": inspection, "hazard": hazard,
            "photo": photo, "entry": entry}  # fmt: skip


@pytest.fixture
def made(tree: Tree, city_admin) -> dict:
    """The same records in county A (甲) and in the grassroots union of county B (乙)."""
    return {"a": _records(city_admin, tree.county_a, "甲"),
            "b": _records(city_admin, tree.grassroots_b, "乙")}  # fmt: skip


def _url(name: str, record) -> str:
    return reverse(name, args=[record.pk])


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8-sig", errors="replace")


def test_visitors_go_to_login_and_outsiders_and_workers_are_refused(
    client, outsider, worker, zhang, made
):
    urls = [reverse(n) for n in PAGES] + [_url(n, made["a"][k]) for n, k in RECORD_PAGES]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    for user in (outsider, worker):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403, url


def test_staff_reach_every_page(client, city_admin, made):
    client.force_login(city_admin)
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 200, name
    for name, key in RECORD_PAGES:
        assert client.get(_url(name, made["b"][key])).status_code == 200, name
    home = client.get(reverse("rights:home")).content.decode()
    for name in ("rights:mediation_list", "rights:contract_list", "rights:safety_entry_list"):
        assert reverse(name) in home


@pytest.mark.parametrize(
    "name",
    ["rights:mediation_body_list", "rights:mediation_body_export", "rights:mediation_list",
     "rights:mediation_export", "rights:offer_list", "rights:offer_export",
     "rights:contract_list", "rights:contract_export", "rights:contract_expiring",
     "rights:inspection_list", "rights:inspection_export", "rights:hazard_list",
     "rights:hazard_export", "rights:safety_entry_list", "rights:safety_entry_export"],
)  # fmt: skip
def test_lists_and_exports_show_only_the_subtree(
    client, county_officer, grassroots_officer, city_admin, made, name
):
    for user, sees_a, sees_b in (
        (county_officer, True, False),
        (grassroots_officer, False, True),
        (city_admin, True, True),
    ):
        client.force_login(user)
        text = _text(client.get(reverse(name)))
        assert ("甲" in text, "乙" in text) == (sees_a, sees_b), (user, name)


def test_record_pages_outside_the_subtree_are_404_and_change_nothing(client, county_officer, made):
    client.force_login(county_officer)
    for name, key in RECORD_PAGES:
        url = _url(name, made["b"][key])
        assert client.get(url).status_code == 404, name
        if name not in DETAILS:
            assert client.post(url, {"name": "改", "reason": "x", "title": "改"}).status_code == 404
    remove = reverse("rights:contract_enterprise_remove",
                     args=[made["b"]["contract"].pk, made["b"]["firm"].pk])  # fmt: skip
    assert client.post(remove).status_code == 404
    for name in ("rights:mediation_reopen", "rights:offer_reopen", "rights:hazard_verify",
                 "rights:hazard_reopen"):  # fmt: skip
        key = {"rights:mediation_reopen": "case", "rights:offer_reopen": "offer"}.get(
            name, "hazard"
        )
        assert client.post(_url(name, made["b"][key]), {"reason": "x"}).status_code == 404
    assert MediationBody.objects.get(pk=made["b"]["body"].pk).name == "乙调解室"
    assert CollectiveContract.objects.get(pk=made["b"]["contract"].pk).workers_covered == 40
    assert Hazard.objects.get(pk=made["b"]["hazard"].pk).status == "open"


def test_auditor_reads_but_cannot_write(client, auditor, made):
    client.force_login(auditor)
    for name in ("rights:mediation_list", "rights:contract_list", "rights:hazard_list"):
        assert client.get(reverse(name)).status_code == 200
    detail = client.get(_url("rights:hazard_detail", made["a"]["hazard"])).content.decode()
    assert reverse("rights:hazard_rectify", args=[made["a"]["hazard"].pk]) not in detail
    for name in ("rights:mediation_create", "rights:offer_create", "rights:inspection_create"):
        assert client.get(reverse(name)).status_code == 403
    url = _url("rights:hazard_rectify", made["a"]["hazard"])
    assert client.post(url, {"rectified_on": TODAY.isoformat()}).status_code == 403
    assert Hazard.objects.get(pk=made["a"]["hazard"].pk).status == "open"


def test_photos_are_served_within_the_scope_only(client, county_officer, grassroots_officer,
                                                 made):  # fmt: skip
    url = _url("rights:hazard_photo_download", made["a"]["photo"])
    client.force_login(county_officer)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png" and "attachment" in response[
        "Content-Disposition"]  # fmt: skip
    client.force_login(grassroots_officer)
    assert client.get(url).status_code == 404


def test_forms_write_through_the_services(client, tree: Tree, county_officer, made):
    a = made["a"]
    client.force_login(county_officer)
    response = client.post(
        reverse("rights:mediation_body_create"),
        {"name": "诉调对接室", "kind": "court_referred", "established_on": TODAY.isoformat()},
    )
    assert response.status_code == 400 and "法院" in response.content.decode()
    response = client.post(
        reverse("rights:mediation_body_create"),
        {
            "name": "诉调对接室",
            "kind": "court_referred",
            "court_name": "迎江区法院",
            "established_on": TODAY.isoformat(),
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    body = MediationBody.objects.get(name="诉调对接室")
    mediation = {
        "body": body.pk,
        "id_number": a["worker"].id_number,
        "dispute_type": "wages",
        "dispute": "欠薪",
        "opened_on": TODAY.isoformat(),
        "employer": a["firm"].pk,
    }
    response = client.post(reverse("rights:mediation_create"), mediation)
    assert response.status_code == 400 and MediationCase.objects.count() == 2
    response = client.post(
        reverse("rights:mediation_create"),
        {**mediation, "court_reference": "（2025）皖0802民诉前调9号"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case = MediationCase.objects.get(body=body)
    assert case.employer == a["firm"] and case.unit == tree.county_a
    response = client.post(
        _url("rights:mediation_conclude", case),
        {"outcome": "agreement", "outcome_on": TODAY.isoformat(), "amount_agreed": "-1"},
    )
    assert response.status_code == 400
    response = client.post(
        _url("rights:mediation_conclude", case),
        {"outcome": "agreement", "outcome_on": TODAY.isoformat(), "amount_agreed": "5000"},
    )
    assert response.status_code == 302
    assert client.get(_url("rights:mediation_update", case)).status_code == 200
    response = client.post(
        _url("rights:mediation_update", case),
        {"dispute": "改", "dispute_type": "wages", "opened_on": TODAY.isoformat()},
    )
    assert response.status_code == 400 and MediationCase.objects.get(pk=case.pk).dispute == "欠薪"

    response = client.post(
        reverse("rights:contract_create"),
        {
            "kind": "enterprise",
            "contract_type": "wages",
            "title": "工资专项",
            "union_party": "工会",
            "employer_party": "企业",
            "signed_on": TODAY.isoformat(),
            "starts_on": TODAY.isoformat(),
            "expires_on": (TODAY - DAY).isoformat(),
            "employer": a["firm"].pk,
            "workers": "40",
        },
    )
    assert response.status_code == 400 and CollectiveContract.objects.count() == 2
    response = client.post(
        reverse("rights:contract_create"),
        {
            "kind": "regional",
            "contract_type": "comprehensive",
            "title": "区域合同",
            "union_party": "工会",
            "employer_party": "企业联合会",
            "signed_on": TODAY.isoformat(),
            "starts_on": TODAY.isoformat(),
            "expires_on": (TODAY + 700 * DAY).isoformat(),
        },
    )
    assert response.status_code == 302
    regional = CollectiveContract.objects.get(title="区域合同")
    response = client.post(
        _url("rights:contract_enterprise_add", regional),
        {"employer": a["firm"].pk, "workers": "45"},
    )
    assert response.status_code == 302
    coverage = ContractCoverage.objects.get(enterprise=a["firm"], year=TODAY.year)
    assert (coverage.workers, coverage.contracts) == (45, 2)
    response = client.post(
        reverse("rights:contract_enterprise_remove", args=[regional.pk, a["firm"].pk])
    )
    assert response.status_code == 302
    assert ContractCoverage.objects.get(enterprise=a["firm"], year=TODAY.year).workers == 40

    response = client.post(
        reverse("rights:offer_create"),
        {"kind": "enterprise", "contract_type": "women", "sent_on": TODAY.isoformat()},
    )
    assert response.status_code == 400 and BargainingOffer.objects.count() == 2
    response = client.post(
        reverse("rights:inspection_create"),
        {"date": TODAY.isoformat(), "inspectors": "王", "employer": made["b"]["firm"].pk},
    )
    assert response.status_code == 400 and Inspection.objects.count() == 2
    response = client.post(
        _url("rights:hazard_photo_add", a["hazard"]),
        {"photos": [SimpleUploadedFile("x.jpg", b"%PDF-1.4 fake")]},
    )
    assert response.status_code == 400 and HazardPhoto.objects.count() == 2
    response = client.post(
        _url("rights:hazard_photo_add", a["hazard"]),
        {"photos": [SimpleUploadedFile("现场.png", PNG)]},
    )
    assert response.status_code == 302 and HazardPhoto.objects.count() == 3
    response = client.post(
        reverse("rights:safety_entry_create"),
        {"year": TODAY.year, "workers": "40", "employer": a["firm"].pk},
    )
    assert response.status_code == 400 and SafetyCompetitionEntry.objects.count() == 2
    overdue = client.get(reverse("rights:hazard_list") + "?status=overdue").content.decode()
    assert "甲隐患" in overdue


@pytest.mark.parametrize(
    "name", ["rights:mediation_list", "rights:contract_list", "rights:hazard_list",
             "rights:inspection_list", "rights:offer_list"]
)  # fmt: skip
def test_list_pages_take_a_fixed_number_of_queries(
    client, tree: Tree, city_admin, made, name, django_assert_max_num_queries
):
    client.force_login(city_admin)
    client.get(reverse(name))
    with django_assert_max_num_queries(14):
        assert client.get(reverse(name)).status_code == 200
    _records(city_admin, tree.township_a, "丙")
    _records(city_admin, tree.county_b, "丁")
    with django_assert_max_num_queries(14):
        assert client.get(reverse(name)).status_code == 200


# API ------------------------------------------------------------------------------------------

API = [
    ("api:rights-mediation-body-list", "body"), ("api:rights-mediator-list", "mediator"),
    ("api:rights-mediation-list", "case"), ("api:rights-offer-list", "offer"),
    ("api:rights-contract-list", "contract"), ("api:rights-inspection-list", "inspection"),
    ("api:rights-hazard-list", "hazard"), ("api:rights-safety-list", "entry"),
]  # fmt: skip


def test_api_refuses_visitors_and_outsiders(outsider, worker, zhang, made):
    for name, _key in [*API, ("api:rights-coverage-list", "")]:
        assert refused(client_for().get(reverse(name)).status_code), name
        assert client_for(outsider).get(reverse(name)).status_code == 403
        assert client_for(worker).get(reverse(name)).status_code == 403


def test_api_lists_only_the_subtree(county_officer, grassroots_officer, made):
    for user, mine, theirs in ((county_officer, "a", "b"), (grassroots_officer, "b", "a")):
        client = client_for(user)
        for name, key in API:
            rows = client.get(reverse(name)).json()["results"]
            assert [row["id"] for row in rows] == [made[mine][key].pk], name
            detail = name.replace("-list", "-detail")
            assert client.get(reverse(detail, args=[made[theirs][key].pk])).status_code == 404
        coverage = client.get(reverse("api:rights-coverage-list")).json()["results"]
        assert {row["enterprise"] for row in coverage} == {made[mine]["firm"].pk}
        expiring = client.get(reverse("api:rights-contract-expiring")).json()["results"]
        assert [row["id"] for row in expiring] == [made[mine]["contract"].pk]
        overdue = client.get(reverse("api:rights-hazard-overdue")).json()["results"]
        assert [row["id"] for row in overdue] == [made[mine]["hazard"].pk]


def test_api_writes_outside_the_scope_change_nothing(tree: Tree, county_officer, auditor, made):
    client = client_for(county_officer)
    b = made["b"]
    assert (
        client.post(
            reverse("api:rights-mediation-body-list"),
            {"unit": tree.county_b.pk, "name": "越权", "established_on": "2024-01-01"},
            format="json",
        ).status_code
        == 400
    )
    assert (
        client.post(
            reverse("api:rights-inspection-list"),
            {
                "unit": tree.county_a.pk,
                "enterprise": b["firm"].pk,
                "date": "2024-01-01",
                "inspectors": "王",
            },
            format="json",
        ).status_code
        == 400
    )
    for name, key, data in (
        ("api:rights-mediation-conclude", "case", {"outcome": "failure",
                                                   "outcome_on": TODAY.isoformat()}),
        ("api:rights-offer-answer", "offer", {"answer": "accepted",
                                              "answered_on": TODAY.isoformat()}),
        ("api:rights-hazard-rectify", "hazard", {"rectified_on": TODAY.isoformat()}),
        ("api:rights-contract-enterprises", "contract", {"enterprise": b["firm"].pk,
                                                         "workers": 5}),
    ):  # fmt: skip
        assert (
            client.post(reverse(name, args=[b[key].pk]), data, format="json").status_code == 404
        ), name
    assert (
        client.patch(
            reverse("api:rights-safety-detail", args=[b["entry"].pk]), {"workers": 1}, format="json"
        ).status_code
        == 404
    )
    response = client_for(auditor).post(
        reverse("api:rights-hazard-rectify", args=[made["a"]["hazard"].pk]),
        {"rectified_on": TODAY.isoformat()},
        format="json",
    )
    assert response.status_code == 403
    assert MediationBody.objects.count() == 2 and Inspection.objects.count() == 2
    assert MediationCase.objects.get(pk=b["case"].pk).outcome == ""
    assert BargainingOffer.objects.get(pk=b["offer"].pk).answer == ""
    assert Hazard.objects.filter(status="open").count() == 2
    assert SafetyCompetitionEntry.objects.get(pk=b["entry"].pk).workers == 40


def test_api_life_cycles(tree: Tree, county_officer, made):
    a = made["a"]
    client = client_for(county_officer)
    response = client.post(
        reverse("api:rights-mediation-sessions", args=[a["case"].pk]),
        {"date": TODAY.isoformat(), "mediator": a["mediator"].pk, "notes": "调解"},
        format="json",
    )
    assert response.status_code == 200 and len(response.json()["sessions"]) == 1
    conclude = reverse("api:rights-mediation-conclude", args=[a["case"].pk])
    response = client.post(
        conclude,
        {"outcome": "agreement", "outcome_on": TODAY.isoformat(), "amount_agreed": "1500.00"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["outcome"] == "agreement"
    assert (
        client.post(
            conclude, {"outcome": "failure", "outcome_on": TODAY.isoformat()}, format="json"
        ).status_code
        == 400
    )
    response = client.post(
        reverse("api:rights-mediation-reopen", args=[a["case"].pk]),
        {"reason": "未履行"},
        format="json",
    )
    assert response.json()["reopen_count"] == 1 and response.json()["outcome"] == ""

    response = client.post(
        reverse("api:rights-contract-list"),
        {
            "unit": tree.county_a.pk,
            "kind": "sector",
            "contract_type": "women",
            "title": "行业女职工专项合同",
            "union_party": "工会",
            "employer_party": "行业协会",
            "signed_on": TODAY.isoformat(),
            "starts_on": TODAY.isoformat(),
            "expires_on": (TODAY + 365 * DAY).isoformat(),
            "enterprises": [{"enterprise": a["firm"].pk, "workers": 60}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["workers_covered"] == 60
    assert ContractCoverage.objects.get(enterprise=a["firm"], year=TODAY.year).workers == 60
    response = client.post(
        reverse("api:rights-contract-list"),
        {
            "unit": tree.county_a.pk,
            "title": "坏",
            "union_party": "工会",
            "employer_party": "企业",
            "signed_on": TODAY.isoformat(),
            "starts_on": TODAY.isoformat(),
            "expires_on": TODAY.isoformat(),
            "enterprises": [{"enterprise": a["firm"].pk, "workers": -1}],
        },
        format="json",
    )
    assert response.status_code == 400

    hazard = reverse("api:rights-hazard-photos", args=[a["hazard"].pk])
    response = client.post(
        hazard, {"files": [SimpleUploadedFile("a.jpg", b"<html>")]}, format="multipart"
    )
    assert response.status_code == 400 and HazardPhoto.objects.count() == 2
    response = client.post(
        hazard, {"files": [SimpleUploadedFile("b.png", PNG)]}, format="multipart"
    )
    assert response.status_code == 201 and len(response.json()["photos"]) == 2
    for step, data in (
        ("rectify", {"rectified_on": TODAY.isoformat()}),
        ("verify", {"verified_on": TODAY.isoformat()}),
    ):
        response = client.post(
            reverse(f"api:rights-hazard-{step}", args=[a["hazard"].pk]), data, format="json"
        )
        assert response.status_code == 200, response.json()
    assert response.json()["status"] == "verified"
    response = client.patch(
        reverse("api:rights-hazard-detail", args=[a["hazard"].pk]),
        {"description": "改"},
        format="json",
    )
    assert response.status_code == 400
    response = client.post(
        reverse("api:rights-inspection-hazards", args=[a["inspection"].pk]),
        {"description": "新隐患", "severity": "major", "deadline": (TODAY + 10 * DAY).isoformat()},
        format="json",
    )
    assert response.status_code == 201 and response.json()["severity"] == "major"
