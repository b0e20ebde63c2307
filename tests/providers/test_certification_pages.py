"""The register of certifications: certifying officers issue, suspend, lift and revoke, never
for their own organisation."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qamqor.catalog.models import ServiceType
from qamqor.core.access import Role
from qamqor.providers.models import Certification
from tests.factories import (
    CertificationFactory,
    CertificationSuspensionFactory,
    OrganisationFactory,
)


@pytest.fixture
def ministry(catalog):
    return OrganisationFactory(code="ministry", kind="state_body", is_provider=False)


@pytest.fixture
def certifier(ministry):
    from tests.factories import MembershipFactory

    return MembershipFactory(organisation=ministry, role=Role.CERTIFIER).user


@pytest.fixture
def certifier_client(client, certifier):
    client.force_login(certifier)
    return client


@pytest.fixture
def certification(org):
    return CertificationFactory(organisation=org, number="SSU-71-0001")


def _url(name, certification):
    return reverse(f"providers:{name}", args=[certification.pk])


def test_a_certifier_issues_a_certification(certifier_client, ministry, org):
    today = timezone.localdate()
    types = list(ServiceType.objects.filter(code__in=["social_legal", "shelter"]))
    response = certifier_client.post(
        reverse("providers:certification_new"),
        {
            "organisation": org.pk,
            "number": "SSU-71-0999",
            "service_types": [t.pk for t in types],
            "issued_by": ministry.pk,
            "valid_from": today.isoformat(),
            "valid_until": (today + dt.timedelta(days=365)).isoformat(),
        },
    )
    assert response.status_code == 302
    issued = Certification.objects.get(number="SSU-71-0999")
    assert (issued.organisation, issued.issued_by) == (org, ministry)
    assert set(issued.service_types.all()) == set(types)
    assert issued.is_in_force(today)


def test_a_certifier_never_certifies_their_own_organisation(certifier_client, ministry):
    today = timezone.localdate()
    page = certifier_client.get(reverse("providers:certification_new"))
    assert ministry not in page.context["form"].fields["organisation"].queryset
    response = certifier_client.post(
        reverse("providers:certification_new"),
        {
            "organisation": ministry.pk,
            "number": "SELF-1",
            "service_types": [ServiceType.objects.get(code="shelter").pk],
            "issued_by": ministry.pk,
            "valid_from": today.isoformat(),
            "valid_until": today.isoformat(),
        },
    )
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors
    assert not Certification.objects.filter(number="SELF-1").exists()


def test_an_issuing_body_is_the_certifiers_own(certifier_client, org, other_org):
    today = timezone.localdate()
    response = certifier_client.post(
        reverse("providers:certification_new"),
        {
            "organisation": org.pk,
            "number": "FORGED-1",
            "service_types": [ServiceType.objects.get(code="shelter").pk],
            "issued_by": other_org.pk,
            "valid_from": today.isoformat(),
            "valid_until": today.isoformat(),
        },
    )
    assert response.status_code == 400
    assert "issued_by" in response.context["form"].errors
    assert not Certification.objects.filter(number="FORGED-1").exists()


def test_bad_dates_and_a_taken_number_are_refused_at_the_field(
    certifier_client, ministry, org, certification
):
    today = timezone.localdate()
    response = certifier_client.post(
        reverse("providers:certification_new"),
        {
            "organisation": org.pk,
            "number": certification.number,
            "service_types": [ServiceType.objects.get(code="shelter").pk],
            "issued_by": ministry.pk,
            "valid_from": today.isoformat(),
            "valid_until": (today - dt.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "number" in response.context["form"].errors


def test_a_certifier_suspends_lifts_and_revokes(certifier_client, certification):
    today = timezone.localdate()
    response = certifier_client.post(
        _url("certification_suspend", certification),
        {"suspend-suspended_from": today.isoformat(), "suspend-reason": "inspection"},
    )
    assert response.status_code == 302
    assert not certification.is_in_force(today)
    page = certifier_client.get(_url("certification", certification))
    assert page.context["status"] == "suspended"
    assert page.context["suspend_form"] is None and page.context["lift_form"] is not None

    lifted_on = today + dt.timedelta(days=3)
    response = certifier_client.post(
        _url("certification_lift", certification), {"lift-lifted_on": lifted_on.isoformat()}
    )
    assert response.status_code == 302
    assert certification.is_in_force(lifted_on)

    revoked_on = today + dt.timedelta(days=10)
    response = certifier_client.post(
        _url("certification_revoke", certification),
        {"revoke-revoked_on": revoked_on.isoformat(), "revoke-reason": "breaches"},
    )
    assert response.status_code == 302
    certification.refresh_from_db()
    assert (certification.revoked_on, certification.revocation_reason) == (revoked_on, "breaches")
    assert not certification.is_in_force(revoked_on)
    page = certifier_client.get(_url("certification", certification))
    assert page.context.get("revoke_form") is None  # nothing more to do


def test_a_lift_before_the_suspension_began_is_refused_on_the_page(certifier_client, certification):
    today = timezone.localdate()
    CertificationSuspensionFactory(
        certification=certification, suspended_from=today, reason="inspection"
    )
    response = certifier_client.post(
        _url("certification_lift", certification), {"lift-lifted_on": today.isoformat()}
    )
    assert response.status_code == 400
    assert "lifted_on" in response.context["lift_form"].errors
    assert certification.suspensions.get().lifted_on is None


def test_a_revocation_needs_a_reason(certifier_client, certification):
    response = certifier_client.post(
        _url("certification_revoke", certification),
        {"revoke-revoked_on": timezone.localdate().isoformat(), "revoke-reason": ""},
    )
    assert response.status_code == 400
    assert "reason" in response.context["revoke_form"].errors
    certification.refresh_from_db()
    assert certification.revoked_on is None


def test_a_certifier_acts_on_no_certification_of_their_own_organisation(certifier_client, ministry):
    own = CertificationFactory(organisation=ministry)
    page = certifier_client.get(_url("certification", own))
    assert page.status_code == 200  # the register is public to certifiers
    assert page.context["may_manage"] is False
    assert "suspend_form" not in page.context
    today = timezone.localdate().isoformat()
    posts = [
        ("certification_suspend", {"suspend-suspended_from": today, "suspend-reason": "x"}),
        ("certification_revoke", {"revoke-revoked_on": today, "revoke-reason": "x"}),
        ("certification_lift", {"lift-lifted_on": today}),
    ]
    for name, data in posts:
        assert certifier_client.post(_url(name, own), data).status_code == 403, name
    own.refresh_from_db()
    assert own.revoked_on is None and not own.suspensions.exists()


@pytest.mark.parametrize("role", [Role.PROVIDER_MANAGER, Role.SUPERVISOR, Role.ADMIN])
def test_other_roles_read_the_register_but_change_nothing(client, member, other_org, role):
    certification = CertificationFactory(organisation=other_org)
    client.force_login(member(role))
    assert client.get(reverse("providers:certifications")).status_code == 200
    assert client.get(reverse("providers:certification_new")).status_code == 403
    response = client.post(
        _url("certification_revoke", certification),
        {"revoke-revoked_on": timezone.localdate().isoformat(), "revoke-reason": "x"},
    )
    assert response.status_code == 403
    certification.refresh_from_db()
    assert certification.revoked_on is None


@pytest.mark.parametrize("role", [Role.ANALYST, Role.AUDITOR])
def test_roles_without_the_register_are_refused(client, member, certification, role):
    client.force_login(member(role))
    assert client.get(reverse("providers:certifications")).status_code == 403
    assert client.get(_url("certification", certification)).status_code == 403


def test_a_missing_certification_is_404(certifier_client):
    assert certifier_client.get(reverse("providers:certification", args=[999999])).status_code == (
        404
    )


def test_the_register_filters_by_status_and_organisation(certifier_client, org, other_org):
    today = timezone.localdate()
    in_force = CertificationFactory(organisation=org)
    revoked = CertificationFactory(
        organisation=other_org, revoked_on=today, revocation_reason="breaches"
    )
    expired = CertificationFactory(
        organisation=org,
        valid_from=today - dt.timedelta(days=400),
        valid_until=today - dt.timedelta(days=1),
    )
    suspended = CertificationFactory(organisation=other_org)
    CertificationSuspensionFactory(
        certification=suspended, suspended_from=today, reason="inspection"
    )

    def shown(**filters):
        page = certifier_client.get(reverse("providers:certifications"), filters)
        assert page.status_code == 200
        return {certification for certification, _status in page.context["rows"]}

    assert shown() == {in_force, revoked, expired, suspended}
    assert shown(status="in_force") == {in_force}
    assert shown(status="revoked") == {revoked}
    assert shown(status="expired") == {expired}
    assert shown(status="suspended") == {suspended}
    assert shown(organisation=org.code) == {in_force, expired}


def test_the_register_costs_the_same_for_1_and_20_certifications(certifier_client, org):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert certifier_client.get(reverse("providers:certifications")).status_code == 200
        return len(queries)

    def add():
        certification = CertificationFactory(organisation=org, service_types=["shelter", "hotline"])
        CertificationSuspensionFactory(
            certification=certification, suspended_from=timezone.localdate(), reason="x"
        )

    add()
    one = count()
    for _ in range(19):
        add()
    assert count() == one


def test_the_certifier_finds_the_register_from_the_home_page(certifier_client):
    home = certifier_client.get("/").content.decode()
    assert reverse("providers:certifications") in home
    assert reverse("providers:certification_new") in home
    assert reverse("admin:index") not in home
