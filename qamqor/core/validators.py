"""Plausibility of dates, one rule set for every record: a birth date lies between 1900 and
today; an event (an intake received, a stay begun, an order issued…) has already happened —
its time at most 5 minutes ahead of the server's clock, its date not after today in
settings.TIME_ZONE. Dates that are in the future by nature (validity, expiry, due dates) are
not events.

Models apply the rules in `clean()` (`check_dates`), so every `full_clean()` — of a service, a
model form or the admin — refuses an implausible date at its field; services that save
without `full_clean()` call `check_event`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)
CLOCK_TOLERANCE = dt.timedelta(minutes=5)


def today() -> dt.date:
    """Today in the deployment's time zone (settings.TIME_ZONE), whatever the request's."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


def validate_birth_date(value: dt.date | None) -> None:
    if value is None:
        return
    if value > today():
        raise ValidationError(_("A birth date cannot be in the future."), code="future_date")
    if value < EARLIEST_BIRTH_DATE:
        raise ValidationError(_("A birth date cannot be before 1900."), code="date_too_early")


def validate_event(value: dt.date | dt.datetime | None) -> None:
    """The date or time of something that has happened: not in the future (a time may be up
    to 5 minutes ahead, for clocks that differ)."""
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value, timezone.get_default_timezone())
        if value > timezone.now() + CLOCK_TOLERANCE:
            raise ValidationError(_("This time is in the future."), code="future_time")
    elif isinstance(value, dt.date) and value > today():
        raise ValidationError(_("This date is in the future."), code="future_date")


def check_event(field: str, value: dt.date | dt.datetime | None) -> None:
    """`validate_event`, its error at `field` (for services)."""
    try:
        validate_event(value)
    except ValidationError as error:
        raise ValidationError({field: error.error_list}) from None


def date_errors(
    instance: Any, *, births: Iterable[str] = (), events: Iterable[str] = ()
) -> dict[str, list[ValidationError]]:
    """The implausible dates among the named fields of `instance`, by field. A value that is
    not a date (one its field's own validation already refused) is left to that validation."""
    errors: dict[str, list[ValidationError]] = {}
    for names, validate in ((births, validate_birth_date), (events, validate_event)):
        for name in names:
            value = getattr(instance, name)
            if not isinstance(value, dt.date):
                continue
            try:
                validate(value)
            except ValidationError as error:
                errors[name] = error.error_list
    return errors


def check_dates(instance: Any, *, births: Iterable[str] = (), events: Iterable[str] = ()) -> None:
    """For a model's `clean()`: a ValidationError naming every implausible date's field."""
    errors = date_errors(instance, births=births, events=events)
    if errors:
        raise ValidationError(errors)
