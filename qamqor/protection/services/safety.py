"""Risk assessments and safety plans."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import User
from qamqor.cases.models import RISK_RANK, Case
from qamqor.cases.services import event, lock, must_be_open, require
from qamqor.core.access import Action
from qamqor.core.errors import ApplicationError, InvalidTransitionError
from qamqor.protection import alerts, risk
from qamqor.protection.events import ProtectionEvent
from qamqor.protection.models import (
    Answer,
    RiskAssessment,
    SafetyPlan,
)
from qamqor.protection.services.checklists import _answer_errors
from qamqor.protection.services.common import _field_error, _not_in_future, _restrict

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
    must_be_open(case)
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
    must_be_open(case)
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
    must_be_open(case)
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
