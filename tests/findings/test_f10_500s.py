"""Finding 10 — 500s: every DRF route with a format suffix (`/api/v1/cases/<code>.json`, 17 of
33 routes, 5 of them anonymously) answered 500, and so did `POST /api/v1/referrals/abc/withdraw/`
(a non-numeric id). The whole class is covered by tests/core/test_no_500.py."""

import re

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from qamqor.core.access import Role
from tests.factories import CaseFactory, MembershipFactory

SCHEMA_PATHS = list(SchemaGenerator().get_schema(request=None, public=True)["paths"])


@pytest.fixture
def case(org):
    lead = MembershipFactory(organisation=org, role=Role.CASEWORKER).user
    return CaseFactory(organisation=org, lead_worker=lead)


def _filled(path, case):
    collection = path.split("/")[3]
    values = {
        "persons": case.person.code,
        "organisations": case.organisation.code,
        "catalog": "KZ-71",
    }
    return re.sub(
        r"\{(\w+)\}",
        lambda match: values.get(collection, case.code) if match.group(1) == "code" else "1",
        path,
    )


def _suffix_500s(client, case):
    offenders = []
    for path in SCHEMA_PATHS:
        url = _filled(path, case).rstrip("/") + ".json"
        for method in ("GET", "POST"):
            status = client.generic(method, url).status_code
            if status >= 500:
                offenders.append(f"{method} {url} → {status}")
    return offenders


def test_the_finding_s_example_is_not_a_500(case):
    client = Client(raise_request_exception=False)
    client.force_login(case.lead_worker)
    response = client.get(f"/api/v1/cases/{case.code}.json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("signed_in", [False, True])
def test_no_api_route_with_a_format_suffix_answers_500(case, signed_in):
    client = Client(raise_request_exception=False)
    if signed_in:
        client.force_login(case.lead_worker)
    offenders = _suffix_500s(client, case)
    assert not offenders, f"{len(offenders)} answered 500:\n" + "\n".join(offenders)


def test_a_non_numeric_referral_id_is_not_a_500(case):
    client = Client(raise_request_exception=False)
    client.force_login(case.lead_worker)
    for url in ("/api/v1/referrals/abc/withdraw/", "/api/v1/referrals/1.5/accept/"):
        response = client.post(url)
        assert response.status_code == 404, url
