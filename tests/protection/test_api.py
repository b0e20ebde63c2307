"""Protection through the REST API: hotline calls, screenings, identification, protective
orders and violations, risk assessments, safety plans and alerts — the flows of the service
tests walked again through the API, with its 404s, error shape, access log and query counts."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from qamqor.audit.models import AccessLogEntry
from qamqor.cases.models import Case
from qamqor.catalog.models import Standard
from qamqor.protection import alerts, services
from qamqor.protection.models import (
    Alert,
    HotlineCall,
    Identification,
    ProtectiveOrder,
    RiskAssessment,
    SafetyPlan,
    Screening,
)
from tests.factories import CaseFactory, HotlineCallFactory, ScreeningFactory
from tests.helpers import api_client, ok

TODAY = timezone.localdate
PERSON_KEYS = {"person", "given_name", "family_name", "patronymic", "iin", "name", "birth_year"}


def _refused(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "fields"} and body["code"] == code
    assert isinstance(body["message"], str) and body["message"]
    return body


def _post(client, url, data=None):
    return client.post(url, data or {}, format="json")


def _results(client, url, **params):
    return ok(client.get(url, params))["results"]


def _keys(value) -> set[str]:
    """Every key of a JSON payload, at any depth."""
    if isinstance(value, dict):
        return set(value).union(*(_keys(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(_keys(item) for item in value))
    return set()


def _day(days: int = 0) -> str:
    return (TODAY() + dt.timedelta(days=days)).isoformat()


# 1. Hotline calls


def test_a_call_is_logged_anonymously_filtered_and_added_to_a_case(org, other_org, staff):
    operator = api_client(staff["operator"])
    supervisor = api_client(staff["supervisor"])

    call = ok(
        _post(operator, "/api/v1/calls/", {"topic": "domestic_violence", "language": "kk"}), 201
    )
    call = ok(operator.get(f"/api/v1/calls/{call['id']}/"))
    assert call["anonymous"] is True and call["region"] == org.region.code == "KZ-71"
    assert call["organisation"] == org.code and call["case"] is None
    assert call["recorded_by"] == staff["operator"].username
    yesterday = timezone.now() - dt.timedelta(days=1)
    earlier = ok(
        _post(
            operator,
            "/api/v1/calls/",
            {
                "topic": "legal",
                "language": "ru",
                "region": "KZ-75",
                "received_at": yesterday.isoformat(),
                "caller_type": "relative",
                "duration_minutes": 12,
                "note": "Asked about alimony",
            },
        ),
        201,
    )
    HotlineCallFactory(organisation=other_org)  # never listed here

    def ids(**params):
        return [item["id"] for item in _results(operator, "/api/v1/calls/", **params)]

    assert ids() == [call["id"], earlier["id"]]
    assert ids(received_after=_day()) == [call["id"]]
    assert ids(received_before=_day()) == [earlier["id"]]
    assert ids(region="KZ-75") == [earlier["id"]]
    assert ids(topic="legal") == [earlier["id"]]
    assert ids(linked="false") == [call["id"], earlier["id"]] and ids(linked="true") == []

    case = CaseFactory(organisation=org, restricted=False)
    added = ok(_post(operator, f"/api/v1/calls/{call['id']}/add-to-case/", {"case": case.code}))
    assert added["case"] == case.code
    assert ids(linked="true") == [call["id"]]
    timeline = ok(supervisor.get(f"/api/v1/cases/{case.code}/timeline/"))
    assert [event["kind"] for event in timeline if event["kind"] == "call_added"] == ["call_added"]
    # Once: a call already part of a case is refused.
    _refused(
        _post(operator, f"/api/v1/calls/{call['id']}/add-to-case/", {"case": case.code}),
        409,
        "invalid_transition",
    )

    response = _post(supervisor, f"/api/v1/calls/{earlier['id']}/open-case/")
    opened = ok(response, 201)
    assert response["ETag"] == f'"{opened["version"]}"'
    assert opened["code"] and opened["restricted"] is True and opened["status"] == "intake"
    assert opened["lead_worker"] == staff["supervisor"].username
    assert opened["groups"] == []  # "legal" implies no group
    assert ok(supervisor.get(f"/api/v1/calls/{earlier['id']}/"))["case"] == opened["code"]
    assert Case.objects.get(code=opened["code"]).intake.channel == "hotline"

    logged = AccessLogEntry.objects.filter(record_type="protection.hotlinecall")
    assert {"create", "view", "list"} <= set(logged.values_list("action", flat=True))
    assert AccessLogEntry.objects.filter(
        record_type="cases.case", record_code=opened["code"], action="create"
    ).exists()


def test_a_call_opened_as_a_case_claims_the_topics_group(org, staff):
    operator = api_client(staff["operator"])
    call = ok(
        _post(
            operator,
            "/api/v1/calls/",
            {"topic": "trafficking", "language": "en", "risk_flag": True, "anonymous": False},
        ),
        201,
    )
    assert call["anonymous"] is False and call["risk_flag"] is True
    opened = ok(
        _post(
            api_client(staff["supervisor"]),
            f"/api/v1/calls/{call['id']}/open-case/",
            {"lead_worker": staff["caseworker"].username},
        ),
        201,
    )
    assert opened["groups"] == ["trafficking_victims"]
    assert opened["lead_worker"] == staff["caseworker"].username
    assert Case.objects.get(code=opened["code"]).risk_level == "high"


def test_calls_are_for_operators_and_supervisors(org, staff):
    call = HotlineCallFactory(organisation=org)
    worker = api_client(staff["caseworker"])
    _refused(worker.get("/api/v1/calls/"), 403, "permission_denied")
    _refused(
        _post(worker, "/api/v1/calls/", {"topic": "other", "language": "ru"}),
        403,
        "permission_denied",
    )
    _refused(worker.get(f"/api/v1/calls/{call.pk}/"), 404, "not_found")
    _refused(APIClient().get(f"/api/v1/calls/{call.pk}/"), 401, "not_authenticated")
    assert HotlineCall.objects.count() == 1


def test_a_case_the_operator_may_not_see_is_not_found_when_adding_a_call(org, other_org, staff):
    operator = api_client(staff["operator"])
    call = ok(_post(operator, "/api/v1/calls/", {"topic": "other", "language": "ru"}), 201)
    url = f"/api/v1/calls/{call['id']}/add-to-case/"
    restricted = CaseFactory(organisation=org, restricted=True)
    elsewhere = CaseFactory(organisation=other_org, restricted=False)
    bodies = [
        _refused(_post(operator, url, {"case": code}), 400, "validation_error")
        for code in (restricted.code, elsewhere.code, "C-0000-0000")
    ]
    assert bodies[0] == bodies[1] == bodies[2]  # existence is never revealed
    assert list(bodies[0]["fields"]) == ["case"]
    assert not HotlineCall.objects.filter(case__isnull=False).exists()


# 2. and 3. Screening and identification


def _screen(client, answers, **extra):
    return _post(
        client, "/api/v1/screenings/", {"place": "border_checkpoint", "answers": answers, **extra}
    )


def test_a_screening_above_the_threshold_to_identification_approval_and_plan(org, staff, certified):
    worker = api_client(staff["caseworker"])
    supervisor = api_client(staff["supervisor"])
    yes = {code: "yes" for code in ("debt_bondage", "withholds_documents", "restricts_movement")}
    screening = ok(
        _screen(
            worker,
            {**yes, "threats": "no"},
            sex="female",
            age_group="adult",
            citizenship="UZ",
        ),
        201,
    )
    assert screening["score"] == 15 and screening["threshold"] == 10
    assert screening["status"] == "awaiting_identification" and screening["case"] is None
    answers = {item["indicator"]: item for item in screening["answers"]}
    assert answers["debt_bondage"]["answer"] == "yes" and answers["debt_bondage"]["weight"] > 0
    assert answers["threats"]["answer"] == "no" and len(answers) > 20
    waiting = _results(worker, "/api/v1/alerts/")
    assert [(a["kind"], a["screening"], a["case"]) for a in waiting] == [
        ("screening", screening["id"], None)
    ]

    url = f"/api/v1/screenings/{screening['id']}"
    case = ok(_post(worker, f"{url}/open-case/"), 201)
    code = case["code"]
    assert case["restricted"] is True and case["groups"] == ["trafficking_victims"]
    assert case["person"]["citizenship"] == "UZ" and case["person"]["sex"] == "female"
    assert ok(worker.get(f"{url}/"))["status"] == "in_identification"
    _refused(_post(worker, f"{url}/open-case/"), 409, "invalid_transition")

    identification = ok(
        _post(
            worker,
            f"/api/v1/cases/{code}/identifications/",
            {
                "decision": "identified",
                "deciding_body": "Police department of Astana",
                "trafficking_status": "ActualVictimOfTrafficking",
                "exploitation_types": ["ForcedLabour"],
                "labour_industry": "F_Construction",
                "scope": "cross_border",
                "country_of_exploitation": "kz",
            },
        ),
        201,
    )
    assert identification["exploitation_types"] == ["ForcedLabour"]
    assert identification["exploitation_form"] == "forced_labour"
    assert identification["country_of_exploitation"] == "KZ"
    assert identification["screening"] == screening["id"]
    assert [item["id"] for item in ok(worker.get(f"/api/v1/cases/{code}/identifications/"))] == [
        identification["id"]
    ]
    assert ok(worker.get(f"{url}/"))["status"] == "identified"
    assert _results(worker, "/api/v1/alerts/") == []

    decision_id = identification["eligibility_decision"]
    decisions = ok(worker.get(f"/api/v1/cases/{code}/decisions/"))
    assert [(d["id"], d["group"], d["approval"]) for d in decisions] == [
        (decision_id, "trafficking_victims", "pending")
    ]
    assert ok(worker.get(f"/api/v1/cases/{code}/plan-proposal/")) == []  # not approved yet
    approved = ok(_post(supervisor, f"/api/v1/cases/{code}/decisions/{decision_id}/approve/"))
    assert approved["approval"] == "approved"
    assert ok(worker.get(f"/api/v1/cases/{code}/"))["status"] == "active"

    proposal = ok(worker.get(f"/api/v1/cases/{code}/plan-proposal/"))
    standards = {item["standard"] for item in proposal}
    assert proposal and None not in standards
    assert set(
        Standard.objects.filter(code__in=standards).values_list("group__code", flat=True)
    ) == {"trafficking_victims"}
    plan = ok(_post(worker, f"/api/v1/cases/{code}/plans/", {"from_proposal": True}), 201)
    assert {item["service_type"] for item in plan["items"]} == {
        item["service_type"] for item in proposal
    }


def test_a_screening_below_the_threshold_is_only_counted_and_names_no_one(org, staff):
    operator = api_client(staff["operator"])
    screening = ok(
        _post(
            operator,
            "/api/v1/screenings/",
            {"place": "labour_inspection", "answers": {"excessive_working_hours": "yes"}},
        ),
        201,
    )
    assert screening["status"] == "below_threshold" and screening["score"] < 10
    url = f"/api/v1/screenings/{screening['id']}"
    _refused(_post(operator, f"{url}/open-case/"), 409, "invalid_transition")
    assert not Case.objects.exists() and not Alert.objects.exists()

    stats_url = "/api/v1/screenings/statistics/"
    expected = {
        "place": "labour_inspection",
        "total": 1,
        "below": 1,
        "reached": 0,
        "identified": 0,
        "not_identified": 0,
    }
    statistics = ok(operator.get(stats_url))
    assert statistics == [expected]
    assert ok(operator.get(stats_url, {"status": "below_threshold", "region": "KZ-71"})) == [
        expected
    ]
    assert ok(operator.get(stats_url, {"screened_before": _day()})) == []
    assert ok(operator.get(stats_url, {"place": "ngo"})) == []

    listed = ok(operator.get("/api/v1/screenings/", {"status": "below_threshold"}))
    detail = ok(operator.get(f"{url}/"))
    assert listed["results"] == [detail]
    for payload in (listed, detail, statistics):
        assert not _keys(payload) & PERSON_KEYS
    assert detail["case"] is None
    assert _results(operator, "/api/v1/screenings/", status="awaiting_identification") == []


# 4. to 6. Protective orders, risk and safety


def _dv_case(org, staff, **extra):
    return CaseFactory(organisation=org, lead_worker=staff["caseworker"], restricted=False, **extra)


def _order_data(valid_until: str, **extra):
    return {
        "kind": "police_protective",
        "issuing_body": "Police of Astana",
        "issued_on": _day(-20),
        "valid_from": _day(-20),
        "valid_until": valid_until,
        "conditions": "No contact; stay away from the home.",
        "respondent_name": "Respondent",
        "respondent_relationship": "spouse",
        **extra,
    }


def test_an_order_nearing_expiry_alerts_once_and_violations_are_counted(org, staff):
    worker = api_client(staff["caseworker"])
    supervisor = api_client(staff["supervisor"])
    case = _dv_case(org, staff)
    url = f"/api/v1/cases/{case.code}/protective-orders"
    far = ok(_post(worker, f"{url}/", _order_data(_day(30), number="PO-1")), 201)
    near = ok(_post(worker, f"{url}/", _order_data(_day(5))), 201)
    assert far["violation_count"] == 0 and far["violations"] == [] and far["revoked_on"] is None
    case.refresh_from_db()
    assert case.restricted

    for _ in range(2):
        call_command("alerts", verbosity=0)
    for client in (worker, supervisor):
        listed = _results(client, "/api/v1/alerts/")
        assert [(a["kind"], a["case"], a["order"], a["due_on"]) for a in listed] == [
            ("order_expiring", case.code, near["id"], _day(5))
        ]
        assert listed[0]["screening"] is None
    assert Alert.objects.count() == 1

    for days_ago, liability in ((1, "fine"), (3, "pending")):
        violation = ok(
            _post(
                worker,
                f"{url}/{far['id']}/violations/",
                {
                    "occurred_on": _day(-days_ago),
                    "reported_by": "protected_person",
                    "action_taken": "police_called",
                    "liability": liability,
                },
            ),
            201,
        )
        assert violation["order"] == far["id"] and violation["liability"] == liability
    ok(
        _post(
            worker,
            f"{url}/{near['id']}/violations/",
            {"occurred_on": _day(), "reported_by": "police", "action_taken": "respondent_removed"},
        ),
        201,
    )
    refused = _refused(
        _post(
            worker,
            f"{url}/{far['id']}/violations/",
            {"occurred_on": _day(-40), "reported_by": "police", "action_taken": "none"},
        ),
        400,
        "validation_error",
    )
    assert list(refused["fields"]) == ["occurred_on"]
    orders = {order["id"]: order for order in ok(worker.get(f"{url}/"))}
    assert {pk: order["violation_count"] for pk, order in orders.items()} == {
        far["id"]: 2,
        near["id"]: 1,
    }
    assert [v["occurred_on"] for v in orders[far["id"]]["violations"]] == [_day(-1), _day(-3)]

    revoked = ok(_post(worker, f"{url}/{near['id']}/revoke/"))
    assert revoked["revoked_on"] == _day() and revoked["violation_count"] == 1
    _refused(_post(worker, f"{url}/{near['id']}/revoke/"), 409, "invalid_transition")
    assert _results(worker, "/api/v1/alerts/") == []

    # An order of another case is not found through this one.
    other = _dv_case(org, staff)
    foreign = ok(
        _post(worker, f"/api/v1/cases/{other.code}/protective-orders/", _order_data(_day(30))), 201
    )
    _refused(_post(worker, f"{url}/{foreign['id']}/revoke/"), 404, "not_found")
    _refused(
        _post(
            worker,
            f"{url}/{foreign['id']}/violations/",
            {"occurred_on": _day(), "reported_by": "police", "action_taken": "none"},
        ),
        404,
        "not_found",
    )
    assert ProtectiveOrder.objects.get(pk=foreign["id"]).violations.count() == 0


@pytest.mark.parametrize(
    ("answers", "level", "score"),
    [
        ({"threat_to_kill": "yes", "injured": "no"}, "high", 3),
        ({"injured": "yes", "frightened": "yes", "controlling": "yes"}, "medium", 5),
        ({"isolated": "yes"}, "low", 1),
    ],
)
def test_a_risk_assessment_gives_the_level_and_sets_the_cases_risk(
    org, staff, answers, level, score
):
    worker = api_client(staff["caseworker"])
    case = _dv_case(org, staff)
    assert case.risk_level == "none"
    url = f"/api/v1/cases/{case.code}/risk-assessments/"
    assessment = ok(_post(worker, url, {"answers": answers}), 201)
    assert assessment["level"] == level and assessment["score"] == score
    assert assessment["assessed_by"] == staff["caseworker"].username
    assert assessment["answers"]["weapon"] == "unknown"
    assert len(assessment["answers"]) > len(answers)
    case.refresh_from_db()
    assert case.risk_level == level and case.restricted
    assert [item["id"] for item in ok(worker.get(url))] == [assessment["id"]]


def test_a_safety_plan_review_falling_due_shows_in_the_alerts(org, staff):
    worker = api_client(staff["caseworker"])
    case = _dv_case(org, staff)
    url = f"/api/v1/cases/{case.code}/safety-plans"
    plan = ok(
        _post(
            worker,
            f"{url}/",
            {
                "steps": ["Keep a bag ready", " ", "Code word with sister"],
                "contacts": [{"name": "Crisis centre", "phone": "150"}],
                "review_due": _day(14),
            },
        ),
        201,
    )
    assert plan["steps"] == ["Keep a bag ready", "Code word with sister"]
    assert plan["contacts"] == [{"name": "Crisis centre", "phone": "150", "note": ""}]
    assert plan["is_current"] is True and plan["last_reviewed_on"] is None
    assert _results(worker, "/api/v1/alerts/") == []

    alerts.refresh(today=TODAY() + dt.timedelta(days=12), everything=True)
    listed = _results(worker, "/api/v1/alerts/")
    assert [(a["kind"], a["case"], a["safety_plan"], a["due_on"]) for a in listed] == [
        ("safety_review", case.code, plan["id"], _day(14))
    ]

    reviewed = ok(_post(worker, f"{url}/{plan['id']}/review/", {"next_review": _day(30)}))
    assert reviewed["last_reviewed_on"] == _day() and reviewed["review_due"] == _day(30)
    assert _results(worker, "/api/v1/alerts/") == []

    newer = ok(_post(worker, f"{url}/", {"steps": ["Move out"], "review_due": _day(7)}), 201)
    plans = {item["id"]: item["is_current"] for item in ok(worker.get(f"{url}/"))}
    assert plans == {plan["id"]: False, newer["id"]: True}
    _refused(
        _post(worker, f"{url}/{plan['id']}/review/", {"next_review": _day(30)}),
        409,
        "invalid_transition",
    )
    other = _dv_case(org, staff)
    _refused(
        _post(
            worker,
            f"/api/v1/cases/{other.code}/safety-plans/{newer['id']}/review/",
            {"next_review": _day(30)},
        ),
        404,
        "not_found",
    )


def test_a_worker_who_may_only_view_the_case_gets_403(org, staff):
    case = _dv_case(org, staff)
    viewer = api_client(staff["caseworker2"])  # sees the unrestricted case, may not edit it
    assert viewer.get(f"/api/v1/cases/{case.code}/risk-assessments/").status_code == 200
    _refused(
        _post(viewer, f"/api/v1/cases/{case.code}/risk-assessments/", {"answers": {}}),
        403,
        "permission_denied",
    )
    assert not RiskAssessment.objects.exists()


# 7. Another organisation


def test_another_organisation_gets_404_on_every_protection_route(org, other_org, staff):
    worker = staff["caseworker"]
    operator = api_client(staff["operator"])
    call = ok(_post(operator, "/api/v1/calls/", {"topic": "other", "language": "ru"}), 201)
    screening = ok(_screen(operator, {"debt_bondage": "yes", "withholds_documents": "yes"}), 201)
    case = _dv_case(org, staff)
    order = services.order_record(
        actor=worker,
        case=case,
        kind="police_protective",
        issuing_body="Police",
        issued_on=TODAY(),
        valid_from=TODAY(),
        valid_until=TODAY() + dt.timedelta(days=3),
        conditions="No contact",
        respondent_name="R",
        respondent_relationship="spouse",
    )
    plan = services.safety_plan_create(
        actor=worker, case=case, steps=["Go"], review_due=TODAY() + dt.timedelta(days=2)
    )
    case_url = f"/api/v1/cases/{case.code}"
    routes = [
        ("get", f"/api/v1/calls/{call['id']}/"),
        ("post", f"/api/v1/calls/{call['id']}/open-case/"),
        ("post", f"/api/v1/calls/{call['id']}/add-to-case/"),
        ("get", f"/api/v1/screenings/{screening['id']}/"),
        ("post", f"/api/v1/screenings/{screening['id']}/open-case/"),
        ("get", f"{case_url}/identifications/"),
        ("post", f"{case_url}/identifications/"),
        ("get", f"{case_url}/protective-orders/"),
        ("post", f"{case_url}/protective-orders/"),
        ("post", f"{case_url}/protective-orders/{order.pk}/violations/"),
        ("post", f"{case_url}/protective-orders/{order.pk}/revoke/"),
        ("get", f"{case_url}/risk-assessments/"),
        ("post", f"{case_url}/risk-assessments/"),
        ("get", f"{case_url}/safety-plans/"),
        ("post", f"{case_url}/safety-plans/"),
        ("post", f"{case_url}/safety-plans/{plan.pk}/review/"),
    ]
    before = {model: model.objects.count() for model in (Case, Identification, RiskAssessment)}
    for user in (staff["other_supervisor"], staff["other_caseworker"]):
        stranger = api_client(user)
        for method, url in routes:
            response = stranger.get(url) if method == "get" else _post(stranger, url)
            _refused(response, 404, "not_found")
        assert _results(stranger, "/api/v1/screenings/") == []
        assert ok(stranger.get("/api/v1/screenings/statistics/")) == []
        assert _results(stranger, "/api/v1/alerts/") == []
    assert _results(api_client(staff["other_supervisor"]), "/api/v1/calls/") == []
    assert {model: model.objects.count() for model in before} == before
    assert HotlineCall.objects.get().case is None and Screening.objects.get().case is None
    # The own organisation sees the alerts of the order, the plan and the screening.
    kinds = {a["kind"] for a in _results(api_client(staff["supervisor"]), "/api/v1/alerts/")}
    assert kinds == {"order_expiring", "safety_review", "screening"}


# 8. Bad input


def test_bad_input_is_refused_with_field_errors_and_nothing_is_saved(org, staff):
    operator = api_client(staff["operator"])
    worker = api_client(staff["caseworker"])
    case = _dv_case(org, staff)

    body = _refused(_screen(operator, {"nonsense": "yes"}), 400, "unknown_indicator")
    assert body["fields"]["answers.nonsense"][0]["code"] == "unknown_indicator"
    body = _refused(_screen(operator, {"threats": "maybe"}), 400, "validation_error")
    assert list(body["fields"]) == ["answers.threats"]
    body = _refused(_screen(operator, {}, place="nowhere"), 400, "validation_error")
    assert list(body["fields"]) == ["place"]
    tomorrow = (timezone.now() + dt.timedelta(days=1)).isoformat()
    body = _refused(_screen(operator, {}, screened_at=tomorrow), 400, "validation_error")
    assert list(body["fields"]) == ["screened_at"]
    assert not Screening.objects.exists()

    body = _refused(_post(operator, "/api/v1/calls/", {"language": "ru"}), 400, "validation_error")
    assert body["fields"]["topic"][0]["code"] == "required"
    body = _refused(
        _post(
            operator,
            "/api/v1/calls/",
            {
                "topic": "other",
                "language": "ru",
                "received_at": (timezone.now() + dt.timedelta(days=1)).isoformat(),
            },
        ),
        400,
        "validation_error",
    )
    assert list(body["fields"]) == ["received_at"]
    assert not HotlineCall.objects.exists()

    url = f"/api/v1/cases/{case.code}"
    body = _refused(
        _post(worker, f"{url}/protective-orders/", _order_data(_day(-25))),
        400,
        "validation_error",
    )
    assert list(body["fields"]) == ["valid_until"]
    assert not ProtectiveOrder.objects.exists()

    body = _refused(
        _post(
            worker,
            f"{url}/identifications/",
            {
                "decision": "identified",
                "deciding_body": "Police",
                "trafficking_status": "PossibleVictimOfTrafficking",
                "scope": "cross_border",
            },
        ),
        400,
        "validation_error",
    )
    assert {"trafficking_status", "exploitation_types", "country_of_exploitation"} <= set(
        body["fields"]
    )
    body = _refused(
        _post(
            worker,
            f"{url}/identifications/",
            {
                "decision": "identified",
                "deciding_body": "Police",
                "trafficking_status": "ActualVictimOfTrafficking",
                "exploitation_types": ["Slavery"],
                "scope": "domestic",
            },
        ),
        400,
        "validation_error",
    )
    assert list(body["fields"]) == ["exploitation_types"]
    assert not Identification.objects.exists() and not case.decisions.exists()

    body = _refused(
        _post(worker, f"{url}/risk-assessments/", {"answers": {"nonsense": "yes"}}),
        400,
        "invalid_answer",
    )
    assert list(body["fields"]) == ["answers.nonsense"]
    assert not RiskAssessment.objects.exists()

    body = _refused(
        _post(
            worker,
            f"{url}/safety-plans/",
            {"steps": [" "], "contacts": [{"phone": "1"}], "review_due": _day()},
        ),
        400,
        "validation_error",
    )
    assert list(body["fields"]) == ["contacts.0.name"]
    body = _refused(
        _post(worker, f"{url}/safety-plans/", {"steps": [" "], "review_due": _day()}),
        400,
        "validation_error",
    )
    assert set(body["fields"]) == {"steps", "review_due"}
    assert not SafetyPlan.objects.exists()
    case.refresh_from_db()
    assert not case.restricted


# 9. Query counts


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": 50})
    assert response.status_code == 200, response.content[:500]
    return len(queries), response.json()["count"]


@pytest.mark.parametrize("url", ["/api/v1/calls/", "/api/v1/screenings/", "/api/v1/alerts/"])
def test_protection_lists_cost_the_same_for_1_and_20_rows(org, staff, url):
    supervisor = staff["supervisor"]
    client = api_client(supervisor)

    def add(count):
        for _ in range(count):
            case = CaseFactory(organisation=org, lead_worker=supervisor)
            HotlineCallFactory(organisation=org, case=case, recorded_by=staff["operator"])
            HotlineCallFactory(organisation=org, recorded_by=staff["operator"])
            screening = services.screening_record(
                actor=staff["operator"],
                organisation=org,
                place="ngo",
                answers={"debt_bondage": "yes", "withholds_documents": "yes"},
            )
            ScreeningFactory(organisation=org, case=case, screened_by=supervisor)
            services.order_record(
                actor=supervisor,
                case=case,
                kind="police_protective",
                issuing_body="Police",
                issued_on=TODAY(),
                valid_from=TODAY(),
                valid_until=TODAY() + dt.timedelta(days=3),
                conditions="No contact",
                respondent_name="R",
                respondent_relationship="spouse",
            )
            assert screening.status == "awaiting_identification"

    add(1)
    one, rows = _count(client, url)
    add(19)
    assert _count(client, url) == (one, rows * 20)
