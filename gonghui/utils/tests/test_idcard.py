from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gonghui.utils.idcard import (
    IdNumberInfo,
    id_check_digit,
    make_id_number,
    mask_id_number,
    normalize_id_number,
    parse_id_number,
)

TODAY = date(2025, 6, 1)
VALID = "340802199001011226"  # 迎江区, 1990-01-01, female


def refused(raw: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        normalize_id_number(raw, today=TODAY)
    return caught.value


def test_standard_example_with_x_check_character() -> None:
    # The worked example of GB 11643-1999.
    assert id_check_digit("11010519491231002") == "X"
    assert normalize_id_number("11010519491231002X", today=TODAY) == "11010519491231002X"


def test_canonical_number_is_returned_unchanged() -> None:
    assert normalize_id_number(VALID, today=TODAY) == VALID


@pytest.mark.parametrize(
    "raw",
    [
        " 340802199001011226 ",
        "340802 19900101 1226",
        "３４０８０２１９９００１０１１２２６",  # full-width digits from a phone keyboard
        "340802\u3000199001011226",  # ideographic space
        "\t340802199001011226\n",
    ],
)
def test_typing_artefacts_are_normalised(raw: str) -> None:
    assert normalize_id_number(raw, today=TODAY) == VALID


def test_lower_case_and_full_width_x_are_upper_cased() -> None:
    assert normalize_id_number("11010519491231002x", today=TODAY) == "11010519491231002X"
    assert normalize_id_number("11010519491231002ｘ", today=TODAY) == "11010519491231002X"
    assert normalize_id_number("11010519491231002Ｘ", today=TODAY) == "11010519491231002X"


def test_number_issued_under_an_abolished_code_is_accepted() -> None:
    # 342821 was 怀宁县 of 安庆地区 until 1987; the county has been 340822 since 1988, but a
    # number issued in 1985 keeps the old code for life.
    number = "342821196503150119"
    assert normalize_id_number(number, today=TODAY) == number


@pytest.mark.parametrize(
    ("raw", "message", "code"),
    [
        ("", "公民身份号码不能为空", "empty"),
        ("   ", "公民身份号码不能为空", "empty"),
        ("3408021990010112", "公民身份号码应为18位（或15位旧号码），当前为16位", "invalid_length"),
        (
            "3408021990010112266",
            "公民身份号码应为18位（或15位旧号码），当前为19位",
            "invalid_length",
        ),
        (
            "3408021990O1011226",
            "第11位字符“O”无效：公民身份号码只能由数字组成，末位可为X",
            "invalid_character",
        ),
        (
            "34080219900101122-6",
            "第18位字符“-”无效：公民身份号码只能由数字组成，末位可为X",
            "invalid_character",
        ),
        (
            "3408021990X1011226",
            "第11位为“X”：X只能出现在公民身份号码的最后一位",
            "invalid_character",
        ),
        (
            "3.40802199001011E+17",
            "公民身份号码“3.40802199001011E+17”已被Excel转换为科学计数法，后几位已丢失："
            "请将该列设置为文本格式后重新填写",
            "excel_scientific",
        ),
        ("34080219900101122X", "校验码错误：第18位应为6，实际为X", "invalid_check_digit"),
        ("340802199001011227", "校验码错误：第18位应为6，实际为7", "invalid_check_digit"),
        ("340802199002311226", "出生日期19900231无效：1990年2月只有28天", "invalid_birth_date"),
        ("340802199002301226", "出生日期19900230无效：1990年2月只有28天", "invalid_birth_date"),
        ("340802200002301226", "出生日期20000230无效：2000年2月只有29天", "invalid_birth_date"),
        ("340802190002291226", "出生日期19000229无效：1900年2月只有28天", "invalid_birth_date"),
        ("340802199004311226", "出生日期19900431无效：1990年4月只有30天", "invalid_birth_date"),
        (
            "340802199013011226",
            "出生日期19901301无效：月份应为01至12，当前为13",
            "invalid_birth_date",
        ),
        (
            "340802199000011226",
            "出生日期19900001无效：月份应为01至12，当前为00",
            "invalid_birth_date",
        ),
        ("340802199001001226", "出生日期19900100无效：日期不能为00", "invalid_birth_date"),
        ("340802203001011226", "出生日期20300101晚于今天（20250601）", "birth_date_out_of_range"),
        ("340802202506021226", "出生日期20250602晚于今天（20250601）", "birth_date_out_of_range"),
        ("340802189912311226", "出生日期18991231早于1900年", "birth_date_out_of_range"),
        # Well-formed, with a correct check digit, but 340899 never existed.
        ("340899199001011226", "地址码（前6位）340899不是有效的行政区划代码", "unknown_region"),
        ("999999199001011226", "地址码（前6位）999999不是有效的行政区划代码", "unknown_region"),
        ("34080285060720X", "第15位为“X”：15位旧号码只能由数字组成", "invalid_character"),
        ("340802851306201", "出生日期19851306无效：月份应为01至12，当前为13", "invalid_birth_date"),
        ("340899850607201", "地址码（前6位）340899不是有效的行政区划代码", "unknown_region"),
    ],
)
def test_malformed_numbers_are_refused_with_a_precise_message(
    raw: str, message: str, code: str
) -> None:
    error = refused(raw)
    assert error.messages == [message]
    assert error.code == code


def test_never_existing_prefix_is_refused_even_with_a_valid_check_digit() -> None:
    first17 = "34089919900101122"
    number = first17 + id_check_digit(first17)
    assert refused(number).code == "unknown_region"


def test_checks_run_in_the_documented_order() -> None:
    # Unknown region, impossible date and wrong check digit at once: the region is reported.
    assert refused("999999199002311227").code == "unknown_region"
    # Impossible date and wrong check digit: the date is reported.
    assert refused("340802199002311227").code == "invalid_birth_date"


def test_birth_today_is_accepted() -> None:
    number = make_id_number("340802", TODAY, 0, "female")
    assert normalize_id_number(number, today=TODAY) == number


def test_default_today_is_the_current_date() -> None:
    assert normalize_id_number(VALID) == VALID
    with pytest.raises(ValidationError) as caught:
        normalize_id_number(make_id_number("340802", date(2999, 1, 1), 0, "male"))
    assert caught.value.code == "birth_date_out_of_range"


def test_fifteen_digit_number_is_upgraded() -> None:
    assert normalize_id_number("340802850607201", today=TODAY) == "340802198506072011"
    assert normalize_id_number("3408 0285 0607 201", today=TODAY) == "340802198506072011"


def test_residence_permit_numbers_of_hong_kong_macao_taiwan_residents() -> None:
    for prefix in ("810000", "820000", "830000"):
        number = make_id_number(prefix, date(1988, 8, 8), 3, "male")
        assert normalize_id_number(number, today=TODAY) == number


def test_parse() -> None:
    assert parse_id_number("11010519491231002X") == IdNumberInfo(
        region_code="110105", birth_date=date(1949, 12, 31), gender="female"
    )
    assert parse_id_number("340802198506072011").gender == "male"


def test_mask() -> None:
    assert mask_id_number("34080219850607123X") == "3408**********123X"
    assert len(mask_id_number(VALID)) == 18


@pytest.mark.parametrize("gender", ["male", "female"])
def test_generated_numbers_are_valid_and_carry_their_gender(gender: str) -> None:
    for sequence in (0, 1, 250, 499):
        number = make_id_number("340802", date(1976, 2, 29), sequence, gender)
        assert normalize_id_number(number, today=TODAY) == number
        info = parse_id_number(number)
        assert info.gender == gender
        assert info.birth_date == date(1976, 2, 29)
        assert info.region_code == "340802"


def test_generator_is_deterministic_and_distinct() -> None:
    numbers = {make_id_number("340802", date(1990, 1, 1), s, "male") for s in range(500)}
    assert len(numbers) == 500
    assert make_id_number("340802", date(1990, 1, 1), 7, "male") == make_id_number(
        "340802", date(1990, 1, 1), 7, "male"
    )


@pytest.mark.parametrize(
    ("region", "sequence", "gender"),
    [("3408", 0, "male"), ("340802", 500, "male"), ("340802", -1, "male"), ("340802", 0, "m")],
)
def test_generator_refuses_bad_arguments(region: str, sequence: int, gender: str) -> None:
    with pytest.raises(ValueError):
        make_id_number(region, date(1990, 1, 1), sequence, gender)
