"""The member roster: import through the kernel's pipeline (re-import updates, a member of
another union is an error row naming it, card numbers from the union's counter) and the xlsx
export (masked unless the user may reveal, the reveal audited)."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from gonghui.conftest import Tree
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog
from gonghui.imports.choices import ImportStatus
from gonghui.imports.models import DataImport
from gonghui.imports.tests.helpers import id_number, run_import, xlsx_bytes
from gonghui.membership.choices import JoinChannel, MembershipStatus
from gonghui.membership.models import Membership, MembershipSettings
from gonghui.membership.tests.factories import MembershipFactory
from gonghui.registry.models import Person
from gonghui.registry.tests.factories import PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.access("membership.Membership")]

HEADERS = ["序号", "姓名", "身份证号", "性别", "民族", "手机号码", "文化程度", "户籍类型",
           "是否农民工", "入会时间", "所属工会"]  # fmt: skip


def rows(count: int, *, unit_name: str = "", start: int = 0) -> list[list[Any]]:
    return [
        [n + 1, f"会员{n}", id_number(n), "男", "汉族", f"1390000{n:04d}", "高中", "农村", "是",
         "2023-05-01", unit_name]
        for n in range(start, start + count)
    ]  # fmt: skip


def counts(data_import: DataImport) -> tuple[int, ...]:
    return (
        data_import.total_rows,
        data_import.created_count,
        data_import.updated_count,
        data_import.unchanged_count,
        data_import.error_rows,
    )


def error_reasons(data_import: DataImport) -> list[str]:
    book = CalamineWorkbook.from_path(data_import.error_file.path)
    return [str(row[-1]) for row in list(book.get_sheet_by_index(0).iter_rows())[1:]]


def test_a_roster_makes_members_with_cards_and_a_reimport_changes_nothing(
    tree: Tree, intake, county_officer, django_capture_on_commit_callbacks
) -> None:
    data = xlsx_bytes([HEADERS, *rows(5)])
    first = run_import(
        django_capture_on_commit_callbacks, by=county_officer, unit=tree.grassroots_a,
        data=data, spec="membership.roster",
    )  # fmt: skip
    assert first.status == ImportStatus.SUCCEEDED, first.error
    assert counts(first) == (5, 5, 0, 0, 0)
    members = Membership.objects.filter(unit=tree.grassroots_a, status=MembershipStatus.ACTIVE)
    assert members.count() == 5
    assert set(members.values_list("channel", flat=True)) == {JoinChannel.IMPORT}
    assert set(members.values_list("joined_on", flat=True)) == {datetime.date(2023, 5, 1)}
    cards = sorted(members.values_list("card_number", flat=True))
    assert cards == [f"340802001001-{n:06d}" for n in range(1, 6)]
    assert MembershipSettings.objects.get(unit=tree.grassroots_a).last_card_number == 5
    assert Person.objects.get(name="会员0").is_migrant_worker is True

    again = run_import(
        django_capture_on_commit_callbacks, by=county_officer, unit=tree.grassroots_a,
        data=data, spec="membership.roster",
    )  # fmt: skip
    assert counts(again) == (5, 0, 0, 5, 0)
    assert Membership.objects.count() == 5
    assert MembershipSettings.objects.get(unit=tree.grassroots_a).last_card_number == 5


def test_a_reimport_updates_and_adds(
    tree: Tree, intake, county_officer, django_capture_on_commit_callbacks
) -> None:
    run_import(
        django_capture_on_commit_callbacks, by=county_officer, unit=tree.grassroots_a,
        data=xlsx_bytes([HEADERS, *rows(3)]), spec="membership.roster",
    )  # fmt: skip
    changed = rows(4)
    changed[0][1] = "会员零"  # a name corrected
    changed[1][9] = "2022-01-10"  # the joining date corrected
    second = run_import(
        django_capture_on_commit_callbacks, by=county_officer, unit=tree.grassroots_a,
        data=xlsx_bytes([HEADERS, *changed]), spec="membership.roster",
    )  # fmt: skip
    assert second.status == ImportStatus.SUCCEEDED
    assert second.created_count == 1 and second.error_rows == 0
    assert second.updated_count == 2 and second.unchanged_count == 1
    assert Person.objects.filter(name="会员零").exists()
    assert Membership.objects.get(person__name="会员1").joined_on == datetime.date(2022, 1, 10)
    assert Membership.objects.filter(status=MembershipStatus.ACTIVE).count() == 4


def test_a_member_of_another_union_is_an_error_row_naming_it(
    tree: Tree, intake, city_admin, django_capture_on_commit_callbacks
) -> None:
    elsewhere = PersonFactory(unit=tree.grassroots_b, id_number=id_number(1))
    MembershipFactory(person=elsewhere, unit=tree.grassroots_b)
    data_import = run_import(
        django_capture_on_commit_callbacks, by=city_admin, unit=tree.grassroots_a,
        data=xlsx_bytes([HEADERS, *rows(3)]), spec="membership.roster",
    )  # fmt: skip
    assert data_import.status == ImportStatus.SUCCEEDED
    assert data_import.created_count == 2 and data_import.error_rows == 1
    (reason,) = error_reasons(data_import)
    assert "怀宁纺织厂工会" in reason
    elsewhere.refresh_from_db()
    assert elsewhere.unit == tree.grassroots_b and elsewhere.name != "会员1"
    assert Membership.objects.get(person=elsewhere).unit == tree.grassroots_b


def test_rows_name_their_union_and_a_unit_that_takes_no_members_is_refused(
    tree: Tree, intake, county_officer, django_capture_on_commit_callbacks
) -> None:
    data = xlsx_bytes(
        [
            HEADERS,
            *rows(2, unit_name="迎江机械厂工会"),
            *rows(1, unit_name="宜城路街道工会", start=2),
            *rows(1, unit_name="不存在的工会", start=3),
        ]
    )
    data_import = run_import(
        django_capture_on_commit_callbacks, by=county_officer, unit=tree.county_a,
        data=data, spec="membership.roster",
    )  # fmt: skip
    assert data_import.created_count == 2 and data_import.error_rows == 2
    assert Membership.objects.filter(unit=tree.grassroots_a).count() == 2
    reasons = " ".join(error_reasons(data_import))
    assert "宜城路街道工会" in reasons and "不存在的工会" in reasons


def test_an_import_outside_the_scope_is_refused(
    tree: Tree, intake, grassroots_officer, django_capture_on_commit_callbacks
) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run_import(
            django_capture_on_commit_callbacks, by=grassroots_officer, unit=tree.grassroots_a,
            data=xlsx_bytes([HEADERS, *rows(2)]), spec="membership.roster",
        )  # fmt: skip
    assert Membership.objects.count() == 0


EXPORT = reverse("membership:member_export")


def _sheet(response: Any) -> list[tuple[Any, ...]]:
    assert response.status_code == 200, response.status_code
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return list(book.active.iter_rows(values_only=True))


@pytest.fixture
def members(tree: Tree, intake) -> dict[str, Any]:
    return {
        "a": MembershipFactory(person=PersonFactory(unit=tree.grassroots_a, name="甲会员"),
                               unit=tree.grassroots_a),
        "b": MembershipFactory(person=PersonFactory(unit=tree.grassroots_b, name="乙会员"),
                               unit=tree.grassroots_b),
    }  # fmt: skip


class TestExport:
    def test_masked_without_reveal(self, client, members, grassroots_officer) -> None:
        client.force_login(grassroots_officer)
        header, *body = _sheet(client.get(EXPORT))
        assert header[:3] == ("序号", "姓名", "身份证号") and "入会时间" in header
        assert [row[1] for row in body] == ["乙会员"]
        person = members["b"].person
        assert body[0][2] == person.id_number_masked and person.id_number not in str(body)
        assert not AuditLog.objects.filter(action=AuditAction.REVEAL).exists()

    def test_clear_with_reveal_and_audited(self, client, members, county_officer) -> None:
        client.force_login(county_officer)
        _header, *body = _sheet(client.get(EXPORT))
        assert [row[1] for row in body] == ["甲会员"]
        assert body[0][2] == members["a"].person.id_number
        entry = AuditLog.objects.get(action=AuditAction.REVEAL)
        assert entry.user == county_officer

    def test_the_export_reimports_unchanged(
        self, client, tree: Tree, members, county_officer, django_capture_on_commit_callbacks
    ) -> None:
        client.force_login(county_officer)
        sheet = _sheet(client.get(EXPORT))
        data_import = run_import(
            django_capture_on_commit_callbacks, by=county_officer, unit=tree.grassroots_a,
            data=xlsx_bytes(sheet), spec="membership.roster",
        )  # fmt: skip
        assert data_import.status == ImportStatus.SUCCEEDED, data_import.error
        assert data_import.error_rows == 0 and data_import.created_count == 0
        assert Membership.objects.count() == 2

    def test_refusals(self, client, members, outsider) -> None:
        response = client.get(EXPORT)
        assert response.status_code == 302 and "login" in response["Location"]
        client.force_login(outsider)
        assert client.get(EXPORT).status_code == 403
