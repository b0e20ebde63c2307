"""Reads of protection records, always through the access policy."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from qamqor.accounts.models import User
from qamqor.cases.models import Case
from qamqor.core import access
from qamqor.core.access import Action
from qamqor.protection.models import Alert, HotlineCall, ProtectiveOrder, Screening


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def within_days(
    queryset: QuerySet, field: str, first: dt.date | None = None, last: dt.date | None = None
) -> QuerySet:
    """Rows whose time at `field` falls on local days `first` to `last` (both included), as a
    range on the column itself so that its (organisation, time) index serves it."""
    if first and first > dt.date.min:  # the first day of the calendar bounds nothing
        queryset = queryset.filter(**{f"{field}__gte": _day_start(first)})
    if last and last < dt.date.max:  # the last day of the calendar bounds nothing
        queryset = queryset.filter(**{f"{field}__lt": _day_start(last + dt.timedelta(days=1))})
    return queryset


def visible_calls(user: User) -> QuerySet[HotlineCall]:
    return access.scope(user, Action.VIEW_CALL, HotlineCall.objects.all()).select_related(
        "region", "recorded_by", "case"
    )


def get_call(user: User, pk: int) -> HotlineCall:
    call = visible_calls(user).filter(pk=pk).first()
    if call is None:
        raise Http404
    return call


def visible_screenings(user: User) -> QuerySet[Screening]:
    return access.scope(user, Action.VIEW_SCREENING, Screening.objects.all()).select_related(
        "region", "screened_by", "case"
    )


def get_screening(user: User, pk: int) -> Screening:
    screening = visible_screenings(user).filter(pk=pk).first()
    if screening is None:
        raise Http404
    return screening


def screening_statistics(screenings: QuerySet[Screening]) -> list[dict[str, Any]]:
    """Counts by place and outcome: nothing in them names or points to a person."""
    S = Screening.Status
    # django-stubs reads the annotation "reached" as the model's property of that name.
    return list(
        screenings.order_by()  # type: ignore[arg-type, no-redef]
        .values("place")
        .annotate(
            total=Count("pk"),
            below=Count("pk", filter=Q(status=S.BELOW_THRESHOLD)),
            reached=Count("pk", filter=~Q(status=S.BELOW_THRESHOLD)),
            identified=Count("pk", filter=Q(status=S.IDENTIFIED)),
            not_identified=Count("pk", filter=Q(status=S.NOT_IDENTIFIED)),
        )
        .order_by("place")
    )


def orders_with_violations(case: Case) -> QuerySet[ProtectiveOrder]:
    return case.protective_orders.annotate(violation_count=Count("violations")).prefetch_related(
        "violations"
    )


def case_page(case: Case) -> dict:
    """What protection's sections of the case page read (cases.sections), for a user who sees
    the case in full."""
    return {
        "identifications": case.identifications.select_related("eligibility_decision"),
        "orders": orders_with_violations(case),
        "risk": case.risk_assessments.select_related("assessed_by").first(),
        "safety_plan": case.safety_plans.filter(is_current=True).first(),
        "calls": case.calls.all(),
    }


def open_alerts(user: User, cases: QuerySet) -> QuerySet[Alert]:
    """Open alerts of the given cases (the user's own, or those they supervise), and of the
    screenings awaiting identification the user may see that have no case yet."""
    screenings = access.scope(
        user, Action.VIEW_SCREENING, Screening.objects.filter(case__isnull=True)
    )
    return (
        Alert.objects.filter(resolved_at__isnull=True)
        .filter(
            Q(case__in=cases.values("pk"))
            | Q(case__isnull=True, screening__in=screenings.values("pk"))
        )
        .select_related("case", "screening")
        .order_by("due_on", "pk")
    )
