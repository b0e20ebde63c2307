"""Consent and the case's referrals."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from qamqor.cases import forms, referrals, services
from qamqor.cases.models import Consent
from qamqor.cases.views.base import case_form_view, case_post_action
from qamqor.core.web import child_or_404

# Consent and referrals


@login_required
def consent(request: HttpRequest, code: str) -> HttpResponse:
    return case_form_view(
        request,
        code,
        form_class=forms.ConsentForm,
        title=_("Record consent"),
        done=_("Consent recorded."),
        perform=lambda case, data: services.consent_record(actor=request.user, case=case, **data),
    )


@login_required
def consent_withdraw(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return case_post_action(
        request,
        code,
        lambda case: services.consent_withdraw(
            actor=request.user, consent=child_or_404(Consent.objects.filter(case=case), pk)
        ),
        _("Consent withdrawn."),
    )


@login_required
def referral(request: HttpRequest, code: str) -> HttpResponse:
    return case_form_view(
        request,
        code,
        form_class=forms.ReferralForm,
        form_kwargs=lambda case: {"case": case},
        title=_("Refer to another organisation"),
        done=_("Referral sent."),
        perform=lambda case, data: referrals.referral_send(actor=request.user, case=case, **data),
    )


@login_required
def referral_withdraw(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return case_post_action(
        request,
        code,
        lambda case: referrals.referral_withdraw(
            actor=request.user, referral=child_or_404(case.referrals.all(), pk)
        ),
        _("Referral withdrawn."),
    )
