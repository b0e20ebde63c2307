"""Create forms save once (qamqor.core.once): the form page's URL carries a token, and a second
submit of the same form shows what the first made instead of making it again."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from qamqor.cases.models import Case, Consent
from qamqor.core.models import FormToken
from qamqor.people.models import Person
from tests.factories import CaseFactory


def _token_url(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert re.fullmatch(rf"{re.escape(url)}\?once=[0-9a-f]{{32}}", response.url), response.url
    return response.url


def _new_case_data(org):
    return {
        "organisation": org.pk,
        "channel": "walk_in",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "intake_region": org.region_id,
        "immediate_risk": "none",
        "family_name": "Oncealiyeva",
    }


def test_it_gives_a_form_page_a_token_before_showing_it(client, staff):
    client.force_login(staff["caseworker"])
    url = _token_url(client, reverse("cases:new"))
    assert client.get(url).status_code == 200
    # A malformed token is replaced, not used.
    assert client.get(reverse("cases:new") + "?once=x' or 1=1").status_code == 302


def test_a_second_submit_of_the_same_new_case_form_shows_the_first_case(client, org, staff):
    client.force_login(staff["caseworker"])
    url = _token_url(client, reverse("cases:new"))
    first = client.post(url, _new_case_data(org))
    case = Case.objects.get()
    assert first.url == reverse("cases:detail", args=[case.code])
    again = client.post(url, _new_case_data(org), follow=True)
    assert again.redirect_chain[0][0] == first.url
    assert "already saved" in again.content.decode()
    assert Case.objects.count() == 1 and Person.objects.count() == 1
    # A new form (a new token) opens a new case.
    client.post(_token_url(client, reverse("cases:new")), _new_case_data(org))
    assert Case.objects.count() == 2


def test_a_case_form_saves_once(client, org, staff):
    case = CaseFactory(organisation=org, lead_worker=staff["caseworker"])
    client.force_login(staff["caseworker"])
    url = _token_url(client, reverse("cases:consent", args=[case.code]))
    today = timezone.localdate().isoformat()
    data = {"categories": ["identity"], "given_on": today, "valid_until": today}
    for _ in range(2):
        assert client.post(url, data).status_code == 302
    assert Consent.objects.filter(case=case).count() == 1


def test_a_form_that_failed_can_be_corrected_and_saved_with_its_token(client, org, staff):
    client.force_login(staff["caseworker"])
    url = _token_url(client, reverse("cases:new"))
    assert client.post(url, {**_new_case_data(org), "intake_region": ""}).status_code == 400
    assert not FormToken.objects.exists()
    assert client.post(url, _new_case_data(org)).status_code == 302
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_a_token_is_the_users_own(client, org, staff):
    client.force_login(staff["caseworker"])
    url = _token_url(client, reverse("cases:new"))
    client.post(url, _new_case_data(org))
    client.force_login(staff["supervisor"])
    response = client.post(url, _new_case_data(org))
    assert response.status_code == 302  # another user's token is not theirs: a new case
    assert Case.objects.count() == 2
