"""Who sees what, stated a second time: an independent model of the access semantics of
issue 8, in plain Python sets and dicts.

The generated test (test_generated.py) plays random steps against the application and, in
parallel, against this model, then compares what every user sees. So that a mistake in the
application cannot be copied into the expectation, this module imports nothing from the
application (no access module, selector or serializer; nothing from qamqor at all). Users,
organisations and records are plain keys ("cw0a", "O1", "C3", "P2", "R1"…).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

CATEGORIES = frozenset({"identity", "contacts", "assessment", "plan", "services", "shelter"})
IDENTITY_FIELDS = frozenset(
    {
        "family_name",
        "given_name",
        "patronymic",
        "birth_date",
        "birth_year",
        "birth_date_estimated",
        "sex",
        "citizenship",
        "languages",
        "residence_registration",
        "iin",
        "region",
    }
)
CONTACT_FIELDS = frozenset({"phone", "address"})
PERSON_FIELDS = IDENTITY_FIELDS | CONTACT_FIELDS

CASE_STAFF = ("operator", "caseworker", "supervisor")
RESPONDERS = ("caseworker", "supervisor")  # answer referrals, lead a transferred case
MANAGER = "provider_manager"

# Referral statuses through which the receiving side reaches the case.
REACHING = ("accepted", "completed")
NEXT_REFERRAL_STATUS = {
    "sent": {"accepted", "declined", "withdrawn"},
    "accepted": {"completed", "withdrawn"},
}


@dataclass(frozen=True)
class CaseView:
    full: bool
    shared: frozenset = frozenset()  # effective categories, when not full


@dataclass(frozen=True)
class PersonView:
    full: bool
    fields: frozenset  # visible person fields


@dataclass
class Person:
    key: str
    registered_by: str


@dataclass
class Case:
    key: str
    org: str
    person: str
    lead: str | None
    restricted: bool
    assigned: set = field(default_factory=set)


@dataclass
class Referral:
    key: str
    case: str
    from_org: str
    to_org: str
    shared: frozenset
    status: str = "sent"
    assigned_to: str | None = None


@dataclass
class Consent:
    key: str
    case: str
    categories: frozenset
    recipient: str | None
    given_on: dt.date
    valid_until: dt.date
    withdrawn_on: dt.date | None = None


@dataclass
class Transfer:
    key: str
    case: str
    from_org: str
    to_org: str
    status: str = "requested"


class Model:
    def __init__(self, today: dt.date, memberships):
        self.today = today
        self.roles: set[tuple[str, str, str]] = set(memberships)  # active (user, org, role)
        # Who is or was on an organisation's staff (a withdrawn role leaves the user there).
        self.staff_ever: set[tuple[str, str]] = {(user, org) for user, org, _ in memberships}
        self.persons: dict[str, Person] = {}
        self.cases: dict[str, Case] = {}
        self.referrals: dict[str, Referral] = {}
        self.consents: dict[str, Consent] = {}
        self.transfers: dict[str, Transfer] = {}
        self.links: set[tuple[str, str]] = set()  # (person, relative)

    # Roles

    def holds(self, user: str, org: str, *roles: str) -> bool:
        return any((user, org, role) in self.roles for role in roles)

    def case_staff(self, user: str, org: str) -> bool:
        return self.holds(user, org, *CASE_STAFF)

    def front_line(self, user: str) -> bool:
        """Holds an operator, caseworker or supervisor role anywhere."""
        return any(role in CASE_STAFF for who, _org, role in self.roles if who == user)

    # Consent, checked when read

    def consent_valid(self, consent: Consent) -> bool:
        today = self.today
        if consent.withdrawn_on is not None and consent.withdrawn_on <= today:
            return False
        return consent.given_on <= today <= consent.valid_until

    def consent_allowed(self, case: str, org: str) -> frozenset:
        allowed: set[str] = set()
        for consent in self.consents.values():
            if consent.case != case or consent.recipient not in (None, org):
                continue
            if self.consent_valid(consent):
                allowed |= consent.categories
        return frozenset(allowed)

    # Cases

    def full_case(self, user: str, key: str) -> bool:
        case = self.cases[key]
        if self.holds(user, case.org, "supervisor"):
            return True
        if (case.lead == user or user in case.assigned) and self.case_staff(user, case.org):
            return True
        return not case.restricted and self.holds(user, case.org, "caseworker", "operator")

    def reaching_referrals(self, user: str, key: str) -> list[Referral]:
        found = []
        for referral in self.referrals.values():
            if referral.case != key or referral.status not in REACHING:
                continue
            if self.holds(user, referral.to_org, "supervisor") or (
                self.holds(user, referral.to_org, "caseworker") and referral.assigned_to == user
            ):
                found.append(referral)
        return found

    def case_view(self, user: str, key: str) -> CaseView | None:
        if self.full_case(user, key):
            return CaseView(full=True, shared=CATEGORIES)
        reaching = self.reaching_referrals(user, key)
        if not reaching:
            return None
        shared: set[str] = set()
        for referral in reaching:
            shared |= referral.shared & self.consent_allowed(key, referral.to_org)
        return CaseView(full=False, shared=frozenset(shared))

    @staticmethod
    def person_fields_through(view: CaseView) -> frozenset:
        """The person fields a referred case shows: identity, and contacts only with it."""
        if "identity" not in view.shared:
            return frozenset()
        if "contacts" in view.shared:
            return PERSON_FIELDS
        return IDENTITY_FIELDS

    def cases_of(self, person: str) -> list[str]:
        return [key for key, case in self.cases.items() if case.person == person]

    # Persons

    def person_view(self, user: str, key: str) -> PersonView | None:
        cases = self.cases_of(key)
        if any(self.full_case(user, case) for case in cases):
            return PersonView(full=True, fields=PERSON_FIELDS)
        if not cases and self.case_staff(user, self.persons[key].registered_by):
            return PersonView(full=True, fields=PERSON_FIELDS)
        fields: set[str] = set()
        for case in cases:
            view = self.case_view(user, case)
            if view is not None:
                fields |= self.person_fields_through(view)
        return PersonView(full=False, fields=frozenset(fields)) if fields else None

    def relatives_shown(self, user: str, person: str) -> set[str]:
        """The relatives listed on the person's page: those that exist for the user."""
        return {
            relative
            for owner, relative in self.links
            if owner == person and self.person_view(user, relative) is not None
        }

    # What a step may do (predictions)

    def may_edit_case(self, user: str, key: str) -> bool:
        case = self.cases[key]
        if self.holds(user, case.org, "supervisor"):
            return True
        return self.holds(user, case.org, "caseworker") and (
            case.lead == user or user in case.assigned
        )

    def may_edit_person(self, user: str, key: str) -> bool:
        cases = self.cases_of(key)
        if any(self.may_edit_case(user, case) for case in cases):
            return True
        return not cases and self.case_staff(user, self.persons[key].registered_by)

    def default_lead(self, actor: str, org: str, lead: str | None) -> str | None:
        """The lead worker of a new case: the one named, else the opener if they work cases."""
        if lead is not None:
            return lead
        return actor if self.holds(actor, org, *RESPONDERS) else None

    def may_open(self, actor: str, org: str, lead: str | None) -> bool:
        return self.case_staff(actor, org) and (lead is None or self.case_staff(lead, org))

    def may_attach(self, actor: str, person: str, org: str) -> bool:
        """Open a case of `org` for an existing person."""
        view = self.person_view(actor, person)
        if view is None or not view.full:
            return False
        own = self.persons[person].registered_by == org
        return own or any(self.cases[case].org == org for case in self.cases_of(person))

    def may_assign(self, actor: str, key: str, user: str) -> bool:
        org = self.cases[key].org
        return self.holds(actor, org, "supervisor") and self.case_staff(user, org)

    def may_give_consent(self, actor: str, key: str, given_on: dt.date) -> bool:
        """Consent is recorded as given: not on a day still to come (the service refuses
        dates in the future)."""
        return self.may_edit_case(actor, key) and given_on <= self.today

    def may_withdraw_consent(self, actor: str, key: str) -> bool:
        consent = self.consents[key]
        return consent.withdrawn_on is None and self.may_edit_case(actor, consent.case)

    def may_send(self, actor: str, key: str, to_org: str, shared: frozenset) -> bool:
        return (
            self.may_edit_case(actor, key)
            and to_org != self.cases[key].org
            and shared <= self.consent_allowed(key, to_org)
        )

    def may_respond(self, actor: str, key: str) -> bool:
        return self.holds(actor, self.referrals[key].to_org, *RESPONDERS)

    def may_accept(self, actor: str, key: str, assignee: str | None) -> bool:
        referral = self.referrals[key]
        return (
            referral.status == "sent"
            and self.may_respond(actor, key)
            and self.holds(assignee or actor, referral.to_org, *RESPONDERS)
        )

    def may_decline(self, actor: str, key: str) -> bool:
        return self.referrals[key].status == "sent" and self.may_respond(actor, key)

    def may_withdraw_referral(self, actor: str, key: str) -> bool:
        referral = self.referrals[key]
        return referral.status in ("sent", "accepted") and self.may_edit_case(actor, referral.case)

    def may_complete(self, actor: str, key: str) -> bool:
        referral = self.referrals[key]
        return (
            referral.status == "accepted"
            and self.may_respond(actor, key)
            and bool(self.reaching_referrals(actor, referral.case))
        )

    def consent_covers_transfer(self, case: str, org: str) -> bool:
        return self.consent_allowed(case, org) >= CATEGORIES

    def open_transfer(self, case: str) -> Transfer | None:
        return next(
            (t for t in self.transfers.values() if t.case == case and t.status == "requested"),
            None,
        )

    def may_request_transfer(self, actor: str, case: str, to_org: str) -> bool:
        org = self.cases[case].org
        return (
            self.holds(actor, org, "supervisor")
            and to_org != org
            and self.open_transfer(case) is None
            and self.consent_covers_transfer(case, to_org)
        )

    def may_accept_transfer(self, actor: str, key: str, lead: str | None) -> bool:
        transfer = self.transfers[key]
        return (
            transfer.status == "requested"
            and self.holds(actor, transfer.to_org, "supervisor")
            and (lead is None or self.holds(lead, transfer.to_org, *RESPONDERS))
            and self.consent_covers_transfer(transfer.case, transfer.to_org)
        )

    def may_decline_transfer(self, actor: str, key: str) -> bool:
        transfer = self.transfers[key]
        return transfer.status == "requested" and self.holds(actor, transfer.to_org, "supervisor")

    def may_withdraw_transfer(self, actor: str, key: str) -> bool:
        transfer = self.transfers[key]
        return transfer.status == "requested" and self.holds(actor, transfer.from_org, "supervisor")

    def may_link(self, actor: str, person: str, relative: str) -> bool:
        return (
            person != relative
            and (person, relative) not in self.links
            and self.may_edit_person(actor, person)
            and self.may_edit_person(actor, relative)
        )

    def may_change_role(self, actor: str, user: str, org: str) -> bool:
        """A provider manager of `org` gives or withdraws roles there, to its own staff (who
        hold or held a membership there), never their own."""
        return actor != user and self.holds(actor, org, MANAGER) and (user, org) in self.staff_ever

    # Applying a step that succeeded

    def transfer_accepted(self, key: str, actor: str, lead: str | None) -> None:
        transfer = self.transfers[key]
        case = self.cases[transfer.case]
        case.org = transfer.to_org
        case.lead = lead or actor
        case.assigned = set()
        transfer.status = "accepted"
