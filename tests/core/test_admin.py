"""The administration site: administrators only; its forms that change roles, passwords and
facilities save through the services (rules and access log included)."""

import datetime as dt

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse

from qamqor.accounts.models import Membership, User
from qamqor.audit.models import AccessLogEntry
from qamqor.core.access import Role
from tests.factories import (
    PASSWORD,
    CertificationFactory,
    FacilityFactory,
    MembershipFactory,
    ShelterStayFactory,
)

NEW_PASSWORD = "saxaul-winter-lantern-7"


@pytest.fixture
def admin_client(client, member):
    client.force_login(member(Role.ADMIN))
    return client


def _log(action, record) -> list[AccessLogEntry]:
    return list(
        AccessLogEntry.objects.filter(
            action=action, record_type=record._meta.label_lower, record_id=record.pk
        )
    )


def test_administrators_enter_the_admin_site(admin_client):
    assert admin_client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize(
    "role",
    [
        Role.OPERATOR,
        Role.CASEWORKER,
        Role.SUPERVISOR,
        Role.PROVIDER_MANAGER,
        Role.CERTIFIER,
        Role.ANALYST,
        Role.AUDITOR,
    ],
)
def test_every_other_role_is_refused_on_every_admin_page(client, member, org, role):
    client.force_login(member(role))
    facility = FacilityFactory(organisation=org)
    for url in (
        reverse("admin:index"),
        reverse("admin:providers_facility_change", args=[facility.pk]),
        reverse("admin:accounts_membership_add"),
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("admin:providers_facility_change", args=[facility.pk]), {"name": "Renamed"}
    )
    assert response.status_code == 403


def test_anonymous_users_are_sent_to_the_one_login_page(client, db):
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert response.status_code == 200


def test_an_administrator_edits_reference_data_with_history(admin_client, catalog):
    from qamqor.catalog.models import Region

    region = Region.objects.get(code="KZ-10")
    url = reverse("admin:catalog_region_change", args=[region.pk])
    assert admin_client.get(url).status_code == 200
    history = reverse("admin:catalog_region_history", args=[region.pk])
    assert admin_client.get(history).status_code == 200


def test_nothing_can_be_deleted_in_the_admin(admin_client, org):
    facility = FacilityFactory(organisation=org)
    response = admin_client.get(reverse("admin:providers_facility_delete", args=[facility.pk]))
    assert response.status_code == 403


def test_the_admin_shows_no_case_content():
    from django.contrib import admin

    labels = {model._meta.app_label for model in admin.site._registry}
    assert labels <= {"catalog", "accounts", "providers", "authtoken"}


def test_certifications_are_read_only_for_administrators(admin_client, other_org):
    certification = CertificationFactory(organisation=other_org)
    page = admin_client.get(
        reverse("admin:providers_certification_change", args=[certification.pk])
    )
    assert page.status_code == 200
    assert b'name="_save"' not in page.content


# Memberships: through membership_grant / membership_withdraw


def test_an_administrator_gives_the_administrator_role_and_it_is_logged(admin_client, org):
    user = MembershipFactory(organisation=org, role=Role.CASEWORKER).user
    response = admin_client.post(
        reverse("admin:accounts_membership_add"),
        {"user": user.pk, "organisation": org.pk, "role": "admin"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=user, role="admin")
    assert membership.is_active
    assert len(_log("grant", membership)) == 1


def test_a_membership_keeps_its_user_organisation_and_role_and_its_withdrawal_is_logged(
    admin_client, org, other_org
):
    membership = MembershipFactory(organisation=org, role=Role.CASEWORKER)
    url = reverse("admin:accounts_membership_change", args=[membership.pk])
    response = admin_client.post(
        url, {"user": membership.user_id, "organisation": other_org.pk, "role": "admin"}
    )  # "active" unticked: withdraw
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.organisation, membership.role, membership.is_active) == (
        org,
        "caseworker",
        False,
    )
    assert len(_log("withdraw", membership)) == 1
    admin_client.post(url, {"is_active": "on"})
    membership.refresh_from_db()
    assert membership.is_active
    assert len(_log("grant", membership)) == 1


def test_an_administrator_may_not_change_their_own_roles(client, member, org):
    admin = member(Role.ADMIN)
    client.force_login(admin)
    response = client.post(
        reverse("admin:accounts_membership_add"),
        {"user": admin.pk, "organisation": org.pk, "role": "auditor"},
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(user=admin, role="auditor").exists()


def _user_form(user, rows, **extra):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": "",
        "language": "",
        "is_active": "on",
        "memberships-TOTAL_FORMS": str(len(rows)),
        "memberships-INITIAL_FORMS": str(sum(1 for row in rows if row.get("id"))),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"memberships-{index}-{key}"] = value
        data[f"memberships-{index}-user"] = user.pk
    return {**data, **extra}


def test_the_memberships_on_the_user_page_save_through_the_services(admin_client, org, other_org):
    existing = MembershipFactory(organisation=org, role=Role.CASEWORKER)
    user = existing.user
    url = reverse("admin:accounts_user_change", args=[user.pk])
    rows = [
        # The role of a saved row cannot be changed: only withdrawn (active unticked).
        {"id": existing.pk, "organisation": other_org.pk, "role": "admin"},
        {"organisation": other_org.pk, "role": "supervisor", "is_active": "on"},
    ]
    response = admin_client.post(url, _user_form(user, rows))
    assert response.status_code == 302, response.content.decode()[:2000]
    existing.refresh_from_db()
    assert (existing.organisation, existing.role, existing.is_active) == (
        org,
        "caseworker",
        False,
    )
    added = Membership.objects.get(user=user, organisation=other_org)
    assert added.role == "supervisor"
    assert len(_log("withdraw", existing)) == 1
    assert len(_log("grant", added)) == 1


def test_a_password_reset_by_an_administrator_is_logged(admin_client, other_org):
    user = MembershipFactory(organisation=other_org, role=Role.SUPERVISOR).user
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert authenticate(username=user.username, password=NEW_PASSWORD) is not None
    assert len(_log("password", user)) == 1


def test_a_weak_password_is_refused_at_the_field_and_changes_nothing(admin_client, other_org):
    user = MembershipFactory(organisation=other_org, role=Role.SUPERVISOR).user
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": "123", "password2": "123"},
    )
    assert response.status_code == 200
    assert authenticate(username=user.username, password=PASSWORD) is not None
    assert not _log("password", user)


def test_a_user_added_by_an_administrator_is_logged_and_holds_no_role(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "newcomer",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "usable_password": "true",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="newcomer")
    assert authenticate(username="newcomer", password=NEW_PASSWORD) == user
    assert len(_log("create", user)) == 1
    assert len(_log("password", user)) == 1
    assert not user.memberships.exists()


# Facilities: through the facility services


def _facility_form(facility, **changes):
    data = {
        "name": facility.name,
        "kind": facility.kind,
        "region": facility.region_id,
        "address": facility.address,
        "bed_capacity": facility.bed_capacity,
        "is_active": "on",
    }
    return {**data, **changes}


@pytest.fixture
def occupied(org, member):
    """A 3-bed shelter of own-org where 2 persons stay."""
    from tests.factories import CaseFactory

    facility = FacilityFactory(organisation=org, name="Shelter", bed_capacity=3)
    worker = member(Role.SUPERVISOR)
    for _ in range(2):
        ShelterStayFactory(
            case=CaseFactory(organisation=org),
            facility=facility,
            admitted_on=dt.date(2026, 1, 1),
            admission_reason="safety",
            admitted_by=worker,
            region=facility.region,
        )
    return facility


def test_the_admin_refuses_a_capacity_below_occupancy_at_the_field(admin_client, occupied):
    url = reverse("admin:providers_facility_change", args=[occupied.pk])
    response = admin_client.post(url, _facility_form(occupied, bed_capacity=1))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "bed_capacity" in errors
    assert "2 persons staying now" in errors["bed_capacity"][0]
    occupied.refresh_from_db()
    assert occupied.bed_capacity == 3


def test_the_admin_refuses_closing_a_facility_where_persons_stay(admin_client, occupied):
    url = reverse("admin:providers_facility_change", args=[occupied.pk])
    data = _facility_form(occupied)
    del data["is_active"]
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "is_active" in response.context["adminform"].form.errors
    occupied.refresh_from_db()
    assert occupied.is_active


def test_an_administrator_edits_a_facility_but_not_its_organisation(
    admin_client, occupied, other_org
):
    url = reverse("admin:providers_facility_change", args=[occupied.pk])
    response = admin_client.post(
        url, _facility_form(occupied, bed_capacity=5, organisation=other_org.pk)
    )
    assert response.status_code == 302
    occupied.refresh_from_db()
    assert (occupied.bed_capacity, occupied.organisation_id) == (5, occupied.organisation_id)
    assert occupied.organisation.code == "own-org"
    assert occupied.history.count() == 2


def test_an_administrator_adds_a_facility(admin_client, org):
    from qamqor.catalog.models import Region
    from qamqor.providers.models import Facility

    response = admin_client.post(
        reverse("admin:providers_facility_add"),
        {
            "organisation": org.pk,
            "name": "New shelter",
            "kind": "shelter",
            "region": Region.objects.get(code="KZ-71").pk,
            "bed_capacity": 4,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Facility.objects.get(name="New shelter").organisation == org
