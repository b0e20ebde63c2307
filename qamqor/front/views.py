"""The home page: what each user has to do today, by role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from qamqor.cases import selectors as cases
from qamqor.core import access
from qamqor.core.access import Action
from qamqor.protection import selectors as protection
from qamqor.providers import selectors as providers
from qamqor.providers.models import Certification, Facility

EXPIRY_WARNING_DAYS = 60
LIST_LIMIT = 50


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
        watched = cases.watched_cases(user)
        context.update(
            my_cases=cases.my_cases_by_risk(user, LIST_LIMIT),
            overdue=cases.overdue(watched, today)[:LIST_LIMIT],
            expiring_consents=cases.expiring_consents(watched, today)[:LIST_LIMIT],
            pending_decisions=cases.pending_decisions(user)[:LIST_LIMIT],
            pending_closures=cases.pending_closures(user)[:LIST_LIMIT],
            alerts=protection.open_alerts(user, watched)[:LIST_LIMIT],
            incoming_count=cases.incoming_referrals(user).count()
            if access.can(user, Action.RESPOND_REFERRAL)
            else 0,
        )
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
