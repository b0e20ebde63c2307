"""Shelter stays. A facility is never over capacity, also when admissions arrive at once:
the facility's row is locked while its beds are counted."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import User
from qamqor.cases.access import shared_with
from qamqor.cases.models import Case, CaseEvent, Referral, ShelterStay
from qamqor.cases.services import event, lock, must_be_open
from qamqor.core import access
from qamqor.core.access import Action
from qamqor.core.errors import ConflictError, InvalidTransitionError
from qamqor.providers.models import Facility


def _may_admit(actor: User, case: Case, facility: Facility) -> bool:
    """The case's own staff admit to their organisation's facilities; an organisation that
    accepted a referral sharing the shelter stays (under consent) admits to its own."""
    if (
        access.can(actor, Action.EDIT_CASE, case)
        and facility.organisation_id == case.organisation_id
    ):
        return True
    return (
        access.can(actor, Action.ACT_ON_REFERRAL, case)
        and "shelter" in shared_with(actor, case)
        and case.referrals.filter(
            to_organisation_id=facility.organisation_id, status=Referral.Status.ACCEPTED
        ).exists()
        and facility.organisation_id in {org for org, _role in access.memberships(actor)}
    )


def occupancy(facility: Facility) -> int:
    return ShelterStay.objects.filter(facility=facility, discharged_on__isnull=True).count()


@transaction.atomic
def stay_admit(
    *, actor: User, case: Case, facility: Facility, admitted_on: dt.date, reason: str
) -> ShelterStay:
    if not _may_admit(actor, case, facility):
        raise PermissionDenied
    case = lock(case)
    must_be_open(case)
    facility = Facility.objects.select_for_update().get(pk=facility.pk)
    if not facility.is_active or facility.bed_capacity == 0:
        raise ValidationError({"facility": _("This facility takes no residents.")})
    if case.shelter_stays.filter(discharged_on__isnull=True).exists():
        raise InvalidTransitionError(_("The person is already staying in a shelter."))
    if occupancy(facility) >= facility.bed_capacity:
        raise ConflictError(
            _("%(facility)s is full (%(beds)s beds).")
            % {"facility": facility.name, "beds": facility.bed_capacity},
            code="facility_full",
        )
    stay = ShelterStay(
        case=case,
        facility=facility,
        admitted_on=admitted_on,
        admission_reason=reason,
        admitted_by=actor,
        region_id=facility.region_id,
    )
    stay.full_clean()
    stay.save()
    event(case, CaseEvent.Kind.ADMITTED, actor, facility.name)
    return stay


@transaction.atomic
def stay_discharge(
    *, actor: User, stay: ShelterStay, discharged_on: dt.date, reason: str
) -> ShelterStay:
    if not _may_admit(actor, stay.case, stay.facility):
        raise PermissionDenied
    stay = ShelterStay.objects.select_for_update().get(pk=stay.pk)
    if stay.discharged_on is not None:
        raise InvalidTransitionError(_("The person was already discharged."))
    if discharged_on < stay.admitted_on:
        raise ValidationError({"discharged_on": _("Discharge cannot come before admission.")})
    stay.discharged_on = discharged_on
    stay.discharge_reason = reason
    stay.full_clean()
    stay.save()
    event(stay.case, CaseEvent.Kind.DISCHARGED, actor, stay.facility.name)
    return stay
