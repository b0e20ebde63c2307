"""`Cache-Control: no-store` on every response that can carry personal data: every response
to a signed-in user (pages, error pages, redirects) and every API response, anonymous ones
included. Only static files, the public API schema and docs, and /healthz may be cached."""

import pytest
from django.test import Client, override_settings

from tests.core import routes

WEB_ROUTES = routes.web_routes()
API_ROUTES = routes.api_routes()
PUBLIC = ("/api/v1/schema/", "/api/v1/docs/", "/api/v1/redoc/", "/healthz", "/static/")


def _no_store(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return "no-store" in directives


@pytest.fixture
def seeded(org, other_org):
    return routes.seed(org, other_org)


def _signed_in(seeded, who="supervisor"):
    client = Client()
    client.force_login(seeded["users"][who])
    return client


def _check(client, route_list, seeded, *, relogin=None):
    """(requests whose response lacks no-store, statuses seen)."""
    missing, statuses = [], set()
    for route in route_list:
        real = routes.real_values(route, seeded)
        urls = [route.fill(real)]
        if route.params:
            urls.append(route.fill(dict.fromkeys(real, "abc")))
        for url in urls:
            if url.startswith(PUBLIC):
                continue
            for method in ("GET", "POST"):
                response = client.generic(method, url)
                statuses.add(response.status_code)
                if not _no_store(response):
                    missing.append(f"{method} {url} → {response.status_code}")
                if route.name == "logout" and relogin:
                    relogin()
    return missing, statuses


def test_every_page_for_a_signed_in_user_is_no_store(seeded):
    client = _signed_in(seeded)
    missing, statuses = _check(
        client,
        WEB_ROUTES,
        seeded,
        relogin=lambda: client.force_login(seeded["users"]["supervisor"]),
    )
    assert {200, 302, 403, 404} <= statuses  # pages, redirects and error pages were seen
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("who", ["anonymous", "supervisor", "caseworker"])
def test_every_api_response_is_no_store(seeded, who):
    client = Client() if who == "anonymous" else _signed_in(seeded, who)
    missing, statuses = _check(client, API_ROUTES, seeded)
    expected = {401} if who == "anonymous" else {200, 400, 404}
    assert expected <= statuses
    assert not missing, "\n".join(missing)


def test_a_404_for_a_control_character_is_no_store(seeded):
    response = _signed_in(seeded).get("/cases/%00/")
    assert response.status_code == 404 and _no_store(response)
    response = Client().get("/api/v1/cases/%00/")
    assert response.status_code == 404 and _no_store(response)
    assert response.json()["code"] == "not_found"


def test_the_public_schema_docs_and_health_check_may_be_cached(seeded):
    for url in ("/api/v1/schema/", "/api/v1/docs/", "/api/v1/redoc/"):
        response = Client().get(url)
        assert response.status_code == 200, url
        assert not _no_store(response), url
        assert not _no_store(_signed_in(seeded).get(url)), url


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_static_files_may_be_cached(seeded):
    response = _signed_in(seeded).get("/static/qamqor/app.css")
    assert response.status_code == 200
    assert not _no_store(response)
