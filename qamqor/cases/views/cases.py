"""The case list, the case page, opening a case and the case's own details."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from qamqor.audit import log
from qamqor.cases import forms, planning, selectors, services
from qamqor.cases.access import CaseView
from qamqor.cases.filters import CaseFilter, page_filters
from qamqor.cases.models import Case
from qamqor.cases.sections import sections_context
from qamqor.cases.timeline import describe
from qamqor.cases.views.base import _case_url, _full_case, _view, case_form_view, case_post_action
from qamqor.core import access, once
from qamqor.core.access import Action
from qamqor.core.errors import ApplicationError, StaleVersionError
from qamqor.core.web import form_errors, stale_edit
from qamqor.people import selectors as people_selectors
from qamqor.people import services as people_services
from qamqor.people.access import find_person

# Lists and the case page


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, Action.VIEW_CASE):
        raise PermissionDenied
    form = forms.CaseFilterForm(request.GET or None)
    cases = selectors.visible_cases(request.user).select_related(*selectors.CASE_LIST_RELATED)
    if form.is_valid():
        cases = CaseFilter(page_filters(form.cleaned_data), queryset=cases, request=request).qs
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
    try:
        case = services.case_open_from_intake(
            actor=user,
            organisation=organisation,
            person=person,
            channel=data["channel"],
            region=data["intake_region"],
            received_at=data["received_at"],
            anonymous=data["anonymous"],
            presenting_problem=data["presenting_problem"],
            immediate_risk=data["immediate_risk"],
            groups=data["groups"],
        )
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
