"""Workspace pages for workers and employers: scope, search, filters, export, forms."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog
from gonghui.registry.choices import Gender, Hukou, WorkerGroup
from gonghui.registry.models import Person
from gonghui.registry.tests.factories import EnterpriseFactory, PersonFactory
from gonghui.utils.idcard import make_id_number

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.access("registry.Person", "registry.Enterprise"),
]

LIST = reverse("registry:person_list")
CREATE = reverse("registry:person_create")


@pytest.fixture
def people(tree):
    employer_a = EnterpriseFactory(unit=tree.grassroots_a, name="迎江机械厂", union_founded=True)
    employer_b = EnterpriseFactory(unit=tree.grassroots_b, name="怀宁纺织厂")
    return {
        "zhang": PersonFactory(
            unit=tree.grassroots_a, name="张三", employer=employer_a,
            worker_group=WorkerGroup.COURIER, is_migrant_worker=True, hukou=Hukou.RURAL,
        ),
        "li": PersonFactory(unit=tree.township_a, name="李四", hukou=Hukou.URBAN),
        "wang": PersonFactory(unit=tree.grassroots_b, name="王五", employer=employer_b),
        "employer_a": employer_a,
        "employer_b": employer_b,
    }  # fmt: skip


def _names(response) -> list[str]:
    return sorted(p.name for p in response.context["persons"])


def _count(model) -> tuple[int, int]:
    return model.objects.count(), AuditLog.objects.count()


def test_the_list_shows_what_the_grants_cover(
    client, people, city_admin, county_officer, grassroots_officer
) -> None:
    for user, expected in (
        (city_admin, ["张三", "李四", "王五"]),
        (county_officer, ["张三", "李四"]),
        (grassroots_officer, ["王五"]),
    ):
        client.force_login(user)
        assert _names(client.get(LIST)) == expected


def test_the_list_shows_masked_numbers_only(client, people, city_admin) -> None:
    client.force_login(city_admin)
    page = client.get(LIST).content.decode()
    zhang = people["zhang"]
    assert zhang.id_number_masked in page and zhang.id_number not in page
    assert zhang.phone_masked in page and zhang.phone not in page


def test_search_by_name_initials_id_number_and_phone(client, people, city_admin) -> None:
    client.force_login(city_admin)
    zhang = people["zhang"]
    assert _names(client.get(LIST, {"q": "张"})) == ["张三"]
    assert _names(client.get(LIST, {"q": "zs"})) == ["张三"]
    assert _names(client.get(LIST, {"q": zhang.id_number})) == ["张三"]
    assert _names(client.get(LIST, {"q": zhang.id_number.lower()})) == ["张三"]
    assert _names(client.get(LIST, {"q": zhang.phone})) == ["张三"]
    assert _names(client.get(LIST, {"q": zhang.id_number[:10]})) == []


def test_filters(client, people, city_admin) -> None:
    client.force_login(city_admin)
    zhang = people["zhang"]
    assert _names(client.get(LIST, {"worker_group": WorkerGroup.COURIER})) == ["张三"]
    assert _names(client.get(LIST, {"migrant": "yes"})) == ["张三"]
    assert _names(client.get(LIST, {"migrant": "no"})) == ["李四", "王五"]
    assert _names(client.get(LIST, {"hukou": Hukou.URBAN})) == ["李四"]
    assert _names(client.get(LIST, {"gender": zhang.gender})) == sorted(
        p.name for p in Person.objects.filter(gender=zhang.gender)
    )
    assert _names(client.get(LIST, {"employer": "怀宁"})) == ["王五"]
    assert _names(client.get(LIST, {"employer_id": people["employer_a"].pk})) == ["张三"]
    assert _names(client.get(LIST, {"gender": "nonsense"})) == ["张三", "李四", "王五"]


def test_employer_filter_outside_the_scope_finds_nothing(client, people, county_officer) -> None:
    client.force_login(county_officer)
    assert _names(client.get(LIST, {"employer_id": people["employer_b"].pk})) == []


def test_pagination_and_query_count(
    client, tree, city_admin, django_assert_max_num_queries
) -> None:
    employers = [EnterpriseFactory(unit=tree.grassroots_a) for _ in range(3)]
    for i in range(60):
        PersonFactory(unit=tree.grassroots_a, employer=employers[i % 3])
    client.force_login(city_admin)
    with django_assert_max_num_queries(8):
        first = client.get(LIST)
    assert len(first.context["persons"]) == 50
    assert first.context["paginator"].count == 60
    with django_assert_max_num_queries(8):
        second = client.get(LIST, {"page": 2}, headers={"HX-Request": "true"})
    assert len(second.context["persons"]) == 10
    assert "<html" not in second.content.decode()
    assert second["Vary"] and "HX-Request" in second["Vary"]


def test_export_is_masked_filtered_scoped_and_excel_friendly(
    client, people, county_officer
) -> None:
    client.force_login(county_officer)
    response = client.get(reverse("registry:person_export"), {"migrant": "yes"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert len(rows) == 2
    zhang = people["zhang"]
    assert rows[1][0] == "张三" and rows[1][3] == zhang.id_number_masked
    assert zhang.id_number not in body and zhang.phone not in body
    everything = b"".join(client.get(reverse("registry:person_export")).streaming_content)
    assert "王五" not in everything.decode()


def test_export_neutralises_spreadsheet_formulas(client, tree, city_admin) -> None:
    PersonFactory(unit=tree.grassroots_a, name="=HYPERLINK(1)")
    client.force_login(city_admin)
    body = b"".join(client.get(reverse("registry:person_export")).streaming_content).decode()
    assert "'=HYPERLINK(1)" in body


def test_detail_inside_and_outside_the_scope(client, people, county_officer) -> None:
    client.force_login(county_officer)
    url = reverse("registry:person_detail", args=[people["zhang"].pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["can_reveal"] and response.context["can_change"]
    assert reverse("registry:person_reveal", args=[people["zhang"].pk]) in response.content.decode()
    outside = reverse("registry:person_detail", args=[people["wang"].pk])
    assert client.get(outside).status_code == 404


def test_reveal_button_only_for_roles_allowed_to_reveal(client, people, grassroots_officer) -> None:
    client.force_login(grassroots_officer)
    wang = people["wang"]
    response = client.get(reverse("registry:person_detail", args=[wang.pk]))
    assert response.status_code == 200 and not response.context["can_reveal"]
    assert reverse("registry:person_reveal", args=[wang.pk]) not in response.content.decode()


def test_reveal_shows_the_numbers_and_is_audited(client, people, county_officer) -> None:
    client.force_login(county_officer)
    zhang = people["zhang"]
    response = client.post(
        reverse("registry:person_reveal", args=[zhang.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert zhang.id_number in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    entry = AuditLog.objects.get(action=AuditAction.REVEAL)
    assert entry.user == county_officer and entry.object_id == str(zhang.pk)


@pytest.mark.parametrize(
    ("persona", "who", "status"),
    [
        ("grassroots_officer", "wang", 403),  # may see, may not reveal
        ("auditor", "wang", 403),
        ("county_officer", "wang", 404),  # outside the grants
        ("outsider", "zhang", 403),
    ],
)
def test_refused_reveals_write_nothing(client, people, request, persona, who, status) -> None:
    client.force_login(request.getfixturevalue(persona))
    before = AuditLog.objects.count()
    response = client.post(reverse("registry:person_reveal", args=[people[who].pk]))
    assert response.status_code == status
    assert people[who].id_number not in response.content.decode()
    assert AuditLog.objects.count() == before


def test_reveal_is_post_only(client, people, county_officer) -> None:
    client.force_login(county_officer)
    assert (
        client.get(reverse("registry:person_reveal", args=[people["zhang"].pk])).status_code == 405
    )


def _person_data(**overrides: object) -> dict[str, object]:
    data = {
        "name": "赵六",
        "id_number": make_id_number("340802", datetime.date(1990, 5, 17), 12, "male"),
        "phone": "13912345678",
        "ethnicity": "01",
        "education": "",
        "hukou": Hukou.RURAL,
        "worker_group": "",
        "employer": "",
    }
    data.update(overrides)
    return data


def test_register_a_worker_in_the_picked_unit(client, people, county_officer) -> None:
    client.force_login(county_officer)
    assert client.get(CREATE).status_code == 200
    response = client.post(CREATE, _person_data(employer=people["employer_a"].pk))
    assert response.status_code == 302
    person = Person.objects.get(name="赵六")
    assert response["Location"] == reverse("registry:person_detail", args=[person.pk])
    assert person.unit == people["zhang"].unit.parent.parent  # county A, the picked unit
    assert person.employer == people["employer_a"] and person.gender == Gender.MALE
    assert AuditLog.objects.filter(action=AuditAction.CREATE, object_id=str(person.pk)).exists()


def test_a_malformed_id_number_shows_the_chinese_message(client, people, county_officer) -> None:
    client.force_login(county_officer)
    good = _person_data()["id_number"]
    wrong_check = str(good)[:17] + ("0" if str(good)[17] != "0" else "1")
    before = _count(Person)
    response = client.post(CREATE, _person_data(id_number=wrong_check))
    assert response.status_code == 400
    assert "校验码错误" in response.content.decode()
    response = client.post(CREATE, _person_data(id_number="34080219901317123X"))
    assert "出生日期" in response.content.decode()
    response = client.post(CREATE, _person_data(phone="1391234567"))
    assert "手机号码应为11位" in response.content.decode()
    assert _count(Person) == before


def test_a_duplicate_id_number_is_reported_by_the_service(client, people, county_officer) -> None:
    client.force_login(county_officer)
    before = _count(Person)
    response = client.post(CREATE, _person_data(id_number=people["wang"].id_number))
    assert response.status_code == 400
    assert response.context["form"].errors["id_number"]
    assert _count(Person) == before


def test_an_employer_outside_the_scope_cannot_be_chosen(client, people, county_officer) -> None:
    client.force_login(county_officer)
    before = _count(Person)
    response = client.post(CREATE, _person_data(employer=people["employer_b"].pk))
    assert response.status_code == 400 and response.context["form"].errors["employer"]
    assert _count(Person) == before


@pytest.mark.parametrize("persona", ["auditor", "outsider"])
def test_users_who_may_not_add_are_refused(client, people, request, persona) -> None:
    client.force_login(request.getfixturevalue(persona))
    before = _count(Person)
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, _person_data()).status_code == 403
    assert _count(Person) == before


def test_edit_keeps_the_numbers_unless_new_ones_are_given(client, people, county_officer) -> None:
    client.force_login(county_officer)
    zhang = people["zhang"]
    url = reverse("registry:person_update", args=[zhang.pk])
    form_page = client.get(url).content.decode()
    assert zhang.id_number not in form_page and zhang.phone not in form_page
    response = client.post(url, _person_data(name="张三丰", id_number="", phone=""))
    assert response.status_code == 302
    zhang.refresh_from_db()
    assert zhang.name == "张三丰" and zhang.id_number == people["zhang"].id_number
    assert zhang.phone == people["zhang"].phone and zhang.employer is None


@pytest.mark.parametrize(
    ("persona", "status"),
    [("grassroots_officer", 404), ("auditor", 403), ("outsider", 403)],
)
def test_refused_edits_change_nothing(client, people, request, persona, status) -> None:
    client.force_login(request.getfixturevalue(persona))
    zhang = people["zhang"]
    url = reverse("registry:person_update", args=[zhang.pk])
    before = _count(Person)
    assert client.get(url).status_code == status
    assert client.post(url, _person_data(name="改名")).status_code == status
    zhang.refresh_from_db()
    assert zhang.name == "张三" and _count(Person) == before


def test_edit_with_bad_input_changes_nothing(client, people, county_officer) -> None:
    client.force_login(county_officer)
    zhang = people["zhang"]
    url = reverse("registry:person_update", args=[zhang.pk])
    response = client.post(url, _person_data(name="改名", id_number="12345"))
    assert response.status_code == 400 and "公民身份号码应为18位" in response.content.decode()
    zhang.refresh_from_db()
    assert zhang.name == "张三"


def test_employer_lookup_offers_employers_in_the_picked_unit(
    client, people, county_officer
) -> None:
    client.force_login(county_officer)
    url = reverse("registry:enterprise_lookup")
    found = client.get(url, {"employer_q": "厂"}, headers={"HX-Request": "true"})
    assert [e.name for e in found.context["options"]] == ["迎江机械厂"]
    assert client.get(url, {"employer_q": "怀宁"}).context["options"] == []
    kept = client.get(url, {"employer": people["employer_a"].pk})
    assert kept.context["selected"] == people["employer_a"]
    assert client.get(url, {"employer": people["employer_b"].pk}).context["selected"] is None
