"""Finding 11 (integrity), first part: a case could be opened from a call with no lead worker
— the operator then saw "Case opened" above "Not found", and nobody was responsible."""

import pytest
from django.urls import reverse

from tests.factories import HotlineCallFactory


@pytest.mark.django_db
def test_an_operator_opening_a_case_from_a_call_lands_on_a_page_and_a_supervisor_sees_it(
    client, org, staff
):
    call = HotlineCallFactory(organisation=org, recorded_by=staff["operator"])
    client.force_login(staff["operator"])
    response = client.post(
        reverse("protection:call_open_case", args=[call.pk]), {"lead_worker": ""}, follow=True
    )
    assert response.status_code == 200, response.status_code
    call.refresh_from_db()
    case = call.case
    assert case is not None
    assert case.code in response.content.decode()  # the operator is told which case it is
    # Nobody leads it, so it is on the supervisors' list of unassigned cases.
    client.force_login(staff["supervisor"])
    home = client.get(reverse("front:home"))
    assert case.lead_worker_id is None
    assert case in home.context["unassigned"]
    assert case.code in home.content.decode()


@pytest.mark.django_db
def test_a_case_worker_opening_a_case_leads_it(org, staff):
    from qamqor.cases import services
    from tests.factories import IntakeFactory, PersonFactory

    intake = IntakeFactory(organisation=org, recorded_by=staff["caseworker"])
    person = PersonFactory(registered_by=org)
    case = services.case_open(actor=staff["caseworker"], intake=intake, person=person)
    assert case.lead_worker == staff["caseworker"]
