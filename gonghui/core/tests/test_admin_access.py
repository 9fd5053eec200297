from __future__ import annotations

import pytest
from django.urls import reverse

from gonghui.conftest import Tree
from gonghui.core.choices import AuditAction, Role, UnitKind
from gonghui.core.models import AuditLog, Grant, OrgUnit
from gonghui.core.services import unit_update
from gonghui.registry.models import Enterprise, Person
from gonghui.registry.tests.factories import EnterpriseFactory, PersonFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.access(
        "core.OrgUnit", "core.Grant", "core.AuditLog", "registry.Person", "registry.Enterprise"
    ),
]


def test_admin_index_needs_a_grant(client, outsider, county_officer) -> None:
    client.force_login(outsider)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    client.force_login(county_officer)
    assert client.get(reverse("admin:index")).status_code == 200


def test_unit_changelist_is_scoped(client, tree: Tree, county_officer) -> None:
    client.force_login(county_officer)
    page = client.get(reverse("admin:core_orgunit_changelist")).content.decode()
    assert "迎江机械厂工会" in page and "怀宁纺织厂工会" not in page
    other = reverse("admin:core_orgunit_change", args=[tree.grassroots_b.pk])
    assert client.get(other).status_code == 302  # admin redirects an object it cannot find


def test_unit_add_through_admin_uses_the_tree_service(client, tree: Tree, city_admin) -> None:
    client.force_login(city_admin)
    response = client.post(
        reverse("admin:core_orgunit_add"),
        {
            "code": "340822009",
            "name": "怀宁县高河镇工会",
            "kind": UnitKind.TOWNSHIP,
            "parent": tree.county_b.pk,
            "region_code": "340822",
            "status": "active",
            "short_name": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = OrgUnit.objects.get(code="340822009")
    assert unit.path == f"{tree.county_b.path}{unit.pk}/"
    assert AuditLog.objects.filter(action=AuditAction.CREATE, object_id=str(unit.pk)).exists()


def test_officer_cannot_add_units(client, tree: Tree, county_officer) -> None:
    client.force_login(county_officer)
    count = OrgUnit.objects.count()
    response = client.post(
        reverse("admin:core_orgunit_add"),
        {
            "code": "X",
            "name": "X",
            "kind": UnitKind.GRASSROOTS,
            "parent": tree.county_a.pk,
            "region_code": "340802",
            "status": "active",
        },
    )
    assert response.status_code == 403
    assert OrgUnit.objects.count() == count


def test_person_admin_shows_masked_values_only(client, tree: Tree, county_officer) -> None:
    person = PersonFactory(unit=tree.grassroots_a)
    client.force_login(county_officer)
    page = client.get(reverse("admin:registry_person_change", args=[person.pk])).content.decode()
    assert person.id_number_masked in page and person.id_number not in page
    assert person.phone not in page


def test_person_admin_add_validates_and_audits(client, tree: Tree, county_officer) -> None:
    from gonghui.utils.idcard import id_check_digit

    body = "34080219900101123"
    wrong = "0" if id_check_digit(body) != "0" else "1"
    client.force_login(county_officer)
    data = {
        "unit": tree.grassroots_a.pk,
        "name": "测试",
        "id_number": body + wrong,
        "phone": "",
        "ethnicity": "01",
        "education": "",
        "hukou": "",
        "worker_group": "",
    }
    response = client.post(reverse("admin:registry_person_add"), data)
    assert response.status_code == 200 and "校验码" in response.content.decode()
    assert not Person.objects.exists()
    data["id_number"] = body + id_check_digit(body)
    response = client.post(reverse("admin:registry_person_add"), data)
    assert response.status_code == 302
    person = Person.objects.get()
    assert AuditLog.objects.filter(action=AuditAction.CREATE, object_id=str(person.pk)).exists()


def test_person_in_other_county_not_reachable(client, tree: Tree, county_officer) -> None:
    person = PersonFactory(unit=tree.grassroots_b)
    client.force_login(county_officer)
    assert client.get(reverse("admin:registry_person_change", args=[person.pk])).status_code == 302
    page = client.get(reverse("admin:registry_person_changelist")).content.decode()
    assert person.name not in page


def test_enterprise_change_refused_for_auditor(client, tree: Tree, auditor) -> None:
    enterprise = EnterpriseFactory(unit=tree.grassroots_a)
    client.force_login(auditor)
    url = reverse("admin:registry_enterprise_change", args=[enterprise.pk])
    assert client.get(url).status_code == 200  # read-only view
    client.post(
        url,
        {
            "name": "改名",
            "unit": tree.grassroots_a.pk,
            "region_code": "340802",
            "kind": "enterprise",
            "employee_count": 1,
        },
    )
    enterprise.refresh_from_db()
    assert enterprise.name != "改名"
    assert Enterprise.objects.count() == 1


def test_enterprise_delete_by_admin_is_audited(
    client, tree: Tree, city_admin, county_officer
) -> None:
    enterprise = EnterpriseFactory(unit=tree.grassroots_a)
    url = reverse("admin:registry_enterprise_delete", args=[enterprise.pk])
    client.force_login(county_officer)
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Enterprise.objects.exists()
    client.force_login(city_admin)
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Enterprise.objects.exists()
    assert AuditLog.objects.get(action=AuditAction.DELETE).before["name"] == enterprise.name


def test_audit_log_admin_is_read_only_and_scoped(
    client, tree: Tree, city_admin, auditor, county_officer
) -> None:
    unit_update(by=city_admin, unit=tree.grassroots_b, short_name="纺织")
    row = AuditLog.objects.get()
    client.force_login(auditor)
    assert client.get(reverse("admin:core_auditlog_changelist")).status_code == 200
    assert client.get(reverse("admin:core_auditlog_change", args=[row.pk])).status_code == 200
    assert (
        client.post(
            reverse("admin:core_auditlog_delete", args=[row.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert AuditLog.objects.count() == 1
    client.force_login(county_officer)  # no audit role
    assert client.get(reverse("admin:core_auditlog_changelist")).status_code == 403


def test_grant_admin_limited_to_managers(
    client, tree: Tree, city_admin, county_officer, outsider
) -> None:
    client.force_login(county_officer)
    assert client.get(reverse("admin:core_grant_add")).status_code == 403
    client.force_login(city_admin)
    response = client.post(
        reverse("admin:core_grant_add"),
        {"user": outsider.pk, "unit": tree.county_b.pk, "role": Role.AUDITOR},
    )
    assert response.status_code == 302
    assert Grant.objects.filter(user=outsider, role=Role.AUDITOR).exists()
    assert AuditLog.objects.filter(action=AuditAction.CREATE).exists()
