"""Referrals received by the user's organisations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qamqor.audit import log
from qamqor.cases import forms, referrals, selectors
from qamqor.cases.access import find_referral
from qamqor.cases.models import Referral
from qamqor.cases.views.base import LIST_LIMIT, _case_url
from qamqor.core import access
from qamqor.core.access import Action
from qamqor.core.errors import ApplicationError
from qamqor.core.web import error_message

# Referrals received


@login_required
def incoming(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (access.can(user, Action.RESPOND_REFERRAL) or access.can(user, Action.TRANSFER_CASE)):
        raise PermissionDenied
    waiting = list(selectors.incoming_referrals(user)[:LIST_LIMIT])
    accepted = list(selectors.referred_cases(user)[:LIST_LIMIT])
    transfers_waiting = list(selectors.incoming_transfers(user)[:LIST_LIMIT])
    shown = {item.case for item in waiting + transfers_waiting} | set(accepted)
    log.record_many(user, log.Action.LIST, shown, request)
    staff = forms.lead_worker_choices(
        {transfer.to_organisation_id for transfer in transfers_waiting}
    )
    context = {
        "waiting": waiting,
        "accepted": accepted,
        "transfers": [
            (transfer, staff.get(transfer.to_organisation_id, [])) for transfer in transfers_waiting
        ],
    }
    return render(request, "cases/incoming.html", context)


def _received(request: HttpRequest, pk: int) -> Referral:
    """A referral sent to one of the user's organisations (404 otherwise)."""
    referral = find_referral(request.user, pk)
    if referral is None or not access.can(request.user, Action.RESPOND_REFERRAL, referral):
        raise Http404
    return referral


def _answer(request: HttpRequest, pk: int, perform, done: str, *, form_class=None):
    referral = _received(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = form_class(request.POST) if form_class else None
    try:
        if form is not None and not form.is_valid():
            raise ValidationError(_("Give the reason for declining."))
        perform(referral, form.cleaned_data if form else {})
    except (ValidationError, ApplicationError) as error:
        messages.error(request, error_message(error))
        return redirect("cases:incoming")
    log.record(request.user, log.Action.CHANGE, referral.case, request)
    messages.success(request, done)
    if referral.status in Referral.OPEN_TO_RECEIVER:
        return redirect(_case_url(referral.case))
    return redirect("cases:incoming")


@login_required
def referral_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer(
        request,
        pk,
        lambda referral, data: referrals.referral_accept(actor=request.user, referral=referral),
        _("Referral accepted."),
    )


@login_required
def referral_decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer(
        request,
        pk,
        lambda referral, data: referrals.referral_decline(
            actor=request.user, referral=referral, reason=data["reason"]
        ),
        _("Referral declined."),
        form_class=forms.ReasonForm,
    )


@login_required
def referral_complete(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer(
        request,
        pk,
        lambda referral, data: referrals.referral_complete(actor=request.user, referral=referral),
        _("Referral completed."),
    )
