"""Build the demo city: plan from a seed (pure Python), then write it in one transaction."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from django.db import transaction

from gonghui.core.choices import UnitKind
from gonghui.core.models import OrgUnit
from gonghui.demo import logins
from gonghui.demo.config import DEFAULT_SEED, SIZES, Plan
from gonghui.demo.orgs import OrgPlanner
from gonghui.demo.people import PeoplePlanner
from gonghui.registry.models import Person

LOGIN_COUNTY = "340802"  # 迎江区: the county officer's federation
LOGIN_GRASSROOTS_COUNTY = "340822"  # 怀宁县: where the grassroots officer's union is


@dataclass
class BuildResult:
    plan: Plan
    logins: list[logins.Login]
    seconds: float


def plan_demo(size: str = "city", seed: int = DEFAULT_SEED) -> Plan:
    """Everything the demo will contain, the same for the same size and seed."""
    config = SIZES[size]
    rng = random.Random(seed)
    orgs = OrgPlanner(rng, config)
    city = orgs.plan_tree()
    orgs.plan_enterprises()
    people = PeoplePlanner(
        rng, config, orgs.units, orgs.enterprises, orgs.sectors, list(orgs.counties)
    )
    persons = people.plan()
    townships = {
        i for i, u in enumerate(orgs.units) if u.kind in {UnitKind.TOWNSHIP, UnitKind.PARK}
    }
    login_grassroots = min(
        (
            i
            for i, u in enumerate(orgs.units)
            if u.kind == UnitKind.GRASSROOTS
            and u.region_code == LOGIN_GRASSROOTS_COUNTY
            and u.parent in townships
        ),
        key=lambda i: orgs.units[i].code,
    )
    return Plan(
        units=orgs.units,
        enterprises=orgs.enterprises,
        persons=persons,
        city=city,
        login_county=orgs.counties[LOGIN_COUNTY],
        login_grassroots=login_grassroots,
    )


def _worker_index(plan: Plan) -> int:
    """A worker of the grassroots officer's union, with a phone number."""
    return next(
        i for i, p in enumerate(plan.persons) if p.unit == plan.login_grassroots and p.phone
    )


def _staff_names(seed: int) -> list[str]:
    rng = random.Random(seed + 1)
    surnames = "王李张刘陈汪吴方程储"
    given = "建国志强丽华晓梅海燕文涛春生秀英明辉"
    return ["".join((rng.choice(surnames), *rng.sample(given, 2))) for _ in logins.DEMO_USERS]


@transaction.atomic
def build_demo(size: str = "city", seed: int = DEFAULT_SEED) -> BuildResult:
    """Plan and write the demo city into an empty database; make the demo logins."""
    from gonghui.demo.assistance import write_assistance
    from gonghui.demo.employment import write_employment
    from gonghui.demo.members import link_worker_phone, write_members, write_transfers
    from gonghui.demo.rights import write_rights
    from gonghui.demo.writer import write_plan

    started = time.perf_counter()
    plan = plan_demo(size, seed)
    written = write_plan(plan)
    unit = written.unit_ids
    units = OrgUnit.objects.in_bulk(
        [unit[plan.city], unit[plan.login_county], unit[plan.login_grassroots]]
    )
    worker_index = _worker_index(plan)
    write_members(plan, written, seed, worker_index)
    worker = Person.objects.get(pk=written.person_ids[worker_index])
    rows = logins.create_logins(
        city=units[unit[plan.city]],
        county=units[unit[plan.login_county]],
        grassroots=units[unit[plan.login_grassroots]],
        worker=worker,
        names=_staff_names(seed),
    )
    link_worker_phone(
        Person.objects.values_list("user_id", flat=True).get(pk=worker.pk), worker.phone
    )
    write_transfers(seed)
    write_rights(city=units[unit[plan.city]], county=units[unit[plan.login_county]], seed=seed)
    write_assistance(city=units[unit[plan.city]], county=units[unit[plan.login_county]], seed=seed)
    write_employment(city=units[unit[plan.city]], county=units[unit[plan.login_county]], seed=seed)
    return BuildResult(plan, rows, time.perf_counter() - started)
