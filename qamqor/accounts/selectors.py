"""Reads about staff (who works for an organisation, and in which roles) and about the
organisation a user acts for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import Membership, Notice, Organisation, User
from qamqor.core import access
from qamqor.core.access import Action

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


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


def acting_organisations(user: User, action: Action) -> QuerySet[Organisation]:
    """The active organisations for which `user` may take `action`: the choices of a page's
    organisation field and of an endpoint's `organisation` value."""
    return access.scope(user, action, Organisation.objects.filter(is_active=True))


def acting_organisation(
    user: User, code: str | None, action: Action = Action.CREATE_CASE
) -> Organisation:
    """The organisation named by `code`, or the only one where the user may take `action`;
    a ValidationError on the `organisation` field otherwise."""
    organisations = acting_organisations(user, action)
    if code:
        organisation = organisations.filter(code=code).first()
        if organisation is None:
            raise _organisation_error(_("You cannot act for this organisation."))
        return organisation
    candidates = list(organisations[:2])
    if len(candidates) != 1:
        raise _organisation_error(_("Say which organisation you act for."))
    return candidates[0]


def _organisation_error(message: StrOrPromise) -> ValidationError:
    return ValidationError({"organisation": [ValidationError(message, code="invalid")]})


def inbox(user: User) -> QuerySet[Notice]:
    """The user's notices, newest first (their own alone: accounts.rules.ToRecipient)."""
    return access.scope(user, Action.READ_NOTICES, Notice.objects.all()).select_related(
        "organisation"
    )


def unread_count(user: User) -> int:
    """How many of the user's notices are unread: one query, for every page's header."""
    return inbox(user).filter(read_at__isnull=True).count()
