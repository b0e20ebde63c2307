"""The case and call lists filter the same way on the page and in the API: one FilterSet each
(cases.filters, protection.filters)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from qamqor.catalog.models import Region
from tests.factories import CaseFactory, HotlineCallFactory
from tests.helpers import web_client


def _page_codes(client, **query) -> set[str]:
    response = client.get(reverse("cases:list"), query)
    assert response.status_code == 200
    return {case.code for case in response.context["page"].object_list}


def _api_codes(client, **query) -> set[str]:
    response = client.get("/api/v1/cases/", query)
    assert response.status_code == 200
    return {row["code"] for row in response.json()["results"]}


@pytest.fixture
def cases(org, staff):
    almaty = Region.objects.get(code="KZ-75")
    return {
        "mine": CaseFactory(organisation=org, lead_worker=staff["supervisor"], status="active"),
        "almaty": CaseFactory(organisation=org, region=almaty, status="assessment"),
        "restricted": CaseFactory(organisation=org, restricted=True, status="active"),
    }


def test_it_filters_the_case_page_as_the_api_does(cases, staff):
    client = web_client(staff["supervisor"])
    almaty = Region.objects.get(code="KZ-75")
    everything = {case.code for case in cases.values()}
    assert _page_codes(client) == _api_codes(client) == everything
    assert (
        _page_codes(client, region=almaty.pk)
        == _api_codes(client, region="KZ-75")
        == {cases["almaty"].code}
    )
    assert (
        _page_codes(client, status="active")
        == _api_codes(client, status="active")
        == {
            cases["mine"].code,
            cases["restricted"].code,
        }
    )
    assert (
        _page_codes(client, restricted="on")
        == _api_codes(client, restricted="true")
        == {cases["restricted"].code}
    )
    assert _page_codes(client, mine="on") == _api_codes(client, mine="true") == {cases["mine"].code}
    # An unticked box filters nothing on the page.
    assert _page_codes(client, status="", restricted="") == everything


def test_it_includes_the_until_day_on_the_call_page_and_excludes_it_in_the_api(org, staff):
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    moment = timezone.make_aware(dt.datetime.combine(yesterday, dt.time(12)))
    earlier = HotlineCallFactory(organisation=org, received_at=moment)
    HotlineCallFactory(organisation=org)  # today
    client = web_client(staff["operator"])

    page = client.get(reverse("protection:calls"), {"received_before": yesterday.isoformat()})
    assert [call.pk for call in page.context["page"].object_list] == [earlier.pk]
    api = client.get("/api/v1/calls/", {"received_before": today.isoformat()})
    assert [row["id"] for row in api.json()["results"]] == [earlier.pk]


@pytest.mark.parametrize(
    ("url", "field", "day"),
    [
        ("/hotline/", "received_before", "9999-12-31"),
        ("/hotline/", "received_after", "0001-01-01"),
        ("/api/v1/calls/", "received_before", "0001-01-01"),
        ("/api/v1/calls/", "received_before", "9999-12-31"),
        ("/api/v1/screenings/", "screened_before", "0001-01-01"),
    ],
)
def test_the_ends_of_the_calendar_filter_without_error(org, staff, url, field, day):
    HotlineCallFactory(organisation=org)
    response = web_client(staff["operator"]).get(url, {field: day})
    assert response.status_code == 200
