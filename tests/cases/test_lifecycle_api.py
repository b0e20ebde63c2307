"""The whole life of a case through the REST API, for a person with no IIN and no residence
registration: intake → case → assessment → eligibility decision → supervisor approval → plan
from the standards → deliveries → referral sent and accepted by another organisation →
shelter admission and discharge → closure approved → reopening → closure again."""

import datetime as dt

import pytest
from django.utils import timezone

from qamqor.audit.models import AccessLogEntry
from qamqor.cases.models import Case
from tests.helpers import api_client, ok


@pytest.mark.django_db
def test_a_case_from_intake_to_closure_and_reopening_through_the_api(
    org, other_org, staff, certified
):
    worker = api_client(staff["caseworker"])
    supervisor = api_client(staff["supervisor"])
    receiver = api_client(staff["other_caseworker"])
    today = timezone.localdate()

    person = ok(
        worker.post(
            "/api/v1/persons/",
            {
                "given_name": "Нурлан",
                "age": 24,
                "sex": "male",
                "citizenship": "UZ",
                "residence_registration": "not_registered",
                "region": "KZ-71",
            },
            format="json",
        ),
        201,
    )
    assert person["iin"] == "" and person["residence_registration"] == "not_registered"
    assert person["birth_year"] == today.year - 24 and person["birth_date_estimated"]

    intake = ok(
        worker.post(
            "/api/v1/intakes/",
            {"channel": "border", "region": "KZ-71", "immediate_risk": "high"},
            format="json",
        ),
        201,
    )
    case = ok(
        worker.post(
            "/api/v1/cases/",
            {"intake": intake["id"], "person": person["code"], "groups": ["trafficking_victims"]},
            format="json",
        ),
        201,
    )
    code = case["code"]
    assert case["status"] == "intake" and case["restricted"] is True
    url = f"/api/v1/cases/{code}"

    ok(worker.post(f"{url}/start-assessment/"))
    ok(
        worker.post(
            f"{url}/assessments/",
            {
                "needs": [
                    {"domain": "safety", "severity": 4},
                    {"domain": "legal_status", "severity": 3},
                ]
            },
            format="json",
        ),
        201,
    )
    decision = ok(
        worker.post(
            f"{url}/decisions/",
            {"group": "trafficking_victims", "outcome": "granted"},
            format="json",
        ),
        201,
    )
    assert ok(worker.get(f"{url}/"))["status"] == "eligibility"
    # The worker cannot approve; the supervisor can.
    assert worker.post(f"{url}/decisions/{decision['id']}/approve/").status_code == 403
    ok(supervisor.post(f"{url}/decisions/{decision['id']}/approve/"))
    assert ok(worker.get(f"{url}/"))["status"] == "active"

    proposal = ok(worker.get(f"{url}/plan-proposal/"))
    proposed = {item["service_type"]: item for item in proposal}
    assert proposed["shelter"]["due_on"] == (today + dt.timedelta(days=1)).isoformat()
    plan = ok(worker.post(f"{url}/plans/", {"from_proposal": True}, format="json"), 201)
    assert {item["service_type"] for item in plan["items"]} == set(proposed)

    delivery = ok(
        worker.post(
            f"{url}/deliveries/",
            {
                "service_type": "social_psychological",
                "provider": org.code,
                "delivered_on": today.isoformat(),
                "units": 1,
                "outcome": "completed",
            },
            format="json",
        ),
        201,
    )
    assert delivery["waiting_days"] == 0 and delivery["within_waiting_standard"] is True

    ok(
        worker.post(
            f"{url}/consents/",
            {
                "categories": ["identity", "services"],
                "given_on": today.isoformat(),
                "valid_until": (today + dt.timedelta(days=90)).isoformat(),
            },
            format="json",
        ),
        201,
    )
    referral = ok(
        worker.post(
            f"{url}/referrals/",
            {
                "to_organisation": other_org.code,
                "service_type": "social_legal",
                "reason": "Legal aid for a residence permit",
                "shared": ["identity", "services"],
            },
            format="json",
        ),
        201,
    )
    # Before accepting, the other organisation does not see the case at all.
    assert receiver.get(f"{url}/").status_code == 404
    incoming = ok(receiver.get("/api/v1/referrals/"))["results"]
    assert [item["id"] for item in incoming] == [referral["id"]]
    ok(receiver.post(f"/api/v1/referrals/{referral['id']}/accept/"))
    referred = ok(receiver.get(f"{url}/"))
    assert referred["shared"] == ["identity", "services"]
    assert referred["person"]["given_name"] == "Нурлан" and "phone" not in referred["person"]
    ok(
        receiver.post(
            f"{url}/deliveries/",
            {
                "service_type": "social_legal",
                "provider": other_org.code,
                "delivered_on": today.isoformat(),
                "units": 1,
                "outcome": "completed",
            },
            format="json",
        ),
        201,
    )
    ok(receiver.post(f"/api/v1/referrals/{referral['id']}/complete/"))

    stay = ok(
        worker.post(
            f"{url}/stays/",
            {
                "facility": certified["own_shelter"].pk,
                "admitted_on": today.isoformat(),
                "admission_reason": "No safe place to stay",
            },
            format="json",
        ),
        201,
    )
    ok(
        worker.post(
            f"{url}/stays/{stay['id']}/discharge/",
            {"discharged_on": today.isoformat(), "reason": "Moved to relatives"},
            format="json",
        )
    )

    closure = ok(
        worker.post(f"{url}/closures/", {"outcome": "goals_met", "reason": "Safe"}, format="json"),
        201,
    )
    ok(supervisor.post(f"{url}/closures/{closure['id']}/approve/"))
    assert ok(worker.get(f"{url}/"))["status"] == "closed"

    ok(worker.post(f"{url}/reopen/", {"reason": "Contacted again by recruiters"}, format="json"))
    assert ok(worker.get(f"{url}/"))["status"] == "assessment"
    closure = ok(
        worker.post(f"{url}/closures/", {"outcome": "declined", "reason": "Left"}, format="json"),
        201,
    )
    ok(supervisor.post(f"{url}/closures/{closure['id']}/approve/"))
    assert Case.objects.get(code=code).status == "closed"

    timeline = [event["kind"] for event in ok(worker.get(f"{url}/timeline/"))]
    assert timeline[0] == "closed" and timeline[-1] == "opened"
    assert {"referral_accepted", "admitted", "discharged", "reopened"} <= set(timeline)
    case_id = Case.objects.get(code=code).pk
    assert AccessLogEntry.objects.filter(case_id=case_id, action="view").exists()
    assert AccessLogEntry.objects.filter(
        case_id=case_id, user=staff["other_caseworker"], action="view"
    ).exists()
