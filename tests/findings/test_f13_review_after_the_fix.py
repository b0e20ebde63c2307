"""Found by an attacker's review of the fix of issue 8 (not in the issue's list):

1. A receiving organisation shown nothing recorded a service into the owner's case and read,
   in the answer, the plan item and the standard (which names the at-risk group).
2. A receiver without `shelter` learnt from a 409 that the person is in a shelter, and could
   admit them.
3. A restricted group claimed by an eligibility decision did not restrict the case.
4. A person who became a child by an edit or a merge left their cases unrestricted.
5. Pages answering a POST showed records without an access-log entry: the conflict page of an
   edit (what changed since the version sent, any version) and the call log under an invalid
   call form."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from qamqor.audit.models import AccessLogEntry
from qamqor.cases import services, shelter
from qamqor.cases.models import Case, ServiceDelivery, ShelterStay
from qamqor.catalog.models import AtRiskGroup, RefusalReason, Region
from qamqor.people.forms import PersonEditForm
from qamqor.people.services import person_merge, person_update
from tests.factories import (
    CaseFactory,
    CertificationFactory,
    FacilityFactory,
    HotlineCallFactory,
    PersonFactory,
)
from tests.findings.conftest import refer
from tests.helpers import api_client as api

TODAY = timezone.localdate


def _delivery(provider) -> dict:
    return {
        "service_type": "social_legal",
        "provider": provider.code,
        "delivered_on": TODAY().isoformat(),
        "units": 1,
        "outcome": "completed",
    }


def _certify(organisation):
    organisation.regions_served.set([Region.objects.get(code="KZ-71")])
    CertificationFactory(organisation=organisation, service_types=["social_legal", "shelter"])


# 1. Services


@pytest.mark.django_db
def test_a_receiver_shown_no_services_records_none_and_learns_nothing(client, world):
    refer(world, "B", ["identity"])
    b = world["orgs"]["B"]
    _certify(b)
    worker = world["users"]["B_caseworker"]
    case = world["case"]

    answer = api(worker).post(f"/api/v1/cases/{case.code}/deliveries/", _delivery(b))

    assert answer.status_code == 403
    assert "standard" not in answer.content.decode()
    assert not ServiceDelivery.objects.filter(case=case).exists()
    client.force_login(worker)
    assert client.get(reverse("cases:delivery", args=[case.code])).status_code == 403
    page = client.get(reverse("cases:detail", args=[case.code]))
    assert page.status_code == 200
    assert reverse("cases:delivery", args=[case.code]) not in page.content.decode()


@pytest.mark.django_db
def test_a_receiver_whose_referral_shares_services_records_its_own(client, world):
    refer(world, "C", ["services"])
    c = world["orgs"]["C"]
    _certify(c)
    worker = world["users"]["C_caseworker"]

    answer = api(worker).post(f"/api/v1/cases/{world['case'].code}/deliveries/", _delivery(c))

    assert answer.status_code == 201, answer.content
    client.force_login(worker)
    page = client.get(reverse("cases:detail", args=[world["case"].code]))
    assert reverse("cases:delivery", args=[world["case"].code]) in page.content.decode()


@pytest.mark.django_db
def test_withdrawn_consent_stops_a_receiver_recording_services(world):
    refer(world, "C", ["services"])
    c = world["orgs"]["C"]
    _certify(c)
    services.consent_withdraw(actor=world["users"]["A_caseworker"], consent=world["consent"])

    answer = api(world["users"]["C_caseworker"]).post(
        f"/api/v1/cases/{world['case'].code}/deliveries/", _delivery(c)
    )

    assert answer.status_code == 403
    assert not ServiceDelivery.objects.filter(case=world["case"]).exists()


# 2. Shelter


@pytest.mark.django_db
def test_a_receiver_without_shelter_learns_nothing_of_a_stay_and_admits_no_one(client, world):
    a, b = world["orgs"]["A"], world["orgs"]["B"]
    case = world["case"]
    shelter.stay_admit(
        actor=world["users"]["A_caseworker"],
        case=case,
        facility=FacilityFactory(organisation=a),
        admitted_on=TODAY(),
        reason="x",
    )
    refer(world, "B", ["identity", "services"])
    worker = world["users"]["B_caseworker"]
    payload = {
        "facility": FacilityFactory(organisation=b).pk,
        "admitted_on": TODAY().isoformat(),
        "admission_reason": "x",
    }

    answer = api(worker).post(f"/api/v1/cases/{case.code}/stays/", payload, format="json")

    assert answer.status_code == 403  # not the 409 "already staying in a shelter"
    assert ShelterStay.objects.filter(case=case).count() == 1
    client.force_login(worker)
    assert client.get(reverse("cases:admit", args=[case.code])).status_code == 403


@pytest.mark.django_db
def test_a_receiver_whose_referral_shares_the_shelter_admits_to_its_own(world):
    refer(world, "C", ["shelter"])
    facility = FacilityFactory(organisation=world["orgs"]["C"])
    payload = {
        "facility": facility.pk,
        "admitted_on": TODAY().isoformat(),
        "admission_reason": "x",
    }

    answer = api(world["users"]["C_caseworker"]).post(
        f"/api/v1/cases/{world['case'].code}/stays/", payload, format="json"
    )

    assert answer.status_code == 201, answer.content


# 3. A restricted group claimed by a decision


@pytest.mark.django_db
@pytest.mark.parametrize("outcome", ["granted", "refused"])
def test_a_decision_claiming_a_restricted_group_restricts_the_case(org, staff, outcome):
    case = CaseFactory(
        organisation=org, lead_worker=staff["caseworker"], status="assessment", restricted=False
    )
    group = AtRiskGroup.objects.get(code="domestic_violence_victims")
    services.decision_record(
        actor=staff["caseworker"],
        case=case,
        group=group,
        outcome=outcome,
        refusal_reason=RefusalReason.objects.first() if outcome == "refused" else None,
    )

    assert Case.objects.get(pk=case.pk).restricted
    for reader in (staff["operator"], staff["caseworker2"]):
        assert api(reader).get(f"/api/v1/cases/{case.code}/").status_code == 404


# 4. A person who becomes a child


@pytest.mark.django_db
def test_a_person_made_a_child_by_an_edit_restricts_their_cases(org, staff):
    case = CaseFactory(organisation=org, lead_worker=staff["caseworker"], restricted=False)
    person = case.person

    person_update(
        actor=staff["caseworker"],
        person=person,
        version=person.version,
        birth_date=TODAY() - dt.timedelta(days=365 * 10),
    )

    assert Case.objects.get(pk=case.pk).restricted
    assert api(staff["operator"]).get(f"/api/v1/cases/{case.code}/").status_code == 404


@pytest.mark.django_db
def test_a_person_made_a_child_by_a_merge_restricts_their_cases(org, staff):
    case = CaseFactory(
        organisation=org,
        lead_worker=staff["caseworker"],
        restricted=False,
        person=PersonFactory(registered_by=org, birth_year=None),
    )
    child = PersonFactory(
        registered_by=org, birth_year=None, birth_date=TODAY() - dt.timedelta(days=365 * 12)
    )

    person_merge(actor=staff["supervisor"], keep=case.person, merge=child)

    assert Case.objects.get(pk=case.pk).restricted


@pytest.mark.django_db
def test_an_adult_s_edit_restricts_nothing(org, staff):
    case = CaseFactory(organisation=org, lead_worker=staff["caseworker"], restricted=False)
    person = case.person

    person_update(actor=staff["caseworker"], person=person, version=person.version, phone="+7")

    assert not Case.objects.get(pk=case.pk).restricted


# 5. Pages that answer a POST log what they show


def _logged(user, run) -> set[tuple[str, int]]:
    before = set(AccessLogEntry.objects.filter(user=user).values_list("pk", flat=True))
    run()
    return {
        (entry.record_type, entry.record_id)
        for entry in AccessLogEntry.objects.filter(user=user, action="view").exclude(pk__in=before)
        | AccessLogEntry.objects.filter(user=user, action="list").exclude(pk__in=before)
    }


def _form_data(form) -> dict:
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, ""):
            data[name] = value
    return data


@pytest.mark.django_db
def test_the_conflict_page_of_a_person_edit_is_logged(client, org, staff):
    person = PersonFactory(registered_by=org, phone="+77010000001")
    CaseFactory(organisation=org, person=person, lead_worker=staff["caseworker"])
    editor = staff["caseworker"]
    stale = _form_data(PersonEditForm(instance=person, initial={"version": person.version}))
    person_update(actor=editor, person=person, version=person.version, phone="+77010000002")
    client.force_login(editor)

    logged = _logged(editor, lambda: client.post(reverse("people:edit", args=[person.code]), stale))

    assert ("people.person", person.pk) in logged


@pytest.mark.django_db
def test_the_conflict_page_of_a_case_edit_is_logged(client, org, staff):
    case = CaseFactory(organisation=org, lead_worker=staff["caseworker"], summary="first")
    stale = {"summary": case.summary, "groups": [], "version": case.version}
    services.case_update(
        actor=staff["caseworker"], case=case, version=case.version, summary="second"
    )
    client.force_login(staff["caseworker"])

    def post():
        response = client.post(reverse("cases:edit", args=[case.code]), stale)
        assert response.status_code == 412

    assert ("cases.case", case.pk) in _logged(staff["caseworker"], post)


@pytest.mark.django_db
def test_the_call_log_under_an_invalid_call_form_is_logged(client, org, staff):
    call = HotlineCallFactory(organisation=org, recorded_by=staff["operator"])
    client.force_login(staff["operator"])

    def post():
        response = client.post(reverse("protection:calls"), {"topic": "no such topic"})
        assert response.status_code == 400

    assert ("protection.hotlinecall", call.pk) in _logged(staff["operator"], post)
