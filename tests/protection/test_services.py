"""Protection through the services: the Done-when flows of issue 4 (the API and web tests
walk them again through their own doors)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from qamqor.cases import planning
from qamqor.cases import selectors as case_selectors
from qamqor.cases import services as case_services
from qamqor.cases.models import Case
from qamqor.core.errors import ApplicationError, InvalidTransitionError
from qamqor.protection import alerts, risk, selectors, services
from qamqor.protection.events import ProtectionEvent
from qamqor.protection.models import Alert, HotlineCall, Screening
from tests.factories import CaseFactory

TODAY = timezone.localdate


def test_a_call_is_logged_anonymously_and_later_added_to_a_case(org, staff):
    operator = staff["operator"]
    call = services.call_log(
        actor=operator, organisation=org, topic="domestic_violence", language="kk"
    )
    assert call.anonymous and call.region == org.region and call.case is None
    assert list(selectors.visible_calls(operator)) == [call]
    assert not selectors.visible_calls(staff["other_supervisor"]).exists()

    case = CaseFactory(organisation=org, restricted=False)
    services.call_add_to_case(actor=operator, call=call, case=case)
    call.refresh_from_db()
    assert call.case == case
    assert case.events.filter(kind=ProtectionEvent.CALL_ADDED).exists()
    with pytest.raises(InvalidTransitionError):
        services.call_add_to_case(actor=operator, call=call, case=case)
    # Now the case's rules apply: restricting the case hides the call from the operator.
    Case.objects.filter(pk=case.pk).update(restricted=True)
    assert not selectors.visible_calls(operator).exists()
    assert selectors.visible_calls(staff["supervisor"]).get() == call


def test_a_case_opened_from_a_call_is_restricted_and_claims_the_topic_group(org, staff):
    call = services.call_log(
        actor=staff["operator"],
        organisation=org,
        topic="domestic_violence",
        language="ru",
        risk_flag=True,
    )
    case = services.call_open_case(actor=staff["supervisor"], call=call)
    assert case.restricted and case.risk_rank == 0
    assert [group.code for group in case.groups.all()] == ["domestic_violence_victims"]
    assert case.intake.channel == "hotline" and case.intake.anonymous
    assert not case.person.display_name


def test_a_caseworker_may_not_log_calls_and_another_org_may_not_use_them(org, staff):
    with pytest.raises(PermissionDenied):
        services.call_log(actor=staff["caseworker"], organisation=org, topic="other", language="ru")
    call = services.call_log(
        actor=staff["operator"], organisation=org, topic="other", language="ru"
    )
    with pytest.raises(PermissionDenied):
        services.call_open_case(actor=staff["other_supervisor"], call=call)


def _answers(*yes):
    return {code: "yes" for code in yes}


def test_screening_above_threshold_to_identification_approval_and_plan(org, staff, certified):
    worker, supervisor = staff["caseworker"], staff["supervisor"]
    screening = services.screening_record(
        actor=worker,
        organisation=org,
        place="border_checkpoint",
        answers={
            **_answers("debt_bondage", "withholds_documents", "restricts_movement"),
            "threats": "no",
        },
        sex="female",
        age_group="adult",
        citizenship="UZ",
    )
    assert screening.score == 15 and screening.threshold == 10
    assert screening.status == Screening.Status.AWAITING
    assert screening.answers.count() > 20  # every indicator in force, unanswered = unknown
    alert = Alert.objects.get(screening=screening)
    assert alert.kind == "screening" and alert.resolved_at is None

    case = services.screening_open_case(actor=worker, screening=screening)
    screening.refresh_from_db()
    assert screening.case == case and screening.status == Screening.Status.IN_IDENTIFICATION
    assert case.restricted and case.person.citizenship == "UZ" and case.person.sex == "female"
    alert.refresh_from_db()
    assert alert.case == case and alert.resolved_at is None

    identification = services.identification_record(
        actor=worker,
        case=case,
        decision="identified",
        deciding_body="Police department of Astana",
        trafficking_status="ActualVictimOfTrafficking",
        exploitation_types=["ForcedLabour"],
        labour_industry="F_Construction",
        scope="cross_border",
        country_of_exploitation="kz",
    )
    assert identification.exploitation_form == "forced_labour"
    assert identification.country_of_exploitation == "KZ"
    decision = identification.eligibility_decision
    assert decision.group.code == "trafficking_victims" and decision.approval == "pending"
    screening.refresh_from_db()
    alert.refresh_from_db()
    assert screening.status == Screening.Status.IDENTIFIED and alert.resolved_at is not None
    assert planning.propose_plan(case) == []  # not approved yet

    case_services.decision_approve(actor=supervisor, decision=decision)
    case.refresh_from_db()
    assert case.status == "active"
    proposal = planning.propose_plan(case)
    assert proposal and {item.standard.group.code for item in proposal} == {"trafficking_victims"}
    plan = planning.plan_create(actor=worker, case=case, items=proposal)
    assert plan.items.count() == len(proposal)


def test_a_screening_below_the_threshold_is_counted_but_names_no_one(org, staff):
    screening = services.screening_record(
        actor=staff["operator"],
        organisation=org,
        place="labour_inspection",
        answers=_answers("excessive_working_hours"),
    )
    assert screening.status == Screening.Status.BELOW_THRESHOLD and screening.case is None
    assert not Alert.objects.filter(screening=screening).exists()
    with pytest.raises(InvalidTransitionError):
        services.screening_open_case(actor=staff["supervisor"], screening=screening)
    stats = selectors.screening_statistics(selectors.visible_screenings(staff["supervisor"]))
    assert stats == [
        {
            "place": "labour_inspection",
            "total": 1,
            "below": 1,
            "reached": 0,
            "identified": 0,
            "not_identified": 0,
        }
    ]
    field_names = {field.name for field in Screening._meta.get_fields()}
    assert not field_names & {"person", "given_name", "family_name", "iin", "name"}


def test_a_screening_refuses_unknown_indicators_and_answers(org, staff):
    with pytest.raises(ApplicationError) as error:
        services.screening_record(
            actor=staff["operator"], organisation=org, place="ngo", answers={"nonsense": "yes"}
        )
    assert "answers.nonsense" in error.value.fields
    with pytest.raises(ApplicationError):
        services.screening_record(
            actor=staff["operator"], organisation=org, place="ngo", answers={"threats": "maybe"}
        )
    assert not Screening.objects.exists()


def test_the_threshold_is_the_organisations(org, staff):
    org.screening_threshold = 20
    org.save()
    screening = services.screening_record(
        actor=staff["operator"],
        organisation=org,
        place="detention",
        answers=_answers("debt_bondage", "withholds_documents", "restricts_movement"),
    )
    assert screening.score == 15 and screening.status == Screening.Status.BELOW_THRESHOLD


def test_identification_is_checked(org, staff):
    case = CaseFactory(organisation=org, lead_worker=staff["caseworker"], status="assessment")
    base = dict(actor=staff["caseworker"], case=case, deciding_body="Police", scope="domestic")
    with pytest.raises(ValidationError) as error:
        services.identification_record(
            **base, decision="identified", trafficking_status="PossibleVictimOfTrafficking"
        )
    assert {"trafficking_status", "exploitation_types"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError):
        services.identification_record(
            **{**base, "scope": "cross_border"},
            decision="not_identified",
            trafficking_status="NotAVictimOfTrafficking",
        )
    negative = services.identification_record(
        **base, decision="not_identified", trafficking_status="NotAVictimOfTrafficking"
    )
    assert negative.eligibility_decision is None and negative.country_of_exploitation == "KZ"
    assert not case.decisions.exists()


def _dv_case(org, staff):
    return CaseFactory(organisation=org, lead_worker=staff["caseworker"], restricted=False)


def _order(staff, case, valid_until, **extra):
    today = TODAY()
    return services.order_record(
        actor=staff["caseworker"],
        case=case,
        kind="police_protective",
        issuing_body="Police of Astana",
        issued_on=today - dt.timedelta(days=20),
        valid_from=today - dt.timedelta(days=20),
        valid_until=valid_until,
        conditions="No contact; stay away from the home.",
        respondent_name="Respondent",
        respondent_relationship="spouse",
        **extra,
    )


def test_an_order_nearing_expiry_raises_an_alert_exactly_once(org, staff):
    case = _dv_case(org, staff)
    today = TODAY()
    far = _order(staff, case, today + dt.timedelta(days=30))
    near = _order(staff, case, today + dt.timedelta(days=5))
    case.refresh_from_db()
    assert case.restricted
    assert list(Alert.objects.values_list("order", flat=True)) == [near.pk]
    for _ in range(2):
        call_command("alerts", verbosity=0)
    assert Alert.objects.filter(order=near).count() == 1
    assert not Alert.objects.filter(order=far).exists()
    # 23 days on, the far order nears its end: one alert; the near one has expired.
    outcome = alerts.refresh(today=today + dt.timedelta(days=23), everything=True)
    assert outcome.raised == 1
    assert Alert.objects.filter(order=far).count() == 1
    assert Alert.objects.get(order=near).resolved_at is not None
    assert alerts.refresh(today=today + dt.timedelta(days=23), everything=True).raised == 0


def test_a_revoked_order_resolves_its_alert(org, staff):
    case = _dv_case(org, staff)
    order = _order(staff, case, TODAY() + dt.timedelta(days=2))
    services.order_revoke(actor=staff["caseworker"], order=order)
    assert Alert.objects.get(order=order).resolved_at is not None


def test_violations_are_counted_per_order(org, staff):
    case = _dv_case(org, staff)
    today = TODAY()
    first = _order(staff, case, today + dt.timedelta(days=30))
    second = _order(staff, case, today + dt.timedelta(days=40))
    for days_ago in (1, 3):
        services.violation_record(
            actor=staff["caseworker"],
            order=first,
            occurred_on=today - dt.timedelta(days=days_ago),
            reported_by="protected_person",
            action_taken="police_called",
            liability="fine",
        )
    services.violation_record(
        actor=staff["caseworker"],
        order=second,
        occurred_on=today,
        reported_by="police",
        action_taken="respondent_removed",
    )
    counts = {order.pk: order.violation_count for order in selectors.orders_with_violations(case)}
    assert counts == {first.pk: 2, second.pk: 1}
    with pytest.raises(ValidationError):  # before the order was in force
        services.violation_record(
            actor=staff["caseworker"],
            order=first,
            occurred_on=today - dt.timedelta(days=40),
            reported_by="police",
            action_taken="none",
        )
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds.count("order_violated") == 3 and kinds.count("order_issued") == 2


@pytest.mark.parametrize(
    ("yes", "expected"),
    [
        ((), "none"),
        (("isolated",), "low"),
        (("injured", "frightened", "controlling"), "medium"),
        (("strangled",), "high"),
        (("injured", "frightened", "separation", "escalating", "sexual_violence"), "high"),
    ],
)
def test_the_risk_level_follows_the_checklist(yes, expected):
    answers = {question.code: "no" for question in risk.QUESTIONS} | {code: "yes" for code in yes}
    assert risk.level(answers) == expected


def test_a_high_risk_assessment_puts_the_case_first_on_the_home_page(org, staff):
    worker = staff["caseworker"]
    older = [CaseFactory(organisation=org, lead_worker=worker) for _ in range(3)]
    assessed = older[0]
    assert case_selectors.my_cases_by_risk(worker, 10)[0] != assessed
    assessment = services.risk_assess(
        actor=worker, case=assessed, answers={"threat_to_kill": "yes"}
    )
    assert assessment.level == "high" and assessment.score == 3
    assert assessment.answers["weapon"] == "unknown"
    assert case_selectors.my_cases_by_risk(worker, 10)[0] == assessed
    assessed.refresh_from_db()
    assert assessed.risk_level == "high" and assessed.restricted


def test_a_safety_plan_review_falling_due_raises_an_alert(org, staff):
    worker = staff["caseworker"]
    case = _dv_case(org, staff)
    today = TODAY()
    plan = services.safety_plan_create(
        actor=worker,
        case=case,
        steps=["Keep a bag ready", " ", "Code word with sister"],
        contacts=[{"name": "Crisis centre", "phone": "150"}],
        review_due=today + dt.timedelta(days=14),
    )
    assert plan.steps == ["Keep a bag ready", "Code word with sister"]
    assert not Alert.objects.exists()
    alerts.refresh(today=today + dt.timedelta(days=12), everything=True)
    alert = Alert.objects.get()
    assert alert.kind == "safety_review" and alert.case == case and alert.due_on == plan.review_due
    alerts.refresh(today=today + dt.timedelta(days=13), everything=True)
    assert Alert.objects.count() == 1
    services.safety_plan_review(actor=worker, plan=plan, next_review=today + dt.timedelta(days=30))
    alert.refresh_from_db()
    assert alert.resolved_at is not None
    assert selectors.open_alerts(worker, case_selectors.my_cases(worker)).count() == 0


def test_a_safety_plan_needs_steps_and_a_future_review(org, staff):
    case = _dv_case(org, staff)
    with pytest.raises(ValidationError) as error:
        services.safety_plan_create(
            actor=staff["caseworker"],
            case=case,
            steps=[""],
            contacts=[{"phone": "1"}],
            review_due=TODAY(),
        )
    assert set(error.value.message_dict) == {"steps", "contacts", "review_due"}


def test_alerts_show_only_to_those_who_reach_the_case(org, staff):
    case = _dv_case(org, staff)
    _order(staff, case, TODAY() + dt.timedelta(days=1))
    worker = staff["caseworker"]
    assert selectors.open_alerts(worker, case_selectors.my_cases(worker)).count() == 1
    other = staff["other_supervisor"]
    assert selectors.open_alerts(other, case_selectors.supervised_cases(other)).count() == 0


def test_protection_records_need_the_right_to_edit_the_case(org, staff):
    case = _dv_case(org, staff)
    with pytest.raises(PermissionDenied):
        services.risk_assess(actor=staff["caseworker2"], case=case, answers={})
    with pytest.raises(PermissionDenied):
        _order({"caseworker": staff["other_caseworker"]}, case, TODAY())
    assert not HotlineCall.objects.exists()
