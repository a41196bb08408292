import pytest
from django.core.exceptions import ValidationError

from gk_wagtail.formats.codes import credit_code_check_character, normalize_document_number, validate_credit_code


@pytest.mark.parametrize("code", ["91350100M000100Y43", "114403000075421709", "11440300007542170 9".replace(" ", "")])
def test_valid_credit_codes_pass(code):
    validate_credit_code(code)


def test_lower_case_and_surrounding_spaces_are_accepted():
    validate_credit_code(" 91350100m000100y43 ")


@pytest.mark.parametrize(
    "code, error_code",
    [
        ("91350100M000100Y4", "credit_code_length"),
        ("91350100M000100Y433", "credit_code_length"),
        ("91350100M000100Y4I", "credit_code_character"),
        ("91350100O000100Y43", "credit_code_character"),
        ("91350100M000100Y44", "credit_code_check"),
        ("", "credit_code_length"),
    ],
)
def test_wrong_credit_codes_say_why(code, error_code):
    with pytest.raises(ValidationError) as error:
        validate_credit_code(code)
    assert error.value.code == error_code


def test_check_character_error_names_the_expected_character():
    with pytest.raises(ValidationError) as error:
        validate_credit_code("91350100M000100Y44")
    assert "3" in error.value.messages[0]
    assert credit_code_check_character("91350100M000100Y4") == "3"


@pytest.mark.parametrize(
    "typed",
    [
        "粤府办〔2020〕10号",
        "粤府办[2020]10号",
        "粤府办(2020)10号",
        "粤府办（2020）10号",
        "粤府办【2020】10号",
        "粤府办﹝2020﹞10号",
        "粤府办〔２０２０〕１０号",
        "粤府办 〔2020〕 10 号",
        "粤府办2020 10号",
        "粤府办〔2020〕10",
        "粤府办2020年10号",
        "粤府办〔2020〕010号",
    ],
)
def test_document_number_variants_fold_to_one_form(typed):
    assert normalize_document_number(typed) == "粤府办〔2020〕10号"


def test_different_document_numbers_stay_different():
    assert normalize_document_number("粤府办〔2020〕10号") != normalize_document_number("粤府办〔2020〕11号")
    assert normalize_document_number("粤府办〔2020〕10号") != normalize_document_number("粤府〔2020〕10号")


def test_a_number_in_other_digits_is_kept_as_written():
    # Arabic-Indic digits are no 文号 number: they are not read as 12.
    assert normalize_document_number("粤府办〔2020〕١٢号") == "粤府办〔2020〕١٢号"
    assert normalize_document_number("粤府办〔2020〕١٢号") != normalize_document_number("粤府办〔2020〕12号")


def test_a_number_of_thousands_of_digits_is_folded_without_reading_it():
    # int() refuses runs of more than 4,300 digits.
    digits = "1" * 5000
    assert normalize_document_number(f"粤府办2020 00{digits}") == f"粤府办〔2020〕{digits}号"


@pytest.mark.parametrize("text", ["", "关于印发通知", "😀" * 3, "'\"*()"])
def test_text_that_is_not_a_document_number_does_not_break(text):
    assert isinstance(normalize_document_number(text), str)
