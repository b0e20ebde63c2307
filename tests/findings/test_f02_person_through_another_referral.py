"""Finding 2 (high): a person was unlocked through another organisation's referral. With a
referral to B sharing identity and one to C sharing services only, both accepted, C read the
person's names, IIN, phone and address — also when B's referral had been declined."""

import pytest
from django.urls import reverse

from qamqor.cases import referrals
from tests.findings.conftest import refer, shows_contacts, shows_identity
from tests.helpers import api_client as api


def _c_reaches_the_person(world) -> list[str]:
    """Every route by which C's case worker (who accepted the services-only referral) sees
    the person's identity or contacts."""
    user = world["users"]["C_caseworker"]
    person = world["person"]
    client = api(user)
    leaks = []
    detail = client.get(f"/api/v1/persons/{person.code}/")
    if detail.status_code != 404:
        leaks.append(f"API detail {detail.status_code}")
    found = client.post("/api/v1/persons/search/", {"name": "Secretova"}, format="json")
    if shows_identity(found.content) or shows_contacts(found.content):
        leaks.append("API search")
    listed = client.get("/api/v1/persons/")
    if shows_identity(listed.content) or shows_contacts(listed.content):
        leaks.append("API list")
    page = client.get(reverse("people:detail", args=[person.code]))
    if page.status_code != 404:
        leaks.append(f"web person page {page.status_code}")
    search = client.post(reverse("people:search"), {"name": "Secretova"})  # the box echoes it
    if person.code in search.content.decode() or shows_contacts(search.content):
        leaks.append("web search")
    return leaks


@pytest.mark.django_db
def test_a_services_only_referral_does_not_unlock_the_person(world):
    refer(world, "B", ["identity"])
    refer(world, "C", ["services"])
    assert _c_reaches_the_person(world) == []


@pytest.mark.django_db
def test_a_declined_identity_referral_unlocks_nothing_for_another_organisation(world):
    to_b = refer(world, "B", ["identity"], accept=False)
    referrals.referral_decline(actor=world["users"]["B_caseworker"], referral=to_b, reason="full")
    refer(world, "C", ["services"])
    assert _c_reaches_the_person(world) == []


@pytest.mark.django_db
def test_the_organisation_whose_referral_shares_identity_still_sees_it(world):
    refer(world, "B", ["identity"])
    refer(world, "C", ["services"])
    response = api(world["users"]["B_caseworker"]).get(f"/api/v1/persons/{world['person'].code}/")
    assert response.status_code == 200
    assert response.json()["family_name"] == "Secretova"
