"""Closure and reopening."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from qamqor.cases import forms, services
from qamqor.cases.models import Case, Closure
from qamqor.cases.views.base import case_form_view, case_post_action
from qamqor.core.web import child_or_404

# Closure and reopening


@login_required
def closure(request: HttpRequest, code: str) -> HttpResponse:
    return case_form_view(
        request,
        code,
        form_class=forms.ClosureForm,
        title=_("Request closure"),
        done=_("Closure requested; it awaits a supervisor's approval."),
        perform=lambda case, data: services.closure_request(actor=request.user, case=case, **data),
    )


def _closure(case: Case, pk: int) -> Closure:
    return child_or_404(case.closures.all(), pk)


@login_required
def closure_approve(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return case_post_action(
        request,
        code,
        lambda case: services.closure_approve(actor=request.user, closure=_closure(case, pk)),
        _("Case closed."),
    )


@login_required
def closure_followup(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return case_post_action(
        request,
        code,
        lambda case: services.followup_record(actor=request.user, closure=_closure(case, pk)),
        _("Follow-up recorded."),
    )


@login_required
def closure_reject(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return case_form_view(
        request,
        code,
        form_class=forms.NoteForm,
        title=_("Send the closure back"),
        done=_("Closure sent back."),
        perform=lambda case, data: services.closure_reject(
            actor=request.user, closure=_closure(case, pk), note=data["note"]
        ),
    )


@login_required
def reopen(request: HttpRequest, code: str) -> HttpResponse:
    return case_form_view(
        request,
        code,
        form_class=forms.ReasonForm,
        title=_("Reopen the case"),
        done=_("Case reopened."),
        perform=lambda case, data: services.case_reopen(
            actor=request.user, case=case, reason=data["reason"]
        ),
    )
