"""Plan the demo city's workers (no database access).

Every ID number is valid (``make_id_number``) and its address code is what a real holder
would have: mostly the Anqing counties, with the codes of their time for older people
(怀宁县 342821 before 1988, 潜山县 340824 until 2017, 枞阳县 340823 before it moved to 铜陵),
and counties of other provinces for migrant workers.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from gonghui.core.choices import UnitKind
from gonghui.demo import names
from gonghui.demo.config import DemoSize, EnterpriseSpec, PersonSpec, UnitSpec
from gonghui.registry.choices import Education, EnterpriseKind, Hukou
from gonghui.utils.idcard import make_id_number
from gonghui.utils.phone import make_mobile
from gonghui.utils.regions import current_children

SECTOR_INDIVIDUAL_SHARE = 0.03  # platform workers registered with a sector federation
UNEMPLOYED_SHARE = 0.02  # job seekers and others registered with a township union
PHONE_SHARE = 0.98

# Share of an employer's staff on the register: most where a union is founded.
COVERAGE_FOUNDED = 0.85
COVERAGE_NOT_FOUNDED = 0.35

# Current county code → the code it had before 1988 (安庆地区 342800) and the share of people
# born before 1988 who still carry it.
_PRE_1988 = {
    "340822": "342821", "340825": "342825", "340826": "342826", "340827": "342827",
    "340828": "342828", "340882": "342824", "340881": "342822",
}  # fmt: skip
_OLD_CODE_SHARE = 0.35
_URBAN = ("340802", "340803", "340811")
_ZONGYANG = "zongyang"  # 枞阳县: 342823 (to 1987), 340823 (1988-2015), 340722 (铜陵 since)

_MALE_SHARE_BY_GROUP = {
    "truck_driver": 0.97, "courier": 0.88, "food_delivery_rider": 0.9,
    "ride_hailing_driver": 0.92, "security_guard": 0.9, "carer": 0.12, "domestic_worker": 0.1,
    "estate_agent": 0.55, "mall_information_worker": 0.3,
}  # fmt: skip
_MALE_SHARE_BY_SECTION = {"P": 0.35, "Q": 0.3, "C": 0.6, "E": 0.85, "G": 0.8, "J": 0.45}
_GRADUATE_KINDS = {
    EnterpriseKind.PUBLIC_INSTITUTION,
    EnterpriseKind.GOVERNMENT_BODY,
}
_EDUCATION = {
    "graduate": ((Education.POSTGRADUATE, 15), (Education.BACHELOR, 60),
                 (Education.JUNIOR_COLLEGE, 20), (Education.SECONDARY, 5)),
    "old": ((Education.PRIMARY, 10), (Education.JUNIOR_HIGH, 45), (Education.SECONDARY, 30),
            (Education.JUNIOR_COLLEGE, 10), (Education.BACHELOR, 5)),
    "middle": ((Education.PRIMARY, 2), (Education.JUNIOR_HIGH, 30), (Education.SECONDARY, 30),
               (Education.JUNIOR_COLLEGE, 20), (Education.BACHELOR, 16),
               (Education.POSTGRADUATE, 2)),
    "young": ((Education.JUNIOR_HIGH, 14), (Education.SECONDARY, 25),
              (Education.JUNIOR_COLLEGE, 31), (Education.BACHELOR, 27),
              (Education.POSTGRADUATE, 3)),
}  # fmt: skip


@cache
def _counties(prefecture: str) -> tuple[str, ...]:
    return tuple(code for code, _ in current_children(prefecture))


def id_region(home: str, birth_year: int, rng: random.Random) -> str:
    """The address code an ID number issued to someone from ``home`` would carry."""
    if home == _ZONGYANG:
        if birth_year < 1988 and rng.random() < _OLD_CODE_SHARE:
            return "342823"
        return "340823" if birth_year < 2015 else "340722"
    if home == "340882" and birth_year < 2018:  # 潜山县 became 潜山市 in 2018
        return _PRE_1988[home] if birth_year < 1988 and rng.random() < 0.4 else "340824"
    if home == "340881" and birth_year < 1996:  # 桐城县 became 桐城市 in 1996
        return _PRE_1988[home] if birth_year < 1988 and rng.random() < 0.4 else "340821"
    if home in _PRE_1988 and birth_year < 1988 and rng.random() < _OLD_CODE_SHARE:
        return _PRE_1988[home]
    return home


@dataclass
class PeoplePlanner:
    rng: random.Random
    size: DemoSize
    units: list[UnitSpec]
    enterprises: list[EnterpriseSpec]
    sectors: list[int]
    counties: list[str]
    persons: list[PersonSpec] = field(default_factory=list)
    _ids: set[str] = field(default_factory=set)
    _phones: itertools.count[int] = field(default_factory=itertools.count)
    _surnames: list[str] = field(default_factory=lambda: [s for s, _ in names.SURNAMES])
    _surname_weights: list[int] = field(
        default_factory=lambda: list(itertools.accumulate(w for _, w in names.SURNAMES))
    )

    def plan(self) -> list[PersonSpec]:
        rng = self.rng
        self._phones = itertools.count(rng.randrange(10**7), 7)
        total = self.size.persons
        individuals = round(total * SECTOR_INDIVIDUAL_SHARE)
        unemployed = round(total * UNEMPLOYED_SHARE)
        employers = self._employers(total - individuals - unemployed)
        unemployed = total - individuals - len(employers)
        for employer in employers:
            enterprise = self.enterprises[employer]
            self._add(enterprise.unit, employer, enterprise.region_code, enterprise)
        sector_groups = [group for _, _, group in names.SECTOR_FEDERATIONS]
        for _ in range(individuals):
            which = rng.choices(range(len(self.sectors)), (4, 2, 4))[0]
            self._add(self.sectors[which], None, rng.choice(self.counties), None,
                      sector_groups[which])  # fmt: skip
        townships = [i for i, u in enumerate(self.units) if u.kind == UnitKind.TOWNSHIP]
        for _ in range(unemployed):
            unit = rng.choice(townships)
            self._add(unit, None, self.units[unit].region_code, None)
        return self.persons

    def _employers(self, wanted: int) -> list[int]:
        """Employer indexes, one per registered employee, in employer order."""
        slots: list[int] = []
        for index, enterprise in enumerate(self.enterprises):
            share = COVERAGE_FOUNDED if enterprise.union_founded else COVERAGE_NOT_FOUNDED
            count = max(1, round(enterprise.employee_count * share))
            slots.extend([index] * min(count, enterprise.employee_count))
        if len(slots) > wanted:
            slots = self.rng.sample(slots, wanted)
        return sorted(slots)

    def _add(
        self,
        unit: int,
        employer: int | None,
        work_region: str,
        enterprise: EnterpriseSpec | None,
        group: str = "",
    ) -> None:
        rng = self.rng
        section = enterprise.industry if enterprise else ""
        if enterprise and enterprise.worker_group and rng.random() < 0.8:
            group = enterprise.worker_group
        young = bool(group) and group not in {"carer", "domestic_worker"}
        year = int(rng.triangular(1975 if young else 1960, 2005.99, 1993 if young else 1986))
        birth = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        male_share = _MALE_SHARE_BY_GROUP.get(group, _MALE_SHARE_BY_SECTION.get(section, 0.55))
        gender = "male" if rng.random() < male_share else "female"
        home, anqing = self._home(work_region)
        region = id_region(home, year, rng)
        while True:
            id_number = make_id_number(region, birth, rng.randrange(500), gender)
            if id_number not in self._ids:
                self._ids.add(id_number)
                break
        graduate = enterprise is not None and (enterprise.kind in _GRADUATE_KINDS or section == "J")
        era = (
            "graduate"
            if graduate
            else "old"
            if year < 1976
            else "middle"
            if year < 1991
            else "young"
        )
        education = rng.choices(*zip(*_EDUCATION[era], strict=True))[0]
        if graduate:
            rural_share = 0.15
        elif anqing:
            rural_share = 0.25 if home in _URBAN else 0.65
        else:
            rural_share = 0.8
        hukou = Hukou.RURAL if rng.random() < rural_share else Hukou.URBAN
        migrant = hukou == Hukou.RURAL and section != "A" and not graduate and rng.random() < 0.85
        self.persons.append(
            PersonSpec(
                name=self._name(gender),
                id_number=id_number,
                phone=make_mobile(next(self._phones)) if rng.random() < PHONE_SHARE else "",
                ethnicity="01" if rng.random() < 0.988 else rng.choice(names.MINORITY_ETHNICITIES),
                education=education,
                hukou=hukou,
                is_migrant_worker=migrant,
                worker_group=group,
                unit=unit,
                employer=employer,
            )
        )

    def _home(self, work_region: str) -> tuple[str, bool]:
        """Where the person is from: (county code or ``_ZONGYANG``, whether in Anqing)."""
        rng = self.rng
        draw = rng.random()
        if draw < 0.62:
            return work_region, True
        if draw < 0.78:
            return rng.choice(self.counties), True
        if draw < 0.80:
            return _ZONGYANG, True
        origins = names.ANHUI_ORIGINS if draw < 0.92 else names.OUTSIDE_ORIGINS
        return rng.choice(_counties(rng.choice(origins))), False

    def _name(self, gender: str) -> str:
        rng = self.rng
        surname = rng.choices(self._surnames, cum_weights=self._surname_weights)[0]
        own = names.GIVEN_MALE if gender == "male" else names.GIVEN_FEMALE
        if rng.random() < 0.25:
            return surname + rng.choice(own)
        return surname + rng.choice(own + names.GIVEN_ANY) + rng.choice(own)
