"""Transfers of a case to another organisation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from qamqor.audit import log
from qamqor.cases import forms, transfers
from qamqor.cases.access import find_transfer
from qamqor.cases.views.base import _case_url, case_form_view, case_post_action
from qamqor.core import access
from qamqor.core.access import Action
from qamqor.core.errors import ApplicationError
from qamqor.core.web import child_or_404, error_message

# Transfers


@login_required
def transfer(request: HttpRequest, code: str) -> HttpResponse:
    return case_form_view(
        request,
        code,
        form_class=forms.TransferForm,
        form_kwargs=lambda case: {"case": case},
        title=_("Transfer the case to another organisation"),
        done=_("Transfer requested; it awaits the other organisation's answer."),
        perform=lambda case, data: transfers.transfer_request(
            actor=request.user, case=case, **data
        ),
    )


@login_required
def transfer_withdraw(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return case_post_action(
        request,
        code,
        lambda case: transfers.transfer_withdraw(
            actor=request.user, transfer=child_or_404(case.transfers.all(), pk)
        ),
        _("Transfer withdrawn."),
    )


def _transfer_answer(request: HttpRequest, pk: int, perform, done: str) -> HttpResponse:
    """Accept or decline a transfer sent to one of the user's organisations (POST)."""
    found = find_transfer(request.user, pk)
    if found is None or not access.can(request.user, Action.TRANSFER_CASE, found):
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        result = perform(found)
    except (ValidationError, ApplicationError) as error:
        messages.error(request, error_message(error))
        return redirect("cases:incoming")
    log.record(request.user, log.Action.CHANGE, found.case, request)
    messages.success(request, done)
    if result.status == result.Status.ACCEPTED:
        return redirect(_case_url(found.case))
    return redirect("cases:incoming")


@login_required
def transfer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(found):
        form = forms.TransferAcceptForm(request.POST, organisation_id=found.to_organisation_id)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        return transfers.transfer_accept(
            actor=request.user, transfer=found, lead_worker=form.cleaned_data["lead_worker"]
        )

    return _transfer_answer(request, pk, perform, _("Transfer accepted: the case is yours now."))


@login_required
def transfer_decline(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(found):
        form = forms.ReasonForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Give the reason for declining."))
        return transfers.transfer_decline(
            actor=request.user, transfer=found, reason=form.cleaned_data["reason"]
        )

    return _transfer_answer(request, pk, perform, _("Transfer declined."))
