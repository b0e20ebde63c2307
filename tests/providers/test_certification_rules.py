"""Which providers may give service type S in region R on date D."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from qamqor.catalog.models import Region, ServiceType
from qamqor.core.access import Role
from qamqor.core.errors import ApplicationError
from qamqor.providers import selectors, services
from tests.factories import (
    CertificationFactory,
    CertificationSuspensionFactory,
    OrganisationFactory,
)

D = dt.date(2026, 6, 15)


@pytest.fixture
def astana(catalog):
    return Region.objects.get(code="KZ-71")


@pytest.fixture
def psychological(catalog):
    return ServiceType.objects.get(code="social_psychological")


@pytest.fixture
def provider(astana):
    return OrganisationFactory(code="provider", region=astana, regions_served=[astana])


def _certify(provider, **overrides):
    values = {"valid_from": D - dt.timedelta(days=100), "valid_until": D + dt.timedelta(days=100)}
    return CertificationFactory(organisation=provider, **{**values, **overrides})


def _may(provider, service_type, region, on=D):
    eligible = selectors.providers_for(service_type=service_type, region=region, on=on)
    assert (provider in eligible) is selectors.may_provide(
        organisation=provider, service_type=service_type, region=region, on=on
    )
    return provider in eligible


def test_a_certified_provider_serving_the_region_may_provide(provider, psychological, astana):
    certification = _certify(provider)
    assert _may(provider, psychological, astana)
    assert (
        selectors.certification_in_force(organisation=provider, service_type=psychological, on=D)
        == certification
    )


def test_validity_includes_its_first_and_last_day(provider, psychological, astana):
    _certify(provider, valid_from=D, valid_until=D)
    assert _may(provider, psychological, astana, D)
    assert not _may(provider, psychological, astana, D - dt.timedelta(days=1))
    assert not _may(provider, psychological, astana, D + dt.timedelta(days=1))


def test_an_expired_certification_does_not_count(provider, psychological, astana):
    _certify(provider, valid_from=D - dt.timedelta(days=800), valid_until=D - dt.timedelta(days=1))
    assert not _may(provider, psychological, astana)
    assert (
        selectors.certification_in_force(organisation=provider, service_type=psychological, on=D)
        is None
    )


def test_a_certification_not_yet_valid_does_not_count(provider, psychological, astana):
    _certify(provider, valid_from=D + dt.timedelta(days=1), valid_until=D + dt.timedelta(days=400))
    assert not _may(provider, psychological, astana)


def test_a_suspended_certification_does_not_count_while_suspended(provider, psychological, astana):
    certification = _certify(provider)
    CertificationSuspensionFactory(
        certification=certification,
        suspended_from=D - dt.timedelta(days=10),
        lifted_on=D + dt.timedelta(days=10),
        reason="inspection",
    )
    assert not _may(provider, psychological, astana, D)
    assert not _may(provider, psychological, astana, D - dt.timedelta(days=10))
    assert _may(provider, psychological, astana, D - dt.timedelta(days=11))
    assert _may(provider, psychological, astana, D + dt.timedelta(days=10))


def test_an_open_suspension_lasts_until_lifted(provider, psychological, astana):
    certification = _certify(provider)
    CertificationSuspensionFactory(
        certification=certification, suspended_from=D - dt.timedelta(days=1), reason="inspection"
    )
    assert not _may(provider, psychological, astana, D + dt.timedelta(days=90))


def test_a_revoked_certification_counts_only_before_revocation(provider, psychological, astana):
    certification = _certify(provider)
    certification.revoked_on = D
    certification.revocation_reason = "breaches"
    certification.save()
    assert not _may(provider, psychological, astana, D)
    assert _may(provider, psychological, astana, D - dt.timedelta(days=1))


def test_a_provider_outside_the_region_may_not_provide(provider, psychological):
    _certify(provider)
    assert not _may(provider, psychological, Region.objects.get(code="KZ-75"))


def test_a_certification_for_another_service_type_does_not_count(provider, psychological, astana):
    _certify(provider, service_types=["social_legal"])
    assert not _may(provider, psychological, astana)
    assert _may(provider, ServiceType.objects.get(code="social_legal"), astana)


def test_an_inactive_organisation_or_one_that_is_no_provider_may_not(
    provider, psychological, astana
):
    _certify(provider)
    provider.is_provider = False
    provider.save()
    assert not _may(provider, psychological, astana)
    provider.is_provider, provider.is_active = True, False
    provider.save()
    assert not _may(provider, psychological, astana)


def test_another_valid_certification_still_counts(provider, psychological, astana):
    _certify(provider, valid_until=D - dt.timedelta(days=1))
    current = _certify(provider)
    assert _may(provider, psychological, astana)
    assert (
        selectors.certification_in_force(organisation=provider, service_type=psychological, on=D)
        == current
    )


def test_expiring_certifications_are_listed(provider):
    soon = _certify(provider, valid_until=D + dt.timedelta(days=30))
    _certify(provider, valid_until=D + dt.timedelta(days=300))
    assert list(selectors.certifications_expiring(on=D, within_days=60)) == [soon]


# Services


def test_a_certifier_issues_suspends_lifts_and_revokes(
    provider, psychological, astana, member, other_org
):
    certifier = member(Role.CERTIFIER, other_org)
    certification = services.certification_issue(
        actor=certifier,
        organisation=provider,
        number="SSU-1",
        service_types=[psychological],
        issued_by=other_org,
        valid_from=D - dt.timedelta(days=10),
        valid_until=D + dt.timedelta(days=365),
    )
    assert _may(provider, psychological, astana)

    suspension = services.certification_suspend(
        actor=certifier, certification=certification, suspended_from=D, reason="inspection"
    )
    assert not _may(provider, psychological, astana)
    with pytest.raises(ApplicationError):
        services.certification_suspend(
            actor=certifier, certification=certification, suspended_from=D, reason="again"
        )

    services.certification_lift_suspension(
        actor=certifier, suspension=suspension, lifted_on=D + dt.timedelta(days=5)
    )
    assert _may(provider, psychological, astana, D + dt.timedelta(days=5))

    services.certification_revoke(
        actor=certifier,
        certification=certification,
        revoked_on=D + dt.timedelta(days=20),
        reason="breaches",
    )
    assert not _may(provider, psychological, astana, D + dt.timedelta(days=20))
    assert certification.history.count() >= 2


def test_only_a_certifier_of_another_organisation_may_certify(provider, psychological, member):
    for user in (member(Role.CERTIFIER, provider), member(Role.ADMIN), member(Role.SUPERVISOR)):
        with pytest.raises(PermissionDenied):
            services.certification_issue(
                actor=user,
                organisation=provider,
                number=f"SSU-{user.pk}",
                service_types=[psychological],
                issued_by=provider,
                valid_from=D,
                valid_until=D,
            )


def test_issuing_without_service_types_or_with_bad_dates_changes_nothing(
    provider, member, other_org, psychological
):
    from django.core.exceptions import ValidationError

    from qamqor.providers.models import Certification

    certifier = member(Role.CERTIFIER, other_org)
    with pytest.raises(ApplicationError):
        services.certification_issue(
            actor=certifier,
            organisation=provider,
            number="SSU-2",
            service_types=[],
            issued_by=other_org,
            valid_from=D,
            valid_until=D,
        )
    with pytest.raises(ValidationError):
        services.certification_issue(
            actor=certifier,
            organisation=provider,
            number="SSU-3",
            service_types=[psychological],
            issued_by=other_org,
            valid_from=D,
            valid_until=D - dt.timedelta(days=1),
        )
    assert not Certification.objects.filter(number__in=["SSU-2", "SSU-3"]).exists()
