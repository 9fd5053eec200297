"""The member roster (会员花名册) a grassroots union keeps, through the kernel's import pipeline.

A row is a worker (registered or updated exactly as the registry's worker import does: the
same columns, key and bulk writes) and their current membership of the row's union (the
import's unit, or the one named by 工会组织代码 or 所属工会 below it):

- a worker without a current membership becomes a member of the row's union, channel
  ``import``, joined on 入会时间 (default: today), with a card number from the union's counter
  (locked, as on approval);
- a worker already a member of the row's union is updated (入会时间, 新就业形态 when given);
- a worker who is a current member of ANOTHER union is an error row naming it: that is a
  transfer (会员关系转接), not an import. Nothing of that row is written.

Re-importing the same file changes nothing and makes no second membership. The counts: a row
is "created" when the worker was new; a row whose worker was unchanged but who became a member
counts as "updated".
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import crypto
from gonghui.core.choices import UnitStatus
from gonghui.core.models import OrgUnit
from gonghui.imports import bulk
from gonghui.imports.cells import clean_date, text
from gonghui.imports.specs import Column, ImportContext, Row, WriteResult, register
from gonghui.membership.choices import MEMBER_UNIT_KINDS, JoinChannel, MembershipStatus
from gonghui.membership.models import Membership
from gonghui.membership.services.common import card_number, locked_settings
from gonghui.registry.importers import (
    PERSON_COLUMNS,
    ConcurrentChange,
    PersonImporter,
    _batches,
)
from gonghui.registry.models import ID_NUMBER_INDEX, Person

ROSTER_COLUMNS = (
    Column("seq", "序号", ("编号", "序"), clean=text(20), example=1),
    *PERSON_COLUMNS[:2],
    Column("gender_text", "性别", (), clean=text(4), example="男",
           note=gettext_lazy("Read from the ID number; this column is not stored")),
    *PERSON_COLUMNS[2:],
    Column(
        "joined_on",
        "入会时间",
        ("入会日期", "入会年月", "加入工会时间"),
        clean=clean_date,
        example="2024-03-01",
        note=gettext_lazy("Empty: today, for a new member"),
    ),
    Column(
        "unit_name",
        "所属工会",
        ("工会名称", "所在工会", "基层工会"),
        clean=text(200),
        note=gettext_lazy("A union at or below the import's unit, by its exact name"),
    ),
)  # fmt: skip

_MEMBERSHIP_WRITE = (
    "person_id", "unit_id", "status", "joined_on", "ended_on", "end_reason", "end_note",
    "channel", "worker_group", "card_number", "join_request_id", "previous_id", "created_at",
    "updated_at",
)  # fmt: skip


class RosterImporter(PersonImporter):
    code = "membership.roster"
    label = gettext_lazy("Member roster")
    model = Membership  # type: ignore[assignment]
    columns = ROSTER_COLUMNS  # type: ignore[assignment]

    def key(self, values: dict[str, Any]) -> Hashable | None:
        return values.get("id_number")

    def resolve(self, rows: list[Row], ctx: ImportContext) -> None:
        super().resolve(rows, ctx)
        self._resolve_unit_names(rows, ctx)
        units: dict[int, tuple[str, str, str]] = ctx.cache.setdefault("member_units", {})
        wanted = {row.values["unit_id"] for row in rows if "unit_id" in row.values}
        wanted -= units.keys()
        if wanted:
            for pk, kind, status, name in OrgUnit.objects.filter(pk__in=wanted).values_list(
                "pk", "kind", "status", "name"
            ):
                units[pk] = (kind, status, name)
        for row in rows:
            unit_id = row.values.get("unit_id")
            if unit_id is None:
                continue
            kind, status, name = units[unit_id]
            if kind not in MEMBER_UNIT_KINDS or status != UnitStatus.ACTIVE:
                row.errors.append(
                    _("%(unit)s does not take members (only active grassroots unions, joint "
                      "unions and sector federations do)") % {"unit": name}
                )  # fmt: skip
            joined = row.values.get("joined_on")
            if joined is not None and joined > timezone.localdate():
                row.errors.append("入会时间：" + _("The date cannot be in the future."))

    @staticmethod
    def _resolve_unit_names(rows: list[Row], ctx: ImportContext) -> None:
        names = {row.values["unit_name"] for row in rows if row.values.get("unit_name")}
        by_name: dict[str, list[int]] = ctx.cache.setdefault("unit_names", {})
        wanted = sorted(names - by_name.keys())
        for batch in _batches(wanted):
            for name in batch:
                by_name[name] = []
            for name, pk in (
                OrgUnit.objects.within(ctx.unit)
                .exclude(status=UnitStatus.DISSOLVED)
                .filter(name__in=batch)
                .values_list("name", "pk")
            ):
                by_name[name].append(pk)
        for row in rows:
            name = row.values.pop("unit_name", None)
            row.values.pop("seq", None)
            row.values.pop("gender_text", None)
            if not name:
                continue
            found = by_name.get(name, [])
            if len(found) == 1:
                row.values["unit_id"] = found[0]
            elif not found:
                row.errors.append(
                    "所属工会："
                    + _("no union named “%(name)s” under %(unit)s")
                    % {"name": name, "unit": ctx.unit.name}
                )
            else:
                row.errors.append(
                    "所属工会："
                    + _("several unions are named “%(name)s”: give 工会组织代码") % {"name": name}
                )

    @staticmethod
    def _persons_by_hash(hashes: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for batch in _batches(hashes):
            found.update(
                Person.objects.filter(id_number_hash__in=batch).values_list("id_number_hash", "pk")
            )
        return found

    @staticmethod
    def _active_by_person(person_ids: list[int]) -> dict[int, tuple[int, int, str, Any]]:
        """Current memberships by worker: (membership, unit, unit name, joined on). By the
        worker's id, so the partial unique index on active memberships serves it."""
        found: dict[int, tuple[int, int, str, Any]] = {}
        for batch in _batches(person_ids):
            for person_id, *record in Membership.objects.filter(
                person_id__in=batch, status=MembershipStatus.ACTIVE
            ).values_list("person_id", "pk", "unit_id", "unit__name", "joined_on"):
                found[person_id] = tuple(record)  # type: ignore[assignment]
        return found

    def write(self, rows: list[Row], ctx: ImportContext) -> WriteResult:
        for row in rows:
            row.values["id_number_hash"] = crypto.blind_index(
                row.values["id_number"], ID_NUMBER_INDEX
            )
        persons = self._persons_by_hash([row.values["id_number_hash"] for row in rows])
        by_person = self._active_by_person(list(persons.values()))
        active = {h: by_person[pk] for h, pk in persons.items() if pk in by_person}
        refused: dict[int, str] = {}
        kept: list[Row] = []
        for row in rows:
            current = active.get(row.values["id_number_hash"])
            if current is not None and current[1] != row.values["unit_id"]:
                refused[row.number] = _(
                    "This worker is a current member of %(unit)s: a move to another union is a "
                    "transfer (会员关系转接), not an import."
                ) % {"unit": current[2]}
            else:
                kept.append(row)
        joined: dict[str, datetime.date | None] = {
            row.values["id_number_hash"]: row.values.pop("joined_on", None) for row in kept
        }
        known = set(persons)
        result = super().write(kept, ctx)
        result.errors.update(refused)
        written = [row for row in kept if row.number not in result.errors]
        # The workers this chunk registered (upserted: by the hash, after the write).
        persons.update(
            self._persons_by_hash(
                [h for h in (row.values["id_number_hash"] for row in written) if h not in persons]
            )
        )
        today = timezone.localdate()
        now = ctx.now
        new_by_unit: dict[int, list[Row]] = {}
        changed: list[tuple[int, datetime.date]] = []
        for row in written:
            h = row.values["id_number_hash"]
            current = active.get(h)
            if current is None:
                new_by_unit.setdefault(row.values["unit_id"], []).append(row)
                continue
            day = joined[h]
            if day is not None and day != current[3]:
                changed.append((current[0], day))
        inserts: list[tuple[Any, ...]] = []
        for unit_id, unit_rows in sorted(new_by_unit.items()):
            unit = OrgUnit.objects.get(pk=unit_id)
            counter = locked_settings(unit)
            first = counter.last_card_number + 1
            counter.last_card_number += len(unit_rows)
            counter.save(update_fields=["last_card_number", "updated_at"])
            for offset, row in enumerate(unit_rows):
                h = row.values["id_number_hash"]
                inserts.append(
                    (
                        persons[h], unit_id, MembershipStatus.ACTIVE, joined[h] or today, None,
                        "", "", JoinChannel.IMPORT, row.values.get("worker_group", ""),
                        card_number(unit, first + offset), None, None, now, now,
                    )
                )  # fmt: skip
        try:
            bulk.insert(Membership, _MEMBERSHIP_WRITE, inserts)
        except Exception as exc:  # the one-active-membership index: someone was quicker
            if "membership_one_active_per_person" in str(exc) or "UNIQUE" in str(exc):
                raise ConcurrentChange() from exc
            raise
        for pk, day in changed:
            Membership.objects.filter(pk=pk).update(joined_on=day, updated_at=now)
        # Workers that were stored unchanged but became members count as updated.
        existed = sum(
            1
            for unit_rows in new_by_unit.values()
            for row in unit_rows
            if row.values["id_number_hash"] in known
        )
        # Rows whose worker was stored unchanged but whose membership was made or changed.
        moved = min(existed + len(changed), result.unchanged)
        result.unchanged -= moved
        result.updated += moved
        return result


register(RosterImporter())
