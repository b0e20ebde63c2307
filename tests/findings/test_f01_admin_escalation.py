"""Finding 1 (critical): a provider manager could make themselves administrator and auditor by
posting a membership in the administration site, give roles to another organisation's staff,
and then reset the password of another organisation's supervisor; role grants were not in the
access log. The admin forms skipped the rules of membership_grant."""

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse
from rest_framework.test import APIClient

from qamqor.accounts.models import Membership
from qamqor.audit.models import AccessLogEntry
from qamqor.core.access import Role
from tests.factories import PASSWORD, MembershipFactory

NEW_PASSWORD = "tulip-steppe-horizon-42"


@pytest.fixture
def manager(member):
    return member(Role.PROVIDER_MANAGER)


def _me_roles(user) -> set[str]:
    api = APIClient()
    api.force_login(user)
    return {m["role"] for m in api.get("/api/v1/me/").json()["memberships"]}


def test_a_provider_manager_cannot_make_themselves_administrator_in_the_admin(client, manager, org):
    client.force_login(manager)
    for role in ("admin", "auditor"):
        response = client.post(
            "/admin/accounts/membership/add/",
            {"user": manager.pk, "organisation": org.pk, "role": role, "is_active": "on"},
        )
        assert response.status_code == 403
    assert not Membership.objects.filter(user=manager, role__in=["admin", "auditor"]).exists()
    assert _me_roles(manager) == {"provider_manager"}


def test_a_provider_manager_cannot_staff_here_a_caseworker_of_another_organisation(
    client, manager, org, other_org
):
    outsider = MembershipFactory(organisation=other_org, role=Role.CASEWORKER).user
    client.force_login(manager)
    response = client.post(
        "/admin/accounts/membership/add/",
        {"user": outsider.pk, "organisation": org.pk, "role": "supervisor", "is_active": "on"},
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(user=outsider, organisation=org).exists()


def test_a_provider_manager_cannot_turn_a_membership_into_administrator(client, manager, org):
    worker = MembershipFactory(organisation=org, role=Role.CASEWORKER)
    client.force_login(manager)
    response = client.post(
        f"/admin/accounts/membership/{worker.pk}/change/",
        {"user": worker.user_id, "organisation": org.pk, "role": "admin", "is_active": "on"},
    )
    assert response.status_code == 403
    worker.refresh_from_db()
    assert worker.role == "caseworker"


def test_a_provider_manager_cannot_reset_another_organisations_supervisor_password(
    client, manager, org, other_org
):
    supervisor = MembershipFactory(organisation=other_org, role=Role.SUPERVISOR).user
    client.force_login(manager)
    # The chain of the finding: the escalation first, then the password page.
    client.post(
        "/admin/accounts/membership/add/",
        {"user": manager.pk, "organisation": org.pk, "role": "admin", "is_active": "on"},
    )
    response = client.post(
        f"/admin/accounts/user/{supervisor.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 403
    assert authenticate(username=supervisor.username, password=PASSWORD) is not None
    assert authenticate(username=supervisor.username, password=NEW_PASSWORD) is None


def test_the_escalation_is_not_possible_through_the_staff_page_either(
    client, manager, org, other_org
):
    outsider = MembershipFactory(organisation=other_org, role=Role.CASEWORKER).user
    colleague = MembershipFactory(organisation=org, role=Role.CASEWORKER).user
    client.force_login(manager)
    own_page = reverse("accounts:staff", args=[org.code])
    attempts = [
        {"user": manager.pk, "role": "admin"},
        {"user": manager.pk, "role": "auditor"},
        {"user": manager.pk, "role": "supervisor"},
        {"user": colleague.pk, "role": "admin"},
        {"user": outsider.pk, "role": "supervisor"},
    ]
    for attempt in attempts:
        assert client.post(own_page, attempt).status_code == 400, attempt
    other_page = reverse("accounts:staff", args=[other_org.code])
    assert client.post(other_page, {"user": outsider.pk, "role": "supervisor"}).status_code == 404
    assert _me_roles(manager) == {"provider_manager"}
    assert not Membership.objects.filter(
        user__in=[outsider, colleague], role__in=["admin"]
    ).exists()
    assert not Membership.objects.filter(user=outsider, organisation=org).exists()


def test_an_administrators_grant_in_the_admin_is_in_the_access_log(client, member, org):
    admin = member(Role.ADMIN)
    worker = MembershipFactory(organisation=org, role=Role.CASEWORKER).user
    client.force_login(admin)
    response = client.post(
        "/admin/accounts/membership/add/",
        {"user": worker.pk, "organisation": org.pk, "role": "supervisor", "is_active": "on"},
    )
    assert response.status_code == 302
    granted = Membership.objects.get(user=worker, role="supervisor")
    entry = AccessLogEntry.objects.get(record_type="accounts.membership", record_id=granted.pk)
    assert (entry.user, entry.action) == (admin, "grant")
