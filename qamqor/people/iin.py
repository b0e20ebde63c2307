"""Kazakhstan's individual identification number (IIN): check and keyed hash.

An IIN has 12 digits: YYMMDD (birth date), a 7th digit for century and sex (1/2: 1800s,
3/4: 1900s, 5/6: 2000s; odd = male, even = female), four serial digits and a check digit.
The check digit is the sum of the first 11 digits weighted 1…11, mod 11; if that gives 10,
the weights 3…11,1,2 are used instead; if that gives 10 again the number is invalid.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FIRST_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
CENTURIES = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}


@dataclass(frozen=True)
class IinFacts:
    birth_date: dt.date
    sex: str  # "male" or "female"


def check_digit(first_eleven: str) -> int | None:
    """The check digit for these 11 digits, or None when no digit makes them valid."""
    digits = [int(digit) for digit in first_eleven]
    for weights in (FIRST_WEIGHTS, SECOND_WEIGHTS):
        remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def parse_iin(value: str) -> IinFacts:
    """The birth date and sex an IIN encodes; ValidationError if it is not a valid IIN."""
    if len(value) != 12 or not value.isdigit():
        raise ValidationError(_("An IIN has exactly 12 digits."), code="iin_format")
    century = CENTURIES.get(value[6])
    if century is None:
        raise ValidationError(
            _("The 7th digit of an IIN is 1 to 6 (century and sex)."), code="iin_century"
        )
    try:
        birth_date = dt.date(century + int(value[:2]), int(value[2:4]), int(value[4:6]))
    except ValueError:
        raise ValidationError(
            _("The first six digits of an IIN are a birth date (YYMMDD)."), code="iin_date"
        ) from None
    expected = check_digit(value[:11])
    if expected is None or expected != int(value[11]):
        raise ValidationError(_("The IIN's check digit is wrong."), code="iin_check_digit")
    return IinFacts(birth_date, "male" if int(value[6]) % 2 else "female")


def iin_hash(value: str) -> str:
    """A keyed hash of the IIN: lookups and duplicate checks without reading the number."""
    key = settings.IDENTIFIER_HASH_KEY.encode("utf-8")
    return hmac.new(key, value.encode("ascii"), hashlib.sha256).hexdigest()
