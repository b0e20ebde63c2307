"""What the protection services share: the guards, and a case opened from a call or a
screening."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import Organisation, User
from qamqor.cases import services as case_services
from qamqor.cases.models import Case
from qamqor.catalog.models import AtRiskGroup, Region
from qamqor.core.errors import InvalidTransitionError
from qamqor.core.validators import check_event
from qamqor.people import services as people_services
from qamqor.people.models import Person
from qamqor.protection.models import (
    HotlineCall,
)

S = Case.Status
TRAFFICKING_GROUP = "trafficking_victims"
# The group a case opened from a call claims, by the call's topic.
TOPIC_GROUPS = {
    HotlineCall.Topic.DOMESTIC_VIOLENCE: "domestic_violence_victims",
    HotlineCall.Topic.TRAFFICKING: TRAFFICKING_GROUP,
    HotlineCall.Topic.HOMELESSNESS: "homeless",
    HotlineCall.Topic.DISABILITY: "disability",
    HotlineCall.Topic.MIGRATION: "migrants",
}


def _field_error(field: str, message) -> ValidationError:
    return ValidationError({field: message})


def _restrict(case: Case) -> None:
    """Protection records put the case under need to know; only a supervisor lifts it."""
    case_services.restrict(case)


def _must_be_open(case: Case) -> None:
    if case.status == S.CLOSED:
        raise InvalidTransitionError(_("The case is closed; reopen it first."))


def _not_in_future(field: str, day: dt.date) -> None:
    check_event(field, day)  # the shared plausibility rule, also in the models' clean()


def _new_person(actor: User, organisation: Organisation, **facts) -> Person:
    return people_services.person_create(actor=actor, organisation=organisation, **facts).person


def _open_case(
    *,
    actor: User,
    organisation: Organisation,
    channel: str,
    region: Region,
    received_at: dt.datetime,
    anonymous: bool,
    presenting_problem: str,
    immediate_risk: str,
    person: Person,
    groups: Iterable[AtRiskGroup],
    lead_worker: User | None,
) -> Case:
    intake = case_services.intake_create(
        actor=actor,
        organisation=organisation,
        channel=channel,
        region=region,
        received_at=received_at,
        anonymous=anonymous,
        presenting_problem=presenting_problem,
        immediate_risk=immediate_risk,
        person=person,
    )
    case = case_services.case_open(
        actor=actor, intake=intake, person=person, groups=groups, lead_worker=lead_worker
    )
    _restrict(case)
    return case
