"""Plausible dates and IINs (qamqor.core.validators, applied in the models' clean()): a birth
date between 1900 and today; an event's time at most 5 minutes ahead and its date not after
today (in settings.TIME_ZONE); an IIN's errors at the `iin` field. Each rule family through a
service, a web form and an API endpoint: refused at the field, nothing saved."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from qamqor.cases import planning, services, shelter
from qamqor.cases.models import (
    Case,
    Closure,
    Consent,
    EligibilityDecision,
    Intake,
    NeedsAssessment,
    ServiceDelivery,
    ShelterStay,
)
from qamqor.core import validators
from qamqor.people.models import Person
from qamqor.people.services import person_create
from qamqor.protection import services as protection_services
from qamqor.protection.models import (
    HotlineCall,
    Identification,
    OrderViolation,
    ProtectiveOrder,
    RiskAssessment,
    Screening,
)
from tests.factories import CaseFactory, ClosureFactory, PersonFactory
from tests.helpers import api_client, web_client

ALMATY = ZoneInfo("Asia/Almaty")


def _today():
    return timezone.localdate()


def _tomorrow():
    return _today() + dt.timedelta(days=1)


def _in_an_hour():
    return timezone.now() + dt.timedelta(hours=1)


def _refused_at(response, field, message):
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "validation_error"
    assert [item["message"] for item in body["fields"][field]] == [message]


def _form_refused_at(response, field, message):
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]


# The rules


def test_it_accepts_birth_dates_from_1900_to_today():
    for day in (dt.date(1900, 1, 1), dt.date(1985, 6, 30), _today()):
        validators.validate_birth_date(day)


@pytest.mark.parametrize(
    ("day", "code"),
    [(dt.date(1899, 12, 31), "date_too_early"), (dt.date(1800, 1, 1), "date_too_early")],
)
def test_it_refuses_a_birth_date_before_1900(day, code):
    with pytest.raises(ValidationError) as raised:
        validators.validate_birth_date(day)
    assert raised.value.code == code


def test_it_refuses_a_birth_date_in_the_future():
    with pytest.raises(ValidationError) as raised:
        validators.validate_birth_date(_tomorrow())
    assert raised.value.code == "future_date"
    assert raised.value.messages == ["A birth date cannot be in the future."]


def test_it_allows_an_event_five_minutes_ahead_for_clocks_that_differ():
    validators.validate_event(timezone.now() + dt.timedelta(minutes=4))
    validators.validate_event(timezone.now() - dt.timedelta(days=3650))
    with pytest.raises(ValidationError) as raised:
        validators.validate_event(timezone.now() + dt.timedelta(minutes=6))
    assert raised.value.code == "future_time"


def test_it_allows_an_event_today_but_not_tomorrow():
    validators.validate_event(_today())
    with pytest.raises(ValidationError) as raised:
        validators.validate_event(_tomorrow())
    assert raised.value.code == "future_date"


def test_it_reads_today_in_the_deployment_s_time_zone(monkeypatch, settings):
    """At 01:00 in Almaty it is still yesterday in UTC: an event dated today in Almaty is
    allowed, tomorrow is not — also when the request runs in another time zone."""
    assert settings.TIME_ZONE == "Asia/Almaty"
    moment = dt.datetime(2026, 6, 11, 1, 0, tzinfo=ALMATY)
    monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(dt.UTC))
    with timezone.override("UTC"):
        validators.validate_event(dt.date(2026, 6, 11))
        validators.validate_birth_date(dt.date(2026, 6, 11))
        with pytest.raises(ValidationError):
            validators.validate_event(dt.date(2026, 6, 12))


def test_it_reads_a_naive_time_in_the_deployment_s_time_zone():
    naive = timezone.localtime(timezone.now(), ALMATY).replace(tzinfo=None)
    validators.validate_event(naive + dt.timedelta(minutes=4))
    with pytest.raises(ValidationError):
        validators.validate_event(naive + dt.timedelta(minutes=6))


EVENT_FIELDS = [
    (Intake, "received_at"),
    (Case, "opened_at"),
    (HotlineCall, "received_at"),
    (Screening, "screened_at"),
    (ShelterStay, "admitted_on"),
    (ShelterStay, "discharged_on"),
    (ServiceDelivery, "delivered_on"),
    (NeedsAssessment, "assessed_on"),
    (EligibilityDecision, "decided_on"),
    (Consent, "given_on"),
    (Closure, "followup_done_on"),
    (Identification, "decided_on"),
    (ProtectiveOrder, "issued_on"),
    (ProtectiveOrder, "revoked_on"),
    (OrderViolation, "occurred_on"),
    (RiskAssessment, "assessed_on"),
]


@pytest.mark.parametrize(("model", "field"), EVENT_FIELDS)
def test_every_event_is_checked_in_its_model_s_clean(model, field):
    is_time = model._meta.get_field(field).get_internal_type() == "DateTimeField"
    ahead = _in_an_hour() if is_time else _tomorrow()
    past = timezone.now() - dt.timedelta(days=1) if is_time else _today()
    model(**{field: past}).clean()
    with pytest.raises(ValidationError) as raised:
        model(**{field: ahead}).clean()
    assert list(raised.value.error_dict) == [field]


def test_validity_and_due_dates_may_be_in_the_future():
    Consent(given_on=_today(), valid_until=_tomorrow()).clean()
    ProtectiveOrder(issued_on=_today(), valid_from=_today(), valid_until=_tomorrow()).clean()
    Closure(followup_due=_tomorrow()).clean()


def test_the_person_s_clean_checks_the_birth_date_and_the_iin():
    with pytest.raises(ValidationError) as raised:
        Person(birth_date=dt.date(1800, 1, 1), iin="12345").clean()
    assert set(raised.value.error_dict) == {"birth_date", "iin"}
    Person(birth_date=dt.date(1990, 5, 15), iin="900515301234").clean()


# Through the services


def test_person_create_refuses_a_birth_date_before_1900(member, org):
    with pytest.raises(ValidationError) as raised:
        person_create(actor=member("caseworker"), organisation=org, birth_date=dt.date(1899, 1, 1))
    assert raised.value.message_dict == {"birth_date": ["A birth date cannot be before 1900."]}
    assert not Person.objects.exists()


def test_intake_create_refuses_a_time_in_the_future(org, staff):
    with pytest.raises(ValidationError) as raised:
        services.intake_create(
            actor=staff["caseworker"],
            organisation=org,
            channel="walk_in",
            region=org.region,
            received_at=_in_an_hour(),
        )
    assert raised.value.message_dict == {"received_at": ["This time is in the future."]}
    assert not Intake.objects.exists()


def test_call_log_refuses_a_time_in_the_future(org, staff):
    with pytest.raises(ValidationError) as raised:
        protection_services.call_log(
            actor=staff["operator"],
            organisation=org,
            topic="domestic_violence",
            language="ru",
            received_at=_in_an_hour(),
        )
    assert raised.value.message_dict == {"received_at": ["This time is in the future."]}
    assert not HotlineCall.objects.exists()


@pytest.fixture
def case(org, staff, certified):
    return CaseFactory(organisation=org, lead_worker=staff["caseworker"], status="active")


def test_stay_admit_refuses_an_admission_in_the_future(case, staff, certified):
    with pytest.raises(ValidationError) as raised:
        shelter.stay_admit(
            actor=staff["caseworker"],
            case=case,
            facility=certified["own_shelter"],
            admitted_on=_tomorrow(),
            reason="x",
        )
    assert raised.value.message_dict == {"admitted_on": ["This date is in the future."]}
    assert not ShelterStay.objects.exists()


def test_assessment_record_refuses_a_date_in_the_future(case, staff):
    with pytest.raises(ValidationError) as raised:
        planning.assessment_record(
            actor=staff["caseworker"], case=case, needs={"safety": (3, "")}, on=_tomorrow()
        )
    assert raised.value.message_dict == {"assessed_on": ["This date is in the future."]}
    assert not NeedsAssessment.objects.exists()


def test_followup_record_refuses_a_date_in_the_future(case, staff):
    closure = ClosureFactory(
        case=case, outcome="goals_met", reason="x", requested_by=staff["caseworker"]
    )
    Closure.objects.filter(pk=closure.pk).update(approval="approved")
    closure.refresh_from_db()
    with pytest.raises(ValidationError) as raised:
        services.followup_record(actor=staff["caseworker"], closure=closure, on=_tomorrow())
    assert raised.value.message_dict == {"followup_done_on": ["This date is in the future."]}
    closure.refresh_from_db()
    assert closure.followup_done_on is None


def test_the_protection_services_use_the_shared_rule(case, staff):
    with pytest.raises(ValidationError) as raised:
        protection_services.risk_assess(
            actor=staff["caseworker"], case=case, answers={}, on=_tomorrow()
        )
    assert raised.value.message_dict == {"assessed_on": ["This date is in the future."]}
    assert raised.value.error_dict["assessed_on"][0].code == "future_date"
    assert not RiskAssessment.objects.exists()


def test_person_create_refuses_a_short_iin_at_its_field(member, org):
    with pytest.raises(ValidationError) as raised:
        person_create(actor=member("caseworker"), organisation=org, iin="12345")
    assert raised.value.message_dict == {"iin": ["An IIN has exactly 12 digits."]}
    assert not Person.objects.exists()


# Through the web forms


def test_the_person_form_refuses_a_birth_date_in_the_future(org, staff):
    person = CaseFactory(organisation=org, lead_worker=staff["caseworker"]).person
    response = web_client(staff["caseworker"]).post(
        reverse("people:edit", args=[person.code]),
        {"birth_date": _tomorrow().isoformat(), "version": person.version},
    )
    _form_refused_at(response, "birth_date", "A birth date cannot be in the future.")
    person.refresh_from_db()
    assert person.birth_date is None and person.version == 1


def test_the_call_form_refuses_a_time_in_the_future(org, staff):
    ahead = timezone.localtime(_in_an_hour()).strftime("%Y-%m-%dT%H:%M")
    response = web_client(staff["operator"]).post(
        reverse("protection:calls"),
        {"topic": "domestic_violence", "received_at": ahead, "language": "ru"},
    )
    _form_refused_at(response, "received_at", "This time is in the future.")
    assert not HotlineCall.objects.exists()


def test_the_order_form_refuses_an_issue_date_in_the_future(case, staff):
    tomorrow = _tomorrow().isoformat()
    response = web_client(staff["caseworker"]).post(
        reverse("protection:order_new", args=[case.code]),
        {
            "kind": "police_protective",
            "issuing_body": "Police of Astana",
            "issued_on": tomorrow,
            "valid_from": tomorrow,
            "valid_until": (_today() + dt.timedelta(days=30)).isoformat(),
            "conditions": "No contact.",
            "respondent_name": "R. Respondent",
            "respondent_relationship": "spouse",
        },
    )
    _form_refused_at(response, "issued_on", "This date is in the future.")
    assert not ProtectiveOrder.objects.exists()


def test_the_new_case_form_puts_a_wrong_check_digit_at_the_iin(org, staff):
    response = web_client(staff["caseworker"]).post(
        reverse("cases:new"),
        {
            "organisation": org.pk,
            "channel": "walk_in",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "intake_region": org.region_id,
            "immediate_risk": "none",
            "iin": "900515301235",
        },
    )
    _form_refused_at(response, "iin", "The IIN's check digit is wrong.")
    assert list(response.context["form"].non_field_errors()) == []
    assert not Person.objects.exists() and not Case.objects.exists()


# Through the API


def test_the_api_refuses_a_birth_date_in_the_future(org, staff):
    person = PersonFactory(registered_by=org)
    CaseFactory(organisation=org, person=person, lead_worker=staff["caseworker"])
    response = api_client(staff["caseworker"]).patch(
        f"/api/v1/persons/{person.code}/",
        {"birth_date": _tomorrow().isoformat()},
        format="json",
        HTTP_IF_MATCH=f'"{person.version}"',
    )
    _refused_at(response, "birth_date", "A birth date cannot be in the future.")
    person.refresh_from_db()
    assert person.birth_date is None and person.version == 1


def test_the_api_refuses_a_call_in_the_future(org, staff):
    response = api_client(staff["operator"]).post(
        "/api/v1/calls/",
        {"topic": "domestic_violence", "language": "ru", "received_at": _in_an_hour().isoformat()},
        format="json",
    )
    _refused_at(response, "received_at", "This time is in the future.")
    assert not HotlineCall.objects.exists()


def test_the_api_refuses_a_delivery_in_the_future(case, org, staff):
    response = api_client(staff["caseworker"]).post(
        f"/api/v1/cases/{case.code}/deliveries/",
        {
            "service_type": "social_psychological",
            "provider": org.code,
            "delivered_on": _tomorrow().isoformat(),
            "units": 1,
            "outcome": "completed",
        },
        format="json",
    )
    _refused_at(response, "delivered_on", "This date is in the future.")
    assert not ServiceDelivery.objects.exists()


def test_the_api_puts_a_wrong_check_digit_at_the_iin(org, staff):
    response = api_client(staff["caseworker"]).post(
        "/api/v1/persons/", {"iin": "900515301235"}, format="json"
    )
    _refused_at(response, "iin", "The IIN's check digit is wrong.")
    assert not Person.objects.exists()
