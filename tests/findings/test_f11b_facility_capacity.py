"""Finding 11 (integrity), facility part: a facility's bed capacity could be set below the
number of persons staying there now, in the administration site."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from qamqor.core.access import Role
from tests.factories import CaseFactory, FacilityFactory, ShelterStayFactory


@pytest.fixture
def shelter(org, member):
    """A 3-bed shelter of own-org where 2 persons stay now (and one has left)."""
    facility = FacilityFactory(organisation=org, name="Shelter", bed_capacity=3)
    worker = member(Role.SUPERVISOR)
    for discharged_on in (None, None, dt.date(2026, 1, 5)):
        ShelterStayFactory(
            case=CaseFactory(organisation=org),
            facility=facility,
            admitted_on=dt.date(2026, 1, 1),
            discharged_on=discharged_on,
            admission_reason="safety",
            admitted_by=worker,
            region=facility.region,
        )
    return facility


def _admin_form(facility, **changes):
    data = {
        "organisation": facility.organisation_id,
        "name": facility.name,
        "kind": facility.kind,
        "region": facility.region_id,
        "address": "",
        "bed_capacity": facility.bed_capacity,
        "is_active": "on",
    }
    return {**data, **changes}


def test_the_admin_refuses_a_capacity_below_the_persons_staying(client, member, shelter):
    client.force_login(member(Role.ADMIN))
    url = f"/admin/providers/facility/{shelter.pk}/change/"
    response = client.post(url, _admin_form(shelter, bed_capacity=1))
    assert response.status_code == 200  # the form again, with the error
    shelter.refresh_from_db()
    assert shelter.bed_capacity == 3
    assert "2 persons staying now" in response.content.decode()
    # Down to the persons staying is allowed.
    assert client.post(url, _admin_form(shelter, bed_capacity=2)).status_code == 302
    shelter.refresh_from_db()
    assert shelter.bed_capacity == 2


def test_the_service_refuses_a_capacity_below_the_persons_staying(member, shelter):
    from qamqor.providers.services import facility_update

    with pytest.raises(ValidationError) as refused:
        facility_update(actor=member(Role.PROVIDER_MANAGER), facility=shelter, bed_capacity=1)
    assert "bed_capacity" in refused.value.error_dict
    shelter.refresh_from_db()
    assert shelter.bed_capacity == 3
