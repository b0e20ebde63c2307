"""The access policy: the one place that decides who may do what to which record.

Every view, API endpoint, admin page and export asks here:

- `can(user, action, obj=None)`: may `user` do `action` (to `obj`, or at all)?
- `scope(user, action, queryset)`: the rows of `queryset` on which `user` may do `action`,
  as a filter in SQL (never a Python loop over rows).

A user holds roles through memberships in organisations. `GRANTS` says, for each role, which
actions it allows and how far they reach. A rule says, for each model, how a row is tied to
organisations (and, for cases, to people: lead worker, assigned staff, referrals); each app
registers the rules of its own models (its rules.py, from AppConfig.ready()), so that the
case-specific rules live in cases (cases/rules.py), not here.
docs/access.md explains both tables; tests/core/test_access.py and tests/cases/test_access.py
hold the expected behaviour independently of this module.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qamqor.core.registries import Registry

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
    VIEW_CASE = "case.view"
    CREATE_CASE = "case.create"
    EDIT_CASE = "case.edit"
    ASSIGN_CASE = "case.assign"
    APPROVE_DECISION = "decision.approve"
    APPROVE_CLOSURE = "closure.approve"
    REOPEN_CASE = "case.reopen"
    VIEW_REFERRED_CASE = "case.view_referred"
    RESPOND_REFERRAL = "referral.respond"
    ACT_ON_REFERRAL = "referral.act"
    VIEW_PERSON = "person.view"
    EDIT_PERSON = "person.edit"
    MERGE_PERSONS = "person.merge"
    VIEW_ACCESS_LOG = "access_log.view"
    LOG_CALL = "call.log"
    VIEW_CALL = "call.view"
    SCREEN = "screening.record"
    VIEW_SCREENING = "screening.view"
    TRANSFER_CASE = "case.transfer"
    READ_NOTICES = "notice.read"


class Reach(StrEnum):
    ANY = "any"  # rows of every organisation
    OWN = "own"  # rows of the organisations the user holds the role in
    OTHER = "other"  # rows of every organisation except the user's own (no self-certification)
    # Cases (need to know):
    OWN_OPEN = "own_open"  # own organisation's unrestricted cases, and those ASSIGNED
    ASSIGNED = "assigned"  # own organisation's cases the user leads or is assigned to
    REFERRED = "referred"  # cases referred to own organisation and accepted
    REFERRED_TO_ME = "referred_to_me"  # the same, where the referral is assigned to the user


A = Action
R = Reach
_DIRECTORY = {
    A.VIEW_CATALOG: R.ANY,
    A.VIEW_ORGANISATION: R.ANY,
    A.VIEW_CERTIFICATION: R.ANY,
    A.VIEW_FACILITY: R.ANY,
}
_PEOPLE = {A.VIEW_PERSON: R.OWN, A.EDIT_PERSON: R.OWN, A.CREATE_CASE: R.OWN}
_HOTLINE = {A.LOG_CALL: R.OWN, A.VIEW_CALL: R.OWN}
_SCREENING = {A.SCREEN: R.OWN, A.VIEW_SCREENING: R.OWN}

# Every role is told things in its inbox (accounts.notices); a notice is its recipient's alone.
_INBOX = {A.READ_NOTICES: R.OWN}

GRANTS: dict[Role, dict[Action, Reach]] = {
    Role.OPERATOR: {
        **_INBOX,
        **_DIRECTORY,
        **_PEOPLE,
        **_HOTLINE,
        **_SCREENING,
        A.VIEW_CASE: R.OWN_OPEN,
    },
    Role.CASEWORKER: {
        **_INBOX,
        **_DIRECTORY,
        **_PEOPLE,
        **_SCREENING,
        A.VIEW_CASE: R.OWN_OPEN,
        A.EDIT_CASE: R.ASSIGNED,
        A.REOPEN_CASE: R.ASSIGNED,
        A.VIEW_REFERRED_CASE: R.REFERRED_TO_ME,
        A.ACT_ON_REFERRAL: R.REFERRED_TO_ME,
        A.RESPOND_REFERRAL: R.OWN,
    },
    Role.SUPERVISOR: {
        **_INBOX,
        **_DIRECTORY,
        **_PEOPLE,
        **_HOTLINE,
        **_SCREENING,
        A.VIEW_STAFF: R.OWN,
        A.VIEW_CASE: R.OWN,
        A.EDIT_CASE: R.OWN,
        A.ASSIGN_CASE: R.OWN,
        A.APPROVE_DECISION: R.OWN,
        A.APPROVE_CLOSURE: R.OWN,
        A.REOPEN_CASE: R.OWN,
        A.VIEW_REFERRED_CASE: R.REFERRED,
        A.ACT_ON_REFERRAL: R.REFERRED,
        A.RESPOND_REFERRAL: R.OWN,
        A.MERGE_PERSONS: R.OWN,
        A.TRANSFER_CASE: R.OWN,
    },
    Role.PROVIDER_MANAGER: {
        **_INBOX,
        **_DIRECTORY,
        A.MANAGE_ORGANISATION: R.OWN,
        A.VIEW_STAFF: R.OWN,
        A.MANAGE_STAFF: R.OWN,
        A.MANAGE_FACILITY: R.OWN,
        A.VIEW_FUNDING: R.OWN,
        A.MANAGE_FUNDING: R.OWN,
    },
    Role.CERTIFIER: {
        **_INBOX,
        **_DIRECTORY,
        A.MANAGE_CERTIFICATION: R.OTHER,
        A.VIEW_FUNDING: R.ANY,
    },
    Role.ANALYST: {**_INBOX, A.VIEW_CATALOG: R.ANY, A.VIEW_ORGANISATION: R.ANY},
    Role.AUDITOR: {
        **_INBOX,
        A.VIEW_CATALOG: R.ANY,
        A.VIEW_ORGANISATION: R.ANY,
        A.VIEW_ACCESS_LOG: R.ANY,
    },
    Role.ADMIN: {
        **_INBOX,
        **_DIRECTORY,
        A.MANAGE_CATALOG: R.ANY,
        A.MANAGE_ORGANISATION: R.ANY,
        A.VIEW_STAFF: R.ANY,
        A.MANAGE_STAFF: R.ANY,
        A.MANAGE_USERS: R.ANY,
        A.MANAGE_FACILITY: R.ANY,
        A.VIEW_FUNDING: R.ANY,
        A.MANAGE_FUNDING: R.ANY,
        A.USE_ADMIN_SITE: R.ANY,
    },
}

NOWHERE = Q(pk__in=[])


def any_of(conditions: list[Q]) -> Q:
    if not conditions:
        return NOWHERE
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return combined


@dataclass(frozen=True)
class Grant:
    """How far one action reaches for one user, summed over all of their memberships:
    for each reach, the organisations where the user holds a role granting it."""

    reaches: dict[Reach, frozenset[int]]
    member_of: frozenset[int]

    def __bool__(self) -> bool:
        return bool(self.reaches)

    def orgs(self, *reaches: Reach) -> frozenset[int]:
        return frozenset().union(*(self.reaches.get(reach, frozenset()) for reach in reaches))

    def covers(self, organisation_ids: set[int]) -> bool:
        """Does the grant reach a row tied to any of these organisations?"""
        if R.ANY in self.reaches:
            return True
        if self.orgs(R.OWN) & organisation_ids:
            return True
        return R.OTHER in self.reaches and bool(organisation_ids - self.member_of)

    def organisation_filter(self, path: str) -> Q:
        """The same test as `covers`, as a filter on the organisation id found at `path`."""
        if R.ANY in self.reaches:
            return Q()
        conditions = []
        if R.OWN in self.reaches:
            conditions.append(Q(**{f"{path}__in": self.orgs(R.OWN)}))
        if R.OTHER in self.reaches:
            conditions.append(~Q(**{f"{path}__in": self.member_of}))
        return any_of(conditions)


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
    reaches: dict[Reach, set[int]] = {}
    for org_id, role in rows:
        reach = GRANTS[Role(role)].get(action)
        if reach is not None:
            reaches.setdefault(reach, set()).add(org_id)
    return Grant(
        reaches={reach: frozenset(orgs) for reach, orgs in reaches.items()},
        member_of=frozenset(org for org, _role in rows),
    )


class Rule(Protocol):
    """How rows of one model are tied to organisations (and people)."""

    def allows(self, user: Any, action: Action, obj: models.Model, granted: Grant) -> bool: ...

    def filter(
        self, user: Any, action: Action, queryset: models.QuerySet, granted: Grant
    ) -> models.QuerySet: ...


class FilterRule(ABC):
    """A rule whose check of one row is its filter applied to that row: the two never
    disagree. One query per check, on the row's key: the condition is evaluated on that one
    row, never by collecting every row the user may reach."""

    @abstractmethod
    def condition(self, user: Any, granted: Grant, action: Action, prefix: str = "") -> Q:
        """The filter selecting the rows the grant reaches; `prefix` ("case__") applies it to
        a related row instead."""

    def allows(self, user, action, obj, granted):
        return self.filter(user, action, type(obj).objects.filter(pk=obj.pk), granted).exists()

    def filter(self, user, action, queryset, granted):
        return queryset.filter(self.condition(user, granted, action))


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


def _model(label: str) -> type[models.Model]:
    return apps.get_model(label)


@dataclass(frozen=True)
class Via(FilterRule):
    """Rows reached through another record (at `path`) that the user may reach: the other
    record's rule, applied through the relation."""

    path: str
    model: str

    def condition(self, user, granted, action, prefix=""):
        target = rule_for(_model(self.model))
        return target.condition(user, granted, action, prefix=f"{prefix}{self.path}__")


@dataclass(frozen=True)
class ByAction(Rule):
    """Different rules for different actions on the same model."""

    rules: dict[Action, Rule]
    default: Rule

    def _rule(self, action: Action) -> Rule:
        return self.rules.get(action, self.default)

    def allows(self, user, action, obj, granted):
        return self._rule(action).allows(user, action, obj, granted)

    def filter(self, user, action, queryset, granted):
        return self._rule(action).filter(user, action, queryset, granted)


# The rules, registered by each app for its own models in its AppConfig.ready() (its
# rules.py); an app may give all of its models one rule (reference data: Everywhere).
_rules: Registry[Rule] = Registry("access rules")
_app_rules: Registry[Rule] = Registry("access rules of whole apps")


def register(label: str, rule: Rule) -> None:
    """The rule for the model `label` ("cases.Case")."""
    _rules.register(label, rule)


def register_app(app_label: str, rule: Rule) -> None:
    """The rule for every model of an app that has no rule of its own."""
    _app_rules.register(app_label, rule)


def rule_for(model: type[models.Model]) -> Rule:
    label = model._meta.label
    rule = _rules.get(label) or _app_rules.get(model._meta.app_label)
    if rule is None:
        raise LookupError(f"The access policy has no rule for {label}.")
    return rule


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
