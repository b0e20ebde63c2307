"""Finding 8 (medium): reads not in the access log — the home page (names of up to 50 cases),
`GET /api/v1/intakes/` and `/api/v1/intakes/<id>/` (domestic-violence narratives),
`/cases/referrals/`, `GET /api/v1/referrals/`."""

import pytest
from django.urls import reverse

from qamqor.audit.models import AccessLogEntry
from qamqor.cases import referrals
from tests.factories import CaseFactory, IntakeFactory
from tests.findings.conftest import refer
from tests.helpers import api_client as api


def _logged(user, run) -> set[tuple[str, int]]:
    before = set(AccessLogEntry.objects.filter(user=user).values_list("pk", flat=True))
    run()
    return {
        (entry.record_type, entry.record_id)
        for entry in AccessLogEntry.objects.filter(user=user).exclude(pk__in=before)
    }


@pytest.mark.django_db
def test_the_home_page_logs_the_cases_it_names(client, org, staff):
    case = CaseFactory(organisation=org, lead_worker=staff["caseworker"])
    client.force_login(staff["caseworker"])
    logged = _logged(staff["caseworker"], lambda: client.get(reverse("front:home")))
    assert ("cases.case", case.pk) in logged


@pytest.mark.django_db
def test_the_intake_api_logs_what_it_shows(org, staff):
    intake = IntakeFactory(
        organisation=org, recorded_by=staff["operator"], presenting_problem="beaten at home"
    )
    client = api(staff["operator"])
    listed = _logged(staff["operator"], lambda: client.get("/api/v1/intakes/"))
    shown = _logged(staff["operator"], lambda: client.get(f"/api/v1/intakes/{intake.pk}/"))
    assert ("cases.intake", intake.pk) in listed
    assert ("cases.intake", intake.pk) in shown


@pytest.mark.django_db
def test_the_referral_pages_log_the_cases_they_name(client, world):
    waiting = referrals.referral_send(
        actor=world["users"]["A_caseworker"],
        case=world["case"],
        to_organisation=world["orgs"]["B"],
        reason="needs help",
        shared=["services"],
    )
    receiver = world["users"]["B_supervisor"]
    client.force_login(receiver)
    page = _logged(receiver, lambda: client.get(reverse("cases:incoming")))
    listed = _logged(receiver, lambda: api(receiver).get("/api/v1/referrals/"))
    assert ("cases.case", world["case"].pk) in page
    assert ("cases.case", world["case"].pk) in listed or ("cases.referral", waiting.pk) in listed
    refer(world, "C", ["services"])
    accepted = _logged(
        world["users"]["C_supervisor"],
        lambda: (
            client.force_login(world["users"]["C_supervisor"])
            or client.get(reverse("cases:incoming"))
        ),
    )
    assert ("cases.case", world["case"].pk) in accepted
