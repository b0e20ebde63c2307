"""Hotline calls: logged, opened as a case or added to one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import Organisation, User
from qamqor.cases.models import Case, Intake, RiskLevel
from qamqor.cases.services import event, lock, must_be_open, require
from qamqor.catalog.models import AtRiskGroup, Region
from qamqor.core.access import Action
from qamqor.core.errors import InvalidTransitionError
from qamqor.core.validators import check_event
from qamqor.people.models import Person
from qamqor.protection.events import ProtectionEvent
from qamqor.protection.models import (
    HotlineCall,
)
from qamqor.protection.services.common import (
    TOPIC_GROUPS,
    _field_error,
    _new_person,
    _open_case,
)

# Hotline


@transaction.atomic
def call_log(
    *,
    actor: User,
    organisation: Organisation,
    topic: str,
    language: str,
    region: Region | None = None,
    received_at: dt.datetime | None = None,
    duration_minutes: int | None = None,
    caller_type: str = HotlineCall.CallerType.NOT_STATED,
    anonymous: bool = True,
    risk_flag: bool = False,
    note: str = "",
) -> HotlineCall:
    """Log a call; the time and the region default to now and the operator's organisation."""
    require(actor, Action.LOG_CALL, organisation)
    received_at = received_at or timezone.now()
    check_event("received_at", received_at)
    call = HotlineCall(
        organisation=organisation,
        region=region or organisation.region,
        received_at=received_at,
        duration_minutes=duration_minutes,
        caller_type=caller_type,
        topic=topic,
        language=language,
        anonymous=anonymous,
        risk_flag=risk_flag,
        note=note,
        recorded_by=actor,
    )
    call.full_clean()
    call.save()
    return call


def _call_for_update(actor: User, call: HotlineCall) -> HotlineCall:
    require(actor, Action.LOG_CALL, call)
    call = HotlineCall.objects.select_for_update().get(pk=call.pk)
    if call.case_id is not None:
        raise InvalidTransitionError(_("This call is already part of a case."))
    return call


@transaction.atomic
def call_open_case(
    *,
    actor: User,
    call: HotlineCall,
    person: Person | None = None,
    groups: Iterable[AtRiskGroup] | None = None,
    lead_worker: User | None = None,
) -> Case:
    """Open an intake and a (restricted) case from a call in one step. Without a person, one
    is recorded with no identity at all; the groups default to the one the topic implies."""
    call = _call_for_update(actor, call)
    if person is None:
        person = _new_person(actor, call.organisation, region=call.region)
    if groups is None:
        code = TOPIC_GROUPS.get(call.topic)
        groups = AtRiskGroup.objects.filter(code=code) if code else []
    case = _open_case(
        actor=actor,
        organisation=call.organisation,
        channel=Intake.Channel.HOTLINE,
        region=call.region,
        received_at=call.received_at,
        anonymous=call.anonymous,
        presenting_problem=call.note,
        immediate_risk=RiskLevel.HIGH if call.risk_flag else RiskLevel.NONE,
        person=person,
        groups=groups,
        lead_worker=lead_worker,
    )
    call.case, call.intake = case, case.intake
    call.save(update_fields=["case", "intake", "updated_at"])
    event(case, ProtectionEvent.CALL_ADDED, actor, call.topic)
    return case


@transaction.atomic
def call_add_to_case(*, actor: User, call: HotlineCall, case: Case) -> HotlineCall:
    """Add a call to an existing case of the same organisation that the operator can see."""
    call = _call_for_update(actor, call)
    require(actor, Action.VIEW_CASE, case)
    case = lock(case)
    must_be_open(case)
    if case.organisation_id != call.organisation_id:
        raise _field_error("case", _("The case belongs to another organisation."))
    call.case = case
    call.save(update_fields=["case", "updated_at"])
    event(case, ProtectionEvent.CALL_ADDED, actor, call.topic)
    return call
