"""Eligibility decisions and their approval."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from qamqor.cases import forms, services
from qamqor.cases.models import Case, EligibilityDecision
from qamqor.cases.views.base import case_form_view, case_post_action
from qamqor.core.web import child_or_404

# Eligibility


@login_required
def decision(request: HttpRequest, code: str) -> HttpResponse:
    return case_form_view(
        request,
        code,
        form_class=forms.DecisionForm,
        form_kwargs=lambda case: {"case": case},
        title=_("Eligibility decision"),
        done=_("Decision recorded; it awaits a supervisor's approval."),
        perform=lambda case, data: services.decision_record(actor=request.user, case=case, **data),
    )


def _decision(case: Case, pk: int) -> EligibilityDecision:
    return child_or_404(case.decisions.all(), pk)


@login_required
def decision_approve(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return case_post_action(
        request,
        code,
        lambda case: services.decision_approve(actor=request.user, decision=_decision(case, pk)),
        _("Decision approved."),
    )


@login_required
def decision_reject(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return case_form_view(
        request,
        code,
        form_class=forms.NoteForm,
        title=_("Send the decision back"),
        done=_("Decision sent back."),
        perform=lambda case, data: services.decision_reject(
            actor=request.user, decision=_decision(case, pk), note=data["note"]
        ),
    )
