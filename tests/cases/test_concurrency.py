"""Writes that arrive at the same time: beds are never over-filled, and of two edits based on
the same version one wins and the other is refused — on PostgreSQL, with real threads."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from qamqor.cases import services, shelter
from qamqor.core.access import Role
from tests.factories import (
    CaseFactory,
    FacilityFactory,
    MembershipFactory,
    OrganisationFactory,
    ShelterStayFactory,
)

ATTEMPTS = 10
FREE_BEDS = 4


def _together(work, count):
    """Run `work(index)` in `count` threads released at the same moment; collect outcomes."""
    start = threading.Barrier(count)
    outcomes = [None] * count

    def run(index):
        try:
            start.wait()
            outcomes[index] = ("ok", work(index))
        except Exception as error:  # noqa: BLE001 - every outcome is asserted on below
            outcomes[index] = ("error", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_admissions_fill_exactly_the_free_beds(catalog):
    organisation = OrganisationFactory(code="shelter-org")
    worker = MembershipFactory(organisation=organisation, role=Role.SUPERVISOR).user
    facility = FacilityFactory(organisation=organisation, bed_capacity=FREE_BEDS + 2)
    for _ in range(2):  # two beds already taken
        ShelterStayFactory(
            case=CaseFactory(organisation=organisation),
            facility=facility,
            admitted_on=dt.date(2026, 1, 1),
            admission_reason="earlier",
            admitted_by=worker,
            region=facility.region,
        )
    cases = [CaseFactory(organisation=organisation) for _ in range(ATTEMPTS)]
    today = timezone.localdate()

    outcomes = _together(
        lambda index: shelter.stay_admit(
            actor=worker, case=cases[index], facility=facility, admitted_on=today, reason="safety"
        ),
        ATTEMPTS,
    )

    admitted = [result for status, result in outcomes if status == "ok"]
    refused = [result for status, result in outcomes if status == "error"]
    assert len(admitted) == FREE_BEDS
    assert {getattr(error, "code", repr(error)) for error in refused} == {"facility_full"}
    assert shelter.occupancy(facility) == FREE_BEDS + 2 == facility.bed_capacity


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_edits_of_the_same_version_one_wins_the_other_gets_412(catalog):
    organisation = OrganisationFactory(code="edit-org")
    workers = [
        MembershipFactory(organisation=organisation, role=Role.SUPERVISOR).user for _ in range(2)
    ]
    case = CaseFactory(organisation=organisation)

    def edit(index):
        client = APIClient()
        client.force_login(workers[index])
        response = client.patch(
            f"/api/v1/cases/{case.code}/",
            {"summary": f"written by {index}"},
            format="json",
            HTTP_IF_MATCH='"1"',
        )
        return response.status_code

    outcomes = _together(edit, 2)

    assert sorted(result for _status, result in outcomes) == [200, 412]
    case.refresh_from_db()
    assert case.version == 2
    assert case.summary in {"written by 0", "written by 1"}


def test_a_stale_edit_is_refused_on_either_engine(org, staff):
    case = CaseFactory(organisation=org, lead_worker=staff["caseworker"])
    services.case_update(actor=staff["caseworker"], case=case, version=1, summary="first")
    client = APIClient()
    client.force_login(staff["supervisor"])
    url = f"/api/v1/cases/{case.code}/"
    stale = client.patch(url, {"summary": "second"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    assert stale.json()["code"] == "precondition_failed"
    missing = client.patch(url, {"summary": "second"}, format="json")
    assert missing.status_code == 428
    assert missing.json()["code"] == "precondition_required"
    current = client.get(url)
    assert current["ETag"] == '"2"'
    fresh = client.patch(url, {"summary": "second"}, format="json", HTTP_IF_MATCH=current["ETag"])
    assert fresh.status_code == 200 and fresh["ETag"] == '"3"'
    case.refresh_from_db()
    assert case.summary == "second"
