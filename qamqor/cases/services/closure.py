"""Closure, follow-up and reopening."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import User
from qamqor.accounts.notices import holders, notify
from qamqor.cases.models import (
    Approval,
    Case,
    CaseEvent,
    Closure,
)
from qamqor.cases.notices import CaseNotice
from qamqor.cases.services.common import (
    DEFAULT_FOLLOWUP_DAYS,
    S,
    event,
    lock,
    move,
    must_be_open,
    require,
)
from qamqor.cases.services.eligibility import _review
from qamqor.catalog.models import Standard
from qamqor.core.access import Action
from qamqor.core.errors import InvalidTransitionError

# Closure and reopening


@transaction.atomic
def closure_request(*, actor: User, case: Case, outcome: str, reason: str) -> Closure:
    require(actor, Action.EDIT_CASE, case)
    case = lock(case)
    must_be_open(case)
    if case.closures.filter(approval=Approval.PENDING).exists():
        raise InvalidTransitionError(_("A closure already awaits approval."))
    closure = Closure(case=case, outcome=outcome, reason=reason, requested_by=actor)
    closure.full_clean()
    closure.save()
    event(case, CaseEvent.Kind.CLOSURE_REQUESTED, actor, closure.outcome)
    notify(
        kind=CaseNotice.APPROVAL_WAITING,
        recipients=holders(case.organisation, Action.APPROVE_CLOSURE),
        organisation=case.organisation,
        source=closure,
        case=case,
        actor=actor,
    )
    return closure


def _followup_days(case: Case) -> int:
    """The shortest follow-up interval among the standards the case's plans used."""
    days = (
        Standard.objects.filter(pk__in=case.plan_items.values("standard"))
        .order_by("followup_days")
        .values_list("followup_days", flat=True)
        .first()
    )
    return days or DEFAULT_FOLLOWUP_DAYS


@transaction.atomic
def closure_approve(*, actor: User, closure: Closure) -> Closure:
    case, closure = _review(
        closure,
        actor=actor,
        action=Action.APPROVE_CLOSURE,
        verdict=Approval.APPROVED,
        author_id=closure.requested_by_id,
    )
    if case.shelter_stays.filter(discharged_on__isnull=True).exists():
        raise InvalidTransitionError(_("Discharge the person from the shelter first."))
    today = timezone.localdate()
    closure.followup_due = today + dt.timedelta(days=_followup_days(case))
    closure.save()
    case.closed_at = closure.approved_at
    move(case, S.CLOSED, actor)
    event(case, CaseEvent.Kind.CLOSED, actor, closure.outcome)
    return closure


@transaction.atomic
def closure_reject(*, actor: User, closure: Closure, note: str) -> Closure:
    case, closure = _review(
        closure,
        actor=actor,
        action=Action.APPROVE_CLOSURE,
        verdict=Approval.REJECTED,
        author_id=None,
    )
    closure.save(update_fields=["approval", "approved_by", "approved_at", "updated_at"])
    event(case, CaseEvent.Kind.CLOSURE_REJECTED, actor, note)
    return closure


@transaction.atomic
def followup_record(*, actor: User, closure: Closure, on: dt.date | None = None) -> Closure:
    require(actor, Action.EDIT_CASE, closure.case)
    if closure.approval != Approval.APPROVED or closure.followup_done_on:
        raise InvalidTransitionError(_("There is no follow-up due for this closure."))
    closure.followup_done_on = on or timezone.localdate()
    closure.full_clean()
    closure.save(update_fields=["followup_done_on", "updated_at"])
    return closure


@transaction.atomic
def case_reopen(*, actor: User, case: Case, reason: str) -> Case:
    """Reopen a closed case for a new assessment; its history stays."""
    require(actor, Action.REOPEN_CASE, case)
    case = lock(case)
    if case.status != S.CLOSED:
        raise InvalidTransitionError(_("Only a closed case can be reopened."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for reopening.")})
    case.closed_at = None
    move(case, S.ASSESSMENT, actor)
    event(case, CaseEvent.Kind.REOPENED, actor, reason)
    return case
