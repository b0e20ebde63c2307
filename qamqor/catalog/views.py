"""Browsing the reference data in the chosen language."""

from dataclasses import dataclass

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.catalog.models import (
    AtRiskGroup,
    RefusalReason,
    Region,
    ServiceType,
    Setting,
    Standard,
    TraffickingIndicator,
)
from qamqor.core import access
from qamqor.core.access import Action


@dataclass(frozen=True)
class Listing:
    model: type[models.Model]
    columns: tuple[tuple[str, str], ...]  # (attribute, heading)
    related: tuple[str, ...] = ()


LISTINGS = {
    "regions": Listing(Region, (("get_kind_display", _("Kind")),)),
    "groups": Listing(
        AtRiskGroup, (("restricted", _("Restricted")), ("legal_basis", _("Legal basis")))
    ),
    "service-types": Listing(ServiceType, (("get_kind_display", _("Kind")),)),
    "settings": Listing(Setting, ()),
    "refusal-reasons": Listing(
        RefusalReason, (("documentation_related", _("Documentation-related")),)
    ),
    "trafficking-indicators": Listing(
        TraffickingIndicator,
        (
            ("get_category_display", _("Category")),
            ("weight", _("Weight")),
            ("htcds_field", _("HTCDS field")),
        ),
    ),
}


class InForceForm(forms.Form):
    on = forms.DateField(
        label=_("In force on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    group = forms.ModelChoiceField(
        label=_("At-risk group"), queryset=AtRiskGroup.objects.active(), required=False
    )


def _require_catalog_access(request: HttpRequest) -> None:
    if not access.can(request.user, Action.VIEW_CATALOG):
        raise PermissionDenied


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _require_catalog_access(request)
    listings = [
        (slug, listing.model._meta.verbose_name_plural, listing.model.objects.active().count())
        for slug, listing in LISTINGS.items()
    ]
    return render(
        request,
        "catalog/index.html",
        {"listings": listings, "standards_count": Standard.objects.active().count()},
    )


@login_required
def item_list(request: HttpRequest, kind: str) -> HttpResponse:
    _require_catalog_access(request)
    listing = LISTINGS.get(kind)
    if listing is None:
        raise Http404
    form = InForceForm(request.GET or None)
    on = form.cleaned_data["on"] if form.is_valid() and form.cleaned_data["on"] else None
    items = access.scope(request.user, Action.VIEW_CATALOG, listing.model.objects.all())
    items = items.in_force(on) if on else items.active()
    rows = [
        (item, [_cell(item, attribute) for attribute, _heading in listing.columns])
        for item in items
    ]
    return render(
        request,
        "catalog/item_list.html",
        {
            "title": listing.model._meta.verbose_name_plural,
            "headings": [heading for _attribute, heading in listing.columns],
            "rows": rows,
            "form": form,
            "on": on,
        },
    )


def _cell(item: models.Model, attribute: str):
    value = getattr(item, attribute)
    return value() if callable(value) else value


@login_required
def standards(request: HttpRequest) -> HttpResponse:
    _require_catalog_access(request)
    form = InForceForm(request.GET or None)
    on = timezone.localdate()
    items = access.scope(
        request.user,
        Action.VIEW_CATALOG,
        Standard.objects.select_related(
            "group", "service_type", "setting", "required_certification"
        ),
    )
    if form.is_valid():
        on = form.cleaned_data["on"] or on
        if form.cleaned_data["group"]:
            items = items.filter(group=form.cleaned_data["group"])
    items = items.in_force(on).order_by(
        "group__sort_order", "setting__sort_order", "service_type__sort_order"
    )
    return render(request, "catalog/standards.html", {"standards": items, "form": form, "on": on})
