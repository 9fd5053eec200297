"""Makers of the employment tests: posting fields and a posting through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from gonghui.employment import services
from gonghui.employment.models import JobPosting, Occupation
from gonghui.registry.models import Enterprise

FAR = datetime.date(2099, 12, 31)


def posting_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": "数控车床操作工",
        "occupation": Occupation.objects.get(code="6-18-01"),
        "description": "操作数控车床加工零件，按图纸完成工序，做好设备日常保养。",
        "openings": 5,
        "region_code": "340802",
        "pay_min": Decimal("4500"),
        "pay_max": Decimal("7000"),
        "valid_until": FAR,
        "skills": ["数控车床", "看图纸"],
        "contact_name": "李经理",
        "contact_phone": "13800001111",
    }
    fields.update(overrides)
    return fields


def make_posting(
    by: Any, enterprise: Enterprise, *, publish: bool = False, **overrides: Any
) -> JobPosting:
    posting = services.posting_create(
        by=by, enterprise=enterprise, submit=True, **posting_fields(**overrides)
    )
    if publish:
        posting = services.posting_review(by=by, posting=posting, approve=True, note="同意")
    return posting
