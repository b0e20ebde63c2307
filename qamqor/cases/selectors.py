"""Reads about cases, always through the access policy: lists for the home pages, deadlines,
expiring consents, approvals waiting, the timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from qamqor.accounts.models import User
from qamqor.cases.models import (
    Approval,
    Case,
    CaseAssignment,
    CaseEvent,
    Closure,
    Consent,
    EligibilityDecision,
    PlanItem,
    Referral,
    ServicePlan,
    Transfer,
)
from qamqor.core import access
from qamqor.core.access import Action

EXPIRY_WARNING_DAYS = 30
CASE_LIST_RELATED = ("person", "region", "lead_worker", "organisation")


def visible_cases(user: User) -> QuerySet[Case]:
    return access.scope(user, Action.VIEW_CASE, Case.objects.all())


def my_cases(user: User) -> QuerySet[Case]:
    """Open cases the user leads or is assigned to."""
    assigned = CaseAssignment.objects.filter(case=OuterRef("pk"), user=user, is_active=True)
    return (
        visible_cases(user)
        .filter(Q(lead_worker=user) | Exists(assigned))
        .exclude(status=Case.Status.CLOSED)
        .select_related(*CASE_LIST_RELATED)
    )


RISK_ORDER = ("risk_rank", "-opened_at", "-pk")


def my_cases_by_risk(user: User, limit: int) -> list[Case]:
    """The first `limit` of `my_cases`, highest risk first, then newest. Led and assigned
    cases are ranked apart, each by the (lead worker, risk, opened) index, and merged: a
    worker holding thousands of cases costs no more than one holding ten."""
    open_cases = visible_cases(user).exclude(status=Case.Status.CLOSED)
    assigned = CaseAssignment.objects.filter(user=user, is_active=True).values("case")
    ranked: set[tuple[int, int, dt.datetime]] = set()
    for part in (open_cases.filter(lead_worker=user), open_cases.filter(pk__in=assigned)):
        ranked.update(
            part.order_by(*RISK_ORDER).values_list("pk", "risk_rank", "opened_at")[:limit]
        )
    top = sorted(ranked, key=lambda row: (row[1], -row[2].timestamp(), -row[0]))[:limit]
    cases = Case.objects.filter(pk__in=[row[0] for row in top]).select_related(
        *CASE_LIST_RELATED, "intake"
    )
    return sorted(cases, key=lambda case: (case.risk_rank, -case.opened_at.timestamp(), -case.pk))


def supervised_cases(user: User) -> QuerySet[Case]:
    """Open cases of the organisations the user supervises."""
    return (
        access.scope(user, Action.ASSIGN_CASE, Case.objects.all())
        .exclude(status=Case.Status.CLOSED)
        .select_related(*CASE_LIST_RELATED)
    )


def unassigned_cases(user: User) -> QuerySet[Case]:
    """Open cases of the organisations the user supervises that nobody leads yet (opened by
    an operator, or whose lead worker left): the supervisor assigns them."""
    return supervised_cases(user).filter(lead_worker__isnull=True).order_by("opened_at", "pk")


def watched_cases(user: User) -> QuerySet[Case]:
    """The open cases whose deadlines and alerts the user's home page shows: those of the
    organisations they supervise, else their own."""
    if access.can(user, Action.ASSIGN_CASE):
        return supervised_cases(user)
    return my_cases(user)


def referred_cases(user: User) -> QuerySet[Case]:
    return (
        access.scope(user, Action.VIEW_REFERRED_CASE, Case.objects.all())
        .exclude(status=Case.Status.CLOSED)
        .select_related("region", "organisation")
    )


@dataclass(frozen=True)
class Deadline:
    kind: str  # first_service, plan_review, follow_up
    case: Case
    due: dt.date
    service: str = ""  # for a first service: which

    @property
    def days_overdue(self) -> int:
        return (timezone.localdate() - self.due).days


def overdue(cases: QuerySet[Case], today: dt.date | None = None) -> list[Deadline]:
    """First services, plan reviews and follow-ups past due on the given cases."""
    today = today or timezone.localdate()
    case_ids = cases.values("pk")
    related = [f"case__{name}" for name in ("person", "region", "lead_worker")]
    first_services = PlanItem.objects.filter(
        case__in=case_ids,
        plan__is_current=True,
        first_delivered_on__isnull=True,
        due_on__lt=today,
        case__status=Case.Status.ACTIVE,
    ).select_related("case", "service_type", *related)
    reviews = ServicePlan.objects.filter(
        case__in=case_ids, is_current=True, review_due__lt=today, case__status=Case.Status.ACTIVE
    ).select_related("case", *related)
    follow_ups = Closure.objects.filter(
        case__in=case_ids,
        approval=Approval.APPROVED,
        followup_done_on__isnull=True,
        followup_due__lt=today,
        case__status=Case.Status.CLOSED,
    ).select_related("case", *related)
    deadlines = [
        Deadline("first_service", item.case, item.due_on, item.service_type.name)
        for item in first_services
    ]
    deadlines += [
        Deadline("plan_review", plan.case, plan.review_due) for plan in reviews if plan.review_due
    ]
    deadlines += [
        Deadline("follow_up", closure.case, closure.followup_due)
        for closure in follow_ups
        if closure.followup_due
    ]
    return sorted(deadlines, key=lambda deadline: deadline.due)


def expiring_consents(cases: QuerySet[Case], today: dt.date | None = None) -> QuerySet[Consent]:
    today = today or timezone.localdate()
    return (
        Consent.objects.filter(
            case__in=cases.values("pk"),
            withdrawn_on__isnull=True,
            valid_until__gte=today,
            valid_until__lte=today + dt.timedelta(days=EXPIRY_WARNING_DAYS),
        )
        .exclude(case__status=Case.Status.CLOSED)
        .select_related("case", "case__person", "recipient")
        .order_by("valid_until")
    )


def pending_decisions(user: User) -> QuerySet[EligibilityDecision]:
    return (
        access.scope(
            user,
            Action.APPROVE_DECISION,
            EligibilityDecision.objects.filter(approval=Approval.PENDING),
        )
        .select_related("case", "case__person", "group", "refusal_reason", "decided_by")
        .order_by("decided_on", "pk")
    )


def pending_closures(user: User) -> QuerySet[Closure]:
    return (
        access.scope(
            user, Action.APPROVE_CLOSURE, Closure.objects.filter(approval=Approval.PENDING)
        )
        .select_related("case", "case__person", "requested_by")
        .order_by("requested_at")
    )


def incoming_referrals(user: User) -> QuerySet[Referral]:
    """Referrals sent to the user's organisations, waiting for an answer."""
    return (
        access.scope(
            user, Action.RESPOND_REFERRAL, Referral.objects.filter(status=Referral.Status.SENT)
        )
        .select_related("from_organisation", "to_organisation", "service_type", "case")
        .order_by("sent_at")
    )


def incoming_transfers(user: User) -> QuerySet[Transfer]:
    """Transfers asked of the organisations the user supervises, waiting for an answer."""
    return (
        access.scope(
            user, Action.TRANSFER_CASE, Transfer.objects.filter(status=Transfer.Status.REQUESTED)
        )
        .select_related("from_organisation", "to_organisation", "case", "requested_by")
        .order_by("requested_at")
    )


def timeline(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor").order_by("-at", "-pk")
