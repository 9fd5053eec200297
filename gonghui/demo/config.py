"""How big a demo city is, and the plan's records (plain data, no database)."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_SEED = 20251016


@dataclass(frozen=True)
class DemoSize:
    name: str
    counties: tuple[str, ...] | None  # None: every current county of the city
    townships_per_county: int | None  # None: every township in ``names.TOWNSHIPS``
    parks: bool
    enterprises: int
    persons: int
    institutions_per_union: int


SIZES: dict[str, DemoSize] = {
    # The whole city: ~150 grassroots unions, ~2,000 employers, ~20,000 workers.
    "city": DemoSize("city", None, None, True, 2000, 20000, 6),
    # For tests: 迎江区 and 怀宁县 only, ~20 grassroots unions, ~200 employers, ~2,000 workers.
    "small": DemoSize("small", ("340802", "340822"), 6, True, 200, 2000, 2),
}


@dataclass
class UnitSpec:
    code: str
    name: str
    short_name: str
    kind: str
    parent: int | None  # index into Plan.units; parents always come first
    region_code: str


@dataclass
class EnterpriseSpec:
    name: str
    credit_code: str
    kind: str
    industry: str
    size: str
    region_code: str
    address: str
    employee_count: int
    union_founded: bool
    unit: int  # index into Plan.units
    worker_group: str  # the new-employment group most of its staff belong to, or ""


@dataclass
class PersonSpec:
    name: str
    id_number: str
    phone: str
    ethnicity: str
    education: str
    hukou: str
    is_migrant_worker: bool
    worker_group: str
    unit: int  # index into Plan.units
    employer: int | None  # index into Plan.enterprises


@dataclass
class Plan:
    units: list[UnitSpec]
    enterprises: list[EnterpriseSpec]
    persons: list[PersonSpec]
    # Indexes into ``units`` of the units the demo logins are granted on.
    city: int
    login_county: int
    login_grassroots: int
