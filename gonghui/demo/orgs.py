"""Plan the union tree and the employers of the demo city (no database access).

Unit codes extend the parent's code, so they read like addresses:

* city ``340800`` and counties ``340802`` (their GB/T 2260 codes);
* townships ``340802001`` (streets 001-, towns 100-, townships 200-, parks 400-, as in the
  statistical division codes), city-level industry unions ``340800901``- and sector
  federations ``340800951``-;
* grassroots unions ``<parent>001``-, joint unions ``<parent>901``-.
"""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from dataclasses import dataclass, field

from gonghui.core.choices import UnitKind
from gonghui.demo import names
from gonghui.demo.config import DemoSize, EnterpriseSpec, UnitSpec
from gonghui.registry.choices import EnterpriseKind, EnterpriseSize
from gonghui.utils.credit_code import make_credit_code
from gonghui.utils.regions import current_children

# (lowest, highest employee count, share of employers): most are micro or small.
EMPLOYEE_BUCKETS = (
    (1, 9, 0.72),
    (10, 24, 0.215),
    (25, 99, 0.045),
    (100, 299, 0.014),
    (300, 999, 0.005),
    (1000, 3000, 0.001),
)
# Chance that an employer has its own union, by employee count (the seeds report founding
# rates above 90% for employers of 25 and more).
FOUNDED_OWN = ((25, 0.93), (10, 0.02), (0, 0.0))
# Joint unions: one per 100 employers, in the townships with the most small employers without
# a union (at least ``JOINT_MIN_CANDIDATES``); each covers a share of them.
JOINT_PER_ENTERPRISES = 100
JOINT_SHARE = 0.3
JOINT_MIN_CANDIDATES = 6
SECTOR_GROUPS = {group: i for i, (_, _, group) in enumerate(names.SECTOR_FEDERATIONS)}

# Section → (medium from, large from) employees, simplified from the statistical standard
# (统计上大中小微型企业划分办法); below the medium bound, small from ``SMALL_FROM``.
_SIZE_BOUNDS: dict[str, tuple[int, int, int]] = {
    "C": (20, 300, 1000), "B": (20, 300, 1000), "D": (20, 300, 1000), "E": (20, 300, 1000),
    "G": (20, 300, 1000), "F": (10, 50, 300), "H": (10, 100, 300), "I": (10, 100, 2000),
    "K": (100, 300, 1000),
}  # fmt: skip
_DEFAULT_BOUNDS = (10, 100, 300)
_CREDIT_KIND = {
    EnterpriseKind.ENTERPRISE: "91",
    EnterpriseKind.PUBLIC_INSTITUTION: "12",
    EnterpriseKind.GOVERNMENT_BODY: "11",
    EnterpriseKind.SOCIAL_ORGANISATION: "51",
}


def enterprise_size(section: str, employees: int) -> str:
    small, medium, large = _SIZE_BOUNDS.get(section, _DEFAULT_BOUNDS)
    if employees >= large:
        return EnterpriseSize.LARGE
    if employees >= medium:
        return EnterpriseSize.MEDIUM
    return EnterpriseSize.SMALL if employees >= small else EnterpriseSize.MICRO


@dataclass
class Place:
    """A township, street or park union where employers are located."""

    unit: int
    county: str
    name: str
    weight: int
    is_park: bool


@dataclass
class OrgPlanner:
    rng: random.Random
    size: DemoSize
    units: list[UnitSpec] = field(default_factory=list)
    enterprises: list[EnterpriseSpec] = field(default_factory=list)
    counties: dict[str, int] = field(default_factory=dict)  # region code → unit index
    places: dict[str, list[Place]] = field(default_factory=dict)  # county → places
    sectors: list[int] = field(default_factory=list)
    _serials: dict[tuple[int, int], itertools.count[int]] = field(default_factory=dict)
    _names: set[str] = field(default_factory=set)
    _credit_offset: int = 0

    # -- units ------------------------------------------------------------------------------

    def add_unit(
        self, parent: int | None, code: str, name: str, kind: str, region: str, short: str = ""
    ) -> int:
        self.units.append(UnitSpec(code, name, short, kind, parent, region))
        return len(self.units) - 1

    def child_code(self, parent: int, start: int) -> str:
        """The next code in the ``start`` range under ``parent`` (e.g. 901 for joint unions)."""
        counter = self._serials.setdefault((parent, start), itertools.count(start))
        return f"{self.units[parent].code}{next(counter):03d}"

    def plan_tree(self) -> int:
        city = self.add_unit(
            None,
            names.CITY_CODE,
            f"{names.CITY_NAME}总工会",
            UnitKind.CITY,
            names.CITY_CODE,
            "市总工会",
        )
        wanted = self.size.counties
        for code, county_name in current_children(names.CITY_CODE):
            if wanted is not None and code not in wanted:
                continue
            county = self.add_unit(
                city, code, f"{county_name}总工会", UnitKind.COUNTY, code, f"{county_name}总"
            )
            self.counties[code] = county
            self._plan_places(county, code)
        for union_name, short, *_ in names.INDUSTRY_UNIONS:
            self.add_unit(
                city,
                self.child_code(city, 901),
                union_name,
                UnitKind.INDUSTRY,
                names.CITY_CODE,
                short,
            )
        for union_name, short, _group in names.SECTOR_FEDERATIONS:
            self.sectors.append(
                self.add_unit(
                    city,
                    self.child_code(city, 951),
                    union_name,
                    UnitKind.SECTOR_FEDERATION,
                    names.CITY_CODE,
                    short,
                )
            )
        return city

    def _plan_places(self, county: int, code: str) -> None:
        townships = names.TOWNSHIPS[code][: self.size.townships_per_county]
        places = []
        for position, township in enumerate(townships):
            if township.endswith("街道"):
                start, weight, kind = 1, 3, UnitKind.TOWNSHIP
            elif township.endswith("镇"):
                start, weight, kind = 100, 2, UnitKind.TOWNSHIP
            else:
                start, weight, kind = 200, 1, UnitKind.TOWNSHIP
            if position == 0:
                weight = 5  # the county seat or the busiest street
            unit = self.add_unit(
                county, self.child_code(county, start), f"{township}工会", kind, code, township
            )
            places.append(Place(unit, code, township, weight, False))
        if self.size.parks:
            for park in names.PARKS.get(code, ()):
                short = names.PARK_SHORT[park]
                unit = self.add_unit(
                    county,
                    self.child_code(county, 400),
                    f"{short}工会",
                    UnitKind.PARK,
                    code,
                    short,
                )
                places.append(Place(unit, code, park, 6, True))
        self.places[code] = places

    # -- employers --------------------------------------------------------------------------

    def _credit_code(self, region: str, kind: str) -> str:
        serial = (len(self.enterprises) * 7_654_321 + self._credit_offset) % 10**8
        return make_credit_code(region, serial, kind=_CREDIT_KIND[kind])  # type: ignore[index]

    def _add_enterprise(self, spec: EnterpriseSpec) -> None:
        self._names.add(spec.name)
        self.enterprises.append(spec)

    def _grassroots(self, parent: int, enterprise_name: str, region: str, suffix: str) -> int:
        return self.add_unit(
            parent,
            self.child_code(parent, 1),
            f"{enterprise_name}{suffix}",
            UnitKind.GRASSROOTS,
            region,
        )

    def plan_institutions(self) -> None:
        """Schools, hospitals, bureaus and banks, each with a union under an industry union."""
        urban = [code for code in ("340802", "340803", "340811") if code in self.counties]
        industry_units = [i for i, u in enumerate(self.units) if u.kind == UnitKind.INDUSTRY]
        for unit, (_, _, section, kind, employers) in zip(
            industry_units, names.INDUSTRY_UNIONS, strict=True
        ):
            for name, employees in employers[: self.size.institutions_per_union]:
                region = self.rng.choice(urban)
                suffix = "机关工会" if kind == EnterpriseKind.GOVERNMENT_BODY else "工会"
                owner = self._grassroots(unit, name, region, suffix)
                self._add_enterprise(
                    EnterpriseSpec(
                        name,
                        self._credit_code(region, kind),
                        kind,
                        section,
                        enterprise_size(section, employees),
                        region,
                        self._address(region),
                        employees,
                        True,
                        owner,
                        "",
                    )
                )

    def plan_enterprises(self) -> None:
        self._credit_offset = self.rng.randrange(10**8)
        self.plan_institutions()
        count = self.size.enterprises - len(self.enterprises)
        employee_counts: list[int] = []
        for low, high, share in EMPLOYEE_BUCKETS[1:]:
            for _ in range(round(count * share)):
                employee_counts.append(low + int((high - low) * self.rng.random() ** 2))
        low, high, _ = EMPLOYEE_BUCKETS[0]
        while len(employee_counts) < count:
            employee_counts.append(self.rng.randint(low, high))
        self.rng.shuffle(employee_counts)

        sections = list(names.SECTION_WORDS)
        section_weights = [names.SECTION_WORDS[s][0] for s in sections]
        county_codes = list(self.counties)
        county_weights = [names.COUNTY_WEIGHT[c] for c in county_codes]
        uncovered: dict[int, list[int]] = defaultdict(list)  # place unit → small employers
        for employees in employee_counts:
            section = self.rng.choices(sections, section_weights)[0]
            word, group = self.rng.choice(names.SECTION_WORDS[section][1])
            county = self.rng.choices(county_codes, county_weights)[0]
            place = self._place(county, section, employees)
            name = self._enterprise_name(county, word, employees)
            founded = self.rng.random() < next(p for n, p in FOUNDED_OWN if employees >= n)
            owner = place.unit
            if founded:
                parent = self.sectors[SECTOR_GROUPS[group]] if group in SECTOR_GROUPS else owner
                owner = self._grassroots(parent, name, county, "工会")
            elif employees < 25:
                uncovered[place.unit].append(len(self.enterprises))
            self._add_enterprise(
                EnterpriseSpec(
                    name,
                    self._credit_code(county, EnterpriseKind.ENTERPRISE),
                    EnterpriseKind.ENTERPRISE,
                    section,
                    enterprise_size(section, employees),
                    county,
                    self._address(county, place),
                    employees,
                    founded,
                    owner,
                    group,
                )
            )
        self._plan_joint_unions(uncovered)

    def _plan_joint_unions(self, uncovered: dict[int, list[int]]) -> None:
        """A joint union (联合工会) in busy townships covers a share of the small employers."""
        busiest = sorted(uncovered.items(), key=lambda item: (-len(item[1]), item[0]))
        for place_unit, candidates in busiest[: self.size.enterprises // JOINT_PER_ENTERPRISES]:
            if len(candidates) < JOINT_MIN_CANDIDATES:
                break
            township = self.units[place_unit]
            joint = self.add_unit(
                place_unit,
                self.child_code(place_unit, 901),
                f"{township.short_name}小微企业联合工会",
                UnitKind.JOINT,
                township.region_code,
            )
            for index in self.rng.sample(candidates, max(3, round(len(candidates) * JOINT_SHARE))):
                self.enterprises[index].unit = joint
                self.enterprises[index].union_founded = True

    def _place(self, county: str, section: str, employees: int) -> Place:
        places = self.places[county]
        parks = [p for p in places if p.is_park]
        if parks and section in {"C", "D", "I", "M"} and self.rng.random() < 0.55:
            return self.rng.choice(parks)
        towns = [p for p in places if not p.is_park]
        return self.rng.choices(towns, [p.weight for p in towns])[0]

    def _enterprise_name(self, county: str, word: str, employees: int) -> str:
        prefix = names.COUNTY_SHORT[county]
        if employees >= 100 and self.rng.random() < 0.4:
            prefix = "安徽"
        if employees >= 300 and self.rng.random() < 0.5:
            suffix = "股份有限公司"
        else:
            suffix = "有限责任公司" if self.rng.random() < 0.15 else "有限公司"
        while True:
            trade = "".join(self.rng.sample(names.TRADE_CHARS, 2))
            name = f"{prefix}{trade}{word}{suffix}"
            if name not in self._names:
                return name

    def _address(self, county: str, place: Place | None = None) -> str:
        county_name = self.units[self.counties[county]].name.removesuffix("总工会")
        where = place.name if place is not None else ""
        road = self.rng.choice(names.ROADS)
        return f"安徽省安庆市{county_name}{where}{road}{self.rng.randint(1, 399)}号"
