"""Finding 12 — bad input accepted or badly answered: birth dates in 1800 or 2030, intake times
and shelter admissions years in the future were accepted (then impossible to undo), and the
IIN `12345` answered "Constraint "people_person_iin_digits" is violated." (Back + resubmit is
tested elsewhere.)"""

import pytest
from django.urls import reverse
from django.utils import timezone

from qamqor.cases.models import Case, Intake, ShelterStay
from qamqor.people.models import Person
from tests.factories import CaseFactory
from tests.helpers import api_client, web_client

YEARS_AHEAD = max(2030, timezone.localdate().year + 3)  # the finding's example, years ahead


def _new_case(client, org, **values):
    data = {
        "organisation": org.pk,
        "channel": "walk_in",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "intake_region": org.region_id,
        "immediate_risk": "none",
        "given_name": "Saule",
        **values,
    }
    return client.post(reverse("cases:new"), data)


def _field_errors(response, field):
    return response.context["form"].errors.get(field, [])


@pytest.mark.parametrize("birth_date", ["1800-05-01", f"{YEARS_AHEAD}-05-01"])
def test_an_impossible_birth_date_is_refused_on_the_new_case_form(org, staff, birth_date):
    response = _new_case(web_client(staff["caseworker"]), org, birth_date=birth_date)

    assert response.status_code == 400
    assert _field_errors(response, "birth_date")
    assert not Person.objects.exists() and not Case.objects.exists()


@pytest.mark.parametrize("birth_date", ["1800-05-01", f"{YEARS_AHEAD}-05-01"])
def test_an_impossible_birth_date_is_refused_by_the_api(org, staff, birth_date):
    response = api_client(staff["caseworker"]).post(
        "/api/v1/persons/", {"given_name": "Saule", "birth_date": birth_date}, format="json"
    )

    assert response.status_code == 400, response.content
    assert list(response.json()["fields"]) == ["birth_date"]
    assert not Person.objects.exists()


def test_an_intake_years_ahead_is_refused_by_the_api(org, staff):
    response = api_client(staff["caseworker"]).post(
        "/api/v1/intakes/",
        {"channel": "walk_in", "region": "KZ-71", "received_at": f"{YEARS_AHEAD}-01-01T10:00"},
        format="json",
    )

    assert response.status_code == 400, response.content
    assert response.json()["fields"]["received_at"][0]["message"] == "This time is in the future."
    assert not Intake.objects.exists()


def test_an_intake_years_ahead_is_refused_on_the_new_case_form(org, staff):
    response = _new_case(
        web_client(staff["caseworker"]), org, received_at=f"{YEARS_AHEAD}-01-01T10:00"
    )

    assert response.status_code == 400
    assert _field_errors(response, "received_at") == ["This time is in the future."]
    assert not Intake.objects.exists() and not Person.objects.exists()


@pytest.fixture
def case(org, staff, certified):
    return CaseFactory(organisation=org, lead_worker=staff["caseworker"], status="active")


def test_a_shelter_admission_years_ahead_is_refused_by_the_api(case, staff, certified):
    response = api_client(staff["caseworker"]).post(
        f"/api/v1/cases/{case.code}/stays/",
        {
            "facility": certified["own_shelter"].pk,
            "admitted_on": f"{YEARS_AHEAD}-01-01",
            "admission_reason": "x",
        },
        format="json",
    )

    assert response.status_code == 400, response.content
    assert response.json()["fields"]["admitted_on"][0]["message"] == "This date is in the future."
    assert not ShelterStay.objects.exists()


def test_a_shelter_admission_years_ahead_is_refused_on_the_web_form(case, staff, certified):
    response = web_client(staff["caseworker"]).post(
        reverse("cases:admit", args=[case.code]),
        {
            "facility": certified["own_shelter"].pk,
            "admitted_on": f"{YEARS_AHEAD}-01-01",
            "reason": "x",
        },
    )

    assert response.status_code == 400
    assert _field_errors(response, "admitted_on") == ["This date is in the future."]
    assert not ShelterStay.objects.exists()


def test_a_short_iin_is_answered_at_its_field_on_the_new_case_form(org, staff):
    response = _new_case(web_client(staff["caseworker"]), org, iin="12345")

    assert response.status_code == 400
    assert list(response.context["form"].non_field_errors()) == []  # was the constraint's text
    assert _field_errors(response, "iin") == ["An IIN has exactly 12 digits."]
    assert "Constraint" not in response.content.decode()
    assert not Person.objects.exists() and not Case.objects.exists()


def test_a_short_iin_is_answered_at_its_field_on_the_person_form(org, staff):
    person = CaseFactory(organisation=org, lead_worker=staff["caseworker"]).person
    response = web_client(staff["caseworker"]).post(
        reverse("people:edit", args=[person.code]),
        {"iin": "12345", "version": person.version, "given_name": "Saule"},
    )

    assert response.status_code == 400
    assert list(response.context["form"].non_field_errors()) == []  # was the constraint's text
    assert _field_errors(response, "iin") == ["An IIN has exactly 12 digits."]
    assert "Constraint" not in response.content.decode()
    person.refresh_from_db()
    assert person.iin == "" and person.given_name == "Aidana"


def test_a_short_iin_is_answered_at_its_field_by_the_api(org, staff):
    response = api_client(staff["caseworker"]).post(
        "/api/v1/persons/", {"given_name": "Saule", "iin": "12345"}, format="json"
    )

    assert response.status_code == 400, response.content
    assert response.json()["fields"] == {
        "iin": [{"code": "iin_format", "message": "An IIN has exactly 12 digits."}]
    }
    assert not Person.objects.exists()
