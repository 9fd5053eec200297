"""The worker's own requests in the portal: only theirs, submitting with files (checked by
content), the timeline without internal notes, rating."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.casework.choices import Channel
from gonghui.casework.models import Case, CaseAttachment
from gonghui.casework.services import case_accept, case_add_note, case_resolve
from gonghui.conftest import Tree
from gonghui.core.tests.factories import UserFactory
from gonghui.rights.models import WorkerRequest
from gonghui.rights.tests.conftest import record_request

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_visitors_go_to_the_portal_login(client, zhang):
    for name in ("rights_portal:list", "rights_portal:new"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("portal:login") in response["Location"]


def test_a_login_without_a_worker_record_is_sent_to_verify(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("rights_portal:list"))
    assert response.status_code == 302 and response["Location"] == reverse("portal:me")


def test_submit_online_with_a_file(client, tree: Tree, worker, zhang, wages):
    client.force_login(worker)
    assert client.get(reverse("rights_portal:new")).status_code == 200
    response = client.post(
        reverse("rights_portal:new"),
        {
            "category": wages.pk,
            "description": "三个月没发工资",
            "urgent": "on",
            "files": [SimpleUploadedFile("工资条.png", PNG, content_type="image/png")],
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("rights_portal:detail", args=[case.pk])
    assert case.applicant == zhang and case.channel == Channel.PORTAL
    assert case.unit == tree.grassroots_a  # the employer's union
    assert WorkerRequest.objects.get(pk=case.pk).urgent
    assert CaseAttachment.objects.get().original_name == "工资条.png"


def test_a_file_whose_content_is_not_its_type_is_refused(client, worker, zhang, wages):
    client.force_login(worker)
    response = client.post(
        reverse("rights_portal:new"),
        {
            "category": wages.pk,
            "description": "三个月没发工资",
            "files": [
                SimpleUploadedFile(
                    "合同.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
                )
            ],
        },
    )
    assert response.status_code == 400
    assert not Case.objects.exists() and not CaseAttachment.objects.exists()


def test_a_worker_sees_only_their_own_requests(client, tree: Tree, city_admin, worker, zhang, wang):
    mine = record_request(city_admin, zhang, tree.city, description="我的诉求")
    theirs = record_request(city_admin, wang, tree.city, description="别人的诉求")
    client.force_login(worker)
    page = client.get(reverse("rights_portal:list")).content.decode()
    assert mine.reference in page and theirs.reference not in page
    assert client.get(reverse("rights_portal:detail", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("rights_portal:rate", args=[theirs.pk]), {"score": "1"})
    assert response.status_code == 404


def test_timeline_shows_replies_not_internal_notes_and_rating(
    client, tree: Tree, city_admin, worker, zhang
):
    case = record_request(city_admin, zhang, tree.city)
    case = case_accept(by=city_admin, case=case, expected_version=case.version)
    case_add_note(by=city_admin, case=case, note="内部：企业老板难联系")
    case = case_resolve(
        by=city_admin, case=case, reply="企业承诺月底前补发", expected_version=case.version
    )
    client.force_login(worker)
    page = client.get(reverse("rights_portal:detail", args=[case.pk])).content.decode()
    assert "企业承诺月底前补发" in page and "内部：企业老板难联系" not in page
    assert 'id="rating-form"' in page
    response = client.post(
        reverse("rights_portal:rate", args=[case.pk]),
        {"score": "2", "comment": "不满意", "ask_reopen": "on"},
    )
    assert response.status_code == 302
    detail = WorkerRequest.objects.get(pk=case.pk)
    assert detail.satisfaction == 2 and detail.reopen_requested
    page = client.get(reverse("rights_portal:detail", args=[case.pk])).content.decode()
    assert 'id="rating-form"' not in page
    # a second rating of the same reply is refused and changes nothing
    response = client.post(reverse("rights_portal:rate", args=[case.pk]), {"score": "5"})
    assert response.status_code == 400
    assert WorkerRequest.objects.get(pk=case.pk).satisfaction == 2


def test_a_staff_login_cannot_submit_for_someone_else(client, tree: Tree, zhang, wages):
    other = UserFactory()
    client.force_login(other)
    response = client.post(reverse("rights_portal:new"), {"category": wages.pk, "description": "x"})
    assert response.status_code == 302 and not Case.objects.exists()
