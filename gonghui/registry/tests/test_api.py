from __future__ import annotations

import datetime
from typing import Any

import pytest

from gonghui.conftest import Tree
from gonghui.core.choices import AuditAction, Role
from gonghui.core.models import AuditLog
from gonghui.core.tests.api_client import client_for, refused
from gonghui.core.tests.factories import GrantFactory, UserFactory
from gonghui.registry.choices import EnterpriseSize, Hukou, WorkerGroup
from gonghui.registry.models import Enterprise, Person
from gonghui.registry.tests.factories import EnterpriseFactory, PersonFactory
from gonghui.utils.credit_code import make_credit_code
from gonghui.utils.idcard import id_check_digit, make_id_number

pytestmark = pytest.mark.django_db

PERSONS = "/api/v1/persons/"
ENTERPRISES = "/api/v1/enterprises/"
ID_A = make_id_number("340802", datetime.date(1990, 5, 17), 12, "male")
ID_B = make_id_number("340822", datetime.date(1978, 11, 2), 40, "female")
NEW_ID = make_id_number("340802", datetime.date(1995, 3, 8), 7, "female")
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def _with_check(first17: str) -> str:
    return first17 + id_check_digit(first17)


def _altered_last(code: str) -> str:
    return code[:17] + ("0" if code[17] != "0" else "1")


def state() -> tuple[Any, ...]:
    """What a refused write must leave unchanged."""
    return (
        sorted(
            (p.pk, p.name, p.id_number, p.phone, p.unit_id, p.employer_id, p.worker_group)
            for p in Person.objects.all()
        ),
        list(Enterprise.objects.order_by("pk").values()),
        AuditLog.objects.count(),
    )


@pytest.fixture
def people(tree: Tree) -> dict[str, Any]:
    employer = EnterpriseFactory(unit=tree.grassroots_a, name="迎江机械厂")
    return {
        "a": PersonFactory(
            unit=tree.grassroots_a, name="张三", id_number=ID_A, phone="13812345678",
            employer=employer, hukou=Hukou.RURAL, is_migrant_worker=True,
        ),
        "courier": PersonFactory(
            unit=tree.township_a, name="李四", worker_group=WorkerGroup.COURIER,
            id_number=make_id_number("340802", datetime.date(2001, 1, 1), 3, "male"),
        ),
        "b": PersonFactory(unit=tree.grassroots_b, name="王芳", id_number=ID_B),
    }  # fmt: skip


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(row["name"] for row in response.json()["results"])


@pytest.mark.access("registry.Person")
class TestPersons:
    def test_list_is_scoped_and_masked(
        self, people, county_officer, grassroots_officer, auditor
    ) -> None:
        response = client_for(county_officer).get(PERSONS)
        assert names(response) == ["张三", "李四"]
        row = next(r for r in response.json()["results"] if r["name"] == "张三")
        assert row["id_number_masked"] == ID_A[:4] + "*" * 10 + ID_A[-4:]
        assert row["phone_masked"] == "138****5678"
        assert "id_number" not in row and "phone" not in row
        assert row["birth_date"] == "1990-05-17"
        assert row["employer_name"] == "迎江机械厂"
        assert ID_A not in response.content.decode()
        assert "13812345678" not in response.content.decode()
        assert names(client_for(grassroots_officer).get(PERSONS)) == ["王芳"]
        assert names(client_for(auditor).get(PERSONS)) == ["张三", "李四", "王芳"]

    def test_refused(self, people, outsider, county_officer) -> None:
        assert refused(client_for().get(PERSONS).status_code)
        assert client_for(outsider).get(PERSONS).status_code == 403
        assert client_for(county_officer).get(f"{PERSONS}{people['b'].pk}/").status_code == 404

    def test_filters_and_search(self, people, tree: Tree, city_admin) -> None:
        client = client_for(city_admin)
        employer = people["a"].employer
        assert names(client.get(PERSONS, {"within": tree.township_a.pk})) == ["张三", "李四"]
        assert names(client.get(PERSONS, {"gender": "female"})) == ["王芳"]
        assert names(client.get(PERSONS, {"worker_group": WorkerGroup.COURIER})) == ["李四"]
        assert names(client.get(PERSONS, {"is_migrant_worker": "true"})) == ["张三"]
        assert names(client.get(PERSONS, {"hukou": Hukou.RURAL})) == ["张三"]
        assert names(client.get(PERSONS, {"employer": employer.pk})) == ["张三"]
        assert names(client.get(PERSONS, {"born_from": "1980-01-01", "born_to": "1999-12-31"})) == [
            "张三"
        ]
        assert names(client.get(PERSONS, {"q": "王"})) == ["王芳"]
        assert names(client.get(PERSONS, {"q": "zs"})) == ["张三"]
        assert names(client.get(PERSONS, {"q": ID_A})) == ["张三"]
        assert names(client.get(PERSONS, {"q": ID_A.translate(FULL_WIDTH)})) == ["张三"]
        assert names(client.get(PERSONS, {"q": "138 1234 5678"})) == ["张三"]
        assert names(client.get(PERSONS, {"q": "13812345670"})) == []

    def test_search_does_not_cross_scope(self, people, county_officer) -> None:
        assert names(client_for(county_officer).get(PERSONS, {"q": ID_B})) == []

    def test_create(self, tree: Tree, county_officer) -> None:
        payload = {
            "unit": tree.grassroots_a.pk, "name": " 赵  六 ",
            "id_number": NEW_ID.translate(FULL_WIDTH), "phone": "+86 139-0000-1234",
            "worker_group": WorkerGroup.FOOD_DELIVERY_RIDER,
        }  # fmt: skip
        response = client_for(county_officer).post(PERSONS, payload, format="json")
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["name"] == "赵六"
        assert body["gender"] == "female" and body["birth_date"] == "1995-03-08"
        assert body["phone_masked"] == "139****1234"
        assert "id_number" not in body and NEW_ID not in response.content.decode()
        person = Person.objects.get(pk=body["id"])
        assert (person.id_number, person.phone) == (NEW_ID, "13900001234")
        log = AuditLog.objects.get()
        assert (log.action, log.username, log.unit_id) == (
            "create",
            "county_officer",
            tree.grassroots_a.pk,
        )
        assert NEW_ID not in str(log.after)

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            # Full-width digits are read as digits; the letter among them is not.
            ("id_number", "３４０８０２１９９０Ａ５１７０２５３", "第11位字符“A”无效"),
            ("id_number", _altered_last(ID_A), "校验码错误：第18位应为"),
            ("id_number", _with_check("34080219850230123"), "1985年2月只有28天"),
            ("id_number", _with_check("34080219901301123"), "月份应为01至12"),
            ("id_number", "3408021990051701", "应为18位（或15位旧号码），当前为16位"),
            ("phone", "1381234567", "手机号码应为11位，当前为10位"),
            ("phone", "12345678901", "号段123未分配"),
        ],
    )
    def test_create_refuses_malformed_identifiers(
        self, people, tree: Tree, county_officer, field: str, value: str, message: str
    ) -> None:
        before = state()
        payload = {"unit": tree.grassroots_a.pk, "name": "赵六", "id_number": NEW_ID,
                   "phone": "13900001234", field: value}  # fmt: skip
        response = client_for(county_officer).post(PERSONS, payload, format="json")
        assert response.status_code == 400
        errors = response.json()[field]
        assert any(message in error for error in errors), errors
        assert state() == before

    def test_create_refuses_a_registered_id_number(
        self, people, tree: Tree, county_officer
    ) -> None:
        before = state()
        payload = {"unit": tree.grassroots_a.pk, "name": "张三", "id_number": ID_B}
        response = client_for(county_officer).post(PERSONS, payload, format="json")
        assert response.status_code == 400
        assert "id_number" in response.json()
        assert state() == before

    def test_create_refused(
        self, people, tree: Tree, grassroots_officer, auditor, outsider
    ) -> None:
        before = state()
        payload = {"unit": tree.grassroots_a.pk, "name": "赵六", "id_number": NEW_ID}
        # Not the officer's unit: it is not found.
        response = client_for(grassroots_officer).post(PERSONS, payload, format="json")
        assert response.status_code == 400 and "unit" in response.json()
        assert client_for(auditor).post(PERSONS, payload, format="json").status_code == 403
        assert client_for(outsider).post(PERSONS, payload, format="json").status_code == 403
        assert refused(client_for().post(PERSONS, payload, format="json").status_code)
        assert state() == before

    def test_update(self, people, county_officer) -> None:
        person = people["a"]
        response = client_for(county_officer).patch(
            f"{PERSONS}{person.pk}/", {"phone": "13900009999", "hukou": Hukou.URBAN}, format="json"
        )
        assert response.status_code == 200, response.json()
        assert response.json()["phone_masked"] == "139****9999"
        person.refresh_from_db()
        assert (person.phone, person.id_number, person.hukou) == ("13900009999", ID_A, Hukou.URBAN)
        assert AuditLog.objects.get().action == AuditAction.UPDATE

    def test_update_refused(
        self, people, tree: Tree, county_officer, grassroots_officer, auditor
    ) -> None:
        before = state()
        url = f"{PERSONS}{people['a'].pk}/"
        assert (
            client_for(grassroots_officer).patch(url, {"name": "x"}, format="json").status_code
            == 404
        )
        assert client_for(auditor).patch(url, {"name": "x"}, format="json").status_code == 403
        response = client_for(county_officer).patch(url, {"id_number": "123"}, format="json")
        assert response.status_code == 400 and "id_number" in response.json()
        # Moving the record out of the officer's scope is refused as well.
        response = client_for(county_officer).patch(url, {"unit": tree.county_b.pk}, format="json")
        assert response.status_code == 400
        assert state() == before

    def test_reveal_is_audited(self, people, county_officer) -> None:
        person = people["a"]
        response = client_for(county_officer).post(f"{PERSONS}{person.pk}/reveal/")
        assert response.status_code == 200
        assert response.json() == {"id_number": ID_A, "phone": "13812345678"}
        log = AuditLog.objects.get()
        assert (log.action, log.object_id, log.username) == (
            AuditAction.REVEAL, str(person.pk), "county_officer",
        )  # fmt: skip

    def test_reveal_refused(self, people, grassroots_officer, auditor, county_officer) -> None:
        before = state()
        for user, person, code in (
            (grassroots_officer, people["b"], 403),
            (auditor, people["a"], 403),
            (county_officer, people["b"], 404),
        ):
            response = client_for(user).post(f"{PERSONS}{person.pk}/reveal/")
            assert response.status_code == code
            assert ID_A not in response.content.decode() and ID_B not in response.content.decode()
        assert refused(client_for().post(f"{PERSONS}{people['a'].pk}/reveal/").status_code)
        assert state() == before

    def test_list_query_count(self, tree: Tree, city_admin, django_assert_max_num_queries) -> None:
        employers = [EnterpriseFactory(unit=tree.grassroots_a) for _ in range(3)]
        for n in range(30):
            PersonFactory(unit=tree.grassroots_a if n % 2 else tree.grassroots_b,
                          employer=employers[n % 3])  # fmt: skip
        client = client_for(city_admin)
        with django_assert_max_num_queries(8):
            assert client.get(PERSONS).json()["count"] == 30
        with django_assert_max_num_queries(9):  # and the filter's unit
            assert client.get(PERSONS, {"within": tree.grassroots_a.pk}).json()["count"] == 15


@pytest.mark.access("registry.Enterprise")
class TestEnterprises:
    @pytest.fixture
    def firms(self, tree: Tree) -> dict[str, Any]:
        return {
            "a": EnterpriseFactory(unit=tree.township_a, name="安庆石化有限公司",
                                   size=EnterpriseSize.LARGE, union_founded=True, industry="C"),
            "b": EnterpriseFactory(unit=tree.county_b, name="怀宁快递服务站",
                                   size=EnterpriseSize.MICRO, region_code="340822"),
        }  # fmt: skip

    def test_list_scoped_and_filtered(self, firms, county_officer, city_admin, outsider) -> None:
        assert names(client_for(county_officer).get(ENTERPRISES)) == ["安庆石化有限公司"]
        client = client_for(city_admin)
        assert names(client.get(ENTERPRISES, {"size": EnterpriseSize.MICRO})) == ["怀宁快递服务站"]
        assert names(client.get(ENTERPRISES, {"union_founded": "true"})) == ["安庆石化有限公司"]
        assert names(client.get(ENTERPRISES, {"industry": "C"})) == ["安庆石化有限公司"]
        assert names(client.get(ENTERPRISES, {"region_code": "340822"})) == ["怀宁快递服务站"]
        assert names(client.get(ENTERPRISES, {"kind": "enterprise"})) == [
            "安庆石化有限公司", "怀宁快递服务站",
        ]  # fmt: skip
        assert names(client.get(ENTERPRISES, {"q": "aqsh"})) == ["安庆石化有限公司"]
        assert names(client.get(ENTERPRISES, {"q": firms["b"].credit_code})) == ["怀宁快递服务站"]
        assert client_for(county_officer).get(f"{ENTERPRISES}{firms['b'].pk}/").status_code == 404
        assert client_for(outsider).get(ENTERPRISES).status_code == 403

    def test_create_and_update(self, tree: Tree, county_officer) -> None:
        code = make_credit_code("340802", 9001)
        payload = {"unit": tree.township_a.pk, "name": "宜城物流有限公司",
                   "credit_code": code.lower(), "region_code": "340802",
                   "size": EnterpriseSize.SMALL}  # fmt: skip
        client = client_for(county_officer)
        response = client.post(ENTERPRISES, payload, format="json")
        assert response.status_code == 201, response.json()
        assert response.json()["credit_code"] == code
        url = f"{ENTERPRISES}{response.json()['id']}/"
        response = client.patch(url, {"employee_count": 120}, format="json")
        assert response.status_code == 200 and response.json()["employee_count"] == 120
        assert [log.action for log in AuditLog.objects.order_by("pk")] == ["create", "update"]

    @pytest.mark.parametrize(
        ("credit_code", "message"),
        [
            (_altered_last(make_credit_code("340802", 1)), "校验码错误：第18位应为"),
            ("91340802MA2TIOOOOO", "第13位字符“I”无效"),
            ("9134080212345", "统一社会信用代码应为18位，当前为13位"),
        ],
    )
    def test_create_refuses_bad_credit_code(
        self, firms, tree: Tree, county_officer, credit_code: str, message: str
    ) -> None:
        before = state()
        payload = {"unit": tree.township_a.pk, "name": "宜城物流有限公司",
                   "credit_code": credit_code, "region_code": "340802"}  # fmt: skip
        response = client_for(county_officer).post(ENTERPRISES, payload, format="json")
        assert response.status_code == 400
        assert any(message in error for error in response.json()["credit_code"])
        assert state() == before

    def test_duplicate_credit_code_refused(self, firms, tree: Tree, county_officer) -> None:
        before = state()
        payload = {"unit": tree.township_a.pk, "name": "重复企业",
                   "credit_code": firms["b"].credit_code, "region_code": "340802"}  # fmt: skip
        response = client_for(county_officer).post(ENTERPRISES, payload, format="json")
        assert response.status_code == 400 and "credit_code" in response.json()
        assert state() == before

    def test_writes_refused(self, firms, tree: Tree, grassroots_officer, auditor) -> None:
        before = state()
        url = f"{ENTERPRISES}{firms['a'].pk}/"
        assert (
            client_for(grassroots_officer).patch(url, {"name": "x"}, format="json").status_code
            == 404
        )
        assert client_for(auditor).patch(url, {"name": "x"}, format="json").status_code == 403
        payload = {"unit": tree.township_a.pk, "name": "x", "region_code": "340802"}
        assert client_for(auditor).post(ENTERPRISES, payload, format="json").status_code == 403
        assert (
            client_for(grassroots_officer).post(ENTERPRISES, payload, format="json").status_code
            == 400
        )
        assert state() == before

    def test_delete(self, firms, city_admin) -> None:
        assert client_for(city_admin).delete(f"{ENTERPRISES}{firms['b'].pk}/").status_code == 204
        assert not Enterprise.objects.filter(pk=firms["b"].pk).exists()
        assert AuditLog.objects.get().action == AuditAction.DELETE

    def test_delete_refused(self, firms, tree: Tree, city_admin, county_officer) -> None:
        PersonFactory(unit=tree.township_a, employer=firms["a"])
        county_admin = UserFactory()
        GrantFactory(user=county_admin, unit=tree.county_a, role=Role.FEDERATION_ADMIN)
        before = state()
        # Workers are registered with it.
        response = client_for(city_admin).delete(f"{ENTERPRISES}{firms['a'].pk}/")
        assert response.status_code == 400
        # Officers have no delete; an admin of county A cannot see county B's employer.
        assert (
            client_for(county_officer).delete(f"{ENTERPRISES}{firms['a'].pk}/").status_code == 403
        )
        assert client_for(county_admin).delete(f"{ENTERPRISES}{firms['b'].pk}/").status_code == 404
        assert state() == before

    def test_list_query_count(self, tree: Tree, city_admin, django_assert_max_num_queries) -> None:
        for n in range(30):
            EnterpriseFactory(unit=tree.grassroots_a if n % 2 else tree.county_b)
        client = client_for(city_admin)
        with django_assert_max_num_queries(8):
            assert client.get(ENTERPRISES).json()["count"] == 30


@pytest.mark.access("registry.Person")
def test_options_describe_the_input_with_model_labels(tree: Tree, county_officer) -> None:
    response = client_for(county_officer).options(PERSONS)
    fields = response.json()["actions"]["POST"]
    assert fields["id_number"]["label"] == str(Person._meta.get_field("id_number").verbose_name)
    assert "id_number_masked" not in fields
