"""Reads about staff: who works for an organisation, and in which roles."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from qamqor.accounts.models import Membership, Organisation, User
from qamqor.core import access
from qamqor.core.access import Action


def staff_organisations(viewer: User) -> QuerySet[Organisation]:
    """The active organisations whose staff `viewer` may see."""
    organisations = Organisation.objects.filter(is_active=True).order_by("code")
    return access.scope(viewer, Action.VIEW_STAFF, organisations)


def staff_of(organisation: Organisation) -> QuerySet[User]:
    """Everyone who holds or held a role in `organisation`."""
    return (
        User.objects.filter(memberships__organisation=organisation)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def staff_with_roles(viewer: User, organisation: Organisation) -> QuerySet[User]:
    """The staff of `organisation`, each with `roles`: their memberships in the organisations
    whose staff `viewer` may see (withdrawn ones too), in two queries for the whole page."""
    visible = access.scope(viewer, Action.VIEW_STAFF, Membership.objects.all())
    return staff_of(organisation).prefetch_related(
        Prefetch(
            "memberships",
            queryset=visible.select_related("organisation").order_by("organisation__code", "role"),
            to_attr="roles",
        )
    )
