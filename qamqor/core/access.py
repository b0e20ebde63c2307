"""The access policy: the one place that decides who may do what to which record.

Every view, API endpoint, admin page and export asks here:

- `can(user, action, obj=None)`: may `user` do `action` (to `obj`, or at all)?
- `scope(user, action, queryset)`: the rows of `queryset` on which `user` may do `action`,
  as a filter in SQL (never a Python loop over rows).

A user holds roles through memberships in organisations. `GRANTS` says, for each role, which
actions it allows and how far they reach (any organisation, the user's own, or every
organisation but the user's own). `RULES` says, for each model, how a row is tied to an
organisation. docs/access.md explains both tables; tests/core/test_access.py holds the
expected roles × actions table independently of this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class Role(models.TextChoices):
    OPERATOR = "operator", _("Hotline operator")
    CASEWORKER = "caseworker", _("Case worker")
    SUPERVISOR = "supervisor", _("Supervisor")
    PROVIDER_MANAGER = "provider_manager", _("Provider manager")
    CERTIFIER = "certifier", _("Certifying officer")
    ANALYST = "analyst", _("Analyst")
    AUDITOR = "auditor", _("Auditor")
    ADMIN = "admin", _("Administrator")


class Action(StrEnum):
    """Everything a user can be allowed to do. docs/access.md describes each one."""

    VIEW_CATALOG = "catalog.view"
    MANAGE_CATALOG = "catalog.manage"
    VIEW_ORGANISATION = "organisation.view"
    MANAGE_ORGANISATION = "organisation.manage"
    VIEW_STAFF = "staff.view"
    MANAGE_STAFF = "staff.manage"
    MANAGE_USERS = "users.manage"
    VIEW_CERTIFICATION = "certification.view"
    MANAGE_CERTIFICATION = "certification.manage"
    VIEW_FACILITY = "facility.view"
    MANAGE_FACILITY = "facility.manage"
    VIEW_FUNDING = "funding.view"
    MANAGE_FUNDING = "funding.manage"
    USE_ADMIN_SITE = "admin_site.use"


class Reach(StrEnum):
    ANY = "any"  # rows of every organisation
    OWN = "own"  # rows of the organisations the user has this role in
    OTHER = "other"  # rows of every organisation except the user's own (no self-certification)


A = Action
_DIRECTORY = {
    A.VIEW_CATALOG: Reach.ANY,
    A.VIEW_ORGANISATION: Reach.ANY,
    A.VIEW_CERTIFICATION: Reach.ANY,
    A.VIEW_FACILITY: Reach.ANY,
}

GRANTS: dict[Role, dict[Action, Reach]] = {
    Role.OPERATOR: {**_DIRECTORY},
    Role.CASEWORKER: {**_DIRECTORY},
    Role.SUPERVISOR: {**_DIRECTORY, A.VIEW_STAFF: Reach.OWN},
    Role.PROVIDER_MANAGER: {
        **_DIRECTORY,
        A.MANAGE_ORGANISATION: Reach.OWN,
        A.VIEW_STAFF: Reach.OWN,
        A.MANAGE_STAFF: Reach.OWN,
        A.MANAGE_FACILITY: Reach.OWN,
        A.VIEW_FUNDING: Reach.OWN,
        A.MANAGE_FUNDING: Reach.OWN,
        A.USE_ADMIN_SITE: Reach.ANY,
    },
    Role.CERTIFIER: {
        **_DIRECTORY,
        A.MANAGE_CERTIFICATION: Reach.OTHER,
        A.VIEW_FUNDING: Reach.ANY,
        A.USE_ADMIN_SITE: Reach.ANY,
    },
    Role.ANALYST: {A.VIEW_CATALOG: Reach.ANY, A.VIEW_ORGANISATION: Reach.ANY},
    Role.AUDITOR: {A.VIEW_CATALOG: Reach.ANY, A.VIEW_ORGANISATION: Reach.ANY},
    Role.ADMIN: {
        **_DIRECTORY,
        A.MANAGE_CATALOG: Reach.ANY,
        A.MANAGE_ORGANISATION: Reach.ANY,
        A.VIEW_STAFF: Reach.ANY,
        A.MANAGE_STAFF: Reach.ANY,
        A.MANAGE_USERS: Reach.ANY,
        A.MANAGE_FACILITY: Reach.ANY,
        A.VIEW_FUNDING: Reach.ANY,
        A.MANAGE_FUNDING: Reach.ANY,
        A.USE_ADMIN_SITE: Reach.ANY,
    },
}


@dataclass(frozen=True)
class Grant:
    """How far one action reaches for one user, summed over all of their memberships."""

    any: bool = False
    own: frozenset[int] = frozenset()
    other: bool = False
    member_of: frozenset[int] = field(default=frozenset())

    def __bool__(self) -> bool:
        return self.any or bool(self.own) or self.other

    def covers(self, organisation_ids: set[int]) -> bool:
        """Does the grant reach a row tied to any of these organisations?"""
        if self.any:
            return True
        if self.own & organisation_ids:
            return True
        return self.other and bool(organisation_ids - self.member_of)

    def organisation_filter(self, path: str) -> Q:
        """The same test as `covers`, as a filter on the organisation id found at `path`."""
        if self.any:
            return Q()
        conditions = []
        if self.own:
            conditions.append(Q(**{f"{path}__in": self.own}))
        if self.other:
            conditions.append(~Q(**{f"{path}__in": self.member_of}))
        if not conditions:
            return Q(pk__in=[])
        combined = conditions[0]
        for condition in conditions[1:]:
            combined |= condition
        return combined


def memberships(user: AbstractBaseUser | AnonymousUser) -> list[tuple[int, str]]:
    """(organisation id, role) of the user's active memberships, read once per user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_qamqor_memberships", None)
    if cached is None:
        cached = list(
            user.memberships.filter(is_active=True, organisation__is_active=True).values_list(
                "organisation_id", "role"
            )
        )
        user._qamqor_memberships = cached
    return cached


def forget(user: Any) -> None:
    """Drop the cached memberships (after they change) so the next check reads them again."""
    user.__dict__.pop("_qamqor_memberships", None)


def roles(user: Any, organisation_id: int | None = None) -> set[str]:
    return {
        role
        for org_id, role in memberships(user)
        if organisation_id is None or org_id == organisation_id
    }


def grant(user: Any, action: Action) -> Grant:
    rows = memberships(user)
    reaches = [(org_id, GRANTS[Role(role)].get(action)) for org_id, role in rows]
    return Grant(
        any=any(reach is Reach.ANY for _org, reach in reaches),
        own=frozenset(org for org, reach in reaches if reach is Reach.OWN),
        other=any(reach is Reach.OTHER for _org, reach in reaches),
        member_of=frozenset(org for org, _role in rows),
    )


class Rule(Protocol):
    """How rows of one model are tied to organisations."""

    def allows(self, user: Any, action: Action, obj: models.Model, granted: Grant) -> bool: ...

    def filter(
        self, user: Any, action: Action, queryset: models.QuerySet, granted: Grant
    ) -> models.QuerySet: ...


class Everywhere(Rule):
    """Rows that belong to no organisation (reference data): the grant alone decides."""

    def allows(self, user, action, obj, granted):
        return bool(granted)

    def filter(self, user, action, queryset, granted):
        return queryset


@dataclass(frozen=True)
class OwnedBy(Rule):
    """Rows tied to one organisation through the field at `path` ("pk" for the organisation)."""

    path: str

    def allows(self, user, action, obj, granted):
        if self.path == "pk":
            return granted.covers({obj.pk})
        *through, last = self.path.split("__")
        for name in through:
            obj = getattr(obj, name)
        return granted.covers({getattr(obj, f"{last}_id")})

    def filter(self, user, action, queryset, granted):
        return queryset.filter(granted.organisation_filter(self.path))


class UserRule(Rule):
    """A user is reached through any organisation they are a member of."""

    def allows(self, user, action, obj, granted):
        if granted.any:
            return True
        member_of = set(obj.memberships.values_list("organisation_id", flat=True))
        return granted.covers(member_of)

    def filter(self, user, action, queryset, granted):
        if granted.any:
            return queryset
        membership = apps.get_model("accounts", "Membership")
        reached = membership.objects.filter(user=OuterRef("pk")).filter(
            granted.organisation_filter("organisation_id")
        )
        return queryset.filter(Exists(reached))


RULES: dict[str, Rule] = {
    "accounts.Organisation": OwnedBy("pk"),
    "accounts.Membership": OwnedBy("organisation"),
    "accounts.User": UserRule(),
    "providers.Certification": OwnedBy("organisation"),
    "providers.CertificationSuspension": OwnedBy("certification__organisation"),
    "providers.Facility": OwnedBy("organisation"),
    "providers.Funding": OwnedBy("organisation"),
}
CATALOG_APP = "catalog"


def rule_for(model: type[models.Model]) -> Rule:
    label = model._meta.label
    if label in RULES:
        return RULES[label]
    if model._meta.app_label == CATALOG_APP:
        return Everywhere()
    raise LookupError(f"The access policy has no rule for {label}.")


def can(user: Any, action: Action, obj: models.Model | None = None) -> bool:
    granted = grant(user, action)
    if not granted:
        return False
    if obj is None:
        return True
    return rule_for(type(obj)).allows(user, action, obj, granted)


def scope(user: Any, action: Action, queryset: models.QuerySet) -> models.QuerySet:
    granted = grant(user, action)
    if not granted:
        return queryset.none()
    return rule_for(queryset.model).filter(user, action, queryset, granted)
