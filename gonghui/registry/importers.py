"""Import specs for workers (职工花名册) and employers (用人单位名录).

Both write with the bulk upserts of ``gonghui.imports.bulk`` and store exactly what the
services store: the ID and phone numbers encrypted, with the blind indexes, masks, pinyin,
gender and birth date computed by the functions ``Person.refresh_derived_fields`` and
``Enterprise.refresh_derived_fields`` call.

Re-importing a file updates, never duplicates:

- a worker is found by the blind index of the ID number (under every configured key, so a
  record not yet re-keyed after a key rotation is found too);
- an employer by its unified social credit code. A row without a credit code is matched by its
  exact name among the employers without a code registered with the row's unit: one match is
  updated, none creates a new employer, so importing the same file again never duplicates it,
  and no employer of another unit is touched.

An empty cell in an optional column keeps what is stored; a record is moved to the row's unit
(the import's unit, or the one named in 工会组织代码). A record registered with a unit outside
what the user may change is not touched: its row is reported in the error workbook.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import crypto
from gonghui.core.choices import Action
from gonghui.core.models import OrgUnit
from gonghui.imports import bulk
from gonghui.imports.cells import (
    choice,
    clean_boolean,
    clean_count,
    clean_credit_code,
    clean_id_number,
    clean_mobile,
    clean_region_code,
    text,
)
from gonghui.imports.specs import Column, ImportContext, Importer, Row, WriteResult, register
from gonghui.registry.choices import (
    Education,
    EnterpriseKind,
    EnterpriseSize,
    Ethnicity,
    Hukou,
    Industry,
    WorkerGroup,
)
from gonghui.registry.models import ID_NUMBER_INDEX, PHONE_INDEX, Enterprise, Person
from gonghui.utils.idcard import mask_id_number, parse_id_number
from gonghui.utils.names import normalize_person_name
from gonghui.utils.phone import mask_mobile
from gonghui.utils.pinyin import name_pinyin

LOOKUP_BATCH = 900  # under SQLite's oldest limit of 999 parameters per statement


def _batches(values: list[Any], size: int = LOOKUP_BATCH) -> Iterable[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


class ConcurrentChange(ValidationError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "Some of these records were changed by someone else while the import ran: "
                "run the import again (resume) to continue."
            ),
            code="concurrent_change",
        )


def _out_of_scope(what: str) -> str:
    return _("%(what)s is registered with a unit you may not change: the row was skipped.") % {
        "what": what
    }


# ---------------------------------------------------------------------------------------------
# Employer lookup shared by the worker import


def _employer_lookup(rows: list[Row], ctx: ImportContext) -> None:
    """Resolve 工作单位 (a name or a credit code) and 用人单位统一社会信用代码 to an employer.

    Only employers the user may view are found. By name, the match is exact (spaces
    collapsed); a name shared by several employers asks for the credit code. An employer not
    found is an error of the row: register it first (or import the employers first).
    """
    codes: set[str] = set()
    names: set[str] = set()
    # Whether each employer name seen is in fact a credit code (None: a name). A roster
    # repeats a few hundred employers: each is tried once, not once a row.
    as_code: dict[str, str | None] = ctx.cache.setdefault("employer_name_as_code", {})
    for row in rows:
        values = row.values
        code = values.get("employer_credit_code")
        name = values.get("employer")
        if code:
            codes.add(code)
        elif name:
            if name not in as_code:
                try:
                    as_code[name] = clean_credit_code(name)
                except ValidationError:
                    as_code[name] = None
            parsed = as_code[name]
            if parsed is not None:
                values["employer_credit_code"] = parsed
                codes.add(parsed)
            else:
                names.add(name)
    by_code: dict[str, int] = ctx.cache.setdefault("employer_codes", {})
    by_name: dict[str, list[int]] = ctx.cache.setdefault("employer_names", {})
    visible = Enterprise.objects.restrict(ctx.user, Action.VIEW)
    for batch in _batches(sorted(codes - by_code.keys())):
        by_code.update(visible.filter(credit_code__in=batch).values_list("credit_code", "pk"))
    for batch in _batches(sorted(names - by_name.keys())):
        for name in batch:
            by_name[name] = []
        for name, pk in visible.filter(name__in=batch).values_list("name", "pk"):
            by_name[name].append(pk)
    for row in rows:
        values = row.values
        header = "用人单位统一社会信用代码" if "employer_credit_code" in values else "工作单位"
        code = values.pop("employer_credit_code", None)
        name = values.pop("employer", None)
        if code:
            if code in by_code:
                values["employer_id"] = by_code[code]
            else:
                row.errors.append(
                    f"{header}："
                    + _("no employer with the credit code %(code)s is registered") % {"code": code}
                )
        elif name:
            found = by_name.get(name, [])
            if len(found) == 1:
                values["employer_id"] = found[0]
            elif not found:
                row.errors.append(
                    f"{header}："
                    + _(
                        "“%(name)s” is not registered: register the employer first or give "
                        "its credit code"
                    )
                    % {"name": name}
                )
            else:
                row.errors.append(
                    f"{header}："
                    + _(
                        "%(count)d employers are named “%(name)s”: give the credit code to "
                        "tell them apart"
                    )
                    % {"count": len(found), "name": name}
                )


# ---------------------------------------------------------------------------------------------
# Workers


def _strip_zu(choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    return {str(label)[:-1]: code for code, label in choices if str(label).endswith("族")}


PERSON_COLUMNS = (
    Column(
        "name",
        "姓名",
        ("职工姓名", "员工姓名", "会员姓名", "名字"),
        required=True,
        clean=text(60, normalize=normalize_person_name),
        example="张三",
    ),
    Column(
        "id_number",
        "公民身份号码",
        (
            "身份证号",
            "身份证号码",
            "身份证",
            "证件号码",
            "身份证件号码",
            "居民身份证号码",
            "公民身份证号码",
            "身份证件号",
        ),
        required=True,
        clean=clean_id_number,
        example="34080219850101001X",
        note=gettext_lazy(
            "18 characters (15-digit old numbers are upgraded); format the column as text in Excel"
        ),
    ),
    Column(
        "phone",
        "手机号码",
        ("手机", "手机号", "联系电话", "电话", "移动电话", "联系方式", "电话号码"),
        clean=clean_mobile,
        example="13800138000",
    ),
    Column(
        "ethnicity",
        "民族",
        (),
        example="汉族",
        clean=choice(Ethnicity.choices, synonyms=_strip_zu(Ethnicity.choices)),
        note=gettext_lazy("Empty: Han for a new worker"),
    ),
    Column(
        "education",
        "学历",
        ("文化程度", "最高学历"),
        example="大学本科",
        clean=choice(
            Education.choices,
            synonyms={
                "博士": Education.POSTGRADUATE,
                "硕士": Education.POSTGRADUATE,
                "博士研究生": Education.POSTGRADUATE,
                "硕士研究生": Education.POSTGRADUATE,
                "本科": Education.BACHELOR,
                "大专": Education.JUNIOR_COLLEGE,
                "专科": Education.JUNIOR_COLLEGE,
                "高职": Education.JUNIOR_COLLEGE,
                "高中": Education.SECONDARY,
                "中专": Education.SECONDARY,
                "中职": Education.SECONDARY,
                "技校": Education.SECONDARY,
                "职高": Education.SECONDARY,
                "小学": Education.PRIMARY,
                "文盲": Education.PRIMARY,
                "无": Education.PRIMARY,
            },
        ),
    ),
    Column(
        "hukou",
        "户籍类型",
        ("户口性质", "户籍性质", "户口类型", "户籍"),
        example="农村",
        clean=choice(
            Hukou.choices,
            synonyms={
                "城镇户口": Hukou.URBAN,
                "非农业": Hukou.URBAN,
                "非农业户口": Hukou.URBAN,
                "城市": Hukou.URBAN,
                "居民户口": Hukou.URBAN,
                "农村户口": Hukou.RURAL,
                "农业": Hukou.RURAL,
                "农业户口": Hukou.RURAL,
            },
        ),
    ),
    Column(
        "is_migrant_worker",
        "是否农民工",
        ("农民工",),
        clean=clean_boolean,
        example="是",
    ),
    Column(
        "worker_group",
        "新就业形态",
        ("新就业形态群体", "新就业形态劳动者类别", "八大群体", "职业类别"),
        clean=choice(
            WorkerGroup.choices,
            synonyms={
                "快递": WorkerGroup.COURIER,
                "快递小哥": WorkerGroup.COURIER,
                "外卖骑手": WorkerGroup.FOOD_DELIVERY_RIDER,
                "外卖员": WorkerGroup.FOOD_DELIVERY_RIDER,
                "骑手": WorkerGroup.FOOD_DELIVERY_RIDER,
                "网约车驾驶员": WorkerGroup.RIDE_HAILING_DRIVER,
                "货车驾驶员": WorkerGroup.TRUCK_DRIVER,
                "家政": WorkerGroup.DOMESTIC_WORKER,
                "家政服务人员": WorkerGroup.DOMESTIC_WORKER,
                "护理员": WorkerGroup.CARER,
                "房产经纪人": WorkerGroup.ESTATE_AGENT,
                "房地产经纪人": WorkerGroup.ESTATE_AGENT,
                "保安": WorkerGroup.SECURITY_GUARD,
            },
        ),
    ),
    Column(
        "employer",
        "工作单位",
        ("用人单位", "所在单位", "单位名称", "企业名称", "工作单位名称", "单位"),
        clean=text(200),
        example="安庆市某某机械有限公司",
        note=gettext_lazy("An employer already registered: its exact name or its credit code"),
    ),
    Column(
        "employer_credit_code",
        "用人单位统一社会信用代码",
        ("统一社会信用代码", "信用代码", "社会信用代码", "单位信用代码", "单位统一社会信用代码"),
        clean=clean_credit_code,
        note=gettext_lazy("Finds the employer when given (instead of the name)"),
    ),
)

# The columns the import writes, in order; "id" and "user_id" are left to the database.
_PERSON_WRITE = (
    "unit_id", "name", "name_pinyin", "name_initials", "id_number", "id_number_hash",
    "id_number_masked", "phone", "phone_hash", "phone_masked", "gender", "birth_date",
    "ethnicity", "education", "hukou", "is_migrant_worker", "worker_group", "employer_id",
    "created_at", "updated_at",
)  # fmt: skip
_PERSON_UPDATE = tuple(c for c in _PERSON_WRITE if c != "created_at")
# Compared with what is stored to tell an unchanged row (plus the phone through its hash).
_PERSON_COMPARED = (
    "name", "unit_id", "ethnicity", "education", "hukou", "is_migrant_worker", "worker_group",
    "employer_id",
)  # fmt: skip
_PERSON_DEFAULTS: dict[str, Any] = {
    "ethnicity": Ethnicity.HAN, "education": "", "hukou": "", "is_migrant_worker": False,
    "worker_group": "", "employer_id": None,
}  # fmt: skip


def _several_keys() -> bool:
    return len(settings.FIELD_KEYS) > 1


class PersonImporter(Importer):
    code = "registry.persons"
    label = gettext_lazy("Workers")
    model = Person
    columns = PERSON_COLUMNS

    def key(self, values: dict[str, Any]) -> Hashable | None:
        return values.get("id_number")

    def key_label(self) -> str:
        return "公民身份号码"

    def resolve(self, rows: list[Row], ctx: ImportContext) -> None:
        _employer_lookup(rows, ctx)

    def _existing(self, hashes: dict[str, list[str]]) -> dict[str, tuple[Any, ...]]:
        """Stored workers by the hash of the row's number (under any key), in bulk."""
        wanted = {candidate: h for h, candidates in hashes.items() for candidate in candidates}
        found: dict[str, tuple[Any, ...]] = {}
        # Plain SQL: the ORM spends more preparing 900 parameters than the query takes.
        quote = connection.ops.quote_name
        compared = ", ".join(f"p.{quote(c)}" for c in _PERSON_COMPARED)
        select = (
            f"SELECT p.{quote('id')}, p.{quote('id_number_hash')}, u.{quote('path')}, "
            f"p.{quote('phone_hash')}, {compared} "
            f"FROM {quote(Person._meta.db_table)} p "
            f"JOIN {quote(OrgUnit._meta.db_table)} u ON u.{quote('id')} = p.{quote('unit_id')} "
            f"WHERE p.{quote('id_number_hash')} IN "
        )
        with connection.cursor() as cursor:
            for batch in _batches(list(wanted)):
                cursor.execute(select + "(" + ", ".join(["%s"] * len(batch)) + ")", batch)
                for record in cursor.fetchall():
                    found[wanted[record[1]]] = record
        return found

    def write(self, rows: list[Row], ctx: ImportContext) -> WriteResult:
        result = WriteResult()
        several = _several_keys()
        hashes: dict[str, list[str]] = {}
        for row in rows:
            number = row.values["id_number"]
            current = crypto.blind_index(number, ID_NUMBER_INDEX)
            row.values["id_number_hash"] = current
            hashes[current] = (
                crypto.blind_index_candidates(number, ID_NUMBER_INDEX) if several else [current]
            )
        existing = self._existing(hashes)
        now = ctx.now
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        for row in rows:
            values = row.values
            stored = existing.get(values["id_number_hash"])
            if stored is None:
                inserts.append(self._new_record(values, now))
                result.created += 1
                continue
            pk, stored_hash, path, phone_hash, *compared = stored
            if not ctx.may_change(path):
                result.errors[row.number] = _out_of_scope(_("This worker"))
                continue
            old = dict(zip(_PERSON_COMPARED, compared, strict=True))
            rekey = stored_hash != values["id_number_hash"]  # stored under an older key
            record = self._changed_record(values, old, phone_hash, now, force=rekey)
            if record is None:
                result.unchanged += 1
                continue
            updates.append((pk, *record))
            result.updated += 1
        table = connection.ops.quote_name(Person._meta.db_table)
        guard = bulk.unit_scope_guard(f"{table}.{connection.ops.quote_name('unit_id')}",
                                      ctx.change_roots)  # fmt: skip
        # New workers: an upsert, so that one registered meanwhile is updated, not duplicated.
        written = bulk.upsert(
            Person, _PERSON_WRITE, inserts, conflict="id_number_hash", update=_PERSON_UPDATE,
            guard=guard,
        )  # fmt: skip
        written += bulk.update_by_pk(Person, _PERSON_UPDATE, updates, guard=guard)
        if written != len(inserts) + len(updates):
            raise ConcurrentChange()
        return result

    @staticmethod
    def _new_record(values: dict[str, Any], now: Any) -> tuple[Any, ...]:
        """Every column of a new worker, derived as ``Person.refresh_derived_fields`` does."""
        number = values["id_number"]
        name = values["name"]
        phone = values.get("phone", "")
        info = parse_id_number(number)
        full, initials = name_pinyin(name)
        get = values.get
        d = _PERSON_DEFAULTS
        return (
            values["unit_id"], name, full, initials, crypto.encrypt(number),
            values["id_number_hash"], mask_id_number(number),
            crypto.encrypt(phone) if phone else "",
            crypto.blind_index(phone, PHONE_INDEX) if phone else "",
            mask_mobile(phone) if phone else "",
            info.gender, info.birth_date,
            get("ethnicity", d["ethnicity"]), get("education", d["education"]),
            get("hukou", d["hukou"]), get("is_migrant_worker", d["is_migrant_worker"]),
            get("worker_group", d["worker_group"]), get("employer_id", d["employer_id"]),
            now, now,
        )  # fmt: skip

    @staticmethod
    def _changed_record(
        values: dict[str, Any], stored: dict[str, Any], phone_hash: str, now: Any, force: bool
    ) -> tuple[Any, ...] | None:
        """The update of a stored worker (None = keep the column), or None when unchanged.

        The columns are ``_PERSON_UPDATE``'s. The ID number is the key, so it is kept; its hash
        is written (new when the record was stored under an older key).
        """
        changed = force or any(
            name in values and values[name] != stored[name] for name in _PERSON_COMPARED
        )
        phone: str = values.get("phone", "")
        new_phone_hash = None
        if phone:
            candidates = (
                crypto.blind_index_candidates(phone, PHONE_INDEX)
                if _several_keys()
                else [crypto.blind_index(phone, PHONE_INDEX)]
            )
            if phone_hash not in candidates:
                new_phone_hash = candidates[0]
                changed = True
        if not changed:
            return None
        name = values["name"]
        full, initials = name_pinyin(name) if name != stored["name"] else (None, None)
        get = values.get
        return (
            values["unit_id"], name, full, initials, None, values["id_number_hash"], None,
            crypto.encrypt(phone) if new_phone_hash else None, new_phone_hash,
            mask_mobile(phone) if new_phone_hash else None,
            None, None,
            get("ethnicity"), get("education"), get("hukou"), get("is_migrant_worker"),
            get("worker_group"), get("employer_id"),
            now,
        )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Employers


ENTERPRISE_COLUMNS = (
    Column(
        "name",
        "单位名称",
        ("企业名称", "用人单位", "用人单位名称", "名称", "单位全称", "企业全称"),
        required=True,
        clean=text(200),
        example="安庆市某某机械有限公司",
    ),
    Column(
        "credit_code",
        "统一社会信用代码",
        ("信用代码", "社会信用代码", "统一代码", "企业信用代码"),
        clean=clean_credit_code,
        example="91340800MA2N0XXXXX",
        note=gettext_lazy(
            "Without a code the employer is matched by its exact name in the row's unit"
        ),
    ),
    Column(
        "kind",
        "单位类型",
        ("单位性质", "类型", "机构类型"),
        example="企业",
        clean=choice(
            EnterpriseKind.choices,
            synonyms={
                "公司": EnterpriseKind.ENTERPRISE,
                "国有企业": EnterpriseKind.ENTERPRISE,
                "民营企业": EnterpriseKind.ENTERPRISE,
                "私营企业": EnterpriseKind.ENTERPRISE,
                "外资企业": EnterpriseKind.ENTERPRISE,
                "个体工商户": EnterpriseKind.ENTERPRISE,
                "机关单位": EnterpriseKind.GOVERNMENT_BODY,
                "党政机关": EnterpriseKind.GOVERNMENT_BODY,
                "社会团体": EnterpriseKind.SOCIAL_ORGANISATION,
                "民办非企业单位": EnterpriseKind.SOCIAL_ORGANISATION,
                "基金会": EnterpriseKind.SOCIAL_ORGANISATION,
            },
        ),
        note=gettext_lazy("Empty: enterprise for a new employer"),
    ),
    Column(
        "industry",
        "所属行业",
        ("行业", "行业门类", "行业分类", "国民经济行业"),
        example="制造业",
        clean=choice(Industry.choices),
        note=gettext_lazy("The section of GB/T 4754: its letter (C) or its name (制造业)"),
    ),
    Column(
        "size",
        "企业规模",
        ("规模", "单位规模"),
        example="小型",
        clean=choice(
            EnterpriseSize.choices,
            synonyms={
                "大型企业": EnterpriseSize.LARGE,
                "中型企业": EnterpriseSize.MEDIUM,
                "小型企业": EnterpriseSize.SMALL,
                "微型企业": EnterpriseSize.MICRO,
                "大": EnterpriseSize.LARGE,
                "中": EnterpriseSize.MEDIUM,
                "小": EnterpriseSize.SMALL,
                "微": EnterpriseSize.MICRO,
            },
        ),
    ),
    Column(
        "region_code",
        "所在地区代码",
        ("行政区划代码", "区划代码", "地区代码", "所在地代码"),
        clean=clean_region_code,
        example="340802",
        note=gettext_lazy("Six-digit division code; empty: the unit's region for a new employer"),
    ),
    Column(
        "address",
        "单位地址",
        ("地址", "注册地址", "经营地址", "详细地址", "办公地址"),
        clean=text(300),
        example="安庆市迎江区某某路1号",
    ),
    Column(
        "employee_count",
        "职工人数",
        ("职工总数", "员工人数", "从业人员数", "人数", "在岗职工人数"),
        clean=clean_count,
        example=120,
    ),
    Column(
        "union_founded",
        "是否建会",
        ("已建会", "是否建立工会", "建会情况", "是否已建会"),
        clean=clean_boolean,
        example="是",
    ),
)

_ENTERPRISE_WRITE = (
    "unit_id", "name", "name_pinyin", "name_initials", "credit_code", "kind", "industry",
    "size", "region_code", "address", "employee_count", "union_founded", "created_at",
    "updated_at",
)  # fmt: skip
# The code is the key (or absent): it is never changed by an import.
_ENTERPRISE_UPDATE = tuple(c for c in _ENTERPRISE_WRITE if c not in {"credit_code", "created_at"})
_ENTERPRISE_COMPARED = (
    "name", "unit_id", "kind", "industry", "size", "region_code", "address", "employee_count",
    "union_founded",
)  # fmt: skip
_ENTERPRISE_DEFAULTS: dict[str, Any] = {
    "kind": EnterpriseKind.ENTERPRISE, "industry": "", "size": "", "address": "",
    "employee_count": 0, "union_founded": False,
}  # fmt: skip


class EnterpriseImporter(Importer):
    code = "registry.enterprises"
    label = gettext_lazy("Employers")
    model = Enterprise
    columns = ENTERPRISE_COLUMNS

    def key(self, values: dict[str, Any]) -> Hashable | None:
        if values.get("credit_code"):
            return values["credit_code"]
        # Without a code the name within the unit is the key (see the module docstring).
        return ("name", values.get("unit_id"), values["name"])

    def key_label(self) -> str:
        return "统一社会信用代码（无代码时为单位名称）"

    def resolve(self, rows: list[Row], ctx: ImportContext) -> None:
        """The region codes of the rows' units: a new employer's default region."""
        regions: dict[int, str] = ctx.cache.setdefault("unit_regions", {})
        wanted = {row.values["unit_id"] for row in rows if "unit_id" in row.values}
        wanted -= regions.keys()
        if wanted:
            regions.update(OrgUnit.objects.filter(pk__in=wanted).values_list("pk", "region_code"))

    def write(self, rows: list[Row], ctx: ImportContext) -> WriteResult:
        result = WriteResult()
        coded = [row for row in rows if row.values.get("credit_code")]
        uncoded = [row for row in rows if not row.values.get("credit_code")]
        fields = ("pk", "unit__path", *_ENTERPRISE_COMPARED)
        by_code: dict[str, tuple[Any, ...]] = {}
        for batch in _batches([row.values["credit_code"] for row in coded]):
            for record in Enterprise.objects.filter(credit_code__in=batch).values_list(
                "credit_code", *fields
            ):
                by_code[record[0]] = record[1:]
        by_name: dict[tuple[int, str], list[tuple[Any, ...]]] = {}
        for batch in _batches(sorted({row.values["name"] for row in uncoded})):
            for record in Enterprise.objects.filter(
                credit_code__isnull=True, name__in=batch
            ).values_list("unit_id", "name", *fields):
                by_name.setdefault((record[0], record[1]), []).append(record[2:])

        now = ctx.now
        regions = ctx.cache.get("unit_regions", {})
        upserts: list[tuple[Any, ...]] = []
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        for row in rows:
            values = row.values
            code = values.get("credit_code")
            if code:
                stored = by_code.get(code)
            else:
                matches = by_name.get((values["unit_id"], values["name"]), [])
                if len(matches) > 1:
                    result.errors[row.number] = _(
                        "Several employers without a credit code are named “%(name)s” in this "
                        "unit: give the credit code."
                    ) % {"name": values["name"]}
                    continue
                stored = matches[0] if matches else None
            if stored is None:
                record = self._new_record(values, regions, now)
                (upserts if code else inserts).append(record)
                result.created += 1
                continue
            pk, path, *compared = stored
            if not ctx.may_change(path):
                result.errors[row.number] = _out_of_scope(_("This employer"))
                continue
            old = dict(zip(_ENTERPRISE_COMPARED, compared, strict=True))
            if not any(k in values and values[k] != old[k] for k in _ENTERPRISE_COMPARED):
                result.unchanged += 1
                continue
            updates.append((pk, *self._changed_record(values, old, now)))
            result.updated += 1
        table = connection.ops.quote_name(Enterprise._meta.db_table)
        guard = bulk.unit_scope_guard(f"{table}.{connection.ops.quote_name('unit_id')}",
                                      ctx.change_roots)  # fmt: skip
        written = bulk.upsert(
            Enterprise, _ENTERPRISE_WRITE, upserts, conflict="credit_code",
            update=_ENTERPRISE_UPDATE, guard=guard,
        )  # fmt: skip
        written += bulk.insert(Enterprise, _ENTERPRISE_WRITE, inserts)
        written += bulk.update_by_pk(Enterprise, _ENTERPRISE_UPDATE, updates, guard=guard)
        if written != len(upserts) + len(inserts) + len(updates):
            raise ConcurrentChange()
        return result

    @staticmethod
    def _new_record(values: dict[str, Any], regions: dict[int, str], now: Any) -> tuple[Any, ...]:
        name = values["name"]
        full, initials = name_pinyin(name)  # as Enterprise.refresh_derived_fields
        get = values.get
        d = _ENTERPRISE_DEFAULTS
        return (
            values["unit_id"], name, full, initials, get("credit_code"),
            get("kind", d["kind"]), get("industry", d["industry"]), get("size", d["size"]),
            get("region_code") or regions.get(values["unit_id"], ""),
            get("address", d["address"]), get("employee_count", d["employee_count"]),
            get("union_founded", d["union_founded"]), now, now,
        )  # fmt: skip

    @staticmethod
    def _changed_record(values: dict[str, Any], old: dict[str, Any], now: Any) -> tuple[Any, ...]:
        """The columns of ``_ENTERPRISE_UPDATE``; None keeps the stored value."""
        name = values["name"]
        full, initials = name_pinyin(name) if name != old["name"] else (None, None)
        get = values.get
        return (
            values["unit_id"], name, full, initials, get("kind"), get("industry"), get("size"),
            get("region_code"), get("address"), get("employee_count"), get("union_founded"), now,
        )  # fmt: skip


register(PersonImporter())
register(EnterpriseImporter())
