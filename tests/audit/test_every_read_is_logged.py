"""Every read is in the access log: every GET route and every search POST — web pages from the
URL resolver, API operations from the OpenAPI schema — is requested by every kind of user who
may reach the records of a seeded world, and any response that shows a case or a person
(their code, a name, an intake's narrative) must have written the access log for it in the
same request. A route is exempt only because its response, with those markers seeded, shows
none of them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from qamqor.audit.models import AccessLogEntry
from qamqor.cases import referrals, services
from qamqor.core.access import Role
from qamqor.people.services import person_create
from tests.core import routes
from tests.factories import (
    CaseAssignmentFactory,
    CaseFactory,
    ClosureFactory,
    EligibilityDecisionFactory,
    FacilityFactory,
    FamilyLinkFactory,
    HotlineCallFactory,
    IntakeFactory,
    MembershipFactory,
    OrganisationFactory,
    ProtectiveOrderFactory,
    SafetyPlanFactory,
    ScreeningFactory,
    ShelterStayFactory,
    TransferFactory,
)

SEARCHES = [
    ("web", "people:search", {"name": "Markerova"}),
    ("web", "cases:duplicates", {"family_name": "Markerova", "given_name": "Asel"}),
    ("api", "/api/v1/persons/search/", {"name": "Markerova"}),
    ("api", "/api/v1/persons/duplicates/", {"family_name": "Markerova", "given_name": "Asel"}),
]
# The administration site holds no person or case at all (tests/core/test_one_way_in.py);
# /healthz and the API's schema and docs show none either.
SKIPPED_NAMESPACES = {"admin", None}


@pytest.fixture
def world(catalog):
    """Organisation A with a case of every kind of record about Asel Markerova (restricted),
    her intake's narrative, a relative, a call and a screening in the case; B received a
    referral sharing everything (accepted); C was asked to take the case over."""
    orgs = {name: OrganisationFactory(code=f"org-{name.lower()}") for name in "ABC"}
    users = {}
    for name, organisation in orgs.items():
        for role in (Role.OPERATOR, Role.CASEWORKER, Role.SUPERVISOR, Role.PROVIDER_MANAGER):
            users[f"{name}_{role.value}"] = MembershipFactory(
                organisation=organisation, role=role
            ).user
    users["auditor"] = MembershipFactory(organisation=orgs["A"], role=Role.AUDITOR).user
    lead = users["A_caseworker"]
    person = person_create(
        actor=lead,
        organisation=orgs["A"],
        given_name="Asel",
        family_name="Markerova",
        phone="+77010000001",
    ).person
    intake = IntakeFactory(
        organisation=orgs["A"], recorded_by=lead, presenting_problem="NARRATIVE-MARKER-7"
    )
    case = CaseFactory(
        organisation=orgs["A"], person=person, intake=intake, lead_worker=lead, restricted=True
    )
    relative = person_create(
        actor=lead, organisation=orgs["A"], given_name="Relative", family_name="Markerova-Kin"
    ).person
    CaseFactory(organisation=orgs["A"], person=relative, lead_worker=lead)
    FamilyLinkFactory(person=person, relative=relative, relation="sibling", recorded_by=lead)
    loose_intake = IntakeFactory(
        organisation=orgs["A"], recorded_by=users["A_operator"], presenting_problem="LOOSE-MARKER-9"
    )
    today = timezone.localdate()
    services.consent_record(
        actor=lead,
        case=case,
        categories=["identity", "contacts", "assessment", "plan", "services", "shelter"],
        given_on=today,
        valid_until=today + dt.timedelta(days=60),
    )
    referral = referrals.referral_send(
        actor=lead,
        case=case,
        to_organisation=orgs["B"],
        reason="needs help",
        shared=["identity", "contacts", "services", "shelter", "plan", "assessment"],
    )
    referrals.referral_accept(actor=users["B_caseworker"], referral=referral)
    facility = FacilityFactory(organisation=orgs["A"])
    ids = {
        "decision": EligibilityDecisionFactory(
            case=case,
            group_id=1,
            outcome="granted",
            decided_by=lead,
            organisation=orgs["A"],
            region=case.region,
        ).pk,
        "closure": ClosureFactory(case=case, outcome="goals_met", reason="x", requested_by=lead).pk,
        "consent": case.consents.get().pk,
        "stay": ShelterStayFactory(
            case=case,
            facility=facility,
            admitted_on=today,
            admission_reason="x",
            admitted_by=lead,
            region=case.region,
        ).pk,
        "referral": referral.pk,
        "transfer": TransferFactory(
            case=case,
            from_organisation=orgs["A"],
            to_organisation=orgs["C"],
            reason="x",
            requested_by=users["A_supervisor"],
        ).pk,
        "call": HotlineCallFactory(organisation=orgs["A"], case=case, recorded_by=lead).pk,
        "screening": ScreeningFactory(organisation=orgs["A"], case=case, screened_by=lead).pk,
        "order": ProtectiveOrderFactory(
            case=case,
            kind="police_protective",
            issuing_body="x",
            issued_on=today,
            valid_from=today,
            valid_until=today + dt.timedelta(days=30),
            conditions="x",
            respondent_name="x",
            respondent_relationship="spouse",
            recorded_by=lead,
            organisation=orgs["A"],
            region=case.region,
        ).pk,
        "plan": SafetyPlanFactory(case=case, steps=["x"], review_due=today, created_by=lead).pk,
        "facility": facility.pk,
        "intake": intake.pk,
        "loose_intake": loose_intake.pk,
    }
    CaseAssignmentFactory(case=case, user=users["A_operator"], assigned_by=lead)
    markers = {
        case.code: {("cases.case", case.pk)},
        "NARRATIVE-MARKER-7": {("cases.intake", intake.pk), ("cases.case", case.pk)},
        "LOOSE-MARKER-9": {("cases.intake", loose_intake.pk)},
    }
    for someone in (person, relative):
        shown_as = {("people.person", someone.pk)} | {
            ("cases.case", pk) for pk in someone.cases.values_list("pk", flat=True)
        }
        markers[someone.code] = shown_as
        markers[someone.family_name] = shown_as
    return {
        "orgs": orgs,
        "users": users,
        "case": case,
        "person": person,
        "ids": ids,
        "markers": markers,
    }


def _unlogged(user, request, markers) -> list[str]:
    """The markers a response shows without the access log having been written for them in
    the same request: an entry for the record, or one tied to its case (`case_id`, as for a
    call shown with the case it is part of)."""
    before = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = request()
    if response.status_code >= 300:
        return []
    body = response.content.decode(errors="replace")
    written = AccessLogEntry.objects.filter(pk__gt=before, user=user)
    records = set(written.values_list("record_type", "record_id"))
    cases = {("cases.case", case_id) for case_id in written.values_list("case_id", flat=True)}
    return [
        marker
        for marker, shown in markers.items()
        if marker in body and not (records | cases) & shown
    ]


READERS = ["A_supervisor", "A_caseworker", "A_operator", "B_supervisor", "B_caseworker", "auditor"]


def _requests(world):
    """(label, method, url, keyword arguments) of every read to try: every GET route (web
    pages from the URL resolver, API operations from the schema, their parameters naming the
    seeded records) and the searches."""
    seeded = {**world, "certification": "none", "catalog": {}}
    found = []
    for route in routes.web_routes():
        if route.namespace not in SKIPPED_NAMESPACES:
            url = route.fill(routes.real_values(route, seeded))
            found.append((f"GET {url}", "get", url, {"follow": True}))
    for route in routes.api_routes():
        if "get" in route.name.split(" ")[1].split(",") and not route.template.startswith(
            ("/api/v1/catalog/", "/api/v1/organisations/", "/api/v1/certifications/")
        ):
            url = route.fill(routes.real_values(route, seeded))
            found.append((f"GET {url}", "get", url, {}))
    for kind, target, data in SEARCHES:
        url = reverse(target) if kind == "web" else target
        extra = {"format": "json"} if kind == "api" else {}
        found.append((f"POST {url}", "post", url, {"data": data, **extra}))
    return found


def test_every_read_of_a_case_or_person_is_logged(world):
    markers, problems, shown = world["markers"], [], 0
    requests = _requests(world)
    assert len(requests) > 100
    for who in READERS:
        user = world["users"][who]
        client = APIClient()
        client.force_login(user)
        for label, method, url, kwargs in requests:
            send = getattr(client, method)
            missing = _unlogged(user, lambda: send(url, **kwargs), markers)  # noqa: B023
            if missing:
                problems.append(f"{who}: {label} shows {missing} unlogged")
            shown += 1
    assert problems == [], "\n".join(problems)
