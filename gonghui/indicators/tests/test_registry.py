"""The registry: declaring, finding and ordering indicators; the kernel's own are discovered."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils import translation

from gonghui.core.models import OrgUnit
from gonghui.indicators import registry
from gonghui.indicators.registry import (
    Aggregate,
    QueryIndicator,
    RatioIndicator,
    Registry,
    Section,
    Timing,
)
from gonghui.indicators.tests.conftest import MIGRANT_SHARE, MIGRANTS, PERSONS, SECTION
from gonghui.registry.models import Person

FIRST = Section("first", "第一", order=1)
LATER = Section("later", "第二", order=50)


def _count(code: str, section: Section = SECTION, order: int = 100) -> QueryIndicator:
    return QueryIndicator(
        code=code, name=code, unit_label="个", section=section, order=order, model=OrgUnit
    )


def test_register_get_and_display_order() -> None:
    table = Registry()
    late = table.register(_count("b.late", LATER, order=1))
    second = table.register(_count("a.second", FIRST, order=20))
    first = table.register(_count("a.first", FIRST, order=10))
    tie = table.register(_count("a.tie", FIRST, order=20))
    assert table.get("a.first") is first
    assert table.all() == [first, second, tie, late]
    assert "a.tie" in table and "nope" not in table and len(table) == 4
    with pytest.raises(LookupError):
        table.get("nope")


def test_registering_a_code_twice_is_an_error() -> None:
    table = Registry()
    table.register(_count("x.units"))
    with pytest.raises(ImproperlyConfigured, match="twice"):
        table.register(_count("x.units"))


def test_a_ratios_parts_may_stay_unregistered_but_not_clash() -> None:
    table = Registry()
    table.register(MIGRANT_SHARE)  # its parts are computed all the same
    assert "t.migrants" not in table
    clash = Registry()
    clash.register(_count("t.migrants"))
    with pytest.raises(ImproperlyConfigured, match="another indicator"):
        clash.register(MIGRANT_SHARE)
    assert MIGRANT_SHARE.dependencies == (MIGRANTS, PERSONS)
    assert MIGRANT_SHARE.records_indicator is PERSONS


@pytest.mark.parametrize(
    "arguments",
    [
        {"code": "bad code"},
        {"code": ""},
        {"timing": Timing.STOCK},  # a stock needs its date field
        {"aggregate": Aggregate.SUM},  # a sum needs the field it adds up
    ],
)
def test_malformed_indicators_are_refused(arguments) -> None:
    values = {
        "code": "t.bad", "name": "坏", "unit_label": "个", "section": SECTION, "model": Person,
        **arguments,
    }  # fmt: skip
    with pytest.raises(ImproperlyConfigured):
        QueryIndicator(**values)


def test_only_scoped_models_are_counted() -> None:
    from gonghui.core.models import User

    # Figures are counted for a user through ``restrict``: an unscoped model is refused when
    # the indicator is declared, not at the first request.
    with pytest.raises(ImproperlyConfigured, match="not a scoped model"):
        QueryIndicator(code="t.users", name="用户", unit_label="个", section=SECTION, model=User)
    with pytest.raises(ImproperlyConfigured, match="not a scoped model"):
        QueryIndicator(
            code="t.users", name="用户", unit_label="个", section=SECTION, model=User,
            path_lookup="grants__unit__path",
        )  # fmt: skip
    indicator = QueryIndicator(
        code="t.persons", name="职工", unit_label="人", section=SECTION, model=Person,
        path_lookup="employer__unit__path",
    )  # fmt: skip
    assert indicator.owner_path_lookup == "employer__unit__path"


def test_indicators_compare_by_code() -> None:
    assert _count("t.same") == _count("t.same")
    assert len({_count("t.same"), _count("t.same"), _count("t.other")}) == 2
    assert repr(_count("t.same")) == "<QueryIndicator t.same>"
    assert PERSONS.is_additive and not MIGRANT_SHARE.is_additive
    assert not QueryIndicator(
        code="t.d", name="d", unit_label="个", section=SECTION, model=Person,
        aggregate=Aggregate.COUNT_DISTINCT, field="employer", filter=Q(),
    ).is_additive  # fmt: skip


def test_the_kernels_indicators_are_discovered_with_chinese_names() -> None:
    codes = [i.code for i in registry.all_indicators()]
    for code in (
        "core.units", "core.units.grassroots", "core.units.county", "registry.persons",
        "registry.enterprises", "registry.enterprises_founded", "registry.founding_rate",
    ):  # fmt: skip
        assert code in codes
    # Organisation first, then the registry; within a section in the declared order.
    assert codes.index("core.units.grassroots") < codes.index("registry.persons")
    assert codes.index("registry.enterprises") < codes.index("registry.founding_rate")
    with translation.override("zh-hans"):
        names = {i.code: str(i.name) for i in registry.all_indicators()}
    assert names["registry.persons"] == "职工人数"
    assert names["registry.enterprises"] == "单位数"
    assert names["registry.enterprises_founded"] == "已建会单位数"
    assert names["registry.founding_rate"] == "建会率"
    assert names["core.units.grassroots"] == "基层工会数"
    assert registry.get("registry.founding_rate").unit_label == "%"


def test_override_swaps_the_registry_for_a_while() -> None:
    with registry.override(PERSONS, MIGRANTS) as table:
        assert registry.all_indicators() == [PERSONS, MIGRANTS]
        assert registry.get("t.persons") is PERSONS
        assert table.get("t.migrants") is MIGRANTS
        with pytest.raises(LookupError):
            registry.get("registry.persons")
    assert registry.get("registry.persons").code == "registry.persons"


def test_discovery_is_idempotent() -> None:
    before = registry.all_indicators()
    registry.discover()
    assert registry.all_indicators() == before


def test_a_ratio_is_none_on_a_zero_denominator() -> None:
    ratio = RatioIndicator(
        code="t.r", name="r", unit_label="%", section=SECTION, numerator=MIGRANTS,
        denominator=PERSONS,
    )  # fmt: skip
    assert ratio.derive({"t.migrants": 1, "t.persons": 0}) is None
    assert ratio.derive({"t.migrants": None, "t.persons": 4}) is None
    assert ratio.derive({"t.migrants": 1, "t.persons": 4}) == 25
    with pytest.raises(NotImplementedError):
        PERSONS.derive({})
