"""What the protection services share: the guards, and a case opened from a call or a
screening."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError

from qamqor.accounts.models import Organisation, User
from qamqor.cases import services as case_services
from qamqor.cases.models import Case
from qamqor.core.validators import check_event
from qamqor.people import services as people_services
from qamqor.people.models import Person
from qamqor.protection.models import (
    HotlineCall,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

S = Case.Status
TRAFFICKING_GROUP = "trafficking_victims"
# The group a case opened from a call claims, by the call's topic.
TOPIC_GROUPS: dict[str, str] = {
    HotlineCall.Topic.DOMESTIC_VIOLENCE: "domestic_violence_victims",
    HotlineCall.Topic.TRAFFICKING: TRAFFICKING_GROUP,
    HotlineCall.Topic.HOMELESSNESS: "homeless",
    HotlineCall.Topic.DISABILITY: "disability",
    HotlineCall.Topic.MIGRATION: "migrants",
}


def _field_error(field: str, message: StrOrPromise) -> ValidationError:
    return ValidationError({field: message})


def _restrict(case: Case) -> None:
    """Protection records put the case under need to know; only a supervisor lifts it."""
    case_services.restrict(case)


def _not_in_future(field: str, day: dt.date) -> None:
    check_event(field, day)  # the shared plausibility rule, also in the models' clean()


def _new_person(actor: User, organisation: Organisation, **facts: Any) -> Person:
    return people_services.person_create(actor=actor, organisation=organisation, **facts).person


def _open_case(**values: Any) -> Case:
    """An intake and its case (cases' one way to open a case from a contact), restricted:
    protection data is need to know."""
    case = case_services.case_open_from_intake(**values)
    _restrict(case)
    return case
