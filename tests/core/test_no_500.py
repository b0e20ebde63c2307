"""No route answers 500: every web route (URL resolver) and every API route (OpenAPI schema),
with its path parameters naming seeded records, with hostile values (`abc`, `1.5`, `-1`, 200
characters, `%00`) and with `.json`/`.api` suffixes, for GET/POST/PATCH/PUT/DELETE/OPTIONS,
anonymously and as a supervisor and a case worker of the records' organisation."""

import pytest
from django.test import Client

from tests.core import routes

WEB_ROUTES = routes.web_routes()
API_ROUTES = routes.api_routes()


def test_the_enumeration_finds_the_routes():
    web = {route.template for route in WEB_ROUTES}
    api = {route.template for route in API_ROUTES}
    assert {"/cases/{code}/", "/persons/{code}/", "/hotline/{pk}/", "/healthz"} <= web
    assert {"/api/v1/me/", "/api/v1/schema/"} <= web
    assert {"/api/v1/cases/{code}/", "/api/v1/referrals/{id}/withdraw/"} <= api
    assert len(WEB_ROUTES) > 150 and len(API_ROUTES) > 30  # the admin's routes included


@pytest.fixture
def seeded(org, other_org):
    return routes.seed(org, other_org)


def _request(client, method, url, api):
    if api:
        return client.generic(method, url, data="{}", content_type="application/json")
    return client.generic(method, url, data="", content_type="application/x-www-form-urlencoded")


def _offenders(client, route_list, seeded, login):
    offenders, checked = [], 0
    for route in route_list:
        for url in routes.urls(route, seeded):
            for method in routes.METHODS:
                response = _request(client, method, url, route.api)
                checked += 1
                if response.status_code >= 500:
                    offenders.append(f"{method} {url} → {response.status_code}")
                if route.name == "logout":
                    login()  # the rest is tried signed in again
    return offenders, checked


@pytest.mark.parametrize("who", ["anonymous", "supervisor", "caseworker"])
@pytest.mark.parametrize("surface", ["web", "api"])
def test_no_route_answers_500(seeded, who, surface):
    client = Client(raise_request_exception=False)

    def login():
        if who != "anonymous":
            client.force_login(seeded["users"][who])

    login()
    route_list = WEB_ROUTES if surface == "web" else API_ROUTES
    offenders, checked = _offenders(client, route_list, seeded, login)
    assert checked > 1000
    assert not offenders, f"{len(offenders)} of {checked} requests answered 500:\n" + "\n".join(
        offenders
    )
