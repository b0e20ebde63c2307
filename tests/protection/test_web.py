"""Protection through the web pages (Django test client): the Done-when flows of issue 4."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from qamqor.audit.models import AccessLogEntry
from qamqor.cases.models import Case
from qamqor.core.access import Role
from qamqor.protection.models import Alert, HotlineCall, ProtectiveOrder, SafetyPlan, Screening
from tests.cases.test_lifecycle_web import _case_page, _post, post_proposed_plan
from tests.factories import (
    CaseFactory,
    HotlineCallFactory,
    MembershipFactory,
    ProtectiveOrderFactory,
    SafetyPlanFactory,
    ScreeningFactory,
)
from tests.helpers import web_client

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_a_call_is_logged_anonymously_in_one_htmx_request_and_later_added_to_a_case(org, staff):
    operator = web_client(staff["operator"])
    page = operator.get(reverse("protection:calls"))
    assert page.status_code == 200 and 'hx-post="/hotline/"' in page.content.decode()

    response = operator.post(
        reverse("protection:calls"),
        {"topic": "trafficking", "language": "kk", "anonymous": "on"},
        **HTMX,
    )
    assert response.status_code == 201
    body = response.content.decode()
    assert 'hx-swap-oob="afterbegin:#call-rows"' in body and "<form" in body
    call = HotlineCall.objects.get()
    assert call.anonymous and call.region == org.region and call.organisation == org
    assert call.recorded_by == staff["operator"] and call.case is None
    assert AccessLogEntry.objects.filter(
        record_type="protection.hotlinecall", action="create"
    ).exists()

    # Bad input: a clear error in the form, nothing saved.
    response = operator.post(reverse("protection:calls"), {"language": "kk"}, **HTMX)
    assert response.status_code == 400 and 'class="error"' in response.content.decode()
    assert HotlineCall.objects.count() == 1

    # The log is searchable by date, region and topic.
    today = timezone.localdate().isoformat()
    found = operator.get(
        reverse("protection:calls"),
        {"received_after": today, "topic": "trafficking", "region": org.region_id},
    )
    assert list(found.context["page"].object_list) == [call]
    assert (
        not operator.get(reverse("protection:calls"), {"topic": "legal"})
        .context["page"]
        .object_list
    )

    case = CaseFactory(organisation=org, restricted=False)
    _post(
        operator,
        reverse("protection:call_add_to_case", args=[call.pk]),
        {"case": case.code.lower()},
    )
    call.refresh_from_db()
    assert call.case == case
    assert "Hotline call added" in _case_page(web_client(staff["supervisor"]), case.code)


def test_an_unknown_case_code_changes_nothing(org, staff):
    call = HotlineCallFactory(organisation=org)
    hidden = CaseFactory(organisation=org, restricted=True)
    operator = web_client(staff["operator"])
    response = operator.post(
        reverse("protection:call_add_to_case", args=[call.pk]), {"case": hidden.code}, follow=True
    )
    assert "No case with this code." in response.content.decode()
    call.refresh_from_db()
    assert call.case is None


def test_an_operator_opens_a_case_from_a_call_for_a_lead_worker(org, staff):
    call = HotlineCallFactory(organisation=org, risk_flag=True, topic="domestic_violence")
    operator = web_client(staff["operator"])
    response = _post(
        operator,
        reverse("protection:call_open_case", args=[call.pk]),
        {"lead_worker": staff["caseworker"].pk},
    )
    case = Case.objects.get()
    # The case is restricted, and the call now part of it: the operator is sent back to the
    # call log (not to the call, which is out of their sight now), the lead worker sees it.
    assert response.url == reverse("protection:calls")
    assert case.restricted and case.lead_worker == staff["caseworker"] and case.risk_rank == 0
    assert (
        web_client(staff["caseworker"]).get(reverse("cases:detail", args=[case.code])).status_code
        == 200
    )
    assert operator.get(reverse("protection:call", args=[call.pk])).status_code == 404


def _screen(client, org, yes, place="border_checkpoint"):
    page = client.get(reverse("protection:screening_new"), follow=True)
    form = page.context["form"]
    data = {
        "organisation": org.pk,
        "place": place,
        "region": org.region_id,
        "sex": "female",
        "age_group": "adult",
        "citizenship": "UZ",
    }
    data.update(
        {
            f"i_{indicator.code}": "yes" if indicator.code in yes else "no"
            for indicator in form.indicators
        }
    )
    response = _post(client, reverse("protection:screening_new"), data)
    return Screening.objects.get(pk=int(re.search(r"/screenings/(\d+)/", response.url).group(1)))


def test_screening_identification_approval_and_a_plan_from_the_trafficking_standards(
    org, staff, certified
):
    worker = web_client(staff["caseworker"])
    supervisor = web_client(staff["supervisor"])
    screening = _screen(worker, org, {"debt_bondage", "withholds_documents", "threats"})
    assert screening.score == 14 and screening.status == "awaiting_identification"
    page = worker.get(reverse("protection:screening", args=[screening.pk])).content.decode()
    assert "Open a case for identification" in page
    assert "Screening awaiting identification" in worker.get(reverse("front:home")).content.decode()

    response = _post(worker, reverse("protection:screening_open_case", args=[screening.pk]), {})
    case = Case.objects.get()
    assert response.url == reverse("cases:detail", args=[case.code])

    _post(
        worker,
        reverse("protection:identification", args=[case.code]),
        {
            "decision": "identified",
            "deciding_body": "Police department of Astana",
            "decided_on": timezone.localdate().isoformat(),
            "trafficking_status": "ActualVictimOfTrafficking",
            "exploitation_types": ["SexualExploitation"],
            "scope": "cross_border",
            "country_of_exploitation": "AE",
        },
    )
    identification = case.identifications.get()
    assert identification.exploitation_form == "sexual"
    decision = identification.eligibility_decision
    html = _case_page(worker, case.code)
    assert "Identified as a victim of trafficking" in html and "Awaiting approval" in html
    assert "Trafficking identification decided" in html

    home = supervisor.get(reverse("front:home")).content.decode()
    assert reverse("cases:detail", args=[case.code]) in home  # waiting for approval
    _post(supervisor, reverse("cases:decision_approve", args=[case.code, decision.pk]))
    post_proposed_plan(worker, case.code)
    plan = case.plans.get(is_current=True)
    assert {item.standard.group.code for item in plan.items.select_related("standard__group")} == {
        "trafficking_victims"
    }
    screening.refresh_from_db()
    assert screening.status == "identified"
    assert (
        "Screening awaiting identification"
        not in worker.get(reverse("front:home")).content.decode()
    )


def test_a_screening_below_the_threshold_is_counted_but_anonymous(org, staff):
    operator = web_client(staff["operator"])
    screening = _screen(operator, org, {"isolation"}, place="labour_inspection")
    assert screening.status == "below_threshold" and screening.case is None
    page = operator.get(reverse("protection:screening", args=[screening.pk])).content.decode()
    assert "Open a case for identification" not in page
    response = operator.post(
        reverse("protection:screening_open_case", args=[screening.pk]), follow=True
    )
    assert "below the threshold" in response.content.decode()
    assert not Case.objects.exists()
    stats = operator.get(reverse("protection:screenings")).context["statistics"]
    assert stats == [
        {
            "place": "labour_inspection",
            "total": 1,
            "below": 1,
            "reached": 0,
            "identified": 0,
            "not_identified": 0,
        }
    ]


def _order_data(valid_until, **extra):
    today = timezone.localdate()
    return {
        "kind": "police_protective",
        "issuing_body": "Police of Astana",
        "issued_on": (today - dt.timedelta(days=25)).isoformat(),
        "valid_from": (today - dt.timedelta(days=25)).isoformat(),
        "valid_until": valid_until.isoformat(),
        "conditions": "No contact with the protected person.",
        "respondent_name": "R. Respondent",
        "respondent_relationship": "spouse",
        **extra,
    }


def test_an_order_nearing_expiry_alerts_once_and_violations_are_counted(org, staff):
    worker = web_client(staff["caseworker"])
    case = CaseFactory(organisation=org, lead_worker=staff["caseworker"])
    today = timezone.localdate()
    url = reverse("protection:order_new", args=[case.code])
    response = worker.post(url, _order_data(today - dt.timedelta(days=30)))
    assert response.status_code == 400 and not ProtectiveOrder.objects.exists()
    _post(worker, url, _order_data(today + dt.timedelta(days=5)))
    _post(worker, url, _order_data(today + dt.timedelta(days=60), number="2"))
    near, far = ProtectiveOrder.objects.order_by("valid_until")
    for _ in range(2):
        call_command("alerts", verbosity=0)
    home = worker.get(reverse("front:home")).content.decode()
    assert home.count("Protective order expiring") == 1
    assert Alert.objects.filter(order=near).count() == 1

    for days_ago in (2, 1):
        _post(
            worker,
            reverse("protection:violation", args=[case.code, far.pk]),
            {
                "occurred_on": (today - dt.timedelta(days=days_ago)).isoformat(),
                "reported_by": "protected_person",
                "action_taken": "police_called",
                "liability": "fine",
            },
        )
    orders = worker.get(reverse("cases:detail", args=[case.code])).context["orders"]
    assert {order.pk: order.violation_count for order in orders} == {near.pk: 0, far.pk: 2}
    html = _case_page(worker, case.code)
    assert html.count("Protective order violated") == 2 and "Protective order recorded" in html


def test_a_high_risk_assessment_puts_the_case_first_on_the_home_page(org, staff):
    worker = web_client(staff["caseworker"])
    cases = [CaseFactory(organisation=org, lead_worker=staff["caseworker"]) for _ in range(3)]
    target = cases[0]  # the oldest: last until its risk is known
    assert worker.get(reverse("front:home")).context["my_cases"][0] != target
    data = {"assessed_on": timezone.localdate().isoformat()}
    data.update(
        {
            f"q_{code}": "yes"
            for code in ("injured", "frightened", "escalating", "separation", "children_harmed")
        }
    )
    _post(worker, reverse("protection:risk", args=[target.code]), data)
    assessment = target.risk_assessments.get()
    assert assessment.level == "high" and assessment.score == 10
    assert worker.get(reverse("front:home")).context["my_cases"][0] == target
    assert "Risk: High" in _case_page(worker, target.code)


def test_a_safety_plan_review_falling_due_raises_an_alert(org, staff):
    worker = web_client(staff["caseworker"])
    case = CaseFactory(organisation=org, lead_worker=staff["caseworker"])
    today = timezone.localdate()
    _post(
        worker,
        reverse("protection:safety_plan", args=[case.code]),
        {
            "steps": "Keep documents and a bag at a neighbour's\nCall 102 at once",
            "contacts": "Crisis centre; 150; 24 hours\nSister; +7 701 000 00 00",
            "review_due": (today + dt.timedelta(days=2)).isoformat(),
        },
    )
    plan = SafetyPlan.objects.get()
    assert plan.contacts[0] == {"name": "Crisis centre", "phone": "150", "note": "24 hours"}
    assert "Safety plan review due" in worker.get(reverse("front:home")).content.decode()
    _post(
        worker,
        reverse("protection:safety_plan_review", args=[case.code, plan.pk]),
        {"next_review": (today + dt.timedelta(days=30)).isoformat()},
    )
    assert "Safety plan review due" not in worker.get(reverse("front:home")).content.decode()


def _protection_routes():
    found = []

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and namespace == "protection":
                found.append((f"protection:{entry.name}", set(entry.pattern.converters)))

    walk(get_resolver().url_patterns, None)
    return found


@pytest.mark.parametrize("who", ["other organisation", "same organisation, not assigned"])
def test_every_protection_route_answers_404_to_a_stranger(org, other_org, staff, who):
    lead = staff["caseworker"]
    case = CaseFactory(organisation=org, restricted=True, lead_worker=lead)
    today = timezone.localdate()
    order = ProtectiveOrderFactory(
        case=case,
        kind="police_protective",
        issuing_body="x",
        issued_on=today,
        valid_from=today,
        valid_until=today,
        conditions="x",
        respondent_name="x",
        respondent_relationship="spouse",
        recorded_by=lead,
        organisation=org,
        region=case.region,
    )
    plan = SafetyPlanFactory(case=case, steps=["x"], review_due=today, created_by=lead)
    call = HotlineCallFactory(organisation=org, case=case)
    screening = ScreeningFactory(organisation=org, case=case)
    if who == "other organisation":
        stranger = MembershipFactory(organisation=other_org, role=Role.SUPERVISOR).user
        call, screening = HotlineCallFactory(organisation=org), ScreeningFactory(organisation=org)
    else:
        stranger = MembershipFactory(organisation=org, role=Role.CASEWORKER).user
    client = web_client(stranger)
    ids = {
        "call": call.pk,
        "screening": screening.pk,
        "violation": order.pk,
        "order_revoke": order.pk,
        "safety_plan_review": plan.pk,
    }
    checked = 0
    for name, converters in _protection_routes():
        if not converters:
            continue
        short = name.split(":")[1]
        kwargs = {}
        if "code" in converters:
            kwargs["code"] = case.code
        if "pk" in converters:
            kwargs["pk"] = (
                ids.get(short) or ids["call" if short.startswith("call") else "screening"]
            )
        url = reverse(name, kwargs=kwargs)
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 404, f"{method.__name__} {url}: {response.status_code}"
            checked += 1
    assert checked >= 24  # 12 routes, GET and POST
