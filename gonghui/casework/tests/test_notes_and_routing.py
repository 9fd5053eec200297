"""Assigning, routing to another unit, notes, replies and attachments (services)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from gonghui.casework import services
from gonghui.casework.choices import CaseState, EventType
from gonghui.casework.models import Case, CaseAttachment, CaseEvent
from gonghui.casework.tests.test_services import frozen
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog

pytestmark = pytest.mark.django_db

S = CaseState
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> Any:
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.access("casework.Case")
class TestAssign:
    def test_assign_and_unassign(self, case_a, city_admin, county_officer) -> None:
        case = services.case_assign(
            by=city_admin, case=case_a, assignee=county_officer, expected_version=1
        )
        assert (case.assignee, case.version) == (county_officer, 2)
        event = case.events.get(event_type=EventType.ASSIGNED)
        assert event.data["assignee"] == "county_officer" and event.by == city_admin
        same = services.case_assign(
            by=city_admin, case=case, assignee=county_officer, expected_version=2
        )
        assert same.version == 2  # nothing to do, nothing written
        case = services.case_assign(by=city_admin, case=case, assignee=None, expected_version=2)
        assert Case.objects.get(pk=case.pk).assignee is None

    @pytest.mark.parametrize("assignee", ["grassroots_officer", "auditor", "outsider"])
    def test_the_assignee_must_be_able_to_handle_the_case(
        self, case_a, city_admin, request, assignee
    ) -> None:
        before = frozen(case_a)
        with translation.override("zh-hans"), pytest.raises(ValidationError) as info:
            services.case_assign(
                by=city_admin,
                case=case_a,
                assignee=request.getfixturevalue(assignee),
                expected_version=1,
            )
        assert "无权办理" in info.value.message_dict["assignee"][0]
        assert frozen(case_a) == before

    def test_an_inactive_user_cannot_be_assigned(self, case_a, city_admin, county_officer):
        county_officer.is_active = False
        county_officer.save()
        with pytest.raises(ValidationError):
            services.case_assign(
                by=city_admin, case=case_a, assignee=county_officer, expected_version=1
            )

    @pytest.mark.parametrize("persona", ["auditor", "grassroots_officer", "worker", "outsider"])
    def test_refused_assigners(self, case_a, county_officer, request, persona) -> None:
        before = frozen(case_a)
        with pytest.raises(PermissionDenied):
            services.case_assign(
                by=request.getfixturevalue(persona),
                case=case_a,
                assignee=county_officer,
                expected_version=1,
            )
        assert frozen(case_a) == before


@pytest.mark.access("casework.Case")
class TestRoute:
    def test_route_within_scope_keeps_a_qualified_assignee(
        self, case_a, tree, county_officer
    ) -> None:
        case = services.case_assign(
            by=county_officer, case=case_a, assignee=county_officer, expected_version=1
        )
        case = services.case_reassign_unit(
            by=county_officer,
            case=case,
            unit=tree.township_a,
            note="由街道工会统一协调",
            expected_version=2,
        )
        stored = Case.objects.get(pk=case.pk)
        assert (stored.unit, stored.assignee, stored.version) == (
            tree.township_a,
            county_officer,
            3,
        )
        event = stored.events.get(event_type=EventType.REASSIGNED)
        assert event.data["from_unit"] == tree.grassroots_a.name
        assert event.data["to_unit"] == tree.township_a.name and event.note == "由街道工会统一协调"
        log = AuditLog.objects.get(action=AuditAction.MOVE)
        assert log.unit == tree.grassroots_a

    def test_routing_out_of_the_assignees_reach_clears_the_assignee(
        self, case_a, tree, city_admin, county_officer
    ) -> None:
        services.case_assign(
            by=city_admin, case=case_a, assignee=county_officer, expected_version=1
        )
        case = services.case_reassign_unit(
            by=city_admin, case=case_a, unit=tree.grassroots_b, note="属地管辖", expected_version=2
        )
        assert case.assignee is None
        assert case.events.get(event_type=EventType.REASSIGNED).data["assignee_cleared"]

    def test_routing_outside_the_actors_scope_is_refused(
        self, case_a, tree, county_officer
    ) -> None:
        before = frozen(case_a)
        with pytest.raises(PermissionDenied):
            services.case_reassign_unit(
                by=county_officer,
                case=case_a,
                unit=tree.grassroots_b,
                note="x",
                expected_version=1,
            )
        assert frozen(case_a) == before

    @pytest.mark.parametrize(
        ("unit", "note", "finish"),
        [("grassroots_a", "x", False), ("township_a", "  ", False), ("township_a", "x", True)],
    )
    def test_bad_routings_are_refused(
        self, case_a, tree, county_officer, unit, note, finish
    ) -> None:
        if finish:
            case_a = services.case_reject(
                by=county_officer, case=case_a, reason="重复提交", expected_version=1
            )
        before = frozen(case_a)
        with pytest.raises(ValidationError):
            services.case_reassign_unit(
                by=county_officer,
                case=case_a,
                unit=getattr(tree, unit),
                note=note,
                expected_version=case_a.version,
            )
        assert frozen(case_a) == before

    def test_a_stale_routing_is_a_conflict(self, case_a, tree, county_officer) -> None:
        services.case_accept(by=county_officer, case=case_a, expected_version=1)
        with pytest.raises(services.CaseConflict):
            services.case_reassign_unit(
                by=county_officer, case=case_a, unit=tree.township_a, note="x", expected_version=1
            )


@pytest.mark.access("casework.CaseEvent", "casework.CaseAttachment")
class TestNotes:
    def test_a_staff_note_with_files(self, case_a, county_officer, settings) -> None:
        event = services.case_add_note(
            by=county_officer,
            case=case_a,
            note="已电话联系企业负责人。",
            files=[upload("通话记录.pdf", PDF), upload("现场照片.PNG", PNG, "text/html")],
        )
        assert event.event_type == EventType.NOTE and event.by == county_officer
        files = list(event.attachments.order_by("pk"))
        assert [(f.original_name, f.content_type, f.size) for f in files] == [
            ("通话记录.pdf", "application/pdf", len(PDF)),
            ("现场照片.PNG", "image/png", len(PNG)),  # the browser's claim is ignored
        ]
        for attachment in files:
            assert attachment.file.name.startswith("cases/")
            assert "通话" not in attachment.file.name  # stored under a random name
            assert attachment.file.read() in (PDF, PNG)
        log = AuditLog.objects.get(action=AuditAction.CREATE, content_type__model="caseevent")
        assert log.after["attachments"] == ["通话记录.pdf", "现场照片.PNG"]
        assert Case.objects.get(pk=case_a.pk).version == 1  # a note changes no state

    def test_files_only_and_replies(self, case_a, county_officer) -> None:
        only = services.case_add_note(
            by=county_officer, case=case_a, files=[upload("a.txt", "工资条".encode("gb18030"))]
        )
        assert only.event_type == EventType.ATTACHMENT
        reply = services.case_add_note(
            by=county_officer, case=case_a, note="已收到，正在核实。", reply=True
        )
        assert reply.event_type == EventType.REPLY

    def test_the_applicant_adds_notes_to_their_own_case_only(self, case_a, case_b, worker) -> None:
        event = services.case_add_note(by=worker, case=case_a, note="补充工资条", files=[
            upload("工资条.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20)
        ])  # fmt: skip
        assert event.by == worker and event.attachments.count() == 1
        with pytest.raises(PermissionDenied):  # replies are the union's
            services.case_add_note(by=worker, case=case_a, note="x", reply=True)
        with pytest.raises(PermissionDenied):
            services.case_add_note(by=worker, case=case_b, note="x")

    @pytest.mark.parametrize("persona", ["auditor", "outsider", "grassroots_officer"])
    def test_refused_writers_leave_no_trace(self, case_a, request, settings, persona) -> None:
        counts = (CaseEvent.objects.count(), AuditLog.objects.count())
        with pytest.raises(PermissionDenied):
            services.case_add_note(
                by=request.getfixturevalue(persona),
                case=case_a,
                note="x",
                files=[upload("a.pdf", PDF)],
            )
        assert (CaseEvent.objects.count(), AuditLog.objects.count()) == counts
        assert stored_files(settings) == []

    @pytest.mark.parametrize(
        ("files", "words"),
        [
            ([upload("run.exe", b"MZ\x90\x00")], "类型不受支持"),
            ([upload("fake.pdf", b"<html><script>alert(1)</script>")], "内容与其类型"),
            ([upload("text.txt", b"\x00\x01\x02binary")], "内容与其类型"),
            ([upload("empty.pdf", b"")], "空文件"),
            ([upload("big.pdf", PDF + b"0" * 2048)], "大小上限"),
            ([upload("ok.pdf", PDF), upload("noext", b"abc")], "类型不受支持"),
            ([upload(f"{i}.pdf", PDF) for i in range(11)], "最多"),
        ],
    )
    def test_bad_files_are_refused_and_nothing_is_kept(
        self, case_a, county_officer, settings, files, words
    ) -> None:
        settings.CASEWORK_ATTACHMENT_MAX_BYTES = 1024
        counts = (CaseEvent.objects.count(), CaseAttachment.objects.count())
        with translation.override("zh-hans"), pytest.raises(ValidationError) as info:
            services.case_add_note(by=county_officer, case=case_a, note="附件", files=files)
        assert words in info.value.message_dict["files"][0]
        assert (CaseEvent.objects.count(), CaseAttachment.objects.count()) == counts
        assert stored_files(settings) == []

    def test_an_empty_note_and_a_closed_case_are_refused(self, case_a, county_officer) -> None:
        with pytest.raises(ValidationError):
            services.case_add_note(by=county_officer, case=case_a, note="  ")
        with pytest.raises(ValidationError):
            services.case_add_note(by=county_officer, case=case_a, reply=True)
        case = services.case_reject(by=county_officer, case=case_a, reason="x", expected_version=1)
        case = services.case_close(by=county_officer, case=case, expected_version=2)
        with pytest.raises(ValidationError):
            services.case_add_note(by=county_officer, case=case, note="补记")

    def test_a_failed_write_removes_the_files_it_stored(
        self, case_a, county_officer, settings, monkeypatch
    ) -> None:
        def broken(**kwargs: Any) -> None:
            raise RuntimeError("audit log unavailable")

        monkeypatch.setattr(services, "audit_record", broken)
        with pytest.raises(RuntimeError):
            services.case_add_note(
                by=county_officer, case=case_a, note="x", files=[upload("a.pdf", PDF)]
            )
        assert stored_files(settings) == []
