"""Finding 4 (high): a receiving organisation took the person over. After accepting a
referral, B posted an intake and `POST /api/v1/cases/ {"person": "<code>", …}` → 201: B's
operators then saw the person's phone, B could PATCH the person (changing A's record), and
withdrawing consent no longer removed B's access."""

import pytest

from qamqor.cases import services
from qamqor.cases.models import Case
from tests.findings.conftest import refer, shows_contacts
from tests.helpers import api_client as api


def _b_opens_a_case_for_the_person(world):
    worker = api(world["users"]["B_caseworker"])
    intake = worker.post(
        "/api/v1/intakes/", {"channel": "walk_in", "region": "KZ-71"}, format="json"
    )
    assert intake.status_code == 201, intake.content
    return worker.post(
        "/api/v1/cases/",
        {"intake": intake.json()["id"], "person": world["person"].code},
        format="json",
    )


@pytest.mark.django_db
def test_a_receiver_cannot_attach_the_person_to_a_case_of_its_own(world):
    refer(world, "B", ["identity", "contacts"])
    response = _b_opens_a_case_for_the_person(world)
    assert response.status_code == 400, response.content
    assert "person" in response.json()["fields"]
    assert not Case.objects.filter(organisation=world["orgs"]["B"]).exists()


@pytest.mark.django_db
def test_a_receiver_cannot_change_the_person_or_keep_access_after_consent_is_withdrawn(world):
    refer(world, "B", ["identity", "contacts"])
    _b_opens_a_case_for_the_person(world)
    person = world["person"]
    operator = api(world["users"]["B_operator"])
    assert not shows_contacts(operator.get(f"/api/v1/persons/{person.code}/").content)
    worker = api(world["users"]["B_caseworker"])
    patched = worker.patch(
        f"/api/v1/persons/{person.code}/",
        {"family_name": "Changed"},
        format="json",
        HTTP_IF_MATCH=f'"{person.version}"',
    )
    assert patched.status_code in (403, 404)
    person.refresh_from_db()
    assert person.family_name == "Secretova"
    services.consent_withdraw(actor=world["users"]["A_caseworker"], consent=world["consent"])
    assert worker.get(f"/api/v1/persons/{person.code}/").status_code == 404
