"""Finding 11 (integrity, plans): through the API a plan item accepted a standard of another
service type, one not in force on the day requested, or none at all — which skipped every
check of scope and waiting time."""

import pytest
from rest_framework.test import APIClient

from qamqor.cases import services
from qamqor.catalog.models import AtRiskGroup
from tests.factories import CaseFactory


@pytest.fixture
def case(org, staff, certified):
    """An active case of a trafficking victim (the group granted and approved)."""
    case = CaseFactory(organisation=org, status="assessment", lead_worker=staff["caseworker"])
    decision = services.decision_record(
        actor=staff["caseworker"],
        case=case,
        group=AtRiskGroup.objects.get(code="trafficking_victims"),
        outcome="granted",
    )
    services.decision_approve(actor=staff["supervisor"], decision=decision)
    return case


@pytest.mark.parametrize(
    ("item", "refused"),
    [
        # legal aid planned under the medical standard (its own allows at most 8 sessions)
        ({"service_type": "social_legal", "standard": "vot-medical", "units": 10}, "standard"),
        # the shelter standard that ended on 2023-07-01
        ({"service_type": "shelter", "standard": "vot-shelter-temporary-2009", "units": 1},
         "standard"),
        # no standard: 500 sessions of psychological help, due in a year, no reason given
        ({"service_type": "social_psychological", "units": 500, "due_on": "2099-01-01"},
         "standard"),
    ],
    ids=["other_service_type", "not_in_force", "none"],
)  # fmt: skip
def test_a_plan_item_must_follow_a_standard_of_its_service_in_force(case, staff, item, refused):
    client = APIClient()
    client.force_login(staff["caseworker"])

    response = client.post(f"/api/v1/cases/{case.code}/plans/", {"items": [item]}, format="json")

    assert response.status_code == 400, response.json()
    assert f"items.0.{refused}" in response.json()["fields"]
    assert not case.plans.exists()
