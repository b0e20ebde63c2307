"""The pages keep what was typed when something is refused, and show what changed when an
edit was based on a stale version."""

from django.urls import reverse

from qamqor.cases import services
from qamqor.people.services import person_create, person_update
from tests.factories import CaseFactory


def test_a_stale_case_edit_is_refused_showing_what_changed(client, org, staff):
    case = CaseFactory(organisation=org, lead_worker=staff["caseworker"], summary="Original")
    client.force_login(staff["caseworker"])
    form = client.get(reverse("cases:edit", args=[case.code]))
    assert 'name="version" value="1"' in form.content.decode()
    services.case_update(actor=staff["supervisor"], case=case, version=1, summary="Supervisor's")

    response = client.post(
        reverse("cases:edit", args=[case.code]),
        {"summary": "Mine, typed meanwhile", "version": "1"},
    )

    assert response.status_code == 412
    page = response.content.decode()
    assert "Someone else saved this record" in page
    assert "Original" in page and "Supervisor&#x27;s" in page
    assert "Mine, typed meanwhile" in page  # what was typed is kept
    assert 'name="version" value="2"' in page  # a second save is a knowing overwrite
    case.refresh_from_db()
    assert case.summary == "Supervisor's"
    again = client.post(
        reverse("cases:edit", args=[case.code]),
        {"summary": "Mine, typed meanwhile", "version": "2"},
    )
    assert again.status_code == 302
    case.refresh_from_db()
    assert case.summary == "Mine, typed meanwhile"


def test_a_stale_person_edit_is_refused_showing_what_changed(client, org, staff):
    person = person_create(actor=staff["caseworker"], organisation=org, given_name="Aidana").person
    person_update(actor=staff["supervisor"], person=person, version=1, phone="+7 701 000 0000")
    client.force_login(staff["caseworker"])
    response = client.post(
        reverse("people:edit", args=[person.code]),
        {"given_name": "Aida", "sex": "female", "citizenship": "KZ",
         "residence_registration": "unknown", "version": "1"},
    )  # fmt: skip
    assert response.status_code == 412
    page = response.content.decode()
    assert "+7 701 000 0000" in page and 'value="Aida"' in page
    person.refresh_from_db()
    assert person.given_name == "Aidana"


def test_a_refused_new_case_keeps_what_was_typed(client, org, staff, catalog):
    client.force_login(staff["caseworker"])
    response = client.post(
        reverse("cases:new"),
        {"organisation": org.pk, "channel": "walk_in", "received_at": "2026-11-20T10:00",
         "intake_region": org.region_id, "immediate_risk": "none", "given_name": "Saule",
         "family_name": "Omarova", "iin": "900515301235", "age": "30"},
    )  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Saule"' in page and 'value="Omarova"' in page and 'value="30"' in page
    assert "check digit" in page  # the IIN's reason, next to it
    from qamqor.cases.models import Case
    from qamqor.people.models import Person

    assert not Case.objects.exists() and not Person.objects.exists()


def test_duplicates_are_suggested_while_typing(client, org, staff):
    person_create(actor=staff["caseworker"], organisation=org, given_name="Нұрлан",
                  family_name="Сейітов", birth_year=1990)  # fmt: skip
    client.force_login(staff["caseworker"])
    response = client.post(
        reverse("cases:duplicates"),
        {"given_name": "Nurlan", "family_name": "Seitov", "age": "36"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Possible duplicates" in response.content.decode()
    assert client.get(reverse("cases:duplicates")).status_code == 405


def test_a_person_needs_no_identity_at_all(client, org, staff, catalog):
    from qamqor.cases.models import Case

    client.force_login(staff["caseworker"])
    response = client.post(
        reverse("cases:new"),
        {"organisation": org.pk, "channel": "walk_in", "received_at": "2026-11-20T10:00",
         "intake_region": org.region_id, "immediate_risk": "none", "anonymous": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    person = Case.objects.get().person
    assert person.code and not person.given_name and person.sex == "unknown"
    assert person.residence_registration == "unknown"


def test_a_refused_step_comes_back_as_a_message(client, org, staff):
    case = CaseFactory(organisation=org, status="active", lead_worker=staff["caseworker"])
    client.force_login(staff["caseworker"])
    response = client.post(reverse("cases:start_assessment", args=[case.code]), follow=True)
    assert "cannot move" in response.content.decode()
