"""Protective orders and their violations."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import User
from qamqor.cases.models import Case
from qamqor.cases.services import event, lock, must_be_open, require
from qamqor.core.access import Action
from qamqor.core.errors import InvalidTransitionError
from qamqor.protection import alerts
from qamqor.protection.events import ProtectionEvent
from qamqor.protection.models import (
    OrderViolation,
    ProtectiveOrder,
)
from qamqor.protection.services.common import _field_error, _not_in_future, _restrict

# Protective orders


@transaction.atomic
def order_record(
    *,
    actor: User,
    case: Case,
    kind: str,
    issuing_body: str,
    issued_on: dt.date,
    valid_from: dt.date,
    valid_until: dt.date,
    conditions: str,
    respondent_name: str,
    respondent_relationship: str,
    respondent_birth_year: int | None = None,
    number: str = "",
) -> ProtectiveOrder:
    require(actor, Action.EDIT_CASE, case)
    case = lock(case)
    must_be_open(case)
    _not_in_future("issued_on", issued_on)
    if valid_until < valid_from:
        raise _field_error("valid_until", _("The order cannot end before it starts."))
    if valid_from < issued_on:
        raise _field_error("valid_from", _("The order cannot start before it is issued."))
    order = ProtectiveOrder(
        case=case,
        kind=kind,
        issuing_body=issuing_body,
        number=number,
        issued_on=issued_on,
        valid_from=valid_from,
        valid_until=valid_until,
        conditions=conditions,
        respondent_name=respondent_name,
        respondent_relationship=respondent_relationship,
        respondent_birth_year=respondent_birth_year,
        recorded_by=actor,
        organisation_id=case.organisation_id,
        region_id=case.region_id,
    )
    order.full_clean()
    order.save()
    _restrict(case)
    event(case, ProtectionEvent.ORDER_ISSUED, actor, f"{kind}:{valid_until.isoformat()}")
    alerts.refresh(orders=ProtectiveOrder.objects.filter(pk=order.pk))
    return order


@transaction.atomic
def order_revoke(
    *, actor: User, order: ProtectiveOrder, on: dt.date | None = None
) -> ProtectiveOrder:
    require(actor, Action.EDIT_CASE, order.case)
    case = lock(order.case)
    must_be_open(case)
    order = ProtectiveOrder.objects.select_for_update().get(pk=order.pk)
    if order.revoked_on:
        raise InvalidTransitionError(_("The order is already revoked."))
    on = on or timezone.localdate()
    _not_in_future("revoked_on", on)
    order.revoked_on = on
    order.save(update_fields=["revoked_on", "updated_at"])
    event(case, ProtectionEvent.ORDER_REVOKED, actor, order.kind)
    alerts.refresh(orders=ProtectiveOrder.objects.filter(pk=order.pk))
    return order


@transaction.atomic
def violation_record(
    *,
    actor: User,
    order: ProtectiveOrder,
    occurred_on: dt.date,
    reported_by: str,
    action_taken: str,
    liability: str = OrderViolation.Liability.PENDING,
    note: str = "",
) -> OrderViolation:
    """A breach of an order, on a day the order was in force."""
    require(actor, Action.EDIT_CASE, order.case)
    case = lock(order.case)
    must_be_open(case)
    _not_in_future("occurred_on", occurred_on)
    if not order.in_force_on(occurred_on):
        raise _field_error("occurred_on", _("The order was not in force on that day."))
    violation = OrderViolation(
        order=order,
        case=case,
        occurred_on=occurred_on,
        reported_by=reported_by,
        action_taken=action_taken,
        liability=liability,
        note=note,
        recorded_by=actor,
    )
    violation.full_clean()
    violation.save()
    event(case, ProtectionEvent.ORDER_VIOLATED, actor, f"{order.kind}:{liability}")
    return violation
