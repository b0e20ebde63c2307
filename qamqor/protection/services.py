"""Writes of the protection records: hotline calls, screenings, identification, protective
orders and violations, risk assessments and safety plans.

Like the case services, each takes the acting user, checks the access policy, locks the case
it touches, writes a CaseEvent for the timeline and refreshes the alerts of the record it
changed. Any record on a case makes the case restricted (need to know): protection data is
restricted by default.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import Organisation, User
from qamqor.cases import services as case_services
from qamqor.cases.models import RISK_RANK, Case, Intake, RiskLevel
from qamqor.cases.services import event, lock, require
from qamqor.catalog.models import AtRiskGroup, Region, TraffickingIndicator
from qamqor.core.access import Action
from qamqor.core.errors import ApplicationError, InvalidTransitionError
from qamqor.core.validators import check_event
from qamqor.people import services as people_services
from qamqor.people.models import Citizenship, Person
from qamqor.protection import alerts, htcds, risk
from qamqor.protection.events import ProtectionEvent
from qamqor.protection.models import (
    Answer,
    HotlineCall,
    Identification,
    OrderViolation,
    ProtectiveOrder,
    RiskAssessment,
    SafetyPlan,
    Screening,
    ScreeningAnswer,
)

S = Case.Status
TRAFFICKING_GROUP = "trafficking_victims"
# The group a case opened from a call claims, by the call's topic.
TOPIC_GROUPS = {
    HotlineCall.Topic.DOMESTIC_VIOLENCE: "domestic_violence_victims",
    HotlineCall.Topic.TRAFFICKING: TRAFFICKING_GROUP,
    HotlineCall.Topic.HOMELESSNESS: "homeless",
    HotlineCall.Topic.DISABILITY: "disability",
    HotlineCall.Topic.MIGRATION: "migrants",
}


def _field_error(field: str, message) -> ValidationError:
    return ValidationError({field: message})


def _restrict(case: Case) -> None:
    """Protection records put the case under need to know; only a supervisor lifts it."""
    case_services.restrict(case)


def _must_be_open(case: Case) -> None:
    if case.status == S.CLOSED:
        raise InvalidTransitionError(_("The case is closed; reopen it first."))


def _not_in_future(field: str, day: dt.date) -> None:
    check_event(field, day)  # the shared plausibility rule, also in the models' clean()


def _new_person(actor: User, organisation: Organisation, **facts) -> Person:
    return people_services.person_create(actor=actor, organisation=organisation, **facts).person


def _open_case(
    *,
    actor: User,
    organisation: Organisation,
    channel: str,
    region: Region,
    received_at: dt.datetime,
    anonymous: bool,
    presenting_problem: str,
    immediate_risk: str,
    person: Person,
    groups: Iterable[AtRiskGroup],
    lead_worker: User | None,
) -> Case:
    intake = case_services.intake_create(
        actor=actor,
        organisation=organisation,
        channel=channel,
        region=region,
        received_at=received_at,
        anonymous=anonymous,
        presenting_problem=presenting_problem,
        immediate_risk=immediate_risk,
        person=person,
    )
    case = case_services.case_open(
        actor=actor, intake=intake, person=person, groups=groups, lead_worker=lead_worker
    )
    _restrict(case)
    return case


# Hotline


@transaction.atomic
def call_log(
    *,
    actor: User,
    organisation: Organisation,
    topic: str,
    language: str,
    region: Region | None = None,
    received_at: dt.datetime | None = None,
    duration_minutes: int | None = None,
    caller_type: str = HotlineCall.CallerType.NOT_STATED,
    anonymous: bool = True,
    risk_flag: bool = False,
    note: str = "",
) -> HotlineCall:
    """Log a call; the time and the region default to now and the operator's organisation."""
    require(actor, Action.LOG_CALL, organisation)
    received_at = received_at or timezone.now()
    check_event("received_at", received_at)
    call = HotlineCall(
        organisation=organisation,
        region=region or organisation.region,
        received_at=received_at,
        duration_minutes=duration_minutes,
        caller_type=caller_type,
        topic=topic,
        language=language,
        anonymous=anonymous,
        risk_flag=risk_flag,
        note=note,
        recorded_by=actor,
    )
    call.full_clean()
    call.save()
    return call


def _call_for_update(actor: User, call: HotlineCall) -> HotlineCall:
    require(actor, Action.LOG_CALL, call)
    call = HotlineCall.objects.select_for_update().get(pk=call.pk)
    if call.case_id is not None:
        raise InvalidTransitionError(_("This call is already part of a case."))
    return call


@transaction.atomic
def call_open_case(
    *,
    actor: User,
    call: HotlineCall,
    person: Person | None = None,
    groups: Iterable[AtRiskGroup] | None = None,
    lead_worker: User | None = None,
) -> Case:
    """Open an intake and a (restricted) case from a call in one step. Without a person, one
    is recorded with no identity at all; the groups default to the one the topic implies."""
    call = _call_for_update(actor, call)
    if person is None:
        person = _new_person(actor, call.organisation, region=call.region)
    if groups is None:
        code = TOPIC_GROUPS.get(call.topic)
        groups = AtRiskGroup.objects.filter(code=code) if code else []
    case = _open_case(
        actor=actor,
        organisation=call.organisation,
        channel=Intake.Channel.HOTLINE,
        region=call.region,
        received_at=call.received_at,
        anonymous=call.anonymous,
        presenting_problem=call.note,
        immediate_risk=RiskLevel.HIGH if call.risk_flag else RiskLevel.NONE,
        person=person,
        groups=groups,
        lead_worker=lead_worker,
    )
    call.case, call.intake = case, case.intake
    call.save(update_fields=["case", "intake", "updated_at"])
    event(case, ProtectionEvent.CALL_ADDED, actor, call.topic)
    return case


@transaction.atomic
def call_add_to_case(*, actor: User, call: HotlineCall, case: Case) -> HotlineCall:
    """Add a call to an existing case of the same organisation that the operator can see."""
    call = _call_for_update(actor, call)
    require(actor, Action.VIEW_CASE, case)
    case = lock(case)
    _must_be_open(case)
    if case.organisation_id != call.organisation_id:
        raise _field_error("case", _("The case belongs to another organisation."))
    call.case = case
    call.save(update_fields=["case", "updated_at"])
    event(case, ProtectionEvent.CALL_ADDED, actor, call.topic)
    return call


# Checklists (screening, risk)


def _answer_errors(answers: Mapping[str, str], known, unknown_code: str, unknown_message) -> dict:
    """Field errors of a checklist's answers: an item not in `known`, or an answer other than
    yes / no / unknown."""
    errors = {}
    for code, answer in sorted(answers.items()):
        if code not in known:
            errors[f"answers.{code}"] = [{"code": unknown_code, "message": str(unknown_message)}]
        elif answer not in Answer.values:
            errors[f"answers.{code}"] = [
                {"code": "invalid_answer", "message": str(_("Yes, no or unknown."))}
            ]
    return errors


# Trafficking screening


def indicators_in_force(on: dt.date | None = None):
    return TraffickingIndicator.objects.in_force(on).order_by("category", "sort_order", "code")


@transaction.atomic
def screening_record(
    *,
    actor: User,
    organisation: Organisation,
    place: str,
    answers: Mapping[str, str],
    region: Region | None = None,
    screened_at: dt.datetime | None = None,
    sex: str = "unknown",
    age_group: str = Screening.AgeGroup.UNKNOWN,
    citizenship: str = Citizenship.UNKNOWN,
) -> Screening:
    """Score a checklist (indicator code → yes / no / unknown; an indicator left out is
    unknown) against the organisation's threshold."""
    require(actor, Action.SCREEN, organisation)
    screened_at = screened_at or timezone.now()
    check_event("screened_at", screened_at)
    indicators = {item.code: item for item in indicators_in_force(timezone.localdate(screened_at))}
    errors = _answer_errors(
        answers, indicators, "unknown_indicator", _("Not an indicator in force.")
    )
    if errors:
        unknown = any(item["code"] == "unknown_indicator" for (item,) in errors.values())
        raise ApplicationError(
            _("Some answers are for indicators that are not in force.")
            if unknown
            else _("Answer each indicator with yes, no or unknown."),
            code="unknown_indicator" if unknown else "invalid_answer",
            fields=errors,
        )
    score = sum(indicators[code].weight for code, answer in answers.items() if answer == "yes")
    threshold = organisation.screening_threshold
    screening = Screening(
        organisation=organisation,
        region=region or organisation.region,
        place=place,
        screened_at=screened_at,
        screened_by=actor,
        sex=sex,
        age_group=age_group,
        citizenship=citizenship,
        score=score,
        threshold=threshold,
        status=Screening.Status.AWAITING
        if score >= threshold
        else Screening.Status.BELOW_THRESHOLD,
    )
    screening.full_clean()
    screening.save()
    ScreeningAnswer.objects.bulk_create(
        ScreeningAnswer(
            screening=screening,
            indicator=indicator,
            answer=answers.get(code, Answer.UNKNOWN),
        )
        for code, indicator in indicators.items()
    )
    alerts.refresh(screenings=Screening.objects.filter(pk=screening.pk))
    return screening


@transaction.atomic
def screening_open_case(
    *,
    actor: User,
    screening: Screening,
    person: Person | None = None,
    lead_worker: User | None = None,
) -> Case:
    """Refer a screening that reached the threshold for formal identification: open a
    restricted case claiming the trafficking group, for the person screened."""
    require(actor, Action.VIEW_SCREENING, screening)
    screening = Screening.objects.select_for_update().get(pk=screening.pk)
    if screening.status != Screening.Status.AWAITING:
        if screening.status == Screening.Status.BELOW_THRESHOLD:
            raise InvalidTransitionError(
                _("The screening is below the threshold; it is only counted.")
            )
        raise InvalidTransitionError(_("This screening is already referred for identification."))
    if person is None:
        person = _new_person(
            actor,
            screening.organisation,
            region=screening.region,
            sex=screening.sex,
            citizenship=screening.citizenship,
        )
    case = _open_case(
        actor=actor,
        organisation=screening.organisation,
        channel=Intake.Channel.SCREENING,
        region=screening.region,
        received_at=screening.screened_at,
        anonymous=False,
        presenting_problem="",
        immediate_risk=RiskLevel.NONE,
        person=person,
        groups=AtRiskGroup.objects.filter(code=TRAFFICKING_GROUP),
        lead_worker=lead_worker,
    )
    screening.case = case
    screening.status = Screening.Status.IN_IDENTIFICATION
    screening.save(update_fields=["case", "status", "updated_at"])
    event(case, ProtectionEvent.SCREENING_ADDED, actor, f"{screening.score}/{screening.threshold}")
    alerts.refresh(screenings=Screening.objects.filter(pk=screening.pk))
    return case


# Identification


def _check_identification(
    decision: str,
    trafficking_status: str,
    exploitation_types: set[str],
    labour_industry: str,
    scope: str,
    country: str,
) -> None:
    errors: dict[str, list] = {}
    identified = decision == Identification.Decision.IDENTIFIED
    actual = trafficking_status == htcds.TraffickingStatus.ACTUAL
    if identified and not actual:
        errors["trafficking_status"] = [_("An identified victim is an actual victim.")]
    if not identified and actual:
        errors["trafficking_status"] = [_("Only an identified victim is an actual victim.")]
    if identified and not exploitation_types:
        errors["exploitation_types"] = [_("Give at least one type of exploitation.")]
    if not exploitation_types <= set(htcds.ExploitationType.values):
        errors["exploitation_types"] = [_("Choose from the HTCDS types of exploitation.")]
    if labour_industry and htcds.exploitation_form(exploitation_types) != "forced_labour":
        errors["labour_industry"] = [_("An industry is recorded for labour exploitation only.")]
    if scope == Identification.Scope.CROSS_BORDER and not country:
        errors["country_of_exploitation"] = [_("Give the country of exploitation.")]
    if country and not htcds.is_country(country):
        errors["country_of_exploitation"] = [_("Not an ISO 3166 country code.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def identification_record(
    *,
    actor: User,
    case: Case,
    decision: str,
    deciding_body: str,
    trafficking_status: str,
    scope: str,
    exploitation_types: Iterable[str] = (),
    labour_industry: str = "",
    country_of_exploitation: str = "",
    decided_on: dt.date | None = None,
) -> Identification:
    """Record the formal identification. A positive one adds the trafficking group to the
    case as a granted eligibility decision awaiting a supervisor's approval; the screenings
    of the case are settled either way."""
    require(actor, Action.EDIT_CASE, case)
    case = lock(case)
    _must_be_open(case)
    decided_on = decided_on or timezone.localdate()
    _not_in_future("decided_on", decided_on)
    types = set(exploitation_types)
    country = country_of_exploitation.upper()
    if scope == Identification.Scope.DOMESTIC and not country:
        country = "KZ"
    _check_identification(decision, trafficking_status, types, labour_industry, scope, country)
    identification = Identification(
        case=case,
        screening=case.screenings.order_by("-screened_at").first(),
        decision=decision,
        deciding_body=deciding_body,
        decided_on=decided_on,
        trafficking_status=trafficking_status,
        labour_industry=labour_industry,
        scope=scope,
        country_of_exploitation=country,
        recorded_by=actor,
        organisation_id=case.organisation_id,
        region_id=case.region_id,
    )
    identification.set_exploitation_types(types)
    identification.full_clean()
    if case.status == S.INTAKE:
        case_services.move(case, S.ASSESSMENT, actor)
    identified = decision == Identification.Decision.IDENTIFIED
    if identified:
        identification.eligibility_decision = case_services.decision_record(
            actor=actor,
            case=case,
            group=AtRiskGroup.objects.get(code=TRAFFICKING_GROUP),
            outcome="granted",
        )
    identification.save()
    settled = Screening.Status.IDENTIFIED if identified else Screening.Status.NOT_IDENTIFIED
    screenings = case.screenings.filter(status=Screening.Status.IN_IDENTIFICATION)
    pks = list(screenings.values_list("pk", flat=True))
    screenings.update(status=settled, updated_at=timezone.now())
    _restrict(case)
    event(case, ProtectionEvent.IDENTIFICATION, actor, decision)
    alerts.refresh(screenings=Screening.objects.filter(pk__in=pks))
    return identification


# Protective orders


@transaction.atomic
def order_record(
    *,
    actor: User,
    case: Case,
    kind: str,
    issuing_body: str,
    issued_on: dt.date,
    valid_from: dt.date,
    valid_until: dt.date,
    conditions: str,
    respondent_name: str,
    respondent_relationship: str,
    respondent_birth_year: int | None = None,
    number: str = "",
) -> ProtectiveOrder:
    require(actor, Action.EDIT_CASE, case)
    case = lock(case)
    _must_be_open(case)
    _not_in_future("issued_on", issued_on)
    if valid_until < valid_from:
        raise _field_error("valid_until", _("The order cannot end before it starts."))
    if valid_from < issued_on:
        raise _field_error("valid_from", _("The order cannot start before it is issued."))
    order = ProtectiveOrder(
        case=case,
        kind=kind,
        issuing_body=issuing_body,
        number=number,
        issued_on=issued_on,
        valid_from=valid_from,
        valid_until=valid_until,
        conditions=conditions,
        respondent_name=respondent_name,
        respondent_relationship=respondent_relationship,
        respondent_birth_year=respondent_birth_year,
        recorded_by=actor,
        organisation_id=case.organisation_id,
        region_id=case.region_id,
    )
    order.full_clean()
    order.save()
    _restrict(case)
    event(case, ProtectionEvent.ORDER_ISSUED, actor, f"{kind}:{valid_until.isoformat()}")
    alerts.refresh(orders=ProtectiveOrder.objects.filter(pk=order.pk))
    return order


@transaction.atomic
def order_revoke(
    *, actor: User, order: ProtectiveOrder, on: dt.date | None = None
) -> ProtectiveOrder:
    require(actor, Action.EDIT_CASE, order.case)
    case = lock(order.case)
    _must_be_open(case)
    order = ProtectiveOrder.objects.select_for_update().get(pk=order.pk)
    if order.revoked_on:
        raise InvalidTransitionError(_("The order is already revoked."))
    on = on or timezone.localdate()
    _not_in_future("revoked_on", on)
    order.revoked_on = on
    order.save(update_fields=["revoked_on", "updated_at"])
    event(case, ProtectionEvent.ORDER_REVOKED, actor, order.kind)
    alerts.refresh(orders=ProtectiveOrder.objects.filter(pk=order.pk))
    return order


@transaction.atomic
def violation_record(
    *,
    actor: User,
    order: ProtectiveOrder,
    occurred_on: dt.date,
    reported_by: str,
    action_taken: str,
    liability: str = OrderViolation.Liability.PENDING,
    note: str = "",
) -> OrderViolation:
    """A breach of an order, on a day the order was in force."""
    require(actor, Action.EDIT_CASE, order.case)
    case = lock(order.case)
    _must_be_open(case)
    _not_in_future("occurred_on", occurred_on)
    if not order.in_force_on(occurred_on):
        raise _field_error("occurred_on", _("The order was not in force on that day."))
    violation = OrderViolation(
        order=order,
        case=case,
        occurred_on=occurred_on,
        reported_by=reported_by,
        action_taken=action_taken,
        liability=liability,
        note=note,
        recorded_by=actor,
    )
    violation.full_clean()
    violation.save()
    event(case, ProtectionEvent.ORDER_VIOLATED, actor, f"{order.kind}:{liability}")
    return violation


# Risk and safety


@transaction.atomic
def risk_assess(
    *,
    actor: User,
    case: Case,
    answers: Mapping[str, str],
    on: dt.date | None = None,
) -> RiskAssessment:
    """Score the risk checklist (question code → yes / no / unknown; a question left out is
    unknown). The level becomes the case's risk, so a high risk puts the case first."""
    require(actor, Action.EDIT_CASE, case)
    case = lock(case)
    _must_be_open(case)
    on = on or timezone.localdate()
    _not_in_future("assessed_on", on)
    errors = _answer_errors(
        answers, risk.BY_CODE, "invalid_answer", _("Not a question of the checklist.")
    )
    if errors:
        raise ApplicationError(
            _("Answer each question of the checklist with yes, no or unknown."),
            code="invalid_answer",
            fields=errors,
        )
    complete = {
        question.code: answers.get(question.code, Answer.UNKNOWN) for question in risk.QUESTIONS
    }
    level = risk.level(complete)
    assessment = RiskAssessment.objects.create(
        case=case,
        assessed_on=on,
        assessed_by=actor,
        answers=complete,
        score=risk.score(complete),
        level=level,
    )
    case.risk_rank = RISK_RANK[level]
    case.save(update_fields=["risk_rank", "updated_at"])
    _restrict(case)
    event(case, ProtectionEvent.RISK_ASSESSED, actor, level)
    return assessment


def _clean_lines(lines: Iterable[str]) -> list[str]:
    return [line.strip() for line in lines if line and line.strip()]


def _check_plan(steps: list[str], contacts: list[dict], review_due: dt.date) -> None:
    errors: dict[str, list] = {}
    if not steps:
        errors["steps"] = [_("A safety plan needs at least one step.")]
    if any(not isinstance(contact, dict) or not contact.get("name") for contact in contacts):
        errors["contacts"] = [_("Give each contact a name.")]
    if review_due <= timezone.localdate():
        errors["review_due"] = [_("Set the review date after today.")]
    if errors:
        raise ValidationError(errors)


def _contacts(contacts: Iterable[Mapping[str, str]]) -> list[dict]:
    return [
        {key: str(contact.get(key, "")).strip() for key in ("name", "phone", "note")}
        if isinstance(contact, Mapping)
        else contact
        for contact in contacts
    ]


@transaction.atomic
def safety_plan_create(
    *,
    actor: User,
    case: Case,
    steps: Iterable[str],
    review_due: dt.date,
    contacts: Iterable[Mapping[str, str]] = (),
) -> SafetyPlan:
    """A new safety plan replaces the current one."""
    require(actor, Action.EDIT_CASE, case)
    case = lock(case)
    _must_be_open(case)
    steps, contacts = _clean_lines(steps), _contacts(contacts)
    _check_plan(steps, contacts, review_due)
    previous = list(case.safety_plans.filter(is_current=True).values_list("pk", flat=True))
    case.safety_plans.filter(pk__in=previous).update(is_current=False)
    plan = SafetyPlan.objects.create(
        case=case, steps=steps, contacts=contacts, review_due=review_due, created_by=actor
    )
    _restrict(case)
    event(case, ProtectionEvent.SAFETY_PLAN, actor, review_due.isoformat())
    alerts.refresh(plans=SafetyPlan.objects.filter(pk__in=[*previous, plan.pk]))
    return plan


@transaction.atomic
def safety_plan_review(*, actor: User, plan: SafetyPlan, next_review: dt.date) -> SafetyPlan:
    """The plan was gone through with the person and still holds; set the next review."""
    require(actor, Action.EDIT_CASE, plan.case)
    case = lock(plan.case)
    _must_be_open(case)
    plan = SafetyPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_current:
        raise InvalidTransitionError(_("Only the current safety plan is reviewed."))
    if next_review <= timezone.localdate():
        raise _field_error("next_review", _("Set the review date after today."))
    plan.last_reviewed_on = timezone.localdate()
    plan.review_due = next_review
    plan.save(update_fields=["last_reviewed_on", "review_due", "updated_at"])
    event(case, ProtectionEvent.SAFETY_PLAN_REVIEWED, actor, next_review.isoformat())
    alerts.refresh(plans=SafetyPlan.objects.filter(pk=plan.pk))
    return plan
