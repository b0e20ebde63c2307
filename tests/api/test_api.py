"""The REST API: versioned, schema and docs open, every error in the one error shape."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from qamqor.core.access import Role
from tests.factories import CertificationFactory, FacilityFactory, OrganisationFactory


@pytest.fixture
def api(member):
    client = APIClient()
    client.force_login(member(Role.CASEWORKER))  # a fresh user object per request, as in real use
    return client


def _assert_error_shape(body, code):
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["fields"], dict)


def test_the_schema_and_docs_are_readable_without_login(db):
    client = APIClient()
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/catalog/standards/" in schema.content
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "cdn" not in page.lower()
    assert "/static/drf_spectacular_sidecar/" in page


def test_an_anonymous_request_gets_401_in_the_error_shape(db):
    response = APIClient().get("/api/v1/catalog/regions/")
    assert response.status_code == 401
    _assert_error_shape(response.json(), "not_authenticated")


def test_a_token_authenticates(member):
    token = Token.objects.create(user=member(Role.CASEWORKER))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/v1/me/").json()["memberships"] == [
        {"organisation": "own-org", "role": "caseworker"}
    ]


def test_a_bad_token_gets_401(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token nonsense")
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    _assert_error_shape(response.json(), "authentication_failed")


def test_a_user_without_a_role_gets_403(catalog):
    from tests.factories import UserFactory

    client = APIClient()
    client.force_authenticate(UserFactory())
    response = client.get("/api/v1/catalog/regions/")
    assert response.status_code == 403
    _assert_error_shape(response.json(), "permission_denied")


def test_an_unknown_record_gets_404_in_the_error_shape(api):
    response = api.get("/api/v1/catalog/regions/KZ-99/")
    assert response.status_code == 404
    _assert_error_shape(response.json(), "not_found")


def test_an_unknown_route_gets_404_in_the_error_shape(api):
    response = api.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    _assert_error_shape(response.json(), "not_found")


def test_a_validation_error_names_each_field(api):
    response = api.get("/api/v1/organisations/eligible/", {"region": "KZ-99", "on": "soon"})
    assert response.status_code == 400
    body = response.json()
    _assert_error_shape(body, "validation_error")
    assert set(body["fields"]) == {"service_type", "region", "on"}
    assert body["fields"]["service_type"][0]["code"] == "required"
    assert body["fields"]["region"][0]["code"] == "does_not_exist"
    assert body["fields"]["on"][0]["code"] == "invalid"


def test_error_messages_are_translated(api):
    english = api.get("/api/v1/organisations/eligible/", HTTP_ACCEPT_LANGUAGE="en").json()
    russian = api.get("/api/v1/organisations/eligible/", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert english["message"] != russian["message"]
    assert english["fields"]["region"][0]["message"] != russian["fields"]["region"][0]["message"]


def test_a_write_to_a_read_only_endpoint_gets_405(api):
    response = api.post("/api/v1/catalog/regions/", {"code": "KZ-00"})
    assert response.status_code == 405
    _assert_error_shape(response.json(), "method_not_allowed")


def test_standards_can_be_filtered_by_group_and_date(api):
    response = api.get(
        "/api/v1/catalog/standards/", {"group": "trafficking_victims", "in_force_on": "2015-01-01"}
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert results and all(item["group"] == "trafficking_victims" for item in results)
    assert all(item["valid_to"] == "2023-07-01" for item in results)


def test_regions_in_force_on_a_date(api):
    codes_2010 = {
        item["code"]
        for item in api.get(
            "/api/v1/catalog/regions/", {"in_force_on": "2010-01-01", "page_size": 100}
        ).json()["results"]
    }
    assert "KZ-YUZ" in codes_2010 and "KZ-10" not in codes_2010 and "KZ-79" not in codes_2010
    assert len(codes_2010) == 16


def test_eligible_providers(api, catalog):
    from qamqor.catalog.models import Region

    almaty = Region.objects.get(code="KZ-75")
    provider = OrganisationFactory(code="certified", regions_served=[almaty])
    CertificationFactory(organisation=provider, service_types=["shelter"])
    OrganisationFactory(code="uncertified", regions_served=[almaty])
    response = api.get(
        "/api/v1/organisations/eligible/",
        {"service_type": "shelter", "region": "KZ-75", "on": timezone.localdate().isoformat()},
    )
    assert [item["code"] for item in response.json()["results"]] == ["certified"]


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/api/v1/organisations/", lambda n: OrganisationFactory.create_batch(n)),
        ("/api/v1/certifications/", lambda n: CertificationFactory.create_batch(n)),
        ("/api/v1/facilities/", lambda n: FacilityFactory.create_batch(n)),
        ("/api/v1/catalog/standards/", lambda n: None),
    ],
)
def test_lists_run_the_same_number_of_queries_for_1_and_for_50_rows(api, url, make):
    def count(rows):
        make(rows)
        with CaptureQueriesContext(connection) as queries:
            response = api.get(url, {"page_size": 50})
        assert response.status_code == 200
        return len(queries)

    assert count(1) == count(49)


@pytest.mark.parametrize(
    "path",
    ["/api/v1/cases/C-0000-0000/", "/api/v1/referrals/1/withdraw/", "/api/v1/persons/search/"],
)
def test_every_case_route_asks_an_anonymous_caller_to_authenticate(db, path):
    client = APIClient()
    response = client.post(path) if "withdraw" in path or "search" in path else client.get(path)
    assert response.status_code == 401
    _assert_error_shape(response.json(), "not_authenticated")
