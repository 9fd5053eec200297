"""The member roster as an xlsx workbook (the columns the roster import reads), and the
employers of 25 or more without a union (未建会企业) per region and park."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import View
from openpyxl import Workbook

from gonghui.core.audit import audit_record
from gonghui.core.choices import Action, AuditAction, UnitKind
from gonghui.core.scoping import scope_paths
from gonghui.core.views.base import WorkspaceMixin, csv_response
from gonghui.membership.views.members import filtered_memberships
from gonghui.registry.choices import Education, Ethnicity, Gender, Hukou, WorkerGroup
from gonghui.registry.models import Enterprise
from gonghui.utils.idcard import mask_id_number
from gonghui.utils.phone import mask_mobile

NO_UNION_EMPLOYEES = 25

ROSTER_HEADERS = (
    "序号", "姓名", "身份证号", "性别", "民族", "手机号码", "文化程度", "户籍类型", "是否农民工",
    "新就业形态", "入会时间", "所属工会", "工会组织代码", "会员证号", "工作单位",
)  # fmt: skip
_FIELDS = (
    "person__name", "person__id_number", "person__gender", "person__ethnicity",
    "person__phone", "person__education", "person__hukou", "person__is_migrant_worker",
    "worker_group", "joined_on", "unit__name", "unit__code", "card_number",
    "person__employer__name", "unit__path",
)  # fmt: skip


def _labels(choices: Any) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def roster_rows(memberships: QuerySet[Any], reveal_roots: list[str]) -> Iterator[list[Any]]:
    """The workbook's rows; ID and mobile numbers in clear only under ``reveal_roots``."""
    gender, ethnicity = _labels(Gender.choices), _labels(Ethnicity.choices)
    education, hukou, group = (
        _labels(Education.choices),
        _labels(Hukou.choices),
        _labels(WorkerGroup.choices),
    )
    yes, no = _("Yes"), _("No")
    for index, row in enumerate(memberships.values_list(*_FIELDS).iterator(2000), start=1):
        (name, id_number, sex, ethnic, phone, edu, huk, migrant, wg, joined, unit_name,
         unit_code, card, employer, path) = row  # fmt: skip
        clear = any(path.startswith(root) for root in reveal_roots)
        yield [
            index, name, id_number if clear else mask_id_number(id_number),
            gender.get(sex, sex), ethnicity.get(ethnic, ethnic),
            (phone if clear else mask_mobile(phone)) if phone else "",
            education.get(edu, edu), hukou.get(huk, huk), yes if migrant else no,
            group.get(wg, wg), joined, unit_name, unit_code, card or "", employer or "",
        ]  # fmt: skip


class RosterExportView(WorkspaceMixin, View):
    """The members the list shows (same filters) as a roster workbook (write-only openpyxl,
    written to a temporary file and streamed from it). ID and mobile numbers are masked
    unless the user holds the reveal action for the member's union; a clear export is
    audited as a reveal."""

    def get(self, request: HttpRequest) -> FileResponse:
        _form, memberships = filtered_memberships(request, self.unit)
        memberships = memberships.order_by("unit__path", "joined_on", "pk")
        reveal_roots = scope_paths(request.user, Action.REVEAL)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("会员花名册")
        sheet.append(list(ROSTER_HEADERS))
        count = 0
        for row in roster_rows(memberships, reveal_roots):
            sheet.append(row)
            count += 1
        if reveal_roots and count:
            audit_record(
                by=request.user,
                action=AuditAction.REVEAL,
                obj=self.unit,
                after={"export": "membership.roster", "rows": count},
            )
        handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
        workbook.save(handle)
        handle.seek(0)
        filename = f"会员花名册-{self.unit.code}-{timezone.localdate():%Y%m%d}.xlsx"
        return FileResponse(handle, as_attachment=True, filename=filename)


def unfounded_enterprises(user: Any, unit: Any) -> QuerySet[Enterprise]:
    return (
        Enterprise.objects.restrict(user, Action.VIEW)
        .within(unit)
        .filter(employee_count__gte=NO_UNION_EMPLOYEES, union_founded=False)
    )


class UnfoundedView(WorkspaceMixin, View):
    """Employers of 25 or more without a union, counted per region and per park union."""

    def get(self, request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
        enterprises = unfounded_enterprises(request.user, self.unit)
        if request.GET.get("format") == "csv":
            rows = enterprises.order_by("region_code", "name").values_list(
                "name", "credit_code", "region_code", "unit__name", "employee_count"
            )
            return csv_response(
                f"未建会企业-{self.unit.code}.csv",
                ["单位名称", "统一社会信用代码", "所在地区代码", "负责工会", "职工人数"],
                rows.iterator(2000),
            )
        by_region = (
            enterprises.order_by().values("region_code").annotate(n=Count("pk")).order_by("-n")
        )
        by_park = (
            enterprises.filter(unit__kind=UnitKind.PARK)
            .order_by()
            .values("unit__name")
            .annotate(n=Count("pk"))
            .order_by("-n")
        )
        return render(
            request,
            "membership/unfounded.html",
            {
                "by_region": list(by_region[:200]),
                "by_park": list(by_park[:200]),
                "enterprises": enterprises.select_related("unit").order_by(
                    "-employee_count", "name"
                )[:200],
                "total": enterprises.count(),
                "threshold": NO_UNION_EMPLOYEES,
            },
        )
