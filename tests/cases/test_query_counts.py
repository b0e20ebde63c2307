"""List pages and API lists run the same number of SQL queries for 1 and for 50 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from qamqor.cases import planning, services
from tests.factories import (
    CaseFactory,
    IntakeFactory,
    PersonFactory,
    ReferralFactory,
    TransferFactory,
)


def _busy_case(org, staff):
    """A case with an overdue plan, a pending decision and an expiring consent."""
    import datetime as dt

    from django.utils import timezone

    from qamqor.catalog.models import AtRiskGroup

    worker, supervisor = staff["caseworker"], staff["supervisor"]
    today = timezone.localdate()
    case = CaseFactory(
        organisation=org,
        status="assessment",
        lead_worker=worker,
        intake=IntakeFactory(organisation=org),
    )
    decision = services.decision_record(
        actor=worker, case=case, group=AtRiskGroup.objects.get(code="homeless"), outcome="granted"
    )
    services.decision_approve(actor=supervisor, decision=decision)
    proposed = planning.propose_plan(case)[0]
    item = planning.ProposedItem(
        service_type=proposed.service_type,
        standard=proposed.standard,
        provider=None,
        units=proposed.units,
        requested_on=today - dt.timedelta(days=30),
        due_on=today - dt.timedelta(days=20),
        deviation_reason="On a waiting list",
    )
    planning.plan_create(actor=worker, case=case, items=[item])
    services.consent_record(
        actor=worker,
        case=case,
        categories=["identity"],
        given_on=today,
        valid_until=today + dt.timedelta(days=5),
    )
    services.decision_record(
        actor=worker, case=case, group=AtRiskGroup.objects.get(code="disability"), outcome="granted"
    )
    return case


def _count(client, url, *, method="get", data=None):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == 200, response.content[:500]
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [reverse("cases:list"), reverse("front:home"), reverse("cases:incoming")],
)
def test_case_pages_cost_the_same_for_1_and_50_cases(client, org, other_org, staff, url, certified):
    client.force_login(staff["supervisor"])

    def add(count):
        for _ in range(count):
            case = _busy_case(org, staff)
            ReferralFactory(
                case=CaseFactory(organisation=other_org),
                from_organisation=other_org,
                to_organisation=org,
                reason="x",
                sent_by=staff["other_caseworker"],
                region=case.region,
            )
            TransferFactory(
                case=CaseFactory(organisation=other_org),
                from_organisation=other_org,
                to_organisation=org,
                reason="x",
                requested_by=staff["other_supervisor"],
            )

    add(1)
    one = _count(client, url)
    add(49)
    assert _count(client, url) == one


def test_the_person_search_costs_the_same_for_1_and_50_persons(client, org, staff):
    client.force_login(staff["caseworker"])
    url = reverse("people:search")
    PersonFactory(registered_by=org, given_name="Нурлан")
    one = _count(client, url, method="post", data={"name": "Nurlan"})
    PersonFactory.create_batch(49, registered_by=org, given_name="Нұрлан")
    assert _count(client, url, method="post", data={"name": "Nurlan"}) == one
    assert len(client.post(url, {"name": "Nurlan"}).context["persons"]) == 50


@pytest.mark.parametrize(
    ("url", "method"),
    [
        ("/api/v1/cases/", "get"),
        ("/api/v1/cases/?status=active&region=KZ-71&mine=true", "get"),
        ("/api/v1/persons/", "get"),
        ("/api/v1/intakes/", "get"),
        ("/api/v1/referrals/", "get"),
        ("/api/v1/transfers/", "get"),
    ],
)
def test_api_lists_cost_the_same_for_1_and_50_rows(org, other_org, staff, url, method, certified):
    client = APIClient()
    client.force_login(staff["supervisor"])

    def add(count):
        for _ in range(count):
            case = CaseFactory(
                organisation=org,
                lead_worker=staff["supervisor"],
                intake=IntakeFactory(organisation=org),
            )
            case.groups.add(1, 2)
            ReferralFactory(
                case=CaseFactory(organisation=other_org),
                from_organisation=other_org,
                to_organisation=org,
                reason="x",
                sent_by=staff["other_caseworker"],
                region=case.region,
            )
            TransferFactory(
                case=CaseFactory(organisation=other_org),
                from_organisation=other_org,
                to_organisation=org,
                reason="x",
                requested_by=staff["other_supervisor"],
            )

    add(1)
    one = _count(client, url, data={"page_size": 50})
    add(49)
    assert _count(client, url, data={"page_size": 50}) == one


def test_the_api_person_search_costs_the_same_for_1_and_50(org, staff):
    client = APIClient()
    client.force_login(staff["caseworker"])
    PersonFactory(registered_by=org, given_name="Ерлан")

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                "/api/v1/persons/search/?page_size=50", {"name": "Yerlan"}, format="json"
            )
        assert response.status_code == 200
        return len(queries), response.json()["count"]

    one, found = count()
    assert found == 1
    PersonFactory.create_batch(49, registered_by=org, given_name="Erlan")
    assert count() == (one, 50)
