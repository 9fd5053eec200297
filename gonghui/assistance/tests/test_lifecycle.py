"""A whole file's life: application, first review, home visit, income check, public notice
with an objection, approval, aid, annual reviews and lifting out."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.assistance import selectors, services
from gonghui.assistance.choices import ApplicationStage, FileStatus, ReviewDecision
from gonghui.assistance.kinds import KIND_CODE
from gonghui.assistance.models import HardshipApplication, HardshipFile
from gonghui.assistance.tests.conftest import PNG, grant, household, upload
from gonghui.casework import selectors as case_selectors
from gonghui.casework import services as cases
from gonghui.casework.choices import CaseState
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog

pytestmark = pytest.mark.django_db
S = CaseState


def test_a_whole_life_from_application_to_lifting_out(
    tree, zhang, worker, rule, county_officer
) -> None:
    today = timezone.localdate()
    # The worker applies in the portal (his own login).
    case = services.application_submit(
        by=worker, person=zhang, cause="illness", worker_income=Decimal("1800"),
        members=household(), channel="portal",
    )  # fmt: skip
    assert case.kind == KIND_CODE and case.state == S.SUBMITTED and case.unit == tree.grassroots_a
    file = HardshipFile.objects.get(person=zhang)
    assert file.status == FileStatus.PENDING
    assert (file.household_size, file.monthly_income_per_head) == (3, Decimal("800.00"))
    # The engine's buttons never offer approval: only the service below reaches it.
    assert S.RESOLVED not in case_selectors.allowed_moves(county_officer, case)
    # First review by the grassroots union: the engine's acceptance.
    case = cases.case_accept(by=county_officer, case=case, expected_version=case.version)
    with pytest.raises(ValidationError):  # no visit without the signed consent
        services.application_record_visit(
            by=county_officer, case=case, visited_on=today, notes="家中有病人", consent=None
        )
    services.application_record_visit(
        by=county_officer, case=case, visited_on=today, notes="住房简陋，妻子透析",
        consent=upload("知情同意书.pdf"), photos=[upload("住房.png", PNG, "image/png")],
    )  # fmt: skip
    application = HardshipApplication.objects.get(pk=case.pk)
    assert application.stage == ApplicationStage.VISITED
    assert application.consent is not None and application.consent.original_name == "知情同意书.pdf"
    case.refresh_from_db()
    assert case.state == S.IN_PROGRESS
    application = services.application_check_income(by=county_officer, case=case)
    assert application.eligible is True and application.rule == rule
    assert "家庭月人均收入800.00元，低于当地标准900.00元" in application.decision_reasons
    # Approval before the notice: refused.
    with pytest.raises(ValidationError):
        services.application_approve(by=county_officer, case=case)
    start = today - datetime.timedelta(days=10)
    services.application_start_notice(by=county_officer, case=case, started_on=start, days=7)
    objection = services.objection_record(
        by=county_officer, case=case, raised_on=start, raised_by="邻居", text="家里有车"
    )
    with pytest.raises(ValidationError, match="尚未处理"):
        services.application_approve(by=county_officer, case=case)
    services.objection_handle(
        by=county_officer, objection=objection, note="核实为营运三轮车，不影响认定", upheld=False
    )
    # Still running on its last day.
    with pytest.raises(ValidationError):
        services.application_approve(
            by=county_officer, case=case, today=start + datetime.timedelta(days=6)
        )
    file = services.application_approve(by=county_officer, case=case)
    assert file.status == FileStatus.ON_FILE and file.opened_on == today
    case.refresh_from_db()
    assert case.state == S.RESOLVED
    # Aid, then the annual review a year later lifts the household out; history is kept.
    grant(county_officer, file, "3000")
    review = services.annual_review_record(
        by=county_officer, file=file, reviewed_on=today, decision=ReviewDecision.LIFTED_OUT,
        household_size=3, monthly_income_total=Decimal("4500"), notes="妻子康复后就业",
    )  # fmt: skip
    file.refresh_from_db()
    assert file.status == FileStatus.LIFTED_OUT and file.closed_on == today
    assert "高于" in review.decision_reasons or "不低于" in review.decision_reasons
    assert file.members.count() == 3 and file.aid_grants.count() == 1 and file.reviews.count() == 1
    with pytest.raises(ValidationError):  # no aid once lifted out
        grant(county_officer, file, "100")
    # The household may apply again after leaving the file.
    again = services.application_submit(
        by=worker, person=zhang, cause="illness", worker_income=Decimal("1000")
    )
    assert again.state == S.SUBMITTED


def test_an_ineligible_household_is_refused_with_the_rules_reasons(
    tree, zhang, worker, rule, county_officer
) -> None:
    case = services.application_submit(
        by=worker, person=zhang, cause="illness", worker_income=Decimal("5000"),
        members=household("4000"),
    )  # fmt: skip
    case = cases.case_accept(by=county_officer, case=case, expected_version=case.version)
    services.application_record_visit(
        by=county_officer, case=case, visited_on=timezone.localdate(), notes="收入较高",
        consent=upload("同意书.pdf"),
    )  # fmt: skip
    application = services.application_check_income(by=county_officer, case=case)
    assert application.eligible is False and application.stage == ApplicationStage.REFUSED
    assert "家庭月人均收入3000.00元，不低于当地标准900.00元" in application.decision_reasons
    case.refresh_from_db()
    assert case.state == S.REJECTED
    assert HardshipFile.objects.get(pk=application.file_id).status == FileStatus.REFUSED


def test_an_upheld_objection_refuses_the_application(
    tree, zhang, worker, rule, county_officer
) -> None:
    case = services.application_submit(
        by=worker, person=zhang, cause="illness", worker_income=Decimal("1800"),
        members=household(),
    )  # fmt: skip
    case = cases.case_accept(by=county_officer, case=case, expected_version=case.version)
    services.application_record_visit(
        by=county_officer, case=case, visited_on=timezone.localdate(), notes="核查",
        consent=upload("同意书.pdf"),
    )  # fmt: skip
    services.application_check_income(by=county_officer, case=case)
    services.application_start_notice(by=county_officer, case=case, started_on=timezone.localdate())
    objection = services.objection_record(
        by=county_officer, case=case, raised_on=timezone.localdate(), text="其妻为公务员"
    )
    services.objection_handle(
        by=county_officer, objection=objection, note="经核实属实", upheld=True
    )
    case.refresh_from_db()
    assert case.state == S.REJECTED
    application = HardshipApplication.objects.get(pk=case.pk)
    assert application.stage == ApplicationStage.REFUSED
    assert application.file.status == FileStatus.REFUSED
    with pytest.raises(ValidationError):
        services.objection_record(
            by=county_officer, case=case, raised_on=timezone.localdate(), text="再次异议"
        )


def test_one_file_per_household(tree, zhang, wang, file_a, city_admin) -> None:
    from gonghui.assistance.tests.conftest import SPOUSE_ID, open_file

    with pytest.raises(ValidationError) as refused:
        open_file(city_admin, zhang)
    assert refused.value.code == "already_filed"
    assert refused.value.params["file_id"] == file_a.pk
    # Someone listed as a member of 张三's household cannot be filed again elsewhere.
    with pytest.raises(ValidationError) as member_refused:
        open_file(city_admin, wang, members=[
            {"name": "李梅", "relationship": "spouse", "id_number": SPOUSE_ID,
             "monthly_income": 0}
        ])  # fmt: skip
    assert member_refused.value.params["file_id"] == file_a.pk
    assert HardshipFile.objects.filter(person=wang).count() == 0


def test_viewing_a_file_writes_a_reveal_row(file_a, county_officer) -> None:
    services.hardship_file_view(by=county_officer, file=file_a)
    log = AuditLog.objects.filter(action=AuditAction.REVEAL).get()
    assert log.object_id == str(file_a.pk) and log.user == county_officer


def test_reviews_due_and_overdue(file_a, file_b, county_officer) -> None:
    today = timezone.localdate()
    HardshipFile.objects.filter(pk=file_a.pk).update(opened_on=today - datetime.timedelta(days=340))
    HardshipFile.objects.filter(pk=file_b.pk).update(opened_on=today - datetime.timedelta(days=400))
    files = HardshipFile.objects.all()
    assert set(selectors.files_due_for_review(files, today)) == {file_a, file_b}
    assert list(selectors.files_overdue_for_review(files, today)) == [file_b]
    services.annual_review_record(
        by=county_officer, file=file_a, reviewed_on=today, decision=ReviewDecision.KEEP,
        household_size=3, monthly_income_total=Decimal("2400"),
    )  # fmt: skip
    assert list(selectors.files_due_for_review(files, today)) == [file_b]
