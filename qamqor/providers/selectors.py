"""Reads about providers. Callers scope the results through the access policy."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet

from qamqor.accounts.models import Organisation
from qamqor.catalog.models import Region, ServiceType
from qamqor.providers.models import Certification


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
