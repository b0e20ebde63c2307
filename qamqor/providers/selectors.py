"""Reads about providers. Callers scope the results through the access policy."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import Organisation
from qamqor.catalog.models import Region, ServiceType
from qamqor.providers.models import Certification, CertificationSuspension, Facility


def providers_for(
    *, service_type: ServiceType, region: Region, on: dt.date
) -> QuerySet[Organisation]:
    """Which providers may give service type `service_type` in `region` on the date `on`:
    active providers serving the region with a certification for the type in force that day."""
    certified = Certification.objects.in_force(on).filter(
        organisation=OuterRef("pk"), service_types=service_type
    )
    return (
        Organisation.objects.filter(is_active=True, is_provider=True, regions_served=region)
        .filter(Exists(certified))
        .order_by("code")
    )


def certification_in_force(
    *, organisation: Organisation, service_type: ServiceType, on: dt.date
) -> Certification | None:
    """The certification allowing `organisation` to give `service_type` on `on`, if any."""
    return (
        Certification.objects.in_force(on)
        .filter(organisation=organisation, service_types=service_type)
        .order_by("-valid_until")
        .first()
    )


def may_provide(
    *, organisation: Organisation, service_type: ServiceType, region: Region, on: dt.date
) -> bool:
    return (
        providers_for(service_type=service_type, region=region, on=on)
        .filter(pk=organisation.pk)
        .exists()
    )


def certifications_expiring(*, on: dt.date, within_days: int) -> QuerySet[Certification]:
    """Certifications in force on `on` whose validity ends within `within_days` days."""
    return (
        Certification.objects.in_force(on)
        .filter(valid_until__lte=on + dt.timedelta(days=within_days))
        .select_related("organisation")
        .order_by("valid_until")
    )


class Status(models.TextChoices):
    """Where a certification stands on a day."""

    IN_FORCE = "in_force", _("In force")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")
    NOT_YET_VALID = "not_yet_valid", _("Not yet valid")


def _suspended_on(on: dt.date) -> Exists:
    return Exists(
        CertificationSuspension.objects.filter(
            certification=OuterRef("pk"), suspended_from__lte=on
        ).filter(Q(lifted_on__isnull=True) | Q(lifted_on__gt=on))
    )


_STATUS_FILTERS = {
    Status.REVOKED: lambda on: Q(revoked_on__lte=on),
    Status.EXPIRED: lambda on: Q(valid_until__lt=on) & ~Q(revoked_on__lte=on),
    Status.NOT_YET_VALID: lambda on: Q(valid_from__gt=on) & ~Q(revoked_on__lte=on),
    Status.SUSPENDED: lambda on: (
        Q(suspended_now=True) & Q(valid_from__lte=on, valid_until__gte=on) & ~Q(revoked_on__lte=on)
    ),
    Status.IN_FORCE: lambda on: (
        Q(suspended_now=False) & Q(valid_from__lte=on, valid_until__gte=on) & ~Q(revoked_on__lte=on)
    ),
}


def status_on(certification: Certification, on: dt.date) -> Status:
    """The status of a certification read through certification_register (`suspended_now`)."""
    if certification.revoked_on is not None and certification.revoked_on <= on:
        return Status.REVOKED
    if certification.valid_until < on:
        return Status.EXPIRED
    if certification.valid_from > on:
        return Status.NOT_YET_VALID
    if certification.suspended_now:  # type: ignore[attr-defined]  # annotated by the query
        return Status.SUSPENDED
    return Status.IN_FORCE


def certification_register(
    *, on: dt.date, status: str = "", organisation: str = ""
) -> QuerySet[Certification]:
    """The register of certifications with their status on `on` (`suspended_now`), filtered
    by status and by an organisation's code or name; callers scope it through the policy."""
    register = (
        Certification.objects.annotate(suspended_now=_suspended_on(on))
        .select_related("organisation", "issued_by")
        .prefetch_related("service_types")
        .order_by("organisation__code", "-valid_from", "pk")
    )
    if status:
        register = register.filter(_STATUS_FILTERS[Status(status)](on))
    if organisation:
        register = register.filter(
            Q(organisation__code__icontains=organisation)
            | Q(organisation__name_kk__icontains=organisation)
            | Q(organisation__name_ru__icontains=organisation)
            | Q(organisation__name_en__icontains=organisation)
        )
    return register


def facilities_with_occupancy(facilities: QuerySet[Facility]) -> QuerySet[Facility]:
    """Facilities with `staying` (open shelter stays, counted live), `free` beds and their
    groups."""
    return (
        facilities.select_related("organisation", "region")
        .prefetch_related("groups_served")
        .annotate(staying=Count("stays", filter=Q(stays__discharged_on__isnull=True)))
        .annotate(free=F("bed_capacity") - F("staying"))
        .order_by("organisation__code", "name")
    )
