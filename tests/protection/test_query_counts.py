"""The protection list pages, and the home page with its alerts, run the same number of SQL
queries for 1 and for 50 rows."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from qamqor.protection import services
from tests.cases.test_query_counts import _count
from tests.factories import CaseFactory, HotlineCallFactory


def _alerting_case(org, staff):
    """A case with a protective order about to expire and a safety plan review due, and an
    anonymous screening awaiting identification."""
    worker = staff["caseworker"]
    today = timezone.localdate()
    case = CaseFactory(organisation=org, lead_worker=worker)
    services.order_record(
        actor=worker,
        case=case,
        kind="police_protective",
        issuing_body="Police",
        issued_on=today,
        valid_from=today,
        valid_until=today + dt.timedelta(days=3),
        conditions="No contact.",
        respondent_name="R",
        respondent_relationship="partner",
    )
    services.safety_plan_create(
        actor=worker, case=case, steps=["Step"], review_due=today + dt.timedelta(days=1)
    )
    services.screening_record(
        actor=worker,
        organisation=org,
        place="border_checkpoint",
        answers={"debt_bondage": "yes", "withholds_documents": "yes"},
    )
    HotlineCallFactory(organisation=org, recorded_by=staff["operator"], case=None)
    HotlineCallFactory(organisation=org, recorded_by=staff["operator"], case=case)


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("caseworker", reverse("front:home")),
        ("supervisor", reverse("front:home")),
        ("supervisor", reverse("protection:calls")),
        ("supervisor", reverse("protection:screenings")),
    ],
)
def test_protection_pages_cost_the_same_for_1_and_50_rows(client, org, staff, who, url):
    client.force_login(staff[who])
    _alerting_case(org, staff)
    one = _count(client, url)
    assert len(client.get(url).context.get("alerts") or client.get(url).context.get("page")) >= 1
    for _ in range(24):  # 25 cases: 50 alerts, 50 calls
        _alerting_case(org, staff)
    assert _count(client, url) == one
