"""The protection pages: the hotline call log, trafficking screening, and the identification,
protective order, risk and safety plan forms of a case.

Calls and screenings are found through the access policy first (404 when out of reach);
the case forms go through the case pages' helpers, which do the same for the case. Every
page showing or changing a record writes the access log.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from qamqor.audit import log
from qamqor.cases.access import find_case
from qamqor.cases.views import case_form_view, case_post_action
from qamqor.core import access, once
from qamqor.core.access import Action
from qamqor.core.errors import ApplicationError
from qamqor.core.web import child_or_404, error_message, form_errors
from qamqor.protection import forms, selectors, services
from qamqor.protection.access import access_call, access_screening
from qamqor.protection.filters import CallFilter, call_page_filters
from qamqor.protection.models import HotlineCall, Screening

PAGE_SIZE = 50


def _page(request: HttpRequest, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _after_opening(request: HttpRequest, case, fallback: str) -> HttpResponse:
    """To the new case, or — when it is out of the user's sight (an operator opening a
    restricted case) — back to the list they came from, saying which case it is and, when
    nobody leads it yet, that a supervisor will assign it. (The call or screening itself is
    now part of that case and out of their sight too.)"""
    log.record(request.user, log.Action.CREATE, case, request)
    messages.success(request, _("Case %(code)s opened.") % {"code": case.code})
    if access.can(request.user, Action.VIEW_CASE, case):
        return redirect("cases:detail", case.code)
    if case.lead_worker_id is None:
        messages.info(
            request, _("No one leads it yet: it is on the supervisors' list of unassigned cases.")
        )
    return redirect(fallback)


# Hotline


@login_required
def calls(request: HttpRequest) -> HttpResponse:
    """The call log with the quick form above it. The form posts here; with htmx the answer
    is the fresh form plus the new row, without reloading the page."""
    user = request.user
    if not access.can(user, Action.VIEW_CALL):
        raise PermissionDenied
    may_log = access.can(user, Action.LOG_CALL)
    form = forms.CallForm(request.POST or None, user=user) if may_log else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        return _log_call(request, form)
    filters = forms.CallFilterForm(request.GET or None)
    found = selectors.visible_calls(user)
    if filters.is_valid():
        values = call_page_filters(filters.cleaned_data)
        found = CallFilter(values, queryset=found, request=request).qs
    page = _page(request, found.order_by("-received_at", "-pk"))
    log.record_many(user, log.Action.LIST, page.object_list, request)
    return render(
        request,
        "protection/calls.html",
        {"form": form, "filters": filters, "page": page},
        status=200 if filters.is_valid() or not request.GET else 400,
    )


def _log_call(request: HttpRequest, form: forms.CallForm) -> HttpResponse:
    status = 400
    call = None
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            call = services.call_log(actor=request.user, **data)
        except (ValidationError, ApplicationError) as error:
            status = form_errors(form, error)
        else:
            log.record(request.user, log.Action.CREATE, call, request)
    if not request.htmx:
        if call is None:
            page = _page(request, selectors.visible_calls(request.user))
            log.record_many(request.user, log.Action.LIST, page.object_list, request)
            filters = forms.CallFilterForm()
            context = {"form": form, "filters": filters, "page": page}
            return render(request, "protection/calls.html", context, status=status)
        messages.success(request, _("Call logged."))
        return redirect("protection:calls")
    if call is not None:
        form, status = forms.CallForm(user=request.user), 201
    return render(
        request, "protection/_call_form.html", {"form": form, "new_call": call}, status=status
    )


def _call(request: HttpRequest, pk: int) -> HotlineCall:
    return access_call(request, pk)


@login_required
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    may_act = call.case_id is None and access.can(request.user, Action.LOG_CALL, call)
    context = {
        "call": call,
        "may_act": may_act,
        "may_see_case": call.case_id is not None
        and access.can(request.user, Action.VIEW_CASE, call.case),
        "open_form": forms.OpenCaseForm(organisation=call.organisation) if may_act else None,
        "add_form": forms.AddToCaseForm() if may_act else None,
    }
    return render(request, "protection/call_detail.html", context)


def _open_case_from(
    request: HttpRequest, record, here: str, open_case, listed: str
) -> HttpResponse:
    """Open a case from a call or a screening (POST): the lead worker from the form, errors
    as a message back on the record's page."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = forms.OpenCaseForm(request.POST, organisation=record.organisation)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(here)
    try:
        with transaction.atomic():
            case = open_case(form.cleaned_data["lead_worker"])
    except (ValidationError, ApplicationError) as error:
        messages.error(request, error_message(error))
        return redirect(here)
    log.record(request.user, log.Action.CHANGE, record, request)
    return _after_opening(request, case, listed)


@login_required
def call_open_case(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    return _open_case_from(
        request,
        call,
        reverse("protection:call", args=[call.pk]),
        lambda lead: services.call_open_case(actor=request.user, call=call, lead_worker=lead),
        reverse("protection:calls"),
    )


@login_required
def call_add_to_case(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = forms.AddToCaseForm(request.POST)
    here = reverse("protection:call", args=[call.pk])
    if form.is_valid():
        view = find_case(request.user, form.cleaned_data["case"])
        try:
            if view is None or not view.full:
                raise ValidationError(_("No case with this code."))
            case = view.case
            with transaction.atomic():
                services.call_add_to_case(actor=request.user, call=call, case=case)
        except (ValidationError, ApplicationError) as error:
            messages.error(request, error_message(error))
        else:
            log.record(request.user, log.Action.CHANGE, case, request)
            messages.success(request, _("Call added to case %(code)s.") % {"code": case.code})
    else:
        messages.error(request, _("Give the case code."))
    return redirect(here)


# Trafficking screening


@login_required
def screenings(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not access.can(user, Action.VIEW_SCREENING):
        raise PermissionDenied
    visible = selectors.visible_screenings(user)
    status = request.GET.get("status")
    listed = visible.filter(status=status) if status in Screening.Status.values else visible
    page = _page(request, listed.order_by("-screened_at", "-pk"))
    log.record_many(user, log.Action.LIST, page.object_list, request)
    context = {
        "page": page,
        "statistics": selectors.screening_statistics(visible),
        "places": dict(Screening.Place.choices),
        "statuses": Screening.Status.choices,
        "status": status,
        "may_screen": access.can(user, Action.SCREEN),
    }
    return render(request, "protection/screenings.html", context)


@login_required
def screening_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not access.can(user, Action.SCREEN):
        raise PermissionDenied
    if once.needs_token(request):
        return once.with_token(request)
    form = forms.ScreeningForm(request.POST or None, user=user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                screening, earlier = once.save_once(
                    request,
                    lambda: services.screening_record(
                        actor=user,
                        organisation=data["organisation"],
                        place=data["place"],
                        region=data["region"],
                        sex=data["sex"],
                        age_group=data["age_group"],
                        citizenship=data["citizenship"],
                        answers=form.answers(),
                    ),
                    lambda made: reverse("protection:screening", args=[made.pk]),
                )
            except (ValidationError, ApplicationError) as error:
                status = form_errors(form, error)
            else:
                if earlier:
                    return earlier  # Back and submit again: the screening recorded the first time
                log.record(user, log.Action.CREATE, screening, request)
                messages.success(request, _("Screening recorded."))
                return redirect("protection:screening", screening.pk)
        else:
            status = 400
    return render(request, "protection/screening_new.html", {"form": form}, status=status)


@login_required
def screening_detail(request: HttpRequest, pk: int) -> HttpResponse:
    screening = access_screening(request, pk)
    context = {
        "screening": screening,
        "answers": screening.answers.select_related("indicator").order_by(
            "indicator__category", "indicator__sort_order", "indicator__code"
        ),
        "may_open": screening.status == Screening.Status.AWAITING
        and access.can(request.user, Action.CREATE_CASE, screening.organisation),
        "may_see_case": screening.case_id is not None
        and access.can(request.user, Action.VIEW_CASE, screening.case),
        "open_form": forms.OpenCaseForm(organisation=screening.organisation),
    }
    return render(request, "protection/screening_detail.html", context)


@login_required
def screening_open_case(request: HttpRequest, pk: int) -> HttpResponse:
    screening = access_screening(request, pk)
    return _open_case_from(
        request,
        screening,
        reverse("protection:screening", args=[screening.pk]),
        lambda lead: services.screening_open_case(
            actor=request.user, screening=screening, lead_worker=lead
        ),
        reverse("protection:screenings"),
    )


# On a case


@login_required
def identification(request: HttpRequest, code: str) -> HttpResponse:
    return case_form_view(
        request,
        code,
        form_class=forms.IdentificationForm,
        title=_("Trafficking identification"),
        done=_("Identification recorded."),
        perform=lambda case, data: services.identification_record(
            actor=request.user, case=case, **data
        ),
    )


@login_required
def order_new(request: HttpRequest, code: str) -> HttpResponse:
    return case_form_view(
        request,
        code,
        form_class=forms.OrderForm,
        title=_("Protective order"),
        done=_("Protective order recorded."),
        perform=lambda case, data: services.order_record(actor=request.user, case=case, **data),
    )


@login_required
def violation_new(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return case_form_view(
        request,
        code,
        form_class=forms.ViolationForm,
        title=_("Violation of a protective order"),
        done=_("Violation recorded."),
        perform=lambda case, data: services.violation_record(
            actor=request.user, order=child_or_404(case.protective_orders.all(), pk), **data
        ),
    )


@login_required
def order_revoke(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return case_post_action(
        request,
        code,
        lambda case: services.order_revoke(
            actor=request.user, order=child_or_404(case.protective_orders.all(), pk)
        ),
        _("Protective order revoked."),
    )


@login_required
def risk_assessment(request: HttpRequest, code: str) -> HttpResponse:
    return case_form_view(
        request,
        code,
        form_class=forms.RiskForm,
        title=_("Risk assessment"),
        done=_("Risk assessed."),
        perform=lambda case, data: services.risk_assess(
            actor=request.user,
            case=case,
            answers=forms.RiskForm.answers_from(data),
            on=data["assessed_on"],
        ),
    )


@login_required
def safety_plan(request: HttpRequest, code: str) -> HttpResponse:
    return case_form_view(
        request,
        code,
        form_class=forms.SafetyPlanForm,
        title=_("Safety plan"),
        done=_("Safety plan saved."),
        perform=lambda case, data: services.safety_plan_create(
            actor=request.user, case=case, **forms.SafetyPlanForm.plan_from(data)
        ),
    )


@login_required
def safety_plan_review(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return case_form_view(
        request,
        code,
        form_class=forms.ReviewForm,
        title=_("Safety plan review"),
        done=_("Safety plan reviewed."),
        perform=lambda case, data: services.safety_plan_review(
            actor=request.user,
            plan=child_or_404(case.safety_plans.all(), pk),
            next_review=data["next_review"],
        ),
    )
