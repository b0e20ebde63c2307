"""The web pages: login, home, reference data and providers."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qamqor.core.access import Role
from tests.factories import (
    PASSWORD,
    CertificationFactory,
    FacilityFactory,
    OrganisationFactory,
    UserFactory,
)


def test_pages_need_a_login(client, db):
    for url in ["/", reverse("catalog:index"), reverse("providers:index")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_a_user_logs_in_and_out(client, member):
    user = member(Role.CASEWORKER)
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get("/").status_code == 302


def test_a_wrong_password_is_refused_and_the_username_kept(client, member):
    user = member(Role.CASEWORKER)
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": "wrong"}
    )
    assert response.status_code == 200
    assert f'value="{user.username}"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2(member):
    user = member(Role.CASEWORKER)
    user.set_password("a-new-password-2026")
    assert user.password.startswith("argon2")


def test_a_user_changes_their_password(client, member):
    user = member(Role.CASEWORKER)
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "tulip-steppe-river-42",
            "new_password2": "tulip-steppe-river-42",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("tulip-steppe-river-42")


def test_a_weak_new_password_is_refused(client, member):
    user = member(Role.CASEWORKER)
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"},
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_home_page_lists_the_users_roles(client, member, org):
    client.force_login(member(Role.SUPERVISOR))
    page = client.get("/").content.decode()
    assert "Supervisor" in page
    assert org.name_en in page


def test_a_user_without_a_role_is_told_so(client, catalog):
    client.force_login(UserFactory())
    assert "no role in any organisation" in client.get("/").content.decode()


def test_a_certifier_sees_certifications_expiring_soon(client, member, other_org):
    CertificationFactory(
        organisation=other_org,
        number="EXPIRING-1",
        valid_until=timezone.localdate() + dt.timedelta(days=20),
    )
    client.force_login(member(Role.CERTIFIER))
    assert "EXPIRING-1" in client.get("/").content.decode()


def test_a_provider_manager_sees_their_facilities(client, member, org):
    FacilityFactory(organisation=org, name="Our shelter")
    client.force_login(member(Role.PROVIDER_MANAGER))
    assert "Our shelter" in client.get("/").content.decode()


@pytest.mark.parametrize(
    "kind",
    ["regions", "groups", "service-types", "settings", "refusal-reasons", "trafficking-indicators"],
)
def test_every_reference_list_opens(client, member, kind):
    client.force_login(member(Role.OPERATOR))
    assert client.get(reverse("catalog:list", args=[kind])).status_code == 200


def test_an_unknown_reference_list_is_404(client, member):
    client.force_login(member(Role.OPERATOR))
    assert client.get(reverse("catalog:list", args=["planets"])).status_code == 404


def test_reference_lists_show_what_was_in_force_on_a_date(client, member):
    client.force_login(member(Role.OPERATOR))
    page = client.get(reverse("catalog:list", args=["regions"]), {"on": "2010-01-01"})
    text = page.content.decode()
    assert "South Kazakhstan Region" in text
    assert "Abai Region" not in text


def test_a_bad_date_is_ignored_with_an_error_not_a_crash(client, member):
    client.force_login(member(Role.OPERATOR))
    response = client.get(reverse("catalog:list", args=["regions"]), {"on": "yesterday"})
    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()


def test_the_standards_page_shows_todays_standards_by_group(client, member):
    client.force_login(member(Role.CASEWORKER))
    from qamqor.catalog.models import AtRiskGroup

    group = AtRiskGroup.objects.get(code="trafficking_victims")
    page = client.get(reverse("catalog:standards"), {"group": group.pk}).content.decode()
    assert "Temporary shelter for victims of trafficking" in page
    assert "Psychological help for victims of trafficking" in page
    assert "<code>vot-shelter-temporary</code>" in page
    assert "<code>orphans-" not in page


def test_the_provider_directory_and_an_organisation_page(client, member, org):
    CertificationFactory(organisation=org, number="CERT-OWN")
    FacilityFactory(organisation=org, name="Our shelter")
    client.force_login(member(Role.OPERATOR))
    assert org.name_en in client.get(reverse("providers:index")).content.decode()
    page = client.get(reverse("providers:organisation", args=[org.code])).content.decode()
    assert "CERT-OWN" in page
    assert "Our shelter" in page


def test_finding_providers_for_a_service(client, member, catalog):
    from qamqor.catalog.models import Region, ServiceType

    almaty = Region.objects.get(code="KZ-75")
    provider = OrganisationFactory(code="almaty-ngo", name_en="Almaty NGO", regions_served=[almaty])
    CertificationFactory(organisation=provider, service_types=["shelter"])
    client.force_login(member(Role.CASEWORKER))
    query = {
        "service_type": ServiceType.objects.get(code="shelter").pk,
        "region": almaty.pk,
        "on": timezone.localdate().isoformat(),
    }
    full = client.get(reverse("providers:find"), query)
    assert "Almaty NGO" in full.content.decode()
    partial = client.get(reverse("providers:find"), query, HTTP_HX_REQUEST="true")
    assert "Almaty NGO" in partial.content.decode()
    assert "<html" not in partial.content.decode()


def test_finding_providers_with_missing_fields_keeps_the_form(client, member):
    client.force_login(member(Role.CASEWORKER))
    response = client.get(reverse("providers:find"), {"service_type": "", "on": "2026-01-01"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "This field is required." in page
    assert 'value="2026-01-01"' in page


@pytest.mark.parametrize(
    ("url", "make"),
    [
        (reverse("providers:index"), lambda n: OrganisationFactory.create_batch(n)),
        (reverse("catalog:standards"), lambda n: None),
        ("/", lambda n: CertificationFactory.create_batch(n)),
    ],
)
def test_list_pages_run_the_same_number_of_queries_for_1_and_for_50_rows(client, member, url, make):
    client.force_login(member(Role.PROVIDER_MANAGER))

    def count(rows):
        make(rows)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert count(1) == count(49)
