"""Shelter stays."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from qamqor.cases import forms, shelter
from qamqor.cases.models import ShelterStay
from qamqor.cases.views.base import case_form_view
from qamqor.core.web import child_or_404

# Shelter


@login_required
def admit(request: HttpRequest, code: str) -> HttpResponse:
    return case_form_view(
        request,
        code,
        form_class=forms.AdmitForm,
        form_kwargs=lambda case: {"user": request.user},
        title=_("Admit to a shelter"),
        done=_("Admitted."),
        perform=lambda case, data: shelter.stay_admit(actor=request.user, case=case, **data),
        full=False,
        shared="shelter",
    )


@login_required
def discharge(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    def perform(case, data):
        stay = child_or_404(ShelterStay.objects.filter(case=case).select_related("facility"), pk)
        shelter.stay_discharge(actor=request.user, stay=stay, **data)

    return case_form_view(
        request,
        code,
        form_class=forms.DischargeForm,
        title=_("Discharge from the shelter"),
        done=_("Discharged."),
        perform=perform,
        full=False,
        shared="shelter",
    )
