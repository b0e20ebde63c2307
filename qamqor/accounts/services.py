"""Writes about users and their memberships."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from qamqor.accounts.models import Membership, Organisation, User
from qamqor.core import access
from qamqor.core.access import Action, Role

# Roles a provider manager may give within their own organisation; ministry-wide roles
# (certifier, analyst, auditor, administrator) are given by administrators only.
ORGANISATION_ROLES = {Role.OPERATOR, Role.CASEWORKER, Role.SUPERVISOR, Role.PROVIDER_MANAGER}


@transaction.atomic
def membership_grant(
    *, actor: User | None, user: User, organisation: Organisation, role: Role
) -> Membership:
    """Give `user` the `role` in `organisation` (again, if it was withdrawn).

    `actor` None is the system itself (set-up commands), which may give any role."""
    if actor is not None:
        if not access.can(actor, Action.MANAGE_STAFF, organisation):
            raise PermissionDenied
        if role not in ORGANISATION_ROLES and not access.can(actor, Action.MANAGE_USERS):
            raise PermissionDenied
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role
    )
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active", "updated_at"])
    access.forget(user)
    return membership


@transaction.atomic
def membership_withdraw(*, actor: User, membership: Membership) -> Membership:
    if not access.can(actor, Action.MANAGE_STAFF, membership):
        raise PermissionDenied
    if membership.is_active:
        membership.is_active = False
        membership.save(update_fields=["is_active", "updated_at"])
    access.forget(membership.user)
    return membership
