"""The access policy: the one place that decides who may do what to which record.

Every view, API endpoint, admin page and export asks here:

- `can(user, action, obj=None)`: may `user` do `action` (to `obj`, or at all)?
- `scope(user, action, queryset)`: the rows of `queryset` on which `user` may do `action`,
  as a filter in SQL (never a Python loop over rows).

A user holds roles through memberships in organisations. `GRANTS` says, for each role, which
actions it allows and how far they reach. `RULES` says, for each model, how a row is tied to
organisations (and, for cases, to people: lead worker, assigned staff, referrals).
docs/access.md explains both tables; tests/core/test_access.py and tests/cases/test_access.py
hold the expected behaviour independently of this module.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
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

GRANTS: dict[Role, dict[Action, Reach]] = {
    Role.OPERATOR: {**_DIRECTORY, **_PEOPLE, **_HOTLINE, **_SCREENING, A.VIEW_CASE: R.OWN_OPEN},
    Role.CASEWORKER: {
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
        **_DIRECTORY,
        A.MANAGE_ORGANISATION: R.OWN,
        A.VIEW_STAFF: R.OWN,
        A.MANAGE_STAFF: R.OWN,
        A.MANAGE_FACILITY: R.OWN,
        A.VIEW_FUNDING: R.OWN,
        A.MANAGE_FUNDING: R.OWN,
    },
    Role.CERTIFIER: {
        **_DIRECTORY,
        A.MANAGE_CERTIFICATION: R.OTHER,
        A.VIEW_FUNDING: R.ANY,
    },
    Role.ANALYST: {A.VIEW_CATALOG: R.ANY, A.VIEW_ORGANISATION: R.ANY},
    Role.AUDITOR: {A.VIEW_CATALOG: R.ANY, A.VIEW_ORGANISATION: R.ANY, A.VIEW_ACCESS_LOG: R.ANY},
    Role.ADMIN: {
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

_NOWHERE = Q(pk__in=[])


def _any_of(conditions: list[Q]) -> Q:
    if not conditions:
        return _NOWHERE
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
        return _any_of(conditions)


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


class UserRule(Rule):
    """A user is reached through any organisation they are a member of."""

    def allows(self, user, action, obj, granted):
        if R.ANY in granted.reaches:
            return True
        member_of = set(obj.memberships.values_list("organisation_id", flat=True))
        return granted.covers(member_of)

    def filter(self, user, action, queryset, granted):
        if R.ANY in granted.reaches:
            return queryset
        membership = apps.get_model("accounts", "Membership")
        reached = membership.objects.filter(user=OuterRef("pk")).filter(
            granted.organisation_filter("organisation_id")
        )
        return queryset.filter(Exists(reached))


def _model(label: str) -> type[models.Model]:
    return apps.get_model(label)


class CaseRule(FilterRule):
    """Need to know: the owning organisation's supervisors; its lead worker and assigned staff;
    its other case workers and operators only for unrestricted cases; and the organisation a
    referral was accepted by (for `case.view_referred` and `referral.act`)."""

    def condition(self, user, granted, action, prefix=""):
        if R.ANY in granted.reaches:
            return Q()
        p = prefix
        conditions = []
        if own := granted.orgs(R.OWN):
            conditions.append(Q(**{f"{p}organisation__in": own}))
        if open_ := granted.orgs(R.OWN_OPEN):
            conditions.append(Q(**{f"{p}organisation__in": open_, f"{p}restricted": False}))
        if assigned := granted.orgs(R.ASSIGNED, R.OWN_OPEN):
            assignment = _model("cases.CaseAssignment").objects.filter(
                case=OuterRef(f"{p}pk"), user=user, is_active=True
            )
            conditions.append(
                Q(**{f"{p}organisation__in": assigned})
                & (Q(**{f"{p}lead_worker": user}) | Exists(assignment))
            )
        if granted.orgs(R.REFERRED, R.REFERRED_TO_ME):
            referrals = _model("cases.Referral").objects.filter(case=OuterRef(f"{p}pk"))
            conditions.append(Exists(referrals.filter(referral_reach(user, granted))))
        return _any_of(conditions)


def referral_reach(user: Any, granted: Grant) -> Q:
    """The referrals through which a receiving user reaches a case: accepted or completed
    (never declined or withdrawn), sent to an organisation whose supervisors the user is
    among, or assigned to the user on acceptance in one where they work on cases."""
    conditions = []
    if referred := granted.orgs(R.REFERRED):
        conditions.append(Q(to_organisation__in=referred))
    if to_me := granted.orgs(R.REFERRED_TO_ME):
        conditions.append(Q(to_organisation__in=to_me, assigned_to=user))
    open_to_receiver = _model("cases.Referral").OPEN_TO_RECEIVER
    return Q(status__in=open_to_receiver) & _any_of(conditions)


def consented(category: str, *, case: str = "case", recipient: str = "to_organisation") -> Exists:
    """A consent of the case (at `case` in the outer query) valid today, not withdrawn,
    allowing `category` to be shared with the organisation at `recipient` (or with any).
    Checked when a record is read, so that a withdrawn or expired consent stops a referral's
    sharing at once, whatever the referral's status."""
    today = timezone.localdate()
    consents = _model("cases.Consent").objects.filter(
        Q(recipient__isnull=True) | Q(recipient=OuterRef(recipient)),
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=today),
        case=OuterRef(case),
        given_on__lte=today,
        valid_until__gte=today,
        categories__contains=category,
    )
    return Exists(consents)


def shared_categories(user: Any, cases) -> dict[int, set[str]]:
    """The projection, for one case or a few (`cases`: ids, or a queryset of ids): for each
    case that reaches the user through a referral, the categories its referrals share with
    the user, each as far as the consents valid today allow for the receiving organisation.
    The same rule as `sharing` (used in filters over many rows), in two small queries."""
    granted = grant(user, A.VIEW_REFERRED_CASE)
    if not granted:
        return {}
    reaching = list(
        _model("cases.Referral")
        .objects.filter(referral_reach(user, granted), case__in=cases)
        .values_list("case_id", "to_organisation_id", "shared")
    )
    if not reaching:
        return {}
    allowed = consents_valid_today({case_id for case_id, _org, _shared in reaching})
    shared: dict[int, set[str]] = {}
    for case_id, organisation, categories in reaching:
        consented_here = allowed.get((case_id, None), set()) | allowed.get(
            (case_id, organisation), set()
        )
        shared.setdefault(case_id, set()).update(_categories(categories) & consented_here)
    return shared


def consents_valid_today(case_ids) -> dict[tuple[int, int | None], set[str]]:
    """What the consents of these cases valid today allow sharing, by (case, recipient): a
    recipient of None is any organisation the case is referred to."""
    today = timezone.localdate()
    consents = (
        _model("cases.Consent")
        .objects.filter(
            Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=today),
            case__in=case_ids,
            given_on__lte=today,
            valid_until__gte=today,
        )
        .values_list("case_id", "recipient_id", "categories")
    )
    allowed: dict[tuple[int, int | None], set[str]] = {}
    for case_id, recipient, categories in consents:
        allowed.setdefault((case_id, recipient), set()).update(_categories(categories))
    return allowed


def _categories(value: str) -> set[str]:
    return {item for item in value.split(",") if item}


def sharing(user: Any, category: str, *, case_path: str = "pk") -> Q:
    """Cases (at `case_path` from the filtered row) that share `category` with the user through
    one of the referrals that reach them, under a consent valid today."""
    granted = grant(user, A.VIEW_REFERRED_CASE)
    if not granted:
        return _NOWHERE
    referrals = _model("cases.Referral").objects.filter(
        referral_reach(user, granted),
        consented(category),
        case=OuterRef(case_path),
        shared__contains=category,
    )
    return Q(Exists(referrals))


@dataclass(frozen=True)
class ThroughCase(FilterRule):
    """Rows of a case (decisions, plans, deliveries…) are reached through their case."""

    path: str = "case"

    def condition(self, user, granted, action, prefix=""):
        return CaseRule().condition(user, granted, action, prefix=f"{prefix}{self.path}__")


class PersonRule(FilterRule):
    """A person is seen in full through a case the user sees in full, or — while they have no
    case yet — by the front-line staff of the organisation that registered them; and seen in
    part (see `people.access`) through a referral that shares identity with the user under a
    consent valid today. Edits and merges are never reached through a referral."""

    CASE_ACTIONS = {
        A.VIEW_PERSON: A.VIEW_CASE,
        A.EDIT_PERSON: A.EDIT_CASE,
        A.MERGE_PERSONS: A.EDIT_CASE,
    }

    def condition(self, user, granted, action, prefix=""):
        full = self.full_condition(user, granted, action, prefix)
        if action is not A.VIEW_PERSON:
            return full
        return full | self.referred_condition(user, prefix)

    def referred_condition(self, user, prefix: str = "") -> Q:
        """Persons with a case that shares identity with the user through a referral."""
        identity = sharing(user, "identity")
        if identity is _NOWHERE:
            return _NOWHERE
        cases = _model("cases.Case").objects.filter(person=OuterRef(f"{prefix}pk"))
        return Q(Exists(cases.filter(identity)))

    def full_condition(self, user, granted, action, prefix="") -> Q:
        case_model = _model("cases.Case")
        conditions = []
        case_grant = grant(user, self.CASE_ACTIONS[action])
        if case_grant:  # view or edit cases: never a referral's reach
            cases = case_model.objects.filter(person=OuterRef(f"{prefix}pk"))
            conditions.append(Exists(cases.filter(CaseRule().condition(user, case_grant, action))))
        if registering := granted.orgs(R.OWN):
            without_case = ~Exists(case_model.objects.filter(person=OuterRef(f"{prefix}pk")))
            conditions.append(Q(**{f"{prefix}registered_by__in": registering}) & without_case)
        return _any_of(conditions)


class PersonViews:
    """The persons a user may view, as filters on persons, each built only when asked for
    (building them is most of their cost): `full` — seen in full; `referred` — through a
    referral sharing identity; `contacts` — also contacts (both under a consent valid
    today). `full | referred` is PersonRule's condition for `person.view`."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.granted = grant(user, A.VIEW_PERSON)

    @cached_property
    def full(self) -> Q:
        if not self.granted:
            return _NOWHERE
        return PersonRule().full_condition(self.user, self.granted, A.VIEW_PERSON)

    @cached_property
    def referred(self) -> Q:
        if not self.granted:
            return _NOWHERE
        return PersonRule().referred_condition(self.user)

    @cached_property
    def contacts(self) -> Q:
        identity, contacts = sharing(self.user, "identity"), sharing(self.user, "contacts")
        if not self.granted or identity is _NOWHERE:
            return _NOWHERE
        cases = _model("cases.Case").objects.filter(identity, contacts, person=OuterRef("pk"))
        return Q(Exists(cases))


@dataclass(frozen=True)
class UntilCase(FilterRule):
    """Records taken before a case exists (intakes, hotline calls, screenings, alerts): they
    belong to their organisation's front-line staff holding the action until a case is opened
    from them or they are added to one; then the case's rules apply, as for viewing the
    case."""

    case_path: str = "case"

    def condition(self, user, granted, action, prefix=""):
        p = prefix
        front_line = granted.orgs(R.OWN, R.OWN_OPEN, R.ASSIGNED)
        without_case = Q(
            **{f"{p}{self.case_path}__isnull": True, f"{p}organisation__in": front_line}
        )
        case_grant = grant(user, A.VIEW_CASE)
        if not case_grant:
            return without_case
        with_case = Q(**{f"{p}{self.case_path}__isnull": False}) & CaseRule().condition(
            user, case_grant, action, prefix=f"{p}{self.case_path}__"
        )
        # Such a record joins only a case of its own organisation, and viewing a case reaches
        # only the user's own organisations: saying so up front lets the (organisation, time)
        # index find the rows instead of every record tied to any case (bench/RESULTS.md).
        own = front_line | case_grant.orgs(R.OWN, R.OWN_OPEN, R.ASSIGNED)
        return Q(**{f"{p}organisation__in": own}) & (without_case | with_case)


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


RULES: dict[str, Rule] = {
    "accounts.Organisation": OwnedBy("pk"),
    "accounts.Membership": OwnedBy("organisation"),
    "accounts.User": UserRule(),
    "providers.Certification": OwnedBy("organisation"),
    "providers.CertificationSuspension": OwnedBy("certification__organisation"),
    "providers.Facility": OwnedBy("organisation"),
    "providers.Funding": OwnedBy("organisation"),
    "people.Person": PersonRule(),
    "people.FamilyLink": Via("person", "people.Person"),
    "people.PersonNameToken": Via("person", "people.Person"),
    "cases.Need": ThroughCase("assessment__case"),
    "cases.Case": CaseRule(),
    "cases.Intake": UntilCase(),
    "protection.HotlineCall": UntilCase(),
    "protection.Screening": UntilCase(),
    "protection.ScreeningAnswer": Via("screening", "protection.Screening"),
    "protection.Alert": UntilCase(),
    "protection.OrderViolation": ThroughCase(),
    "cases.Referral": ByAction({A.RESPOND_REFERRAL: OwnedBy("to_organisation")}, ThroughCase()),
    # A transfer is answered by the receiving organisation's supervisors, and seen (and
    # withdrawn) through its case by the sending side.
    "cases.Transfer": ByAction({A.TRANSFER_CASE: OwnedBy("to_organisation")}, ThroughCase()),
    "audit.AccessLogEntry": Everywhere(),
    "audit.AccessLogLink": Everywhere(),
}
for _label in (
    "CaseAssignment",
    "Consent",
    "EligibilityDecision",
    "NeedsAssessment",
    "ServicePlan",
    "PlanItem",
    "ServiceDelivery",
    "ShelterStay",
    "Closure",
    "CaseEvent",
):
    RULES[f"cases.{_label}"] = ThroughCase()
for _label in ("Identification", "ProtectiveOrder", "RiskAssessment", "SafetyPlan"):
    RULES[f"protection.{_label}"] = ThroughCase()
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
