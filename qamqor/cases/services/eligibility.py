"""Eligibility decisions and their approval."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import User
from qamqor.accounts.notices import holders, notify, resolve
from qamqor.cases.models import (
    Approval,
    Case,
    CaseEvent,
    Closure,
    EligibilityDecision,
)
from qamqor.cases.notices import CaseNotice
from qamqor.cases.services.common import S, changed, event, lock, move, require, restrict
from qamqor.catalog.models import AtRiskGroup, RefusalReason
from qamqor.core.access import Action
from qamqor.core.errors import ApplicationError, InvalidTransitionError

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
    notify(
        kind=CaseNotice.APPROVAL_WAITING,
        recipients=holders(case.organisation, Action.APPROVE_DECISION),
        organisation=case.organisation,
        source=decision,
        case=case,
        actor=actor,
    )
    if case.status == S.ASSESSMENT:
        move(case, S.ELIGIBILITY, actor)
    return decision


R = TypeVar("R", EligibilityDecision, Closure)


def _review(
    record: R, *, actor: User, action: Action, verdict: str, author_id: int | None
) -> tuple[Case, R]:
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
    resolve(source=record)  # the approval no longer waits
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
