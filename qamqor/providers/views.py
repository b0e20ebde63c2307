"""The provider directory and the search for providers that may give a service."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from qamqor.accounts.models import Organisation
from qamqor.core import access
from qamqor.core.access import Action
from qamqor.providers import selectors
from qamqor.providers.forms import DirectoryFilterForm, FindProvidersForm
from qamqor.providers.models import Certification, Facility


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
