"""The rules of a case's life: the status flow, approvals, the plan against the standards,
deliveries against certification, referrals against consent, shelter capacity."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from qamqor.cases import planning, referrals, services, shelter
from qamqor.cases.access import find_case
from qamqor.cases.models import Case, EligibilityDecision
from qamqor.catalog.models import AtRiskGroup, RefusalReason, Region, ServiceType
from qamqor.core.errors import ApplicationError, ConflictError, InvalidTransitionError
from tests.factories import CaseFactory, FacilityFactory

TODAY = timezone.localdate


@pytest.fixture
def trafficking(catalog):
    return AtRiskGroup.objects.get(code="trafficking_victims")


@pytest.fixture
def new_case(org, staff):
    return CaseFactory(organisation=org, status="intake", lead_worker=staff["caseworker"])


def _active_case(org, staff, group):
    case = CaseFactory(organisation=org, status="assessment", lead_worker=staff["caseworker"])
    decision = services.decision_record(
        actor=staff["caseworker"], case=case, group=group, outcome="granted"
    )
    services.decision_approve(actor=staff["supervisor"], decision=decision)
    case.refresh_from_db()
    return case


@pytest.fixture
def active_case(org, staff, trafficking, certified):
    return _active_case(org, staff, trafficking)


# The status flow


def test_the_flow_allows_exactly_its_moves():
    moves = {status: sorted(targets) for status, targets in Case.TRANSITIONS.items()}
    assert moves == {
        "intake": ["assessment", "closed"],
        "assessment": ["closed", "eligibility"],
        "eligibility": ["active", "closed"],
        "active": ["closed"],
        "closed": ["assessment"],
    }


def test_illegal_steps_are_refused_and_change_nothing(new_case, staff, trafficking):
    worker = staff["caseworker"]
    with pytest.raises(InvalidTransitionError):
        services.decision_record(actor=worker, case=new_case, group=trafficking, outcome="granted")
    with pytest.raises(InvalidTransitionError):
        planning.plan_create(actor=worker, case=new_case, items=[])
    with pytest.raises(InvalidTransitionError):
        services.case_reopen(actor=worker, case=new_case, reason="why")
    services.case_start_assessment(actor=worker, case=new_case)
    with pytest.raises(InvalidTransitionError):
        services.case_start_assessment(actor=worker, case=new_case)
    new_case.refresh_from_db()
    assert new_case.status == "assessment"
    assert list(new_case.events.values_list("kind", flat=True)) == ["status"]


def test_an_illegal_step_answers_409_in_the_error_shape(new_case, staff):
    client = APIClient()
    client.force_login(staff["caseworker"])
    response = client.post(f"/api/v1/cases/{new_case.code}/reopen/", {"reason": "x"})
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    assert response.json()["message"] == "Only a closed case can be reopened."


def test_a_closed_case_takes_no_services_until_reopened(active_case, staff, org):
    closure = services.closure_request(
        actor=staff["caseworker"], case=active_case, outcome="goals_met", reason="ok"
    )
    services.closure_approve(actor=staff["supervisor"], closure=closure)
    active_case.refresh_from_db()
    with pytest.raises(InvalidTransitionError):
        planning.delivery_record(
            actor=staff["caseworker"],
            case=active_case,
            service_type=ServiceType.objects.get(code="social_psychological"),
            provider=org,
            delivered_on=TODAY(),
            units=1,
        )


# Approvals


def test_decisions_and_closures_need_a_supervisor_who_did_not_make_them(active_case, staff):
    worker, supervisor = staff["caseworker"], staff["supervisor"]
    closure = services.closure_request(actor=worker, case=active_case, outcome="moved", reason="x")
    with pytest.raises(PermissionDenied):
        services.closure_approve(actor=worker, closure=closure)
    services.closure_reject(actor=supervisor, closure=closure, note="not yet")
    own = services.closure_request(actor=supervisor, case=active_case, outcome="moved", reason="x")
    with pytest.raises(ApplicationError) as raised:
        services.closure_approve(actor=supervisor, closure=own)
    assert raised.value.code == "four_eyes"


def test_a_refusal_needs_a_coded_reason_and_documentation_reasons_are_flagged(staff, org, catalog):
    case = CaseFactory(organisation=org, status="assessment", lead_worker=staff["caseworker"])
    homeless = AtRiskGroup.objects.get(code="homeless")
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=staff["caseworker"], case=case, group=homeless, outcome="refused"
        )
    decision = services.decision_record(
        actor=staff["caseworker"],
        case=case,
        group=homeless,
        outcome="refused",
        refusal_reason=RefusalReason.objects.get(code="no_residence_registration"),
    )
    assert decision.rights_concern
    other = services.decision_record(
        actor=staff["caseworker"],
        case=case,
        group=AtRiskGroup.objects.get(code="elderly"),
        outcome="refused",
        refusal_reason=RefusalReason.objects.get(code="not_in_target_group"),
    )
    assert not other.rights_concern


def test_a_granted_restricted_group_restricts_the_case(staff, org, trafficking):
    case = CaseFactory(organisation=org, status="assessment", lead_worker=staff["caseworker"])
    assert not case.restricted
    decision = services.decision_record(
        actor=staff["caseworker"], case=case, group=trafficking, outcome="granted"
    )
    services.decision_approve(actor=staff["supervisor"], decision=decision)
    case.refresh_from_db()
    assert case.restricted and case.status == "active"


def test_a_childs_case_is_restricted(staff, org, catalog):
    from qamqor.people.services import person_create
    from tests.factories import IntakeFactory

    child = person_create(
        actor=staff["caseworker"], organisation=org, birth_date=TODAY() - dt.timedelta(days=3650)
    ).person
    intake = IntakeFactory(organisation=org)
    case = services.case_open(actor=staff["caseworker"], intake=intake, person=child)
    assert case.restricted


# The plan


def test_the_plan_is_proposed_from_the_standards_of_the_granted_groups(active_case, org):
    proposal = {item.service_type.code: item for item in planning.propose_plan(active_case)}
    assert set(proposal) == {
        "shelter",
        "social_psychological",
        "social_legal",
        "social_medical",
        "social_household",
    }
    legal = proposal["social_legal"]
    assert legal.standard.group.code == "trafficking_victims"
    assert legal.units == legal.standard.min_units
    assert legal.due_on == TODAY() + dt.timedelta(days=legal.standard.days_to_first_service)
    assert legal.provider == org
    assert proposal["social_household"].provider is None  # no one certified for it here


def test_a_deviation_from_the_standard_needs_a_reason(active_case, staff):
    item = next(
        item
        for item in planning.propose_plan(active_case)
        if item.service_type.code == "social_psychological"
    )
    item.units = item.standard.max_units + 5
    with pytest.raises(ValidationError) as raised:
        planning.plan_create(actor=staff["caseworker"], case=active_case, items=[item])
    assert "items.0.deviation_reason" in raised.value.message_dict
    item.deviation_reason = "Severe trauma; psychiatrist's recommendation"
    plan = planning.plan_create(actor=staff["caseworker"], case=active_case, items=[item])
    assert plan.items.get().deviation_reason


def test_a_new_plan_supersedes_the_old_one(active_case, staff):
    items = planning.propose_plan(active_case)
    first = planning.plan_create(actor=staff["caseworker"], case=active_case, items=items)
    second = planning.plan_create(actor=staff["caseworker"], case=active_case, items=items)
    first.refresh_from_db()
    assert not first.is_current and second.is_current


# Deliveries


def test_an_uncertified_provider_cannot_be_recorded_as_delivering(active_case, staff, catalog):
    from tests.factories import OrganisationFactory

    uncertified = OrganisationFactory(code="uncertified")
    with pytest.raises(ValidationError) as raised:
        planning.delivery_record(
            actor=staff["caseworker"],
            case=active_case,
            service_type=ServiceType.objects.get(code="social_psychological"),
            provider=uncertified,
            delivered_on=TODAY(),
            units=1,
        )
    assert raised.value.error_dict["provider"][0].code == "provider_not_certified"
    assert not active_case.deliveries.exists()


def test_an_uncertified_provider_gets_400_naming_the_field_through_the_api(
    active_case, staff, catalog
):
    from tests.factories import OrganisationFactory

    OrganisationFactory(code="uncertified")
    client = APIClient()
    client.force_login(staff["caseworker"])
    response = client.post(
        f"/api/v1/cases/{active_case.code}/deliveries/",
        {
            "service_type": "social_psychological",
            "provider": "uncertified",
            "delivered_on": TODAY().isoformat(),
            "units": 1,
            "outcome": "completed",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["fields"]["provider"][0]["code"] == "provider_not_certified"


def test_a_provider_certified_for_another_type_or_region_cannot_deliver(active_case, staff, org):
    with pytest.raises(ValidationError):
        planning.delivery_record(
            actor=staff["caseworker"],
            case=active_case,
            service_type=ServiceType.objects.get(code="social_household"),
            provider=org,
            delivered_on=TODAY(),
            units=1,
        )
    active_case.region = Region.objects.get(code="KZ-75")
    active_case.save()
    with pytest.raises(ValidationError):
        planning.delivery_record(
            actor=staff["caseworker"],
            case=active_case,
            service_type=ServiceType.objects.get(code="social_psychological"),
            provider=org,
            delivered_on=TODAY(),
            units=1,
        )


def test_waiting_time_and_scope_are_judged_against_the_standard(active_case, staff, org):
    psychological = ServiceType.objects.get(code="social_psychological")
    item = next(i for i in planning.propose_plan(active_case) if i.service_type == psychological)
    item.requested_on = TODAY() - dt.timedelta(days=5)
    item.due_on = item.requested_on + dt.timedelta(days=1)
    plan = planning.plan_create(actor=staff["caseworker"], case=active_case, items=[item])
    plan_item = plan.items.get()
    standard = plan_item.standard

    def deliver(units):
        return planning.delivery_record(
            actor=staff["caseworker"],
            case=active_case,
            service_type=psychological,
            provider=org,
            delivered_on=TODAY(),
            units=units,
            plan_item=plan_item,
        )

    first = deliver(standard.max_units - 1)
    assert first.waiting_days == 5 and first.within_waiting_standard is False
    assert first.within_scope_standard is True
    second = deliver(2)
    assert second.waiting_days is None and second.within_scope_standard is False
    plan_item.refresh_from_db()
    assert plan_item.first_delivered_on == TODAY()


# Referrals and consent


def test_a_referral_shares_only_what_consent_allows(active_case, staff, other_org):
    worker = staff["caseworker"]
    with pytest.raises(ValidationError) as raised:
        referrals.referral_send(
            actor=worker,
            case=active_case,
            to_organisation=other_org,
            reason="x",
            shared=["identity"],
        )
    assert raised.value.error_dict["shared"][0].code == "no_consent"
    services.consent_record(
        actor=worker,
        case=active_case,
        categories=["identity"],
        recipient=other_org,
        given_on=TODAY(),
        valid_until=TODAY() + dt.timedelta(days=30),
    )
    with pytest.raises(ValidationError):
        referrals.referral_send(
            actor=worker,
            case=active_case,
            to_organisation=other_org,
            reason="x",
            shared=["identity", "contacts"],
        )
    referral = referrals.referral_send(
        actor=worker, case=active_case, to_organisation=other_org, reason="x", shared=["identity"]
    )
    assert referral.shared_set == {"identity"}


def test_consent_for_one_organisation_does_not_cover_another(active_case, staff, other_org):
    from tests.factories import OrganisationFactory

    services.consent_record(
        actor=staff["caseworker"],
        case=active_case,
        categories=["identity"],
        recipient=other_org,
        given_on=TODAY(),
        valid_until=TODAY() + dt.timedelta(days=30),
    )
    with pytest.raises(ValidationError):
        referrals.referral_send(
            actor=staff["caseworker"],
            case=active_case,
            to_organisation=OrganisationFactory(code="third"),
            reason="x",
            shared=["identity"],
        )


def test_withdrawing_consent_stops_what_referrals_share(active_case, staff, other_org):
    worker = staff["caseworker"]
    consent = services.consent_record(
        actor=worker,
        case=active_case,
        categories=["identity", "services"],
        given_on=TODAY(),
        valid_until=TODAY() + dt.timedelta(days=30),
    )
    referral = referrals.referral_send(
        actor=worker,
        case=active_case,
        to_organisation=other_org,
        reason="x",
        shared=["identity", "services"],
    )
    referrals.referral_accept(actor=staff["other_caseworker"], referral=referral)
    receiver = staff["other_caseworker"]
    assert find_case(receiver, active_case.code).shared == {"identity", "services"}
    services.consent_withdraw(actor=worker, consent=consent)
    assert find_case(receiver, active_case.code).shared == set()
    # What was asked stays on the referral; the consent decides, when the case is read.
    referral.refresh_from_db()
    assert referral.shared_set == {"identity", "services"}
    services.consent_record(
        actor=worker,
        case=active_case,
        categories=["services"],
        given_on=TODAY(),
        valid_until=TODAY() + dt.timedelta(days=30),
    )
    assert find_case(receiver, active_case.code).shared == {"services"}


def test_the_referral_flow_refuses_illegal_answers(active_case, staff, other_org):
    referral = referrals.referral_send(
        actor=staff["caseworker"], case=active_case, to_organisation=other_org, reason="x"
    )
    with pytest.raises(PermissionDenied):
        referrals.referral_accept(actor=staff["caseworker"], referral=referral)
    referrals.referral_decline(actor=staff["other_caseworker"], referral=referral, reason="full")
    with pytest.raises(InvalidTransitionError):
        referrals.referral_accept(actor=staff["other_caseworker"], referral=referral)


def test_expiring_consents_are_listed_for_the_worker(active_case, staff):
    from qamqor.cases.selectors import expiring_consents, my_cases

    soon = services.consent_record(
        actor=staff["caseworker"],
        case=active_case,
        categories=["identity"],
        given_on=TODAY(),
        valid_until=TODAY() + dt.timedelta(days=10),
    )
    services.consent_record(
        actor=staff["caseworker"],
        case=active_case,
        categories=["services"],
        given_on=TODAY(),
        valid_until=TODAY() + dt.timedelta(days=300),
    )
    assert list(expiring_consents(my_cases(staff["caseworker"]))) == [soon]


# Shelter


def test_a_facility_is_never_over_capacity(org, staff, trafficking, certified):
    cases = [_active_case(org, staff, trafficking) for _ in range(3)]
    facility = certified["own_shelter"]  # 2 beds
    for case in cases[:2]:
        shelter.stay_admit(
            actor=staff["caseworker"], case=case, facility=facility, admitted_on=TODAY(), reason="x"
        )
    with pytest.raises(ConflictError) as raised:
        shelter.stay_admit(
            actor=staff["caseworker"],
            case=cases[2],
            facility=facility,
            admitted_on=TODAY(),
            reason="x",
        )
    assert raised.value.code == "facility_full"


def test_staff_admit_only_to_their_own_organisations_facilities(active_case, staff, certified):
    with pytest.raises(PermissionDenied):
        shelter.stay_admit(
            actor=staff["caseworker"],
            case=active_case,
            facility=certified["other_shelter"],
            admitted_on=TODAY(),
            reason="x",
        )


def test_a_stay_must_end_before_closure(active_case, staff, certified):
    shelter.stay_admit(
        actor=staff["caseworker"],
        case=active_case,
        facility=certified["own_shelter"],
        admitted_on=TODAY(),
        reason="x",
    )
    closure = services.closure_request(
        actor=staff["caseworker"], case=active_case, outcome="moved", reason="x"
    )
    with pytest.raises(InvalidTransitionError):
        services.closure_approve(actor=staff["supervisor"], closure=closure)


def test_a_day_centre_without_beds_takes_no_residents(active_case, staff, org):
    with pytest.raises(ValidationError):
        shelter.stay_admit(
            actor=staff["caseworker"],
            case=active_case,
            facility=FacilityFactory(organisation=org, bed_capacity=0),
            admitted_on=TODAY(),
            reason="x",
        )


# Deadlines


def test_overdue_first_services_plan_reviews_and_follow_ups(active_case, staff, org):
    from qamqor.cases.selectors import overdue, supervised_cases

    planning.plan_create(
        actor=staff["caseworker"], case=active_case, items=planning.propose_plan(active_case)
    )
    later = TODAY() + dt.timedelta(days=400)
    kinds = {deadline.kind for deadline in overdue(supervised_cases(staff["supervisor"]), later)}
    assert kinds == {"first_service", "plan_review"}
    assert not overdue(supervised_cases(staff["supervisor"]), TODAY())
    closure = services.closure_request(
        actor=staff["caseworker"], case=active_case, outcome="goals_met", reason="x"
    )
    services.closure_approve(actor=staff["supervisor"], closure=closure)
    from qamqor.cases.models import Case as CaseModel

    closed = CaseModel.objects.filter(pk=active_case.pk)
    assert {deadline.kind for deadline in overdue(closed, later)} == {"follow_up"}


def test_decisions_awaiting_approval_are_counted_once(active_case):
    assert EligibilityDecision.objects.filter(case=active_case, approval="approved").count() == 1


def test_a_follow_up_after_closure_is_recorded_once(active_case, staff):
    closure = services.closure_request(
        actor=staff["caseworker"], case=active_case, outcome="goals_met", reason="x"
    )
    closure = services.closure_approve(actor=staff["supervisor"], closure=closure)
    client = APIClient()
    client.force_login(staff["caseworker"])
    url = f"/api/v1/cases/{active_case.code}/closures/{closure.pk}/followup/"
    assert client.post(url).json()["followup_done_on"] == TODAY().isoformat()
    assert client.post(url).status_code == 409


def test_a_high_risk_case_comes_first_on_the_home_page(client, org, staff, catalog):
    from qamqor.people.services import person_create
    from tests.factories import IntakeFactory

    worker = staff["caseworker"]
    cases = {}
    for risk in ("none", "high", "low"):
        person = person_create(actor=worker, organisation=org).person
        intake = IntakeFactory(organisation=org, immediate_risk=risk)
        cases[risk] = services.case_open(actor=worker, intake=intake, person=person)
    client.force_login(worker)
    listed = list(client.get("/").context["my_cases"])
    assert listed[0] == cases["high"]
    assert listed.index(cases["low"]) < listed.index(cases["none"])
