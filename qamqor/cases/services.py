"""Writes that move a case through its life: intake, opening, assignment, consent,
eligibility decisions and their approval, closure and reopening.

Every service takes the acting user, checks the access policy (PermissionDenied → 403; the
caller has already fetched the case through the policy, so an invisible case was a 404),
locks the case row, refuses steps the case's status does not allow (InvalidTransitionError →
409) and writes a CaseEvent for the timeline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import Organisation, User
from qamqor.cases.models import (
    RISK_RANK,
    Approval,
    Case,
    CaseAssignment,
    CaseEvent,
    Closure,
    Consent,
    EligibilityDecision,
    Intake,
    RiskLevel,
    join_categories,
)
from qamqor.catalog.models import AtRiskGroup, RefusalReason, Region, Standard
from qamqor.core import access
from qamqor.core.access import Action, Role
from qamqor.core.errors import ApplicationError, InvalidTransitionError, StaleVersionError
from qamqor.people.access import may_attach
from qamqor.people.models import Person
from qamqor.people.services import age_on

S = Case.Status
ADULT_AGE = 18
DEFAULT_FOLLOWUP_DAYS = 90
CASE_STAFF_ROLES = {Role.CASEWORKER, Role.SUPERVISOR, Role.OPERATOR}


def require(actor: User, action: Action, obj: Any) -> None:
    if not access.can(actor, action, obj):
        raise PermissionDenied


def lock(case: Case) -> Case:
    """The case row, locked until the transaction ends (PostgreSQL; SQLite's immediate
    transactions already admit one writer at a time)."""
    return Case.objects.select_for_update().get(pk=case.pk)


def event(case: Case, kind: str, actor: User, detail: str = "") -> CaseEvent:
    return CaseEvent.objects.create(case=case, kind=kind, actor=actor, detail=detail[:255])


def move(case: Case, status: str, actor: User) -> None:
    """Change the status, or refuse a move the flow does not have."""
    if not case.may_move_to(status):
        raise InvalidTransitionError(
            _("A case in “%(current)s” cannot move to “%(next)s”.")
            % {"current": case.get_status_display(), "next": S(status).label}
        )
    previous = case.status
    changed(case, status=status, closed_at=case.closed_at)
    event(case, CaseEvent.Kind.STATUS, actor, f"{previous}:{status}")


def changed(case: Case, **values: Any) -> None:
    """Change what the case's forms show, with a new version, so that a form read before the
    change is refused instead of undoing it. The change is made on the row as it is now
    (locked): `case` may have been read before another service changed it, and is brought up
    to date."""
    fresh = lock(case)
    for name, value in values.items():
        setattr(fresh, name, value)
    fresh.version += 1
    fresh.save(update_fields=[*values, "version", "updated_at"])
    for field in Case._meta.concrete_fields:
        setattr(case, field.attname, getattr(fresh, field.attname))


def restrict(case: Case) -> None:
    """Put the case under need to know (a restricted group granted, a protection record);
    only a supervisor lifts it."""
    if not case.restricted:
        changed(case, restricted=True)


def _must_be_open(case: Case) -> None:
    if case.status == S.CLOSED:
        raise InvalidTransitionError(_("The case is closed; reopen it first."))


def _is_child(person: Person) -> bool:
    age = age_on(person, timezone.localdate())
    return age is not None and age < ADULT_AGE


def restrict_cases_of_a_child(sender, *, person: Person, **kwargs) -> None:
    """A person whose facts now make them a child: their cases come under need to know
    (people.signals.facts_changed, connected in CasesConfig.ready())."""
    if _is_child(person):
        for case in Case.objects.filter(person=person, restricted=False):
            restrict(case)


# Intake and opening


@transaction.atomic
def intake_create(
    *,
    actor: User,
    organisation: Organisation,
    channel: str,
    region: Region,
    received_at: dt.datetime | None = None,
    anonymous: bool = False,
    presenting_problem: str = "",
    immediate_risk: str = "none",
    person: Person | None = None,
) -> Intake:
    require(actor, Action.CREATE_CASE, organisation)
    intake = Intake(
        organisation=organisation,
        channel=channel,
        region=region,
        received_at=received_at or timezone.now(),
        anonymous=anonymous,
        presenting_problem=presenting_problem,
        immediate_risk=immediate_risk,
        person=person,
        recorded_by=actor,
    )
    intake.full_clean()
    intake.save()
    return intake


@transaction.atomic
def case_open(
    *,
    actor: User,
    intake: Intake,
    person: Person,
    groups: Iterable[AtRiskGroup] = (),
    lead_worker: User | None = None,
    summary: str = "",
) -> Case:
    """Open a case from an intake. Cases of restricted groups and of children are restricted."""
    require(actor, Action.CREATE_CASE, intake.organisation)
    if hasattr(intake, "case"):
        raise InvalidTransitionError(_("A case was already opened from this intake."))
    if not may_attach(actor, person, intake.organisation):
        # A person known only through a referral is not the organisation's to take over:
        # that is a transfer of the case.
        raise ValidationError(
            {
                "person": _(
                    "A case can be opened only for a person your organisation registered or "
                    "already serves; ask the organisation serving them for a transfer."
                )
            }
        )
    groups = list(groups)
    if lead_worker is None and access.roles(actor, intake.organisation_id) & {
        Role.CASEWORKER,
        Role.SUPERVISOR,
    }:
        lead_worker = actor
    if lead_worker is not None:
        _check_staff(lead_worker, intake.organisation)
    if intake.person_id is None:
        intake.person = person
        intake.save(update_fields=["person", "updated_at"])
    case = Case.objects.create(
        person=person,
        organisation=intake.organisation,
        intake=intake,
        lead_worker=lead_worker,
        region=intake.region,
        restricted=any(group.restricted for group in groups) or _is_child(person),
        risk_rank=RISK_RANK[RiskLevel(intake.immediate_risk)],
        summary=summary,
        opened_at=intake.received_at,
    )
    case.groups.set(groups)
    event(case, CaseEvent.Kind.OPENED, actor, ",".join(group.code for group in groups))
    return case


def _check_staff(user: User, organisation: Organisation) -> None:
    if not access.roles(user, organisation.pk) & CASE_STAFF_ROLES:
        raise ApplicationError(
            _("Only staff of the case's organisation can work on it."),
            code="not_staff",
            fields={"user": [{"code": "not_staff", "message": str(_("Not on the staff."))}]},
        )


@transaction.atomic
def case_assign(*, actor: User, case: Case, user: User, lead: bool = False) -> Case:
    """Assign staff to the case, or make them its lead worker."""
    require(actor, Action.ASSIGN_CASE, case)
    case = lock(case)
    _check_staff(user, case.organisation)
    if lead:
        changed(case, lead_worker=user)
    else:
        assignment, created = CaseAssignment.objects.get_or_create(
            case=case, user=user, defaults={"assigned_by": actor}
        )
        if not created and not assignment.is_active:
            assignment.is_active = True
            assignment.save(update_fields=["is_active", "updated_at"])
    kind = CaseEvent.Kind.LEAD_CHANGED if lead else CaseEvent.Kind.ASSIGNED
    event(case, kind, actor, user.username)
    return case


@transaction.atomic
def case_update(
    *,
    actor: User,
    case: Case,
    version: int,
    summary: str | None = None,
    groups: Iterable[AtRiskGroup] | None = None,
    restricted: bool | None = None,
) -> Case:
    """Change the case's own details, unless someone changed the case since `version`."""
    require(actor, Action.EDIT_CASE, case)
    current = lock(case)
    if current.version != version:
        raise StaleVersionError(current=current)
    edited = []
    if summary is not None and summary != current.summary:
        current.summary = summary
        edited.append("summary")
    # `restricted` is the box as submitted, on the version read: it changes the flag only when
    # it differs from the flag as it was then (and now: the version is the same).
    if restricted is not None and restricted != current.restricted:
        if not restricted and not access.can(actor, Action.ASSIGN_CASE, current):
            raise PermissionDenied  # only a supervisor lifts the restriction
        current.restricted = restricted
        edited.append("restricted")
    if groups is not None:
        groups = list(groups)
        added = {group.pk for group in groups} - set(current.groups.values_list("pk", flat=True))
        current.groups.set(groups)
        edited.append("groups")
        if any(group.restricted and group.pk in added for group in groups):
            current.restricted = True  # a restricted group newly claimed restricts the case
    current.version = version + 1
    current.save(update_fields=["summary", "restricted", "version", "updated_at"])
    event(current, CaseEvent.Kind.EDITED, actor, ",".join(edited))
    return current


@transaction.atomic
def case_start_assessment(*, actor: User, case: Case) -> Case:
    require(actor, Action.EDIT_CASE, case)
    case = lock(case)
    move(case, S.ASSESSMENT, actor)
    return case


# Consent


@transaction.atomic
def consent_record(
    *,
    actor: User,
    case: Case,
    categories: Iterable[str],
    given_on: dt.date,
    valid_until: dt.date,
    recipient: Organisation | None = None,
) -> Consent:
    require(actor, Action.EDIT_CASE, case)
    _must_be_open(case)
    consent = Consent(
        case=case,
        categories=join_categories(categories),
        recipient=recipient,
        given_on=given_on,
        valid_until=valid_until,
        recorded_by=actor,
    )
    consent.full_clean()
    consent.save()
    event(case, CaseEvent.Kind.CONSENT, actor, consent.categories)
    return consent


@transaction.atomic
def consent_withdraw(*, actor: User, consent: Consent, on: dt.date | None = None) -> Consent:
    """Withdraw a consent. Referrals stop sharing what no other valid consent allows at once,
    whatever their status: what a referral shares is checked against the consents when the
    case is read (cases.access), never stored beyond what was asked when it was sent."""
    require(actor, Action.EDIT_CASE, consent.case)
    if consent.withdrawn_on is not None:
        raise InvalidTransitionError(_("The consent was already withdrawn."))
    consent.withdrawn_on = on or timezone.localdate()
    consent.save(update_fields=["withdrawn_on", "updated_at"])
    event(consent.case, CaseEvent.Kind.CONSENT_WITHDRAWN, actor, consent.categories)
    return consent


# Eligibility


@transaction.atomic
def decision_record(
    *,
    actor: User,
    case: Case,
    group: AtRiskGroup,
    outcome: str,
    refusal_reason: RefusalReason | None = None,
    legal_basis: str = "",
) -> EligibilityDecision:
    """Record an eligibility decision for one group; it awaits a supervisor's approval.
    A refusal needs a coded reason; one for lack of registration, ID or citizenship is
    recorded (it is what happened) and flagged as a rights concern."""
    require(actor, Action.EDIT_CASE, case)
    case = lock(case)
    if case.status not in (S.ASSESSMENT, S.ELIGIBILITY, S.ACTIVE):
        raise InvalidTransitionError(_("Assess the case before deciding eligibility."))
    if outcome == EligibilityDecision.Outcome.REFUSED and refusal_reason is None:
        raise ValidationError({"refusal_reason": _("A refusal needs a reason.")})
    if outcome != EligibilityDecision.Outcome.REFUSED:
        refusal_reason = None
    if case.decisions.filter(group=group, approval=Approval.PENDING).exists():
        raise InvalidTransitionError(_("A decision for this group already awaits approval."))
    decision = EligibilityDecision(
        case=case,
        group=group,
        outcome=outcome,
        refusal_reason=refusal_reason,
        legal_basis=legal_basis or group.legal_basis,
        decided_by=actor,
        organisation_id=case.organisation_id,
        region_id=case.region_id,
        rights_concern=bool(refusal_reason and refusal_reason.documentation_related),
    )
    decision.full_clean()
    decision.save()
    if not case.groups.filter(pk=group.pk).exists():
        case.groups.add(group)
        # the groups on the case's edit form; a restricted group claimed restricts the case
        changed(case, restricted=case.restricted or group.restricted)
    event(case, CaseEvent.Kind.DECISION, actor, f"{group.code}:{outcome}")
    if case.status == S.ASSESSMENT:
        move(case, S.ELIGIBILITY, actor)
    return decision


def _review(record, *, actor: User, action: Action, verdict: str, author_id: int | None):
    """Approve or send back a decision or a closure awaiting approval: lock the case and the
    record, refuse a second review and (for approvals) a review of one's own request."""
    case = lock(record.case)
    require(actor, action, case)
    record = type(record).objects.select_for_update().get(pk=record.pk)
    if record.approval != Approval.PENDING:
        raise InvalidTransitionError(_("This was already reviewed."))
    if verdict == Approval.APPROVED and author_id == actor.pk:
        raise ApplicationError(
            _("Another supervisor must approve what you asked for."), code="four_eyes", status=403
        )
    record.approval = verdict
    record.approved_by = actor
    record.approved_at = timezone.now()
    return case, record


@transaction.atomic
def decision_approve(*, actor: User, decision: EligibilityDecision) -> EligibilityDecision:
    """A supervisor (not the one who decided) approves; a granted group makes the case active
    and its restriction applies."""
    case, decision = _review(
        decision,
        actor=actor,
        action=Action.APPROVE_DECISION,
        verdict=Approval.APPROVED,
        author_id=decision.decided_by_id,
    )
    decision.save(update_fields=["approval", "approved_by", "approved_at", "updated_at"])
    event(case, CaseEvent.Kind.DECISION_APPROVED, actor, decision.group.code)
    if decision.outcome == EligibilityDecision.Outcome.GRANTED:
        if decision.group.restricted:
            restrict(case)
        if case.status == S.ELIGIBILITY:
            move(case, S.ACTIVE, actor)
    return decision


@transaction.atomic
def decision_reject(
    *, actor: User, decision: EligibilityDecision, note: str
) -> EligibilityDecision:
    case, decision = _review(
        decision,
        actor=actor,
        action=Action.APPROVE_DECISION,
        verdict=Approval.REJECTED,
        author_id=None,
    )
    decision.save(update_fields=["approval", "approved_by", "approved_at", "updated_at"])
    event(case, CaseEvent.Kind.DECISION_REJECTED, actor, note)
    return decision


# Closure and reopening


@transaction.atomic
def closure_request(*, actor: User, case: Case, outcome: str, reason: str) -> Closure:
    require(actor, Action.EDIT_CASE, case)
    case = lock(case)
    _must_be_open(case)
    if case.closures.filter(approval=Approval.PENDING).exists():
        raise InvalidTransitionError(_("A closure already awaits approval."))
    closure = Closure(case=case, outcome=outcome, reason=reason, requested_by=actor)
    closure.full_clean()
    closure.save()
    event(case, CaseEvent.Kind.CLOSURE_REQUESTED, actor, closure.outcome)
    return closure


def _followup_days(case: Case) -> int:
    """The shortest follow-up interval among the standards the case's plans used."""
    days = (
        Standard.objects.filter(pk__in=case.plan_items.values("standard"))
        .order_by("followup_days")
        .values_list("followup_days", flat=True)
        .first()
    )
    return days or DEFAULT_FOLLOWUP_DAYS


@transaction.atomic
def closure_approve(*, actor: User, closure: Closure) -> Closure:
    case, closure = _review(
        closure,
        actor=actor,
        action=Action.APPROVE_CLOSURE,
        verdict=Approval.APPROVED,
        author_id=closure.requested_by_id,
    )
    if case.shelter_stays.filter(discharged_on__isnull=True).exists():
        raise InvalidTransitionError(_("Discharge the person from the shelter first."))
    today = timezone.localdate()
    closure.followup_due = today + dt.timedelta(days=_followup_days(case))
    closure.save()
    case.closed_at = closure.approved_at
    move(case, S.CLOSED, actor)
    event(case, CaseEvent.Kind.CLOSED, actor, closure.outcome)
    return closure


@transaction.atomic
def closure_reject(*, actor: User, closure: Closure, note: str) -> Closure:
    case, closure = _review(
        closure,
        actor=actor,
        action=Action.APPROVE_CLOSURE,
        verdict=Approval.REJECTED,
        author_id=None,
    )
    closure.save(update_fields=["approval", "approved_by", "approved_at", "updated_at"])
    event(case, CaseEvent.Kind.CLOSURE_REJECTED, actor, note)
    return closure


@transaction.atomic
def followup_record(*, actor: User, closure: Closure, on: dt.date | None = None) -> Closure:
    require(actor, Action.EDIT_CASE, closure.case)
    if closure.approval != Approval.APPROVED or closure.followup_done_on:
        raise InvalidTransitionError(_("There is no follow-up due for this closure."))
    closure.followup_done_on = on or timezone.localdate()
    closure.full_clean()
    closure.save(update_fields=["followup_done_on", "updated_at"])
    return closure


@transaction.atomic
def case_reopen(*, actor: User, case: Case, reason: str) -> Case:
    """Reopen a closed case for a new assessment; its history stays."""
    require(actor, Action.REOPEN_CASE, case)
    case = lock(case)
    if case.status != S.CLOSED:
        raise InvalidTransitionError(_("Only a closed case can be reopened."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for reopening.")})
    case.closed_at = None
    move(case, S.ASSESSMENT, actor)
    event(case, CaseEvent.Kind.REOPENED, actor, reason)
    return case
