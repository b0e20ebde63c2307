"""Finding 3 (high): contacts leaked. B, shared `identity` only (no `contacts`): the case API
hid phone and address, but the person routes (API detail, search, web page) returned them."""

import pytest
from django.urls import reverse

from tests.findings.conftest import refer, shows_contacts, shows_identity
from tests.helpers import api_client as api


@pytest.mark.django_db
def test_identity_without_contacts_shows_no_phone_or_address_on_any_person_route(world):
    refer(world, "B", ["identity"])
    user = world["users"]["B_caseworker"]
    person = world["person"]
    client = api(user)
    responses = {
        "API detail": client.get(f"/api/v1/persons/{person.code}/"),
        "API search": client.post("/api/v1/persons/search/", {"name": "Secretova"}, format="json"),
        "API list": client.get("/api/v1/persons/"),
        "web page": client.get(reverse("people:detail", args=[person.code])),
        "web search": client.post(reverse("people:search"), {"name": "Secretova"}),
        "case API": client.get(f"/api/v1/cases/{world['case'].code}/"),
        "case page": client.get(reverse("cases:detail", args=[world["case"].code])),
    }
    assert responses["API detail"].status_code == 200
    assert shows_identity(responses["API detail"].content)  # identity is shared
    leaking = [name for name, response in responses.items() if shows_contacts(response.content)]
    assert leaking == []
    detail = responses["API detail"].json()
    assert "phone" not in detail and "address" not in detail


@pytest.mark.django_db
def test_identity_and_contacts_show_them(world):
    refer(world, "B", ["identity", "contacts"])
    response = api(world["users"]["B_caseworker"]).get(f"/api/v1/persons/{world['person'].code}/")
    assert response.status_code == 200 and shows_contacts(response.content)
