"""The administration pages: only for roles that administer, scoped by the access policy."""

import re

import pytest
from django.urls import reverse

from qamqor.core.access import Role
from tests.factories import CertificationFactory, FacilityFactory


@pytest.mark.parametrize("role", [Role.ADMIN, Role.CERTIFIER, Role.PROVIDER_MANAGER])
def test_administering_roles_enter_the_admin_site(client, member, role):
    client.force_login(member(role))
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize(
    "role", [Role.OPERATOR, Role.CASEWORKER, Role.SUPERVISOR, Role.ANALYST, Role.AUDITOR]
)
def test_other_roles_are_refused(client, member, role):
    client.force_login(member(role))
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403


def test_anonymous_users_are_sent_to_the_one_login_page(client, db):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert response.status_code == 200


def test_an_administrator_edits_reference_data_with_history(client, member, catalog):
    from qamqor.catalog.models import Region

    client.force_login(member(Role.ADMIN))
    region = Region.objects.get(code="KZ-10")
    url = reverse("admin:catalog_region_change", args=[region.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert client.get(reverse("admin:catalog_region_history", args=[region.pk])).status_code == 200


def test_only_administrators_change_reference_data(client, member, catalog):
    from qamqor.catalog.models import Region

    region = Region.objects.get(code="KZ-10")
    client.force_login(member(Role.CERTIFIER))
    response = client.post(
        reverse("admin:catalog_region_change", args=[region.pk]), {"name_en": "Changed"}
    )
    assert response.status_code == 403
    region.refresh_from_db()
    assert region.name_en == "Abai Region"


def test_a_provider_manager_changes_only_their_own_facilities(client, member, org, other_org):
    ours = FacilityFactory(organisation=org, name="Ours")
    theirs = FacilityFactory(organisation=other_org, name="Theirs")
    client.force_login(member(Role.PROVIDER_MANAGER))
    own_page = client.get(reverse("admin:providers_facility_change", args=[ours.pk]))
    other_page = client.get(reverse("admin:providers_facility_change", args=[theirs.pk]))
    assert b'name="_save"' in own_page.content
    assert b'name="_save"' not in other_page.content
    response = client.post(
        reverse("admin:providers_facility_change", args=[theirs.pk]),
        {"name": "Renamed", "kind": "shelter", "region": theirs.region_id, "bed_capacity": 1},
    )
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.name == "Theirs"


def test_a_provider_manager_adds_facilities_only_to_their_own_organisation(
    client, member, org, other_org
):
    client.force_login(member(Role.PROVIDER_MANAGER))
    page = client.get(reverse("admin:providers_facility_add")).content.decode()
    select = re.search(r'<select name="organisation".*?</select>', page, re.S).group(0)
    assert f'value="{org.pk}"' in select
    assert f'value="{other_org.pk}"' not in select


def test_a_certifier_may_not_change_a_certification_of_their_own_organisation(
    client, member, org, other_org
):
    own = CertificationFactory(organisation=org)
    other = CertificationFactory(organisation=other_org)
    client.force_login(member(Role.CERTIFIER))
    own_page = client.get(reverse("admin:providers_certification_change", args=[own.pk]))
    other_page = client.get(reverse("admin:providers_certification_change", args=[other.pk]))
    assert b'name="_save"' not in own_page.content
    assert b'name="_save"' in other_page.content


def test_nothing_can_be_deleted_in_the_admin(client, member, org):
    facility = FacilityFactory(organisation=org)
    client.force_login(member(Role.ADMIN))
    response = client.get(reverse("admin:providers_facility_delete", args=[facility.pk]))
    assert response.status_code == 403


def test_the_admin_shows_no_case_content():
    from django.contrib import admin

    labels = {model._meta.app_label for model in admin.site._registry}
    assert labels <= {"catalog", "accounts", "providers", "authtoken"}
