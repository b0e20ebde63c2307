"""The whole life of a case through the services (the API and web tests walk it too)."""

import datetime as dt

import pytest
from django.utils import timezone

from qamqor.cases import planning, referrals, services, shelter
from qamqor.cases.models import Case
from qamqor.catalog.models import AtRiskGroup, Region, ServiceType
from qamqor.core.errors import InvalidTransitionError
from qamqor.people.services import person_create


def test_a_trafficking_case_from_intake_to_closure_and_reopening(org, other_org, staff, certified):
    worker, supervisor = staff["caseworker"], staff["supervisor"]
    today = timezone.localdate()
    astana = Region.objects.get(code="KZ-71")
    trafficking = AtRiskGroup.objects.get(code="trafficking_victims")

    person = person_create(actor=worker, organisation=org, given_name="Нұрлан").person
    assert person.code.startswith("P-") and not person.iin
    intake = services.intake_create(actor=worker, organisation=org, channel="border", region=astana)
    case = services.case_open(actor=worker, intake=intake, person=person, groups=[trafficking])
    assert case.restricted and case.lead_worker == worker and case.status == "intake"

    with pytest.raises(InvalidTransitionError):
        planning.plan_create(actor=worker, case=case, items=[])

    case = services.case_start_assessment(actor=worker, case=case)
    planning.assessment_record(
        actor=worker, case=case, needs={"safety": (4, ""), "housing": (3, "")}
    )
    decision = services.decision_record(
        actor=worker, case=case, group=trafficking, outcome="granted"
    )
    case.refresh_from_db()
    assert case.status == "eligibility"
    services.decision_approve(actor=supervisor, decision=decision)
    case.refresh_from_db()
    assert case.status == "active"

    proposal = planning.propose_plan(case)
    assert {item.service_type.code for item in proposal} >= {"shelter", "social_psychological"}
    shelter_item = next(item for item in proposal if item.service_type.code == "shelter")
    assert shelter_item.due_on == today + dt.timedelta(days=1)
    assert shelter_item.provider == org
    plan = planning.plan_create(actor=worker, case=case, items=proposal)

    psychological = ServiceType.objects.get(code="social_psychological")
    item = plan.items.get(service_type=psychological)
    delivery = planning.delivery_record(
        actor=worker,
        case=case,
        service_type=psychological,
        provider=org,
        delivered_on=today,
        units=1,
        plan_item=item,
    )
    assert delivery.waiting_days == 0 and delivery.within_waiting_standard

    services.consent_record(
        actor=worker,
        case=case,
        categories=["identity", "services"],
        given_on=today,
        valid_until=today + dt.timedelta(days=180),
    )
    referral = referrals.referral_send(
        actor=worker,
        case=case,
        to_organisation=other_org,
        reason="Legal aid",
        shared=["identity", "services"],
        service_type=ServiceType.objects.get(code="social_legal"),
    )
    referrals.referral_accept(actor=staff["other_caseworker"], referral=referral)

    stay = shelter.stay_admit(
        actor=worker,
        case=case,
        facility=certified["own_shelter"],
        admitted_on=today,
        reason="safety",
    )
    shelter.stay_discharge(actor=worker, stay=stay, discharged_on=today, reason="safe housing")

    closure = services.closure_request(actor=worker, case=case, outcome="goals_met", reason="done")
    closure = services.closure_approve(actor=supervisor, closure=closure)
    case.refresh_from_db()
    assert case.status == "closed" and closure.followup_due > today

    case = services.case_reopen(actor=worker, case=case, reason="new threats")
    assert case.status == "assessment"
    closure = services.closure_request(actor=worker, case=case, outcome="declined", reason="moved")
    services.closure_approve(actor=supervisor, closure=closure)
    assert Case.objects.get(pk=case.pk).status == "closed"
    kinds = list(case.events.order_by("at", "pk").values_list("kind", flat=True))
    assert kinds[0] == "opened" and kinds[-1] == "closed" and "reopened" in kinds


def test_the_timeline_speaks_the_readers_language(org, staff, certified):
    from django.utils import translation

    from qamqor.cases.timeline import describe

    worker = staff["caseworker"]
    group = AtRiskGroup.objects.get(code="homeless")
    person = person_create(actor=worker, organisation=org).person
    intake = services.intake_create(
        actor=worker, organisation=org, channel="walk_in", region=Region.objects.get(code="KZ-71")
    )
    case = services.case_open(actor=worker, intake=intake, person=person, groups=[group])
    services.case_start_assessment(actor=worker, case=case)
    for language, opened, status in (
        ("en", group.name_en, "Intake → Assessment"),
        ("ru", group.name_ru, "Первичное обращение → Оценка потребностей"),
    ):
        with translation.override(language):
            events = {event.kind: event.description for event in describe(case.events.all())}
        assert events["opened"] == opened
        assert events["status"] == status
