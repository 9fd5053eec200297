"""Reads of imports: the lists a user may see, who may see an import's rows."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.core.scoping import can
from gonghui.imports.models import DataImport


def visible_imports(user: Any, unit: OrgUnit | None = None) -> QuerySet[DataImport]:
    imports = DataImport.objects.restrict(user, Action.VIEW)
    if unit is not None:
        imports = imports.within(unit)
    return imports.select_related("unit", "created_by", "job")


def may_run(user: Any, data_import: DataImport) -> bool:
    """Confirm, start or resume: whoever may add records in the import's unit."""
    return can(user, Action.ADD, data_import)


def may_see_rows(user: Any, data_import: DataImport) -> bool:
    """The file's rows (preview, error workbook) hold personal data in clear.

    They are shown to the user who uploaded the file and to roles that may reveal personal
    data in the unit; an auditor sees the counts only.
    """
    uploader = (
        data_import.created_by_id is not None
        and data_import.created_by_id == getattr(user, "pk", None)
        and can(user, Action.VIEW, data_import)
    )
    return uploader or can(user, Action.REVEAL, data_import)
