"""A case or person the user may not see does not exist for them: 404 on every route — web
routes enumerated from the URL resolver, API routes from the OpenAPI schema — for a user of
another organisation, and for a case worker of the same organisation facing a restricted
case they are not assigned to. The routes and the seeded records come from tests/core/routes.py
(a restricted case with one of each record hanging off it, its referral and its transfer)."""

import re

import pytest
from rest_framework.test import APIClient

from qamqor.core.access import Role
from tests.core import routes
from tests.factories import MembershipFactory, OrganisationFactory

# Web pages that name a case, a person, or a record of one (a call, a screening, a referral or
# a transfer received); the API collections that do.
GUARDED_NAMESPACES = {"cases", "people", "protection"}
GUARDED_API = re.compile(r"^/api/v1/(cases|persons|referrals|transfers|calls|screenings)/\{")

WEB_ROUTES = [
    route for route in routes.web_routes() if route.namespace in GUARDED_NAMESPACES and route.params
]
API_ROUTES = [
    (route, method.upper())
    for route in routes.api_routes()
    if GUARDED_API.match(route.template)
    for method in route.name.split(" ")[1].split(",")
]


def test_the_enumeration_finds_the_routes():
    names = {f"{route.namespace}:{route.name}" for route in WEB_ROUTES}
    assert {
        "cases:detail",
        "cases:plan",
        "cases:closure_approve",
        "cases:transfer_accept",
        "people:detail",
        "protection:call",
        "protection:risk",
    } <= names
    paths = {route.template for route, _method in API_ROUTES}
    assert "/api/v1/cases/{code}/" in paths and "/api/v1/persons/{code}/" in paths
    assert {
        "/api/v1/calls/{id}/add-to-case/",
        "/api/v1/screenings/{id}/open-case/",
        "/api/v1/cases/{code}/protective-orders/{order_id}/violations/",
        "/api/v1/cases/{code}/safety-plans/{plan_id}/review/",
        "/api/v1/transfers/{id}/accept/",
    } <= paths
    assert len(WEB_ROUTES) > 40 and len(API_ROUTES) > 40


@pytest.fixture
def seeded(org, catalog):
    """The records of tests/core/routes.py in own-org; the referral and the transfer go to a
    third organisation, so that neither stranger below is on the receiving side."""
    return routes.seed(org, OrganisationFactory(code="third"))


@pytest.fixture(params=["other organisation", "same organisation, not assigned"])
def stranger(request, org, other_org):
    organisation = other_org if request.param == "other organisation" else org
    return MembershipFactory(organisation=organisation, role=Role.CASEWORKER).user


def test_every_web_route_answers_404(client, seeded, stranger):
    client.force_login(stranger)
    checked = 0
    for route in WEB_ROUTES:
        url = route.fill(routes.real_values(route, seeded))
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 404, (
                f"{method.__name__.upper()} {url}: {response.status_code}"
            )
            checked += 1
    assert checked >= 80


def test_every_api_route_answers_404(seeded, stranger):
    client = APIClient()
    client.force_login(stranger)
    for route, method in API_ROUTES:
        url = route.fill(routes.real_values(route, seeded))
        response = client.generic(method, url, data="{}", content_type="application/json")
        assert response.status_code == 404, f"{method} {url}: {response.status_code}"
        assert response.json()["code"] == "not_found"
