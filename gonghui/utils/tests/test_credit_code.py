import pytest
from django.core.exceptions import ValidationError

from gonghui.utils.credit_code import (
    credit_check_char,
    make_credit_code,
    normalize_credit_code,
    organisation_check_char,
)

# The example printed in GB 32100-2015, and a real enterprise's code.
STANDARD_EXAMPLE = "91350100M000100Y43"
VALID = "914403001922038216"


@pytest.mark.parametrize("code", [STANDARD_EXAMPLE, VALID, "91110000802100433B"])
def test_valid_codes(code: str) -> None:
    assert normalize_credit_code(code) == code


@pytest.mark.parametrize(
    "raw",
    [
        " 91350100M000100Y43 ",
        "91350100m000100y43",
        "9135 0100 M000 100Y 43",
        "９１３５０１００Ｍ０００１００Ｙ４３",
    ],
)
def test_typing_artefacts_are_normalised(raw: str) -> None:
    assert normalize_credit_code(raw) == STANDARD_EXAMPLE


def test_check_functions() -> None:
    assert organisation_check_char("M000100Y") == "4"
    assert credit_check_char(STANDARD_EXAMPLE[:17]) == "3"


@pytest.mark.parametrize(
    ("raw", "message", "code"),
    [
        ("", "统一社会信用代码不能为空", "empty"),
        ("91350100M000100Y4", "统一社会信用代码应为18位，当前为17位", "invalid_length"),
        ("91350100M000100Y431", "统一社会信用代码应为18位，当前为19位", "invalid_length"),
        (
            "91350100M0001O0Y43",
            "第14位字符“O”无效：统一社会信用代码只能由数字和大写字母组成（不使用字母I、O、S、V、Z）",
            "invalid_character",
        ),
        (
            "91350100M000-00Y43",
            "第13位字符“-”无效：统一社会信用代码只能由数字和大写字母组成",
            "invalid_character",
        ),
        ("B1350100M000100Y43", "第1位登记管理部门代码“B”不存在", "unknown_authority"),
        ("94350100M000100Y43", "第2位机构类别代码“4”不属于登记管理部门“工商”（9）", "unknown_kind"),
        ("82350100M000100Y43", "第2位机构类别代码“2”不属于登记管理部门“工会”（8）", "unknown_kind"),
        (
            "913501A0M000100Y43",
            "第3至8位登记管理机关行政区划码应为6位数字，当前为“3501A0”",
            "invalid_region",
        ),
        (
            "91350100M000100Y53",
            "第9至17位组织机构代码校验码错误：第17位应为4，实际为5",
            "invalid_organisation_check",
        ),
        ("91350100M000100Y44", "校验码错误：第18位应为3，实际为4", "invalid_check_digit"),
    ],
)
def test_malformed_codes_are_refused(raw: str, message: str, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_credit_code(raw)
    assert caught.value.messages == [message]
    assert caught.value.code == code


def test_generated_codes_are_valid_and_distinct() -> None:
    codes = {make_credit_code("340800", serial) for serial in range(0, 10**8, 999_983)}
    assert len(codes) == len(range(0, 10**8, 999_983))
    for code in codes:
        assert normalize_credit_code(code) == code
        assert code.startswith("91340800")
    union = make_credit_code("340802", 42, kind="81")
    assert normalize_credit_code(union) == union
    assert make_credit_code("340800", 7) == make_credit_code("340800", 7)


@pytest.mark.parametrize(
    ("region", "serial", "kind"),
    [("3408", 1, "91"), ("340800", -1, "91"), ("340800", 10**8, "91"), ("340800", 1, "94")],
)
def test_generator_refuses_bad_arguments(region: str, serial: int, kind: str) -> None:
    with pytest.raises(ValueError):
        make_credit_code(region, serial, kind=kind)
