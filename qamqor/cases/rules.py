"""The access rules of cases and of what is reached through a case (registered with the access
policy in CasesConfig.ready()): need to know, the reach of referrals and what they share under
the consents valid today, and the person (seen through the cases the user sees).

core.access holds the roles, the grants and the generic rules; docs/access.md explains these.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from qamqor.cases.models import Case, CaseAssignment, Consent, Referral, split_categories
from qamqor.core import access
from qamqor.core.access import (
    NOWHERE,
    Action,
    ByAction,
    FilterRule,
    Grant,
    OwnedBy,
    Reach,
    any_of,
    grant,
)
from qamqor.people.access import register_person_reach

A = Action
R = Reach


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
            assignment = CaseAssignment.objects.filter(
                case=OuterRef(f"{p}pk"), user=user, is_active=True
            )
            conditions.append(
                Q(**{f"{p}organisation__in": assigned})
                & (Q(**{f"{p}lead_worker": user}) | Exists(assignment))
            )
        if granted.orgs(R.REFERRED, R.REFERRED_TO_ME):
            referrals = Referral.objects.filter(case=OuterRef(f"{p}pk"))
            conditions.append(Exists(referrals.filter(referral_reach(user, granted))))
        return any_of(conditions)


def referral_reach(user: Any, granted: Grant) -> Q:
    """The referrals through which a receiving user reaches a case: accepted or completed
    (never declined or withdrawn), sent to an organisation whose supervisors the user is
    among, or assigned to the user on acceptance in one where they work on cases."""
    conditions = []
    if referred := granted.orgs(R.REFERRED):
        conditions.append(Q(to_organisation__in=referred))
    if to_me := granted.orgs(R.REFERRED_TO_ME):
        conditions.append(Q(to_organisation__in=to_me, assigned_to=user))
    return Q(status__in=Referral.OPEN_TO_RECEIVER) & any_of(conditions)


def consented(category: str, *, case: str = "case", recipient: str = "to_organisation") -> Exists:
    """A consent of the case (at `case` in the outer query) valid today, not withdrawn,
    allowing `category` to be shared with the organisation at `recipient` (or with any).
    Checked when a record is read, so that a withdrawn or expired consent stops a referral's
    sharing at once, whatever the referral's status."""
    today = timezone.localdate()
    consents = Consent.objects.filter(
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
        Referral.objects.filter(referral_reach(user, granted), case__in=cases).values_list(
            "case_id", "to_organisation_id", "shared"
        )
    )
    if not reaching:
        return {}
    allowed = consents_valid_today({case_id for case_id, _org, _shared in reaching})
    shared: dict[int, set[str]] = {}
    for case_id, organisation, categories in reaching:
        consented_here = allowed.get((case_id, None), set()) | allowed.get(
            (case_id, organisation), set()
        )
        shared.setdefault(case_id, set()).update(split_categories(categories) & consented_here)
    return shared


def consents_valid_today(case_ids) -> dict[tuple[int, int | None], set[str]]:
    """What the consents of these cases valid today allow sharing, by (case, recipient): a
    recipient of None is any organisation the case is referred to."""
    today = timezone.localdate()
    consents = Consent.objects.filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=today),
        case__in=case_ids,
        given_on__lte=today,
        valid_until__gte=today,
    ).values_list("case_id", "recipient_id", "categories")
    allowed: dict[tuple[int, int | None], set[str]] = {}
    for case_id, recipient, categories in consents:
        allowed.setdefault((case_id, recipient), set()).update(split_categories(categories))
    return allowed


def sharing(user: Any, category: str, *, case_path: str = "pk") -> Q:
    """Cases (at `case_path` from the filtered row) that share `category` with the user through
    one of the referrals that reach them, under a consent valid today."""
    granted = grant(user, A.VIEW_REFERRED_CASE)
    if not granted:
        return NOWHERE
    referrals = Referral.objects.filter(
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
        if identity is NOWHERE:
            return NOWHERE
        cases = Case.objects.filter(person=OuterRef(f"{prefix}pk"))
        return Q(Exists(cases.filter(identity)))

    def full_condition(self, user, granted, action, prefix="") -> Q:
        conditions = []
        case_grant = grant(user, self.CASE_ACTIONS[action])
        if case_grant:  # view or edit cases: never a referral's reach
            cases = Case.objects.filter(person=OuterRef(f"{prefix}pk"))
            conditions.append(Exists(cases.filter(CaseRule().condition(user, case_grant, action))))
        if registering := granted.orgs(R.OWN):
            without_case = ~Exists(Case.objects.filter(person=OuterRef(f"{prefix}pk")))
            conditions.append(Q(**{f"{prefix}registered_by__in": registering}) & without_case)
        return any_of(conditions)


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
            return NOWHERE
        return PersonRule().full_condition(self.user, self.granted, A.VIEW_PERSON)

    @cached_property
    def referred(self) -> Q:
        if not self.granted:
            return NOWHERE
        return PersonRule().referred_condition(self.user)

    @cached_property
    def contacts(self) -> Q:
        identity, contacts = sharing(self.user, "identity"), sharing(self.user, "contacts")
        if not self.granted or identity is NOWHERE:
            return NOWHERE
        cases = Case.objects.filter(identity, contacts, person=OuterRef("pk"))
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


class PersonReach:
    """How a person is reached through their cases, for people.access (its person-reach slot)."""

    def views(self, user: Any) -> PersonViews:
        return PersonViews(user)

    def shared_categories(self, user: Any, cases) -> dict[int, set[str]]:
        return shared_categories(user, cases)


def register() -> None:
    """The rules of cases' models, of protection's records reached through a case, and of
    persons (seen through cases), registered with the access policy."""
    access.register("people.Person", PersonRule())
    access.register("cases.Case", CaseRule())
    access.register("cases.Intake", UntilCase())
    access.register("cases.Need", ThroughCase("assessment__case"))
    access.register(
        "cases.Referral", ByAction({A.RESPOND_REFERRAL: OwnedBy("to_organisation")}, ThroughCase())
    )
    # A transfer is answered by the receiving organisation's supervisors, and seen (and
    # withdrawn) through its case by the sending side.
    access.register(
        "cases.Transfer", ByAction({A.TRANSFER_CASE: OwnedBy("to_organisation")}, ThroughCase())
    )
    for name in (
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
        access.register(f"cases.{name}", ThroughCase())
    register_person_reach(PersonReach())
