"""A case or person the user may not see does not exist for them: 404 on every route — web
routes enumerated from the URL resolver, API routes from the OpenAPI schema — for a user of
another organisation, and for a case worker of the same organisation facing a restricted
case they are not assigned to."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from qamqor.cases.models import Closure, Consent, EligibilityDecision, Referral, ShelterStay
from qamqor.core.access import Role
from qamqor.protection.models import ProtectiveOrder, SafetyPlan
from tests.factories import (
    CaseFactory,
    FacilityFactory,
    HotlineCallFactory,
    MembershipFactory,
    ScreeningFactory,
)

GUARDED_NAMESPACES = {"cases", "people"}


def _web_routes():
    """(name, converters) of every pattern in the case and person namespaces."""
    found = []

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and namespace in GUARDED_NAMESPACES:
                found.append((f"{namespace}:{entry.name}", set(entry.pattern.converters)))

    walk(get_resolver().url_patterns, None)
    return found


def _api_routes():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (path, method.upper())
        for path, operations in schema["paths"].items()
        if re.match(r"^/api/v1/(cases|persons|referrals|calls|screenings)/\{", path)
        for method in operations
    ]


WEB_ROUTES = _web_routes()
API_ROUTES = _api_routes()


def test_the_enumeration_finds_the_routes():
    names = {name for name, _converters in WEB_ROUTES}
    assert {"cases:detail", "cases:plan", "cases:closure_approve", "people:detail"} <= names
    paths = {path for path, _method in API_ROUTES}
    assert "/api/v1/cases/{code}/" in paths and "/api/v1/persons/{code}/" in paths
    assert {
        "/api/v1/calls/{id}/add-to-case/",
        "/api/v1/screenings/{id}/open-case/",
        "/api/v1/cases/{code}/protective-orders/{order_id}/violations/",
        "/api/v1/cases/{code}/safety-plans/{plan_id}/review/",
    } <= paths
    assert len(WEB_ROUTES) > 25 and len(API_ROUTES) > 30


@pytest.fixture
def target(org, other_org, catalog):
    """A restricted case of own-org with one of each sub-record, and its referral to a third
    organisation; a hotline call and a screening that are part of it."""
    from tests.factories import OrganisationFactory

    lead = MembershipFactory(organisation=org, role=Role.CASEWORKER).user
    case = CaseFactory(organisation=org, restricted=True, lead_worker=lead)
    third = OrganisationFactory(code="third")
    ids = {
        "decision": EligibilityDecision.objects.create(
            case=case,
            group_id=1,
            outcome="granted",
            decided_by=lead,
            organisation=org,
            region=case.region,
        ).pk,
        "closure": Closure.objects.create(
            case=case, outcome="goals_met", reason="x", requested_by=lead
        ).pk,
        "consent": Consent.objects.create(
            case=case,
            categories="identity",
            given_on="2026-01-01",
            valid_until="2026-12-31",
            recorded_by=lead,
        ).pk,
        "stay": ShelterStay.objects.create(
            case=case,
            facility=FacilityFactory(organisation=org),
            admitted_on="2026-01-01",
            admission_reason="x",
            admitted_by=lead,
            region=case.region,
        ).pk,
        "referral": Referral.objects.create(
            case=case,
            from_organisation=org,
            to_organisation=third,
            reason="x",
            sent_by=lead,
            region=case.region,
        ).pk,
        "call": HotlineCallFactory(organisation=org, case=case, recorded_by=lead).pk,
        "screening": ScreeningFactory(
            organisation=org, case=case, screened_by=lead, status="in_identification"
        ).pk,
        "order": ProtectiveOrder.objects.create(
            case=case,
            kind="police_protective",
            issuing_body="x",
            issued_on="2026-01-01",
            valid_from="2026-01-01",
            valid_until="2026-12-31",
            conditions="x",
            respondent_name="x",
            respondent_relationship="spouse",
            recorded_by=lead,
            organisation=org,
            region=case.region,
        ).pk,
        "plan": SafetyPlan.objects.create(
            case=case, steps=["x"], review_due="2026-12-31", created_by=lead
        ).pk,
    }
    return case, ids


@pytest.fixture(params=["other organisation", "same organisation, not assigned"])
def stranger(request, org, other_org):
    organisation = other_org if request.param == "other organisation" else org
    return MembershipFactory(organisation=organisation, role=Role.CASEWORKER).user


def _web_kwargs(converters, case, ids):
    kwargs = {}
    for name in converters:
        if name == "code":
            kwargs[name] = case.code
        elif name == "pk":
            kwargs[name] = ids["referral"]
        else:
            kwargs[name] = 1
    return kwargs


def test_every_web_route_answers_404(client, target, stranger):
    case, ids = target
    client.force_login(stranger)
    checked = 0
    for name, converters in WEB_ROUTES:
        if not converters:
            continue
        kwargs = _web_kwargs(converters, case, ids)
        if name.startswith("people:"):
            kwargs["code"] = case.person.code
        elif "pk" in kwargs and "code" in kwargs:
            kind = re.search(r"(decision|closure|consent|stay|referral)", name)
            key = {"discharge": "stay"}.get(
                name.split(":")[1], kind.group(1) if kind else "referral"
            )
            kwargs["pk"] = ids[key]
        url = reverse(name, kwargs=kwargs)
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 404, (
                f"{method.__name__.upper()} {url}: {response.status_code}"
            )
            checked += 1
    assert checked >= 50


def _api_path(path, case, ids):
    collection = path.split("/")[3]
    values = {
        "code": case.person.code if collection == "persons" else case.code,
        "decision_id": ids["decision"],
        "closure_id": ids["closure"],
        "consent_id": ids["consent"],
        "stay_id": ids["stay"],
        "order_id": ids["order"],
        "plan_id": ids["plan"],
        "id": ids[{"calls": "call", "screenings": "screening"}.get(collection, "referral")],
    }
    return re.sub(r"\{(\w+)\}", lambda match: str(values[match.group(1)]), path)


def test_every_api_route_answers_404(target, stranger):
    case, ids = target
    client = APIClient()
    client.force_login(stranger)
    for path, method in API_ROUTES:
        url = _api_path(path, case, ids)
        response = client.generic(method, url, data="{}", content_type="application/json")
        assert response.status_code == 404, f"{method} {url}: {response.status_code}"
        assert response.json()["code"] == "not_found"
