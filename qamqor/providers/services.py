"""Writes about certifications and facilities. Each checks the actor against the access policy,
whatever the screen (the certifiers' and provider managers' pages, the administration site)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from qamqor.accounts.models import Organisation, User
from qamqor.catalog.models import AtRiskGroup, Region, ServiceType
from qamqor.core import access
from qamqor.core.access import Action
from qamqor.core.errors import ApplicationError
from qamqor.providers.models import Certification, CertificationSuspension, Facility


def _require(actor: User, action: Action, obj: Model | None) -> None:
    if not access.can(actor, action, obj):
        raise PermissionDenied


def issuing_bodies(actor: User) -> frozenset[int]:
    """The organisations a certifier issues certifications for: those where they hold the
    role that certifies."""
    return frozenset().union(*access.grant(actor, Action.MANAGE_CERTIFICATION).reaches.values())


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
    if issued_by.pk not in issuing_bodies(actor):
        raise ValidationError(
            {"issued_by": _("A certification is issued by the organisation you certify for.")}
        )
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
    if certification.revoked_on is not None:
        raise ApplicationError(_("The certification is revoked."), code="revoked")
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
        raise ValidationError({"lifted_on": _("A suspension is lifted after the day it began.")})
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
        raise ValidationError({"reason": _("Give the reason for the revocation.")})
    certification.revoked_on = revoked_on
    certification.revocation_reason = reason
    certification.save(update_fields=["revoked_on", "revocation_reason", "updated_at"])
    return certification


# Facilities


def occupancy(facility: Facility) -> int:
    """How many persons stay in the facility now (open shelter stays)."""
    if facility.pk is None:
        return 0
    return facility.stays.filter(discharged_on__isnull=True).count()


def facility_check(facility: Facility, *, bed_capacity: int, is_active: bool) -> None:
    """Refuse a capacity below the persons staying now, and closing a facility where someone
    stays (they are discharged first)."""
    staying = occupancy(facility)
    if bed_capacity < staying:
        raise ValidationError(
            {
                "bed_capacity": ngettext(
                    "The capacity cannot be below the %(count)d person staying now.",
                    "The capacity cannot be below the %(count)d persons staying now.",
                    staying,
                )
                % {"count": staying}
            }
        )
    if not is_active and staying:
        raise ValidationError(
            {
                "is_active": ngettext(
                    "%(count)d person is staying here: discharge them before closing it.",
                    "%(count)d persons are staying here: discharge them before closing it.",
                    staying,
                )
                % {"count": staying}
            }
        )


@transaction.atomic
def facility_create(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    kind: str,
    region: Region,
    address: str = "",
    bed_capacity: int = 0,
    groups_served: Iterable[AtRiskGroup] = (),
    is_active: bool = True,
) -> Facility:
    _require(actor, Action.MANAGE_FACILITY, organisation)
    facility = Facility(
        organisation=organisation,
        name=name,
        kind=kind,
        region=region,
        address=address,
        bed_capacity=bed_capacity,
        is_active=is_active,
    )
    facility.full_clean()
    facility.save()
    facility.groups_served.set(list(groups_served))
    return facility


FACILITY_FIELDS = ("name", "kind", "region", "address", "bed_capacity", "is_active")


@transaction.atomic
def facility_update(
    *,
    actor: User,
    facility: Facility,
    groups_served: Iterable[AtRiskGroup] | None = None,
    **changes: Any,
) -> Facility:
    """Change the fields named in FACILITY_FIELDS (the organisation stays). The facility's row
    is locked while its residents are counted, as admissions do (cases.shelter.stay_admit),
    so a capacity is never set below the persons staying, even when they arrive at once."""
    if unknown := set(changes) - set(FACILITY_FIELDS):
        raise TypeError(f"facility_update cannot change {', '.join(sorted(unknown))}.")
    _require(actor, Action.MANAGE_FACILITY, facility)
    facility = Facility.objects.select_for_update().get(pk=facility.pk)
    for name, value in changes.items():
        setattr(facility, name, value)
    facility_check(facility, bed_capacity=facility.bed_capacity, is_active=facility.is_active)
    facility.full_clean()
    facility.save()
    if groups_served is not None:
        facility.groups_served.set(list(groups_served))
    return facility
