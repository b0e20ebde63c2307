"""The case pages. Every view first finds the case through the access policy (404 when the
user may not reach it — before anything else, whatever the method), then checks the action
(403), calls one service, and writes the access log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qamqor.audit import log
from qamqor.cases import forms, planning, referrals, selectors, services, shelter, transfers
from qamqor.cases.access import CaseView, access_case, find_referral, find_transfer
from qamqor.cases.models import Case, Closure, Consent, EligibilityDecision, Referral, ShelterStay
from qamqor.cases.sections import sections_context
from qamqor.cases.timeline import describe
from qamqor.core import access, once
from qamqor.core.access import Action
from qamqor.core.errors import ApplicationError, StaleVersionError
from qamqor.core.web import child_or_404, error_message, form_errors, stale_edit
from qamqor.people import selectors as people_selectors
from qamqor.people import services as people_services
from qamqor.people.access import find_person

Perform = Callable[[Case, dict[str, Any]], Any]
LIST_LIMIT = 200


# Finding the case


def _view(request: HttpRequest, code: str) -> CaseView:
    return access_case(request, code)  # logs every page showing a case


def _case(request: HttpRequest, code: str, *, log_read: bool = True) -> Case:
    return access_case(request, code, log_read=log_read).case


def _full_case(request: HttpRequest, code: str, *, log_read: bool = True) -> Case:
    return access_case(request, code, Action.VIEW_CASE, log_read=log_read).case


def _case_url(case: Case) -> str:
    return reverse("cases:detail", args=[case.code])


def case_form_view(
    request: HttpRequest,
    code: str,
    *,
    form_class,
    title: str,
    perform: Perform,
    done: str,
    form_kwargs: Callable[[Case], dict] | None = None,
    full: bool = True,
    shared: str | None = None,
) -> HttpResponse:
    """GET shows the form (at a URL with a token: core.once); POST validates it and calls
    `perform(case, cleaned_data)` — once, however often the same form is submitted. The form
    is for those who see the case in full, or (`full=False`) also for a receiving
    organisation whose referral shares the `shared` category."""
    fresh = once.needs_token(request)
    view = access_case(request, code, Action.VIEW_CASE if full else None, log_read=not fresh)
    if not (view.full or shared is None or view.shows(shared)):
        raise PermissionDenied
    case = view.case
    if fresh:
        return once.with_token(request)
    extra = form_kwargs(case) if form_kwargs else {}
    form = form_class(request.POST if request.method == "POST" else None, **extra)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _made, earlier = once.save_once(
                    request, lambda: perform(case, form.cleaned_data), lambda _made: _case_url(case)
                )
            except (ValidationError, ApplicationError) as error:
                status = form_errors(form, error)
            else:
                if earlier:
                    return earlier
                log.record(request.user, log.Action.CHANGE, case, request)
                messages.success(request, done)
                return redirect(_case_url(case))
        else:
            status = 400
    return render(
        request,
        "cases/form.html",
        {"case": case, "form": form, "title": title},
        status=status,
    )


def case_post_action(request: HttpRequest, code: str, perform, done: str, *, full=True):
    """A button on the case page: POST only; errors come back as a message on the page."""
    case = _full_case(request, code) if full else _case(request, code)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        perform(case)
    except (ValidationError, ApplicationError) as error:
        messages.error(request, error_message(error))
    else:
        log.record(request.user, log.Action.CHANGE, case, request)
        messages.success(request, done)
    return redirect(_case_url(case))


# Lists and the case page


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, Action.VIEW_CASE):
        raise PermissionDenied
    form = forms.CaseFilterForm(request.GET or None)
    cases = selectors.visible_cases(request.user).select_related(*selectors.CASE_LIST_RELATED)
    if form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            cases = cases.filter(status=data["status"])
        if data["region"]:
            cases = cases.filter(region=data["region"])
        if data["restricted"]:
            cases = cases.filter(restricted=True)
        if data["mine"]:
            cases = cases.filter(pk__in=selectors.my_cases(request.user).values("pk"))
    page = Paginator(cases.order_by("-opened_at", "-pk"), 50).get_page(request.GET.get("page"))
    log.record_many(request.user, log.Action.LIST, page.object_list, request)
    return render(request, "cases/list.html", {"form": form, "page": page})


@login_required
def case_detail(request: HttpRequest, code: str) -> HttpResponse:
    view = _view(request, code)
    case, user = view.case, request.user
    if not view.full:
        return _referred_detail(request, view)
    log.record(user, log.Action.VIEW, case.person, request)
    context = {
        "case": case,
        "person": case.person,
        "groups": case.groups.all(),
        "intake": case.intake,
        "assessments": case.assessments.select_related("assessed_by").prefetch_related("needs"),
        "decisions": case.decisions.select_related(
            "group", "refusal_reason", "decided_by", "approved_by"
        ),
        "plan": case.plans.filter(is_current=True)
        .prefetch_related("items__service_type", "items__provider", "items__standard")
        .first(),
        "deliveries": case.deliveries.select_related("service_type", "provider", "staff_member"),
        "consents": case.consents.select_related("recipient"),
        "referrals": case.referrals.select_related("to_organisation", "service_type"),
        "stays": case.shelter_stays.select_related("facility"),
        "closures": case.closures.select_related("requested_by", "approved_by"),
        "transfers": case.transfers.select_related("from_organisation", "to_organisation"),
        "assignments": case.assignments.filter(is_active=True).select_related("user"),
        "timeline": describe(selectors.timeline(case)[:100]),
        "today": timezone.localdate(),
        "may": {
            "edit": access.can(user, Action.EDIT_CASE, case),
            "assign": access.can(user, Action.ASSIGN_CASE, case),
            "approve_decision": access.can(user, Action.APPROVE_DECISION, case),
            "approve_closure": access.can(user, Action.APPROVE_CLOSURE, case),
            "reopen": access.can(user, Action.REOPEN_CASE, case),
            "transfer": access.can(user, Action.TRANSFER_CASE, case),
        },
    }
    context.update(sections_context(case))
    return render(request, "cases/detail.html", context)


def _referred_detail(request: HttpRequest, view: CaseView) -> HttpResponse:
    user, case, shared = request.user, view.case, view.shared
    if view.shows("identity"):
        log.record(user, log.Action.VIEW, case.person, request)
    own_referrals = access.scope(
        user, Action.RESPOND_REFERRAL, case.referrals.select_related("from_organisation")
    )
    context = {
        "case": case,
        "shared": shared,
        "referrals": own_referrals,
        "plan": case.plans.filter(is_current=True).prefetch_related("items__service_type").first()
        if "plan" in shared
        else None,
        "assessments": case.assessments.prefetch_related("needs") if "assessment" in shared else (),
        "deliveries": case.deliveries.select_related("service_type", "provider")
        if "services" in shared
        else (),
        "stays": case.shelter_stays.select_related("facility") if "shelter" in shared else (),
        "may_act": access.can(user, Action.ACT_ON_REFERRAL, case),
    }
    return render(request, "cases/referred.html", context)


# Opening a case


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    """Intake, person and case in one step; possible duplicates are suggested, never merged."""
    user = request.user
    if not access.can(user, Action.CREATE_CASE):
        raise PermissionDenied
    if once.needs_token(request):
        return once.with_token(request)
    form = forms.NewCaseForm(request.POST or None, user=user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                case, earlier = once.save_once(
                    request, lambda: _open_case(request, form.cleaned_data), _case_url
                )
            except (ValidationError, ApplicationError) as error:
                status = form_errors(form, error)
            else:
                if earlier:
                    return earlier  # Back and submit again: the case opened the first time
                messages.success(request, _("Case %(code)s opened.") % {"code": case.code})
                return redirect(_case_url(case))
        else:
            status = 400
    return render(request, "cases/new.html", {"form": form}, status=status)


@transaction.atomic
def _open_case(request: HttpRequest, data: dict) -> Case:
    user = request.user
    organisation = data["organisation"]
    if data["person_code"]:
        person = find_person(user, data["person_code"])
        if person is None:
            raise ValidationError({"person_code": _("No person with this code.")})
    else:
        values = {name: data[name] for name in forms.PersonForm.Meta.fields}
        result = people_services.person_create(
            actor=user, organisation=organisation, age=data["age"], **values
        )
        person = result.person
        for warning in result.warnings:
            messages.warning(request, warning)
        log.record(user, log.Action.CREATE, person, request)
    intake = services.intake_create(
        actor=user,
        organisation=organisation,
        channel=data["channel"],
        region=data["intake_region"],
        received_at=data["received_at"],
        anonymous=data["anonymous"],
        presenting_problem=data["presenting_problem"],
        immediate_risk=data["immediate_risk"],
        person=person,
    )
    try:
        case = services.case_open(actor=user, intake=intake, person=person, groups=data["groups"])
    except ValidationError as error:
        if "person" in getattr(error, "error_dict", {}):
            raise ValidationError({"person_code": error.error_dict["person"]}) from None
        raise
    log.record(user, log.Action.CREATE, case, request)
    return case


@login_required
def duplicates(request: HttpRequest) -> HttpResponse:
    """Possible duplicates of the person being entered (htmx, POST: names stay out of URLs)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not access.can(request.user, Action.VIEW_PERSON):
        raise PermissionDenied
    form = forms.NewCaseForm(request.POST, user=request.user)
    form.is_valid()  # only the cleaned person facts are used; other errors do not matter here
    data = form.cleaned_data
    birth_year = data["birth_date"].year if data.get("birth_date") else None
    if birth_year is None and data.get("age") is not None:
        birth_year = timezone.localdate().year - data["age"]
    found = list(
        people_selectors.possible_duplicates(
            user=request.user,
            iin=data.get("iin") or "",
            given_name=data.get("given_name") or "",
            family_name=data.get("family_name") or "",
            birth_year=birth_year,
            region=data.get("region"),
        )[:10]
    )
    log.record_many(request.user, log.Action.SEARCH, found, request)
    return render(request, "cases/_duplicates.html", {"persons": found})


# The case's own details


@login_required
def case_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Summary, groups and restriction, refusing an edit based on a stale version and showing
    what changed meanwhile."""
    case = _full_case(request, code)
    if not access.can(request.user, Action.EDIT_CASE, case):
        raise PermissionDenied
    initial = {
        "summary": case.summary,
        "groups": case.groups.all(),
        "restricted": case.restricted,
        "version": case.version,
    }
    form = forms.CaseEditForm(request.POST or None, initial=initial)
    changes, status = [], 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                case = services.case_update(
                    actor=request.user,
                    case=case,
                    version=data["version"],
                    summary=data["summary"],
                    groups=data["groups"],
                    restricted=data["restricted"],
                )
            except StaleVersionError as error:
                changes, status = stale_edit(form, error), 412
                log.record(request.user, log.Action.VIEW, case, request)  # its changes shown
            except (ValidationError, ApplicationError) as error:
                status = form_errors(form, error)
            else:
                log.record(request.user, log.Action.CHANGE, case, request)
                messages.success(request, _("Case details saved."))
                return redirect(_case_url(case))
        else:
            status = 400
    return render(
        request,
        "cases/edit.html",
        {"case": case, "form": form, "changes": changes},
        status=status,
    )


@login_required
def case_assign(request: HttpRequest, code: str) -> HttpResponse:
    return case_form_view(
        request,
        code,
        form_class=forms.AssignForm,
        form_kwargs=lambda case: {"case": case},
        title=_("Assign staff"),
        done=_("Staff assigned."),
        perform=lambda case, data: services.case_assign(
            actor=request.user, case=case, user=data["user"], lead=data["lead"]
        ),
    )


@login_required
def start_assessment(request: HttpRequest, code: str) -> HttpResponse:
    return case_post_action(
        request,
        code,
        lambda case: services.case_start_assessment(actor=request.user, case=case),
        _("Assessment started."),
    )


@login_required
def assessment(request: HttpRequest, code: str) -> HttpResponse:
    return case_form_view(
        request,
        code,
        form_class=forms.AssessmentForm,
        title=_("Needs assessment"),
        done=_("Assessment recorded."),
        perform=lambda case, data: planning.assessment_record(
            actor=request.user,
            case=case,
            needs=forms.AssessmentForm.needs_from(data),
            on=data["assessed_on"],
        ),
    )


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
