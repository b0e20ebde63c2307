"""Alerts: protective orders about to expire, safety plan reviews falling due, screenings
awaiting formal identification.

`refresh` works out which alerts the given records call for today, raises the missing ones
and resolves those no longer called for. An alert is keyed by (kind, record, due date), so
running it again raises nothing new. The services run it over the record they just changed;
as the "protection" source of the one alert mechanism (core.alerts, registered in
ProtectionConfig.ready()) it runs over everything from `qamqor alerts` and on a first read of
the day.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from qamqor.cases.models import Case
from qamqor.core.alerts import Outcome
from qamqor.protection.models import Alert, ProtectiveOrder, SafetyPlan, Screening

ORDER_WARNING_DAYS = 7  # an order is flagged this many days before its last day
REVIEW_WARNING_DAYS = 3  # a safety plan review is flagged this many days before it is due
OPEN_CASE = ~Q(case__status=Case.Status.CLOSED)
K = Alert.Kind


def _wanted_orders(orders: QuerySet[ProtectiveOrder], today: dt.date) -> list[Alert]:
    due = orders.filter(
        OPEN_CASE,
        Q(revoked_on__isnull=True) | Q(revoked_on__gt=today),
        valid_until__gte=today,
        valid_until__lte=today + dt.timedelta(days=ORDER_WARNING_DAYS),
    )
    return [
        Alert(
            kind=K.ORDER_EXPIRING,
            order_id=pk,
            case_id=case_id,
            organisation_id=org_id,
            source_id=pk,
            due_on=until,
        )
        for pk, case_id, org_id, until in due.values_list(
            "pk", "case_id", "organisation_id", "valid_until"
        )
    ]


def _wanted_plans(plans: QuerySet[SafetyPlan], today: dt.date) -> list[Alert]:
    due = plans.filter(
        OPEN_CASE,
        is_current=True,
        review_due__lte=today + dt.timedelta(days=REVIEW_WARNING_DAYS),
    )
    return [
        Alert(
            kind=K.SAFETY_REVIEW,
            safety_plan_id=pk,
            case_id=case_id,
            organisation_id=org_id,
            source_id=pk,
            due_on=review_due,
        )
        for pk, case_id, org_id, review_due in due.values_list(
            "pk", "case_id", "case__organisation_id", "review_due"
        )
    ]


def _wanted_screenings(screenings: QuerySet[Screening], today: dt.date) -> list[Alert]:
    waiting = screenings.filter(
        status__in=[Screening.Status.AWAITING, Screening.Status.IN_IDENTIFICATION]
    )
    return [
        Alert(
            kind=K.SCREENING,
            screening_id=pk,
            case_id=case_id,
            organisation_id=org_id,
            source_id=pk,
            due_on=timezone.localdate(screened_at),
        )
        for pk, case_id, org_id, screened_at in waiting.values_list(
            "pk", "case_id", "organisation_id", "screened_at"
        )
    ]


def _sync(kind: str, sources: QuerySet, wanted: list[Alert], source_field: str) -> Outcome:
    """Raise the wanted alerts not raised before; resolve the open alerts of these sources
    that are no longer wanted; keep the case of open alerts current."""
    keys = {(alert.source_id, alert.due_on): alert for alert in wanted}
    existing = Alert.objects.filter(kind=kind, **{f"{source_field}__in": sources.values("pk")})
    known = set(
        existing.filter(source_id__in={key[0] for key in keys}).values_list("source_id", "due_on")
    )
    new = [alert for key, alert in keys.items() if key not in known]
    Alert.objects.bulk_create(new, ignore_conflicts=True)  # a parallel run may have raised it
    stale = [
        pk
        for pk, source_id, due_on in existing.filter(resolved_at__isnull=True).values_list(
            "pk", "source_id", "due_on"
        )
        if (source_id, due_on) not in keys
    ]
    resolved = Alert.objects.filter(pk__in=stale).update(resolved_at=timezone.now())
    if kind == K.SCREENING:  # a screening referred for identification gains a case
        existing.filter(
            resolved_at__isnull=True, case__isnull=True, screening__case__isnull=False
        ).update(
            case_id=Subquery(
                Screening.objects.filter(pk=OuterRef("screening_id")).values("case_id")[:1]
            )
        )
    return Outcome(raised=len(new), resolved=resolved)


@transaction.atomic
def refresh(
    *,
    today: dt.date | None = None,
    orders: QuerySet[ProtectiveOrder] | None = None,
    plans: QuerySet[SafetyPlan] | None = None,
    screenings: QuerySet[Screening] | None = None,
    everything: bool = False,
) -> Outcome:
    """Bring the alerts of the given records (of all records with `everything`) up to date."""
    today = today or timezone.localdate()
    if everything:
        orders = ProtectiveOrder.objects.all()
        plans = SafetyPlan.objects.all()
        screenings = Screening.objects.all()
    outcome = Outcome()
    if orders is not None:
        outcome += _sync(K.ORDER_EXPIRING, orders, _wanted_orders(orders, today), "order")
    if plans is not None:
        outcome += _sync(K.SAFETY_REVIEW, plans, _wanted_plans(plans, today), "safety_plan")
    if screenings is not None:
        outcome += _sync(
            K.SCREENING, screenings, _wanted_screenings(screenings, today), "screening"
        )
    return outcome


class ProtectionAlerts:
    """Protection's alert source (core.alerts): every order, safety plan and screening."""

    def refresh(self, *, today: dt.date) -> Outcome:
        return refresh(today=today, everything=True)
