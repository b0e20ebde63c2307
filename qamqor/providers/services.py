"""Writes about certifications. Each checks the actor against the access policy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import Organisation, User
from qamqor.catalog.models import ServiceType
from qamqor.core import access
from qamqor.core.access import Action
from qamqor.core.errors import ApplicationError
from qamqor.providers.models import Certification, CertificationSuspension


def _require(actor: User, action: Action, obj) -> None:
    if not access.can(actor, action, obj):
        raise PermissionDenied


@transaction.atomic
def certification_issue(
    *,
    actor: User,
    organisation: Organisation,
    number: str,
    service_types: Iterable[ServiceType],
    issued_by: Organisation,
    valid_from: dt.date,
    valid_until: dt.date,
) -> Certification:
    _require(actor, Action.MANAGE_CERTIFICATION, organisation)
    types = list(service_types)
    if not types:
        raise ApplicationError(
            _("A certification covers at least one service type."), code="no_service_types"
        )
    certification = Certification(
        organisation=organisation,
        number=number,
        issued_by=issued_by,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    certification.full_clean()
    certification.save()
    certification.service_types.set(types)
    return certification


@transaction.atomic
def certification_suspend(
    *, actor: User, certification: Certification, suspended_from: dt.date, reason: str
) -> CertificationSuspension:
    _require(actor, Action.MANAGE_CERTIFICATION, certification)
    if certification.suspensions.filter(lifted_on__isnull=True).exists():
        raise ApplicationError(_("The certification is already suspended."), code="suspended")
    suspension = CertificationSuspension(
        certification=certification, suspended_from=suspended_from, reason=reason
    )
    suspension.full_clean()
    suspension.save()
    return suspension


@transaction.atomic
def certification_lift_suspension(
    *, actor: User, suspension: CertificationSuspension, lifted_on: dt.date
) -> CertificationSuspension:
    _require(actor, Action.MANAGE_CERTIFICATION, suspension.certification)
    if suspension.lifted_on is not None:
        raise ApplicationError(_("The suspension was already lifted."), code="lifted")
    if lifted_on <= suspension.suspended_from:
        raise ApplicationError(
            _("A suspension is lifted after the day it began."), code="invalid_date"
        )
    suspension.lifted_on = lifted_on
    suspension.save(update_fields=["lifted_on", "updated_at"])
    return suspension


@transaction.atomic
def certification_revoke(
    *, actor: User, certification: Certification, revoked_on: dt.date, reason: str
) -> Certification:
    _require(actor, Action.MANAGE_CERTIFICATION, certification)
    if certification.revoked_on is not None:
        raise ApplicationError(_("The certification is already revoked."), code="revoked")
    if not reason.strip():
        raise ApplicationError(_("Give the reason for the revocation."), code="reason_required")
    certification.revoked_on = revoked_on
    certification.revocation_reason = reason
    certification.save(update_fields=["revoked_on", "revocation_reason", "updated_at"])
    return certification
