import pytest
from django.core.exceptions import ValidationError

from gonghui.utils.phone import MOBILE_PREFIXES, make_mobile, mask_mobile, normalize_mobile


@pytest.mark.parametrize(
    "raw",
    [
        "13812345678",
        " 138 1234 5678 ",
        "138-1234-5678",
        "１３８１２３４５６７８",
        "+86 138 1234 5678",
        "+8613812345678",
        "008613812345678",
        "8613812345678",
        "(+86) 138-1234-5678",
    ],
)
def test_accepted_forms(raw: str) -> None:
    assert normalize_mobile(raw) == "13812345678"


@pytest.mark.parametrize(
    "number", ["14112345678", "16212345678", "17012345678", "19212345678", "19512345678"]
)
def test_data_virtual_and_new_prefixes(number: str) -> None:
    assert normalize_mobile(number) == number


@pytest.mark.parametrize(
    ("raw", "message", "code"),
    [
        ("", "手机号码不能为空", "empty"),
        ("+86", "手机号码不能为空", "empty"),
        ("1381234567", "手机号码应为11位，当前为10位", "invalid_length"),
        ("138123456789", "手机号码应为11位，当前为12位", "invalid_length"),
        ("138l2345678", "手机号码第4位字符“l”无效：手机号码只能由数字组成", "invalid_character"),
        ("23812345678", "手机号码应以1开头，当前以2开头", "invalid_start"),
        ("19412345678", "号段194未分配给任何运营商，请核对手机号码", "unallocated_prefix"),
        ("12012345678", "号段120未分配给任何运营商，请核对手机号码", "unallocated_prefix"),
        ("15412345678", "号段154未分配给任何运营商，请核对手机号码", "unallocated_prefix"),
        ("14412345678", "号段144未分配给任何运营商，请核对手机号码", "unallocated_prefix"),
    ],
)
def test_malformed_numbers_are_refused(raw: str, message: str, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_mobile(raw)
    assert caught.value.messages == [message]
    assert caught.value.code == code


def test_prefix_list_shape() -> None:
    assert all(len(p) == 3 and p[0] == "1" and "3" <= p[1] <= "9" for p in MOBILE_PREFIXES)


def test_mask() -> None:
    assert mask_mobile("13812345678") == "138****5678"


def test_generated_numbers_are_valid_distinct_and_deterministic() -> None:
    numbers = [make_mobile(seed) for seed in range(5000)]
    assert len(set(numbers)) == len(numbers)
    assert all(normalize_mobile(n) == n for n in numbers)
    assert make_mobile(42) == make_mobile(42)
