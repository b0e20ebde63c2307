"""Every route of the app, as URLs to request: web routes from the URL resolver, API routes
from the OpenAPI schema, with their path parameters filled from seeded records (`seed`) or
with hostile values (`BAD_VALUES`) and format suffixes (`SUFFIXES`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator

from qamqor.catalog.models import (
    AtRiskGroup,
    RefusalReason,
    Region,
    ServiceType,
    Setting,
    Standard,
    TraffickingIndicator,
)
from qamqor.core.access import Role
from tests.factories import (
    CaseFactory,
    CertificationFactory,
    ClosureFactory,
    ConsentFactory,
    EligibilityDecisionFactory,
    FacilityFactory,
    HotlineCallFactory,
    IntakeFactory,
    MembershipFactory,
    ProtectiveOrderFactory,
    ReferralFactory,
    SafetyPlanFactory,
    ScreeningFactory,
    ShelterStayFactory,
    TransferFactory,
)

BAD_VALUES = ("abc", "1.5", "-1", "x" * 200, "%00")
SUFFIXES = (".json", ".api")
METHODS = ("GET", "POST", "PATCH", "PUT", "DELETE", "OPTIONS")
# Query parameters some list views read, each given a NUL.
QUERY_PARAMETERS = ("region", "status", "organisation", "page", "q", "kind", "next")


@dataclass(frozen=True)
class Route:
    namespace: str | None
    name: str | None
    template: str  # "/cases/{code}/decisions/{pk}/approve/"
    api: bool

    @property
    def params(self) -> list[str]:
        return re.findall(r"\{(\w+)\}", self.template)

    def fill(self, values: dict[str, str]) -> str:
        return re.sub(r"\{(\w+)\}", lambda match: values[match.group(1)], self.template)


def _regex_to_template(regex: str) -> str:
    """A router's or the admin's regular expression as a template with {name} holes."""
    out, index = [], 0
    while index < len(regex):
        if regex.startswith("(?P<", index):
            end = regex.index(">", index)
            name = regex[index + 4 : end]
            depth, index = 1, end + 1
            while depth:
                depth += {"(": 1, ")": -1}.get(regex[index], 0)
                index += 1 if regex[index] != "\\" else 2
            out.append("{" + name + "}")
            continue
        char = regex[index]
        if char == "\\":
            out.append(regex[index + 1])
            index += 2
            continue
        if regex.startswith("/?", index):
            out.append("/")
            index += 2
            continue
        if char not in "^$":
            out.append(char)
        index += 1
    return "".join(out)


def _template(pattern) -> str:
    text = str(pattern)
    if hasattr(pattern, "regex") and type(pattern).__name__ == "RegexPattern":
        return _regex_to_template(text)
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", text)


def web_routes() -> list[Route]:
    """Every pattern of the URL resolver except the API router's (the schema lists those)."""
    found = []

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(
                    entry.url_patterns,
                    prefix + _template(entry.pattern),
                    entry.namespace or namespace,
                )
            elif isinstance(entry, URLPattern):
                if namespace == "api" and type(entry.pattern).__name__ == "RegexPattern":
                    continue
                found.append(
                    Route(namespace, entry.name, "/" + prefix + _template(entry.pattern), False)
                )

    walk(get_resolver().url_patterns, "", None)
    return found


def api_routes() -> list[Route]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        Route("api", f"{path} {','.join(sorted(operations))}", path, True)
        for path, operations in schema["paths"].items()
    ]


def seed(org, other_org) -> dict:
    """One of each record a route can name, in `org`: a restricted case led by the case worker,
    with a decision, closure, consent, shelter stay, referral (to `other_org`), hotline call,
    screening, protective order and safety plan, and a transfer asked of `other_org`. Returns
    the users and the values."""
    caseworker = MembershipFactory(organisation=org, role=Role.CASEWORKER).user
    supervisor = MembershipFactory(organisation=org, role=Role.SUPERVISOR).user
    case = CaseFactory(organisation=org, restricted=True, lead_worker=caseworker)
    group = AtRiskGroup.objects.order_by("pk").first()
    facility = FacilityFactory(organisation=org)
    certification = CertificationFactory(organisation=org, service_types=["shelter"])
    ids = {
        "decision": EligibilityDecisionFactory(
            case=case,
            group=group,
            outcome="granted",
            decided_by=caseworker,
            organisation=org,
            region=case.region,
        ).pk,
        "closure": ClosureFactory(
            case=case, outcome="goals_met", reason="x", requested_by=caseworker
        ).pk,
        "consent": ConsentFactory(
            case=case,
            categories="identity",
            given_on="2025-01-01",
            valid_until="2099-12-31",
            recorded_by=caseworker,
        ).pk,
        "stay": ShelterStayFactory(
            case=case,
            facility=facility,
            admitted_on="2025-01-01",
            admission_reason="x",
            admitted_by=caseworker,
            region=case.region,
        ).pk,
        "referral": ReferralFactory(
            case=case,
            from_organisation=org,
            to_organisation=other_org,
            reason="x",
            sent_by=caseworker,
            region=case.region,
        ).pk,
        "call": HotlineCallFactory(organisation=org, case=case, recorded_by=caseworker).pk,
        "screening": ScreeningFactory(
            organisation=org, case=case, screened_by=caseworker, status="in_identification"
        ).pk,
        "intake": IntakeFactory(organisation=org, recorded_by=caseworker).pk,
        "order": ProtectiveOrderFactory(
            case=case,
            kind="police_protective",
            issuing_body="x",
            issued_on="2025-01-01",
            valid_from="2025-01-01",
            valid_until="2099-12-31",
            conditions="x",
            respondent_name="x",
            respondent_relationship="spouse",
            recorded_by=caseworker,
            organisation=org,
            region=case.region,
        ).pk,
        "plan": SafetyPlanFactory(
            case=case, steps=["x"], review_due="2099-12-31", created_by=caseworker
        ).pk,
        "facility": facility.pk,
        "transfer": TransferFactory(
            case=case,
            from_organisation=org,
            to_organisation=other_org,
            reason="x",
            requested_by=supervisor,
        ).pk,
    }
    return {
        "users": {"caseworker": caseworker, "supervisor": supervisor},
        "case": case,
        "ids": ids,
        "certification": certification.number,
        "catalog": {
            collection: model.objects.order_by("pk").values_list("code", flat=True).first()
            for collection, model in CATALOG.items()
        },
    }


CATALOG = {
    "regions": Region,
    "groups": AtRiskGroup,
    "service-types": ServiceType,
    "settings": Setting,
    "refusal-reasons": RefusalReason,
    "trafficking-indicators": TraffickingIndicator,
    "standards": Standard,
}

# Which record a web route's <pk> names, by the route's name.
_WEB_PK = (
    ("transfer", "transfer"),
    ("referral", "referral"),
    ("decision", "decision"),
    ("consent", "consent"),
    ("discharge", "stay"),
    ("closure", "closure"),
    ("call", "call"),
    ("screening", "screening"),
    ("violation", "order"),
    ("order", "order"),
    ("safety_plan", "plan"),
)


def real_values(route: Route, seeded: dict) -> dict[str, str]:
    """The path parameters of `route` naming seeded records the signed-in staff may see."""
    case, ids = seeded["case"], seeded["ids"]
    collection = route.template.split("/")[3] if route.api else ""
    values = {}
    for param in route.params:
        if param == "code":
            if route.namespace == "people" or collection == "persons":
                values[param] = case.person.code
            elif route.namespace == "providers" or collection == "organisations":
                values[param] = case.organisation.code
            elif collection == "catalog":
                values[param] = seeded["catalog"][route.template.split("/")[4]]
            else:
                values[param] = case.code
        elif param in ("pk", "id"):
            key = next((key for part, key in _WEB_PK if part in (route.name or "")), "referral")
            if route.api:
                key = {
                    "calls": "call",
                    "screenings": "screening",
                    "intakes": "intake",
                    "facilities": "facility",
                    "transfers": "transfer",
                    "alerts": "referral",
                }.get(collection, "referral")
            values[param] = str(ids[key])
        elif param.endswith("_id") and param[:-3] in ids:
            values[param] = str(ids[param[:-3]])
        elif param == "number":
            values[param] = seeded["certification"]
        elif param == "kind":
            values[param] = "regions"
        elif param == "app_label":
            values[param] = "accounts"
        elif param == "content_type_id":
            values[param] = "1"
        elif param == "object_id":
            values[param] = str(ids["referral"])
        elif param == "url":
            values[param] = "nothing/"
        else:
            values[param] = "1"
    return values


def urls(route: Route, seeded: dict) -> list[str]:
    """The URLs to try on a route: real values, each hostile value in every parameter, NULs
    in the query string, and the format suffixes (after the last parameter and in place of
    the final slash)."""
    real = real_values(route, seeded)
    found = [route.fill(real)]
    if route.namespace == "admin":
        # The administration site answers anyone but an administrator before it reads a
        # parameter: one hostile value is enough there.
        return [*found, route.fill(dict.fromkeys(real, BAD_VALUES[0]))] if real else found
    for bad in BAD_VALUES if route.params else ():
        found.append(route.fill(dict.fromkeys(real, bad)))
    filled = route.fill(real)
    found.append(filled + "?" + "&".join(f"{name}=%00" for name in QUERY_PARAMETERS))
    for suffix in SUFFIXES:
        found.append(filled.rstrip("/") + suffix)
        found.append(filled.rstrip("/") + suffix + "/")
        if route.params:
            last = route.params[-1]
            found.append(route.fill({**real, last: real[last] + suffix}))
    return list(dict.fromkeys(found))
