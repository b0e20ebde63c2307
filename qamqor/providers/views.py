"""The provider directory and the search for providers that may give a service; the
provider managers' facilities and the certifying officers' register of certifications."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qamqor.accounts.models import Organisation
from qamqor.accounts.selectors import acting_organisations
from qamqor.core import access
from qamqor.core.access import Action
from qamqor.core.errors import ApplicationError
from qamqor.core.web import form_errors
from qamqor.providers import selectors, services
from qamqor.providers.forms import (
    CertificationIssueForm,
    DirectoryFilterForm,
    FacilityForm,
    FindProvidersForm,
    LiftForm,
    RegisterFilterForm,
    RevokeForm,
    SuspendForm,
)
from qamqor.providers.models import Certification, Facility

PAGE_SIZE = 50


def _organisations(request: HttpRequest):
    if not access.can(request.user, Action.VIEW_ORGANISATION):
        raise PermissionDenied
    return access.scope(request.user, Action.VIEW_ORGANISATION, Organisation.objects.all())


@login_required
def index(request: HttpRequest) -> HttpResponse:
    organisations = _organisations(request).select_related("region").filter(is_active=True)
    form = DirectoryFilterForm(request.GET or None)
    if form.is_valid():
        if form.cleaned_data["region"]:
            organisations = organisations.filter(regions_served=form.cleaned_data["region"])
        if form.cleaned_data["kind"]:
            organisations = organisations.filter(kind=form.cleaned_data["kind"])
    return render(
        request,
        "providers/index.html",
        {"organisations": organisations.order_by("code").distinct(), "form": form},
    )


@login_required
def organisation_detail(request: HttpRequest, code: str) -> HttpResponse:
    organisation = get_object_or_404(
        _organisations(request).prefetch_related("regions_served"), code=code
    )
    user = request.user
    certifications = access.scope(
        user, Action.VIEW_CERTIFICATION, Certification.objects.filter(organisation=organisation)
    ).prefetch_related("service_types", "suspensions")
    today = timezone.localdate()
    in_force = set(
        Certification.objects.in_force(today)
        .filter(organisation=organisation)
        .values_list("pk", flat=True)
    )
    facilities = access.scope(
        user, Action.VIEW_FACILITY, Facility.objects.filter(organisation=organisation)
    ).select_related("region")
    return render(
        request,
        "providers/organisation_detail.html",
        {
            "organisation": organisation,
            "certifications": [(c, c.pk in in_force) for c in certifications],
            "facilities": facilities,
        },
    )


@login_required
def find(request: HttpRequest) -> HttpResponse:
    """Which providers may give service type S in region R on date D."""
    if not access.can(request.user, Action.VIEW_ORGANISATION):
        raise PermissionDenied
    data = request.GET if "service_type" in request.GET else None
    form = FindProvidersForm(data, initial={"on": timezone.localdate()})
    providers = None
    if form.is_valid():
        providers = access.scope(
            request.user,
            Action.VIEW_ORGANISATION,
            selectors.providers_for(**form.cleaned_data),
        ).select_related("region")
    template = "providers/_find.html" if request.htmx else "providers/find.html"
    return render(request, template, {"form": form, "providers": providers})


# Facilities (provider managers, their own organisations)


def _managed_facilities(request: HttpRequest):
    if not access.can(request.user, Action.MANAGE_FACILITY):
        raise PermissionDenied
    return access.scope(request.user, Action.MANAGE_FACILITY, Facility.objects.all())


def _managed_organisations(request: HttpRequest):
    return acting_organisations(request.user, Action.MANAGE_FACILITY).order_by("code")


@login_required
def facility_list(request: HttpRequest) -> HttpResponse:
    facilities = selectors.facilities_with_occupancy(_managed_facilities(request))
    page = Paginator(facilities, PAGE_SIZE).get_page(request.GET.get("page"))
    several = _managed_organisations(request)[:2].count() > 1
    return render(request, "providers/facilities.html", {"page": page, "several": several})


@login_required
def facility_new(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, Action.MANAGE_FACILITY):
        raise PermissionDenied
    organisations = _managed_organisations(request)
    form = FacilityForm(request.POST or None, organisations=organisations)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                facility = services.facility_create(
                    actor=request.user,
                    organisation=data["organisation"],
                    groups_served=data["groups_served"],
                    **{name: data[name] for name in services.FACILITY_FIELDS},
                )
            except ValidationError as error:
                status = form_errors(form, error)
            else:
                messages.success(request, _("Facility %(name)s added.") % {"name": facility.name})
                return redirect("providers:facilities")
    return render(
        request,
        "providers/facility_form.html",
        {"form": form, "facility": None},
        status=status,
    )


@login_required
def facility_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A facility of another organisation does not exist here (404): its occupancy is that
    organisation's business."""
    facility = get_object_or_404(
        selectors.facilities_with_occupancy(_managed_facilities(request)), pk=pk
    )
    form = FacilityForm(request.POST or None, instance=facility)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.facility_update(
                    actor=request.user,
                    facility=facility,
                    groups_served=data["groups_served"],
                    **{name: data[name] for name in services.FACILITY_FIELDS},
                )
            except ValidationError as error:
                status = form_errors(form, error)
            else:
                messages.success(request, _("Facility %(name)s saved.") % {"name": data["name"]})
                return redirect("providers:facilities")
    return render(
        request,
        "providers/facility_form.html",
        {"form": form, "facility": facility},
        status=status,
    )


# The register of certifications (certifying officers)


@login_required
def certification_register(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, Action.VIEW_CERTIFICATION):
        raise PermissionDenied
    today = timezone.localdate()
    form = RegisterFilterForm(request.GET or None, statuses=selectors.Status.choices)
    filters = form.cleaned_data if form.is_valid() else {}
    register = access.scope(
        request.user,
        Action.VIEW_CERTIFICATION,
        selectors.certification_register(
            on=today,
            status=filters.get("status", ""),
            organisation=filters.get("organisation", ""),
        ),
    )
    page = Paginator(register, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(c, selectors.status_on(c, today)) for c in page.object_list]
    return render(
        request,
        "providers/certifications.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "may_issue": access.can(request.user, Action.MANAGE_CERTIFICATION),
        },
    )


def _issue_form(request: HttpRequest, data=None) -> CertificationIssueForm:
    organisations = access.scope(
        request.user,
        Action.MANAGE_CERTIFICATION,
        Organisation.objects.filter(is_active=True, is_provider=True).order_by("code"),
    )
    issuing = Organisation.objects.filter(pk__in=services.issuing_bodies(request.user)).order_by(
        "code"
    )
    return CertificationIssueForm(
        data,
        organisations=organisations,
        issuing_bodies=issuing,
        initial={"valid_from": timezone.localdate()},
    )


@login_required
def certification_new(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, Action.MANAGE_CERTIFICATION):
        raise PermissionDenied
    form = _issue_form(request, request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                certification = services.certification_issue(
                    actor=request.user, **form.cleaned_data
                )
            except (ValidationError, ApplicationError) as error:
                status = form_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Certification %(number)s issued.") % {"number": certification.number},
                )
                return redirect("providers:certification", pk=certification.pk)
    return render(request, "providers/certification_new.html", {"form": form}, status=status)


def _certification(request: HttpRequest, pk: int) -> Certification:
    if not access.can(request.user, Action.VIEW_CERTIFICATION):
        raise PermissionDenied
    register = selectors.certification_register(on=timezone.localdate())
    return get_object_or_404(access.scope(request.user, Action.VIEW_CERTIFICATION, register), pk=pk)


def _certification_page(request, certification, forms=None, status=200) -> HttpResponse:
    today = timezone.localdate()
    may_manage = access.can(request.user, Action.MANAGE_CERTIFICATION, certification)
    suspensions = list(certification.suspensions.order_by("-suspended_from"))
    open_suspension = next((s for s in suspensions if s.lifted_on is None), None)
    forms = forms or {}
    context = {
        "certification": certification,
        "status": selectors.status_on(certification, today),
        "suspensions": suspensions,
        "open_suspension": open_suspension,
        "may_manage": may_manage,
    }
    if may_manage and certification.revoked_on is None:
        context["suspend_form"] = (
            None
            if open_suspension
            else forms.get("suspend", SuspendForm(initial={"suspended_from": today}))
        )
        context["lift_form"] = (
            forms.get("lift", LiftForm(initial={"lifted_on": today})) if open_suspension else None
        )
        context["revoke_form"] = forms.get("revoke", RevokeForm(initial={"revoked_on": today}))
    return render(request, "providers/certification_detail.html", context, status=status)


@login_required
def certification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _certification_page(request, _certification(request, pk))


def _certification_action(request, pk, *, name, form_class, perform, done) -> HttpResponse:
    """A form on the certification page: 404 unless the certification is in the register
    the user sees; 403 unless they may act on it (never on their own organisation's)."""
    certification = _certification(request, pk)
    if not access.can(request.user, Action.MANAGE_CERTIFICATION, certification):
        raise PermissionDenied
    form = form_class(request.POST)
    status = 400
    if form.is_valid():
        try:
            with transaction.atomic():
                perform(certification, form.cleaned_data)
        except (ValidationError, ApplicationError) as error:
            status = form_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("providers:certification", pk=certification.pk)
    return _certification_page(request, certification, {name: form}, status=status)


@login_required
@require_POST
def certification_suspend(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(certification, data):
        services.certification_suspend(actor=request.user, certification=certification, **data)

    return _certification_action(
        request,
        pk,
        name="suspend",
        form_class=SuspendForm,
        perform=perform,
        done=_("The certification is suspended."),
    )


@login_required
@require_POST
def certification_lift(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(certification, data):
        suspension = certification.suspensions.filter(lifted_on__isnull=True).first()
        if suspension is None:
            raise ApplicationError(_("The certification is not suspended."), code="not_suspended")
        services.certification_lift_suspension(
            actor=request.user, suspension=suspension, lifted_on=data["lifted_on"]
        )

    return _certification_action(
        request,
        pk,
        name="lift",
        form_class=LiftForm,
        perform=perform,
        done=_("The suspension is lifted."),
    )


@login_required
@require_POST
def certification_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(certification, data):
        services.certification_revoke(actor=request.user, certification=certification, **data)

    return _certification_action(
        request,
        pk,
        name="revoke",
        form_class=RevokeForm,
        perform=perform,
        done=_("The certification is revoked."),
    )
