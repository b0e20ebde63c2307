import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from qamqor.core.access import Role
from qamqor.people.iin import check_digit, iin_hash, parse_iin
from qamqor.people.services import person_create


def test_an_iin_valid_on_the_first_pass():
    facts = parse_iin("900515301234")
    assert facts.birth_date == dt.date(1990, 5, 15)
    assert facts.sex == "male"


def test_an_iin_valid_on_the_second_pass():
    assert check_digit("90051530090") == 8
    assert parse_iin("900515300908").birth_date == dt.date(1990, 5, 15)


def test_no_twelfth_digit_makes_these_eleven_valid():
    assert check_digit("90051530091") is None
    for digit in "0123456789":
        with pytest.raises(ValidationError) as raised:
            parse_iin(f"90051530091{digit}")
        assert raised.value.code == "iin_check_digit"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("90051530123", "iin_format"),
        ("9005153012345", "iin_format"),
        ("90051530123a", "iin_format"),
        ("900515701234", "iin_century"),
        ("900515001234", "iin_century"),
        ("901315301234", "iin_date"),
        ("900230301234", "iin_date"),
        ("900515301235", "iin_check_digit"),
    ],
)
def test_an_invalid_iin_is_refused_with_its_reason(value, code):
    with pytest.raises(ValidationError) as raised:
        parse_iin(value)
    assert raised.value.code == code


def test_the_seventh_digit_gives_century_and_sex():
    # 2005-03-01, female born in the 2000s (6): find the check digit that makes it valid.
    first_eleven = "0503016" + "0001"
    digit = check_digit(first_eleven)
    assert digit is not None
    facts = parse_iin(first_eleven + str(digit))
    assert facts.birth_date == dt.date(2005, 3, 1)
    assert facts.sex == "female"


def test_the_hash_is_keyed_and_stable(settings):
    first = iin_hash("900515301234")
    assert first == iin_hash("900515301234")
    assert "900515301234" not in first
    settings.IDENTIFIER_HASH_KEY = "another key"
    assert iin_hash("900515301234") != first


def test_a_mismatch_with_birth_date_or_sex_is_a_warning_not_an_error(member, org):
    user = member(Role.CASEWORKER)
    result = person_create(
        actor=user,
        organisation=org,
        iin="900515301234",
        birth_date=dt.date(1991, 1, 1),
        sex="female",
    )
    assert result.person.pk and len(result.warnings) == 2
    assert result.person.iin_hash == iin_hash("900515301234")


def test_an_invalid_iin_changes_nothing(member, org):
    from qamqor.people.models import Person

    user = member(Role.CASEWORKER)
    with pytest.raises(ValidationError) as raised:
        person_create(actor=user, organisation=org, given_name="A", iin="900515301235")
    assert "iin" in raised.value.message_dict
    assert not Person.objects.exists()
