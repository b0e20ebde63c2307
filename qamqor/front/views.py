"""The home page: what each user has to do today, by role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from qamqor.audit import log
from qamqor.cases import selectors as cases
from qamqor.core import access
from qamqor.core.access import Action
from qamqor.core.alerts import refresh_if_stale
from qamqor.protection import selectors as protection
from qamqor.providers import selectors as providers
from qamqor.providers.models import Certification, Facility

EXPIRY_WARNING_DAYS = 60
LIST_LIMIT = 50


def _cases_named(lists: dict) -> set:
    """Every case the home page names (its code, its person's name), once, for the access
    log."""
    named = set(lists["my_cases"]) | set(lists["unassigned"])
    for name in ("overdue", "expiring_consents", "pending_decisions", "pending_closures"):
        named |= {item.case for item in lists[name]}
    named |= {alert.case for alert in lists["alerts"] if alert.case_id}
    return named


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    context: dict = {
        "memberships": user.memberships.filter(is_active=True)
        .select_related("organisation")
        .order_by("organisation__code", "role"),
    }
    if access.can(user, Action.VIEW_CASE):
        refresh_if_stale()  # the alerts are up to date for today before they are shown
        watched = cases.watched_cases(user)
        lists = {
            "my_cases": cases.my_cases_by_risk(user, LIST_LIMIT),
            "unassigned": list(cases.unassigned_cases(user)[:LIST_LIMIT]),
            "overdue": cases.overdue(watched, today)[:LIST_LIMIT],
            "expiring_consents": list(cases.expiring_consents(watched, today)[:LIST_LIMIT]),
            "pending_decisions": list(cases.pending_decisions(user)[:LIST_LIMIT]),
            "pending_closures": list(cases.pending_closures(user)[:LIST_LIMIT]),
            "alerts": list(protection.open_alerts(user, watched)[:LIST_LIMIT]),
        }
        context.update(
            lists,
            may_assign=access.can(user, Action.ASSIGN_CASE),
            incoming_count=cases.incoming_referrals(user).count()
            if access.can(user, Action.RESPOND_REFERRAL)
            else 0,
            transfers_count=cases.incoming_transfers(user).count()
            if access.can(user, Action.TRANSFER_CASE)
            else 0,
        )
        log.record_many(user, log.Action.LIST, _cases_named(lists), request)
    if access.can(user, Action.MANAGE_CERTIFICATION):
        context["expiring_certifications"] = access.scope(
            user,
            Action.MANAGE_CERTIFICATION,
            providers.certifications_expiring(on=today, within_days=EXPIRY_WARNING_DAYS),
        )[:LIST_LIMIT]
    else:
        context["expiring_certifications"] = Certification.objects.none()
    if access.can(user, Action.MANAGE_FACILITY):
        context["own_facilities"] = (
            access.scope(user, Action.MANAGE_FACILITY, Facility.objects.filter(is_active=True))
            .select_related("region")
            .annotate(occupied=Count("stays", filter=Q(stays__discharged_on__isnull=True)))
            .order_by("name")[:LIST_LIMIT]
        )
    return render(request, "core/home.html", context)
