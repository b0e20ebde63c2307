"""The service plan and the services given."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from qamqor.audit import log
from qamqor.cases import forms, planning
from qamqor.cases.views.base import _case_url, _full_case, case_form_view
from qamqor.core import access, once
from qamqor.core.access import Action
from qamqor.core.errors import ApplicationError

# Plan and deliveries


@login_required
def plan(request: HttpRequest, code: str) -> HttpResponse:
    """The plan form, filled with the proposal from the standards; deviations need a reason."""
    fresh = once.needs_token(request)
    case = _full_case(request, code, log_read=not fresh)
    if not access.can(request.user, Action.EDIT_CASE, case):
        raise PermissionDenied
    if fresh:
        return once.with_token(request)
    if request.method == "POST":
        formset = forms.PlanItemFormSet(request.POST)
    else:
        formset = forms.PlanItemFormSet(
            initial=[
                {
                    "include": True,
                    "service_type": item.service_type,
                    "standard": item.standard,
                    "provider": item.provider,
                    "units": item.units,
                    "requested_on": item.requested_on,
                    "due_on": item.due_on,
                }
                for item in planning.propose_plan(case)
            ]
        )
    status = 200
    errors: list[str] = []
    if request.method == "POST":
        if formset.is_valid():
            items = [
                planning.ProposedItem(
                    **{key: value for key, value in data.items() if key != "include"}
                )
                for data in formset.cleaned_data
                if data and data.get("include")
            ]
            try:
                _plan, earlier = once.save_once(
                    request,
                    lambda: planning.plan_create(actor=request.user, case=case, items=items),
                    lambda _plan: _case_url(case),
                )
            except ValidationError as error:
                errors = _plan_errors(formset, error)
                status = 400
            except ApplicationError as error:
                errors, status = [str(error.message)], error.status
            else:
                if earlier:
                    return earlier
                log.record(request.user, log.Action.CHANGE, case, request)
                messages.success(request, _("Service plan saved."))
                return redirect(_case_url(case))
        else:
            status = 400
    return render(
        request,
        "cases/plan.html",
        {"case": case, "formset": formset, "errors": errors},
        status=status,
    )


def _plan_errors(formset, error: ValidationError) -> list[str]:
    """Errors named items.<n>.<field> go on the n-th included row; the rest are listed."""
    included = [form for form in formset.forms if form.cleaned_data.get("include")]
    general = []
    for name, messages_ in error.message_dict.items():
        parts = name.split(".")
        if parts[0] == "items" and len(parts) == 3 and int(parts[1]) < len(included):
            form = included[int(parts[1])]
            field = parts[2] if parts[2] in form.fields else None
            for message in messages_:
                form.add_error(field, message)
        else:
            general.extend(messages_)
    return general


@login_required
def delivery(request: HttpRequest, code: str) -> HttpResponse:
    def perform(case, data):
        planning.delivery_record(
            actor=request.user,
            case=case,
            plan_item=planning.plan_item_for(case, data["service_type"]),
            **data,
        )

    return case_form_view(
        request,
        code,
        form_class=forms.DeliveryForm,
        form_kwargs=lambda case: {"case": case, "user": request.user},
        title=_("Record a service"),
        done=_("Service recorded."),
        perform=perform,
        full=False,
        shared="services",
    )
