"""The generated access test (issue 8): random sequences of 10–30 steps over three
organisations — cases opened (for new and existing persons), staff assigned, consents given,
withdrawn and expired, referrals sent, accepted, declined, withdrawn and completed with random
share categories, transfers, family links, roles granted and withdrawn — played against the
application (its services, and the HTTP API for opening a case for an existing person) and
against an independent model (model.py, which imports nothing from the application).

Each step's outcome (done or refused) is predicted by the model. After each step every user
is checked through the projection and the API detail of the records the step touched, and one
user drawn at random (and a user whose roles changed) on every route; at the end of a sequence
every user on every route (checks.py). The first difference fails the test with the user, the
route, what was expected and what came back, and the steps that led there as a readable list
(Hypothesis first shrinks the sequence to a short one).

Sequences: QAMQOR_GENERATED_SEQUENCES (default 50 on PostgreSQL, 20 on SQLite), split into
chunks that pytest-xdist runs in parallel. Seed: QAMQOR_GENERATED_SEED (default: today's date
as YYYYMMDD), printed in the summary; the same seed replays the same sequences. Transfers are
generated when qamqor.cases.transfers exists (QAMQOR_GENERATED_TRANSFERS=0 turns them off).
QAMQOR_GENERATED_SHRINK=0 reports a failing sequence as found, without shrinking it first.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import time
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, Phase, seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
    run_state_machine_as_test,
)

from qamqor.core.errors import ApplicationError
from tests.access.checks import CaseRecord, Checker, Difference, PersonRecord, person_values
from tests.access.model import (
    CASE_STAFF,
    CATEGORIES,
    RESPONDERS,
    Case,
    Consent,
    Model,
    Person,
    Referral,
    Transfer,
)
from tests.access.world import ORGS, REGION, World

REFUSED = (PermissionDenied, ValidationError, ApplicationError)
MIN_STEPS, MAX_STEPS = 10, 30
CHUNKS = 10


def _sequences() -> int:
    default = 50 if connection.vendor == "postgresql" else 20
    return int(os.environ.get("QAMQOR_GENERATED_SEQUENCES", default))


def _seed() -> int:
    return int(os.environ.get("QAMQOR_GENERATED_SEED", dt.datetime.now(dt.UTC).strftime("%Y%m%d")))


def _chunks() -> list[int]:
    """How many sequences each parallel chunk plays (their sum is the number asked for)."""
    total = _sequences()
    count = max(1, min(CHUNKS, total))
    return [total // count + (1 if index < total % count else 0) for index in range(count)]


TRANSFERS = (
    importlib.util.find_spec("qamqor.cases.transfers") is not None
    and os.environ.get("QAMQOR_GENERATED_TRANSFERS", "1") != "0"
)
SHRINK = os.environ.get("QAMQOR_GENERATED_SHRINK", "1") != "0"

# Integers that pick among the candidates of a step; a "stray" draw (1 in 5) picks among
# everyone instead of the plausible actors, so refusals are exercised too.
PICK = st.integers(min_value=0, max_value=255)
STRAY = st.integers(min_value=0, max_value=4)
CATEGORY_SETS = st.frozensets(st.sampled_from(sorted(CATEGORIES)))


def _pick(options: list, index: int):
    return options[index % len(options)]


class AccessMachine(RuleBasedStateMachine):
    world: World  # set on the subclass made for each test

    def __init__(self):
        super().__init__()
        self.savepoint = transaction.savepoint()
        self.today = timezone.localdate()
        self.model = Model(self.today, self.world.memberships)
        self.cases: dict[str, CaseRecord] = {}
        self.persons: dict[str, PersonRecord] = {}
        self.referrals: dict[str, int] = {}
        self.consents: dict[str, int] = {}
        self.transfers: dict[str, object] = {}
        self.checker = Checker(self.world, self.model, self.cases, self.persons)
        self.log: list[str] = []
        self.length = MIN_STEPS
        self.rnd = None
        self.in_step = False

    # Helpers

    def running(self) -> bool:
        return len(self.log) < self.length

    def user(self, key):
        from qamqor.accounts.models import User

        return None if key is None else User.objects.get(pk=self.world.users[key].pk)

    def org(self, key):
        return self.world.orgs[key]

    def holders(self, org: str, *roles: str) -> list[str]:
        return [user for user in self.world.users if self.model.holds(user, org, *roles)]

    def choose(self, plausible: list[str], pick: int, stray: int) -> str:
        pool = plausible if plausible and stray < 4 else list(self.world.users)
        return _pick(pool, pick)

    def new_key(self, prefix: str, existing: dict) -> str:
        return f"{prefix}{len(existing) + 1}"

    def step(self, name: str, text: str, expected: bool, perform, apply, *, cases=(), persons=()):
        """Carry out one step, compare its outcome with the model's prediction, update the
        model, then check what every user sees."""
        self.in_step = True
        number = len(self.log) + 1
        self.log.append(f"{number}. {text}")
        try:
            with transaction.atomic():
                result = perform()
            done = result is not False
            reason = ""
        except REFUSED as error:
            done, reason = False, f" ({type(error).__name__}: {error})"[:160]
        self.log[-1] += f" -> {'done' if done else 'refused'}{reason}"
        STATS["steps"] += 1
        STATS[f"rule {name} {'done' if done else 'refused'}"] += 1
        if done != expected:
            self.fail(
                f"step {number} was {'done' if done else 'refused'}; the model predicted "
                f"{'done' if expected else 'refused'}"
            )
        if done:
            apply(result)
            self.check(cases=cases, persons=persons)
        else:  # nothing was touched
            self.check()
        self.in_step = False

    def fail(self, message: str) -> None:
        steps = "\n  ".join(self.log)
        raise Difference(f"{message}\nseed {STATS['seed']}; steps of this sequence:\n  {steps}")

    def check(self, *, cases=(), persons=()) -> None:
        try:
            self.checker.refresh_users()
            touched_persons = set(persons) | {self.model.cases[key].person for key in cases}
            self.checker.touched(cases, sorted(touched_persons))
            self.checker.every_route(self.rnd.choice(sorted(self.world.users)))
        except Difference as difference:
            self.fail(f"after step {len(self.log)}: {difference}")

    # Rules

    @initialize(
        length=st.integers(MIN_STEPS, MAX_STEPS),
        rnd=st.randoms(use_true_random=False),
        variant=st.integers(0, 2**31),
    )
    def start(self, length, rnd, variant):
        # Hypothesis first tries its simplest example (every choice at its smallest): the
        # same sequence in every chunk. It is played empty and not counted. (Only the drawn
        # data may decide this: a replay while shrinking must play the same steps.)
        self.length = length if variant else 0
        self.rnd = rnd

    @precondition(lambda self: not self.running())
    @rule()
    def idle(self):
        """The sequence has played its length; Hypothesis may still ask for steps."""

    # Rules: five kinds of step, each drawing which step of its kind (so that Hypothesis's
    # swarm testing, which turns rules off per sequence, still leaves a mix of steps).

    @precondition(lambda self: self.running())
    @rule(
        kind=st.integers(0, 9),
        org=st.sampled_from(ORGS),
        a=PICK,
        b=PICK,
        c=PICK,
        flag=st.booleans(),
        stray=STRAY,
    )
    def people(self, kind, org, a, b, c, flag, stray):
        """Open a case for a new person (5 in 10), register a person without a case (1),
        open a case for an existing person (2), record a family link (2)."""
        if kind >= 8 and len(self.persons) >= 2:
            self.link_family(a, b, c, stray)
        elif kind >= 6 and self.persons:
            self.attach_case(a, org, b, c, flag, stray)
        elif kind == 5:
            self.register_person(org, a, stray)
        else:
            self.open_case(org, a, b, flag, stray)

    @precondition(lambda self: self.running() and self.cases)
    @rule(
        kind=st.integers(0, 6),
        org=st.sampled_from(ORGS),
        a=PICK,
        b=PICK,
        c=PICK,
        flag=st.booleans(),
        role=st.sampled_from(CASE_STAFF),
        stray=STRAY,
    )
    def staff(self, kind, org, a, b, c, flag, role, stray):
        """Assign staff to a case (5 in 7), give a role (1), withdraw one (1)."""
        if kind <= 4:
            self.assign(a, b, c, flag, stray)
        elif kind == 5:
            self.grant_role(org, a, role, stray)
        else:
            self.withdraw_role(a, stray)

    @precondition(lambda self: self.running() and self.cases)
    @rule(
        kind=st.integers(0, 3),
        a=PICK,
        b=PICK,
        categories=CATEGORY_SETS,
        everything=st.integers(0, 2),
        recipient=st.integers(0, 3),
        timing=st.sampled_from(["valid", "valid", "valid", "expired", "future"]),
        days=st.integers(0, 3),
        stray=STRAY,
    )
    def consent(self, kind, a, b, categories, everything, recipient, timing, days, stray):
        """Record a consent (3 in 4), withdraw one (1)."""
        if kind == 3 and self.consents:
            self.withdraw_consent(a, b, days, stray)
        else:
            self.give_consent(a, b, categories, everything, recipient, timing, days, stray)

    @precondition(lambda self: self.running() and self.cases)
    @rule(
        kind=st.integers(0, 9),
        a=PICK,
        b=PICK,
        c=PICK,
        categories=CATEGORY_SETS,
        within=st.integers(0, 3),
        stray=STRAY,
    )
    def referral(self, kind, a, b, c, categories, within, stray):
        """Send a referral (always when none is open, else 3 in 10), or answer an open one
        as its status allows: a sent one is accepted (4 in 7), declined (1), withdrawn (1);
        an accepted one completed (5 in 7) or withdrawn (2). 1 in 7 — and a stray draw, on
        any referral — tries a step its status does not allow."""
        open_ = sorted(
            k for k, r in self.model.referrals.items() if r.status in ("sent", "accepted")
        )
        if kind <= 2 or not open_:
            self.send_referral(a, b, c, categories, within, stray)
            return
        key = _pick(open_ if stray < 4 else sorted(self.model.referrals), a)
        status = self.model.referrals[key].status
        if kind == 9:  # the step the status does not allow (or, for a closed one, any)
            action = {"sent": "complete", "accepted": "accept"}.get(status, "accept")
        elif status == "accepted":
            action = "complete" if kind <= 7 else "withdraw"
        else:
            action = {3: "accept", 4: "accept", 5: "accept", 6: "accept", 7: "decline"}.get(
                kind, "withdraw"
            )
        if action == "accept":
            self.accept_referral(key, b, c, stray)
        elif action == "decline":
            self.decline_referral(key, b, stray)
        elif action == "withdraw":
            self.withdraw_referral(key, b, stray)
        else:
            self.complete_referral(key, b, stray)

    @precondition(lambda self: TRANSFERS and self.running() and self.cases)
    @rule(kind=st.integers(0, 3), a=PICK, b=PICK, c=PICK, flag=st.booleans(), stray=STRAY)
    def transfer(self, kind, a, b, c, flag, stray):
        """While a transfer awaits an answer: accept it (2 in 4), decline or withdraw it (1),
        or ask for another (1). Otherwise ask for one — of a case whose consents allow it; if
        there is none, record such a consent first (a stray draw asks anyway)."""
        waiting = any(t.status == "requested" for t in self.model.transfers.values())
        ready = any(
            self.model.consent_covers_transfer(key, org)
            for key, case in self.model.cases.items()
            for org in ORGS
            if org != case.org
        )
        if waiting and kind <= 1:
            self.accept_transfer(a, b, c, stray)
        elif waiting and kind == 2:
            self.end_transfer(a, b, flag, stray)
        elif ready or stray == 4:
            self.request_transfer(a, b, c, stray)
        else:
            recipient = 3 if flag else c % len(ORGS)  # 3: any organisation
            self.give_consent(a, b, CATEGORIES, 2, recipient, "valid", 1, stray)

    # Steps (each called by one of the rules above)

    def open_case(self, org, actor, lead, restricted, stray):
        """A new person and a case for them."""
        from qamqor.cases import services
        from qamqor.people.services import person_create

        staff = self.world.staff[org]
        actor = self.choose(staff, actor, stray)
        lead = _pick([None, *staff], lead)
        number = len(self.persons) + 1
        person_key, case_key = f"P{number}", self.new_key("C", self.cases)
        values = person_values(number)

        def perform():
            actor_user = self.user(actor)
            person = person_create(
                actor=actor_user,
                organisation=self.org(org),
                birth_year=1990,
                region=self.world.region,
                **values,
            ).person
            intake = services.intake_create(
                actor=actor_user,
                organisation=self.org(org),
                channel="walk_in",
                region=self.world.region,
            )
            group = self.world.restricted_group if restricted else self.world.plain_group
            return services.case_open(
                actor=actor_user,
                intake=intake,
                person=person,
                groups=[group],
                lead_worker=self.user(lead),
            )

        def apply(case):
            self.persons[person_key] = PersonRecord(
                case.person.pk,
                case.person.code,
                values["given_name"],
                values["phone"],
                values["address"],
            )
            self.cases[case_key] = CaseRecord(case.pk, case.code)
            self.model.persons[person_key] = Person(person_key, org)
            self.model.cases[case_key] = Case(
                case_key, org, person_key, self.model.default_lead(actor, org, lead), restricted
            )

        self.step(
            "open_case",
            f"{actor} opens {'restricted ' if restricted else ''}case {case_key} of {org} "
            f"(lead {lead or 'not named'}) for new person {person_key}",
            self.model.may_open(actor, org, lead),
            perform,
            apply,
            cases=[case_key] if self.model.may_open(actor, org, lead) else [],
        )

    def register_person(self, org, actor, stray):
        from qamqor.people.services import person_create

        actor = self.choose(self.world.staff[org], actor, stray)
        number = len(self.persons) + 1
        person_key = f"P{number}"
        values = person_values(number)

        def perform():
            return person_create(
                actor=self.user(actor),
                organisation=self.org(org),
                birth_year=1990,
                region=self.world.region,
                **values,
            ).person

        def apply(person):
            self.persons[person_key] = PersonRecord(
                person.pk, person.code, values["given_name"], values["phone"], values["address"]
            )
            self.model.persons[person_key] = Person(person_key, org)

        expected = self.model.case_staff(actor, org)
        self.step(
            "register_person",
            f"{actor} registers person {person_key} for {org} (no case)",
            expected,
            perform,
            apply,
            persons=[person_key] if expected else [],
        )

    def attach_case(self, person, org, actor, lead, restricted, stray):
        """Open a case for an existing person, through the API."""
        person = _pick(sorted(self.persons), person)
        if stray < 4:  # mostly an organisation the person belongs to (attach allowed there)
            own = {self.model.persons[person].registered_by}
            own |= {self.model.cases[c].org for c in self.model.cases_of(person)}
            org = _pick(sorted(own), ORGS.index(org))
        staff = self.world.staff[org]
        actor = self.choose(staff, actor, stray)
        lead = _pick([None, *staff], lead)
        case_key = self.new_key("C", self.cases)
        client = self.world.clients[actor]
        may_open = self.model.may_open(actor, org, lead)
        expected = may_open and self.model.may_attach(actor, person, org)

        def perform():
            intake = client.post(
                "/api/v1/intakes/",
                {"organisation": self.org(org).code, "channel": "walk_in", "region": REGION},
                format="json",
            )
            if intake.status_code != 201:
                self.expect_refusal("POST /api/v1/intakes/", intake)
                return False
            group = self.world.restricted_group if restricted else self.world.plain_group
            payload = {
                "intake": intake.json()["id"],
                "person": self.persons[person].code,
                "groups": [group.code],
            }
            if lead is not None:
                payload["lead_worker"] = self.world.users[lead].username
            response = client.post("/api/v1/cases/", payload, format="json")
            if response.status_code == 201:
                return response.json()
            self.expect_refusal("POST /api/v1/cases/", response)
            if may_open and response.status_code == 400:
                # The attach rule refuses at the person field.
                fields = response.json().get("fields", {})
                if "person" not in fields:
                    self.fail(f"POST /api/v1/cases/ refused without an error on person: {fields}")
            return False

        def apply(body):
            from qamqor.cases.models import Case as CaseRow

            row = CaseRow.objects.get(code=body["code"])
            self.cases[case_key] = CaseRecord(row.pk, row.code)
            self.model.cases[case_key] = Case(
                case_key, org, person, self.model.default_lead(actor, org, lead), restricted
            )

        self.step(
            "attach_case",
            f"{actor} opens {'restricted ' if restricted else ''}case {case_key} of {org} "
            f"(lead {lead or 'not named'}) for existing person {person} (API)",
            expected,
            perform,
            apply,
            cases=[case_key] if expected else [],
            persons=[person],
        )

    def expect_refusal(self, route: str, response) -> None:
        if response.status_code not in (400, 403, 404, 409):
            self.fail(f"{route} answered {response.status_code}: {response.content[:300]!r}")

    def assign(self, case, actor, user, lead, stray):
        from qamqor.cases import services
        from qamqor.cases.models import Case as CaseRow

        case = _pick(sorted(self.cases), case)
        org = self.model.cases[case].org
        actor = self.choose(self.holders(org, "supervisor"), actor, stray)
        user = self.choose(self.world.staff[org], user, stray)

        def perform():
            row = CaseRow.objects.get(pk=self.cases[case].pk)
            return services.case_assign(
                actor=self.user(actor), case=row, user=self.user(user), lead=lead
            )

        def apply(_):
            if lead:
                self.model.cases[case].lead = user
            else:
                self.model.cases[case].assigned.add(user)

        self.step(
            "assign",
            f"{actor} makes {user} {'lead worker' if lead else 'assigned'} on {case}",
            self.model.may_assign(actor, case, user),
            perform,
            apply,
            cases=[case],
        )

    def give_consent(self, case, actor, categories, everything, recipient, timing, days, stray):
        from qamqor.cases import services
        from qamqor.cases.models import Case as CaseRow

        case = _pick(sorted(self.cases), case)
        editors = [u for u in self.world.users if self.model.may_edit_case(u, case)]
        actor = self.choose(editors, actor, stray)
        categories = CATEGORIES if everything == 2 else categories or frozenset({"identity"})
        recipient = None if recipient == 3 else ORGS[recipient]
        today = self.today
        given_on, valid_until = {
            "valid": (today - dt.timedelta(days=days), today + dt.timedelta(days=30 * days)),
            "expired": (today - dt.timedelta(days=400), today - dt.timedelta(days=1 + days)),
            "future": (today + dt.timedelta(days=1 + days), today + dt.timedelta(days=100)),
        }[timing]
        key = self.new_key("K", self.consents)

        def perform():
            row = CaseRow.objects.get(pk=self.cases[case].pk)
            return services.consent_record(
                actor=self.user(actor),
                case=row,
                categories=sorted(categories),
                given_on=given_on,
                valid_until=valid_until,
                recipient=self.org(recipient) if recipient else None,
            )

        def apply(consent):
            self.consents[key] = consent.pk
            self.model.consents[key] = Consent(
                key, case, frozenset(categories), recipient, given_on, valid_until
            )

        self.step(
            "give_consent",
            f"{actor} records consent {key} on {case}: {sorted(categories)} with "
            f"{recipient or 'any organisation'}, {timing} ({given_on} to {valid_until})",
            self.model.may_give_consent(actor, case, given_on),
            perform,
            apply,
            cases=[case],
        )

    def withdraw_consent(self, consent, actor, later, stray):
        from qamqor.cases import services
        from qamqor.cases.models import Consent as ConsentRow

        key = _pick(sorted(self.consents), consent)
        case = self.model.consents[key].case
        editors = [u for u in self.world.users if self.model.may_edit_case(u, case)]
        actor = self.choose(editors, actor, stray)
        on = None if later < 3 else self.today + dt.timedelta(days=5)

        def perform():
            row = ConsentRow.objects.get(pk=self.consents[key])
            return services.consent_withdraw(actor=self.user(actor), consent=row, on=on)

        def apply(_):
            self.model.consents[key].withdrawn_on = on or self.today

        self.step(
            "withdraw_consent",
            f"{actor} withdraws consent {key} of {case} ({on or 'today'})",
            self.model.may_withdraw_consent(actor, key),
            perform,
            apply,
            cases=[case],
        )

    def send_referral(self, case, actor, to, categories, within, stray):
        from qamqor.cases.models import Case as CaseRow
        from qamqor.cases.referrals import referral_send

        case = _pick(sorted(self.cases), case)
        org = self.model.cases[case].org
        editors = [u for u in self.world.users if self.model.may_edit_case(u, case)]
        actor = self.choose(editors, actor, stray)
        to_org = _pick([o for o in ORGS if o != org] if stray < 4 else list(ORGS), to)
        if within < 3:  # mostly what the consents allow, so that referrals get through
            categories = categories & self.model.consent_allowed(case, to_org)
        key = self.new_key("R", self.referrals)

        def perform():
            row = CaseRow.objects.get(pk=self.cases[case].pk)
            return referral_send(
                actor=self.user(actor),
                case=row,
                to_organisation=self.org(to_org),
                reason="generated",
                shared=sorted(categories),
            )

        def apply(referral):
            self.referrals[key] = referral.pk
            self.model.referrals[key] = Referral(key, case, org, to_org, frozenset(categories))

        self.step(
            "send_referral",
            f"{actor} refers {case} to {to_org} as {key}, sharing {sorted(categories)}",
            self.model.may_send(actor, case, to_org, frozenset(categories)),
            perform,
            apply,
            cases=[case],
        )

    def _referral_row(self, key: str):
        from qamqor.cases.models import Referral as ReferralRow

        return ReferralRow.objects.get(pk=self.referrals[key])

    def accept_referral(self, key, actor, assignee, stray):
        from qamqor.cases.referrals import referral_accept

        to_org = self.model.referrals[key].to_org
        actor = self.choose(self.holders(to_org, *RESPONDERS), actor, stray)
        assignee = _pick([None, *self.world.staff[to_org]], assignee)

        def perform():
            return referral_accept(
                actor=self.user(actor),
                referral=self._referral_row(key),
                assigned_to=self.user(assignee),
            )

        def apply(_):
            self.model.referrals[key].status = "accepted"
            self.model.referrals[key].assigned_to = assignee or actor

        self.step(
            "accept_referral",
            f"{actor} accepts {key} ({self.model.referrals[key].case} → {to_org}), "
            f"assigned to {assignee or 'themselves'}",
            self.model.may_accept(actor, key, assignee),
            perform,
            apply,
            cases=[self.model.referrals[key].case],
        )

    def decline_referral(self, key, actor, stray):
        from qamqor.cases.referrals import referral_decline

        to_org = self.model.referrals[key].to_org
        actor = self.choose(self.holders(to_org, *RESPONDERS), actor, stray)

        def perform():
            return referral_decline(
                actor=self.user(actor), referral=self._referral_row(key), reason="generated"
            )

        def apply(_):
            self.model.referrals[key].status = "declined"

        self.step(
            "decline_referral",
            f"{actor} declines {key} ({self.model.referrals[key].case} → {to_org})",
            self.model.may_decline(actor, key),
            perform,
            apply,
            cases=[self.model.referrals[key].case],
        )

    def withdraw_referral(self, key, actor, stray):
        from qamqor.cases.referrals import referral_withdraw

        case = self.model.referrals[key].case
        editors = [u for u in self.world.users if self.model.may_edit_case(u, case)]
        actor = self.choose(editors, actor, stray)

        def perform():
            return referral_withdraw(actor=self.user(actor), referral=self._referral_row(key))

        def apply(_):
            self.model.referrals[key].status = "withdrawn"

        self.step(
            "withdraw_referral",
            f"{actor} withdraws {key} ({case} → {self.model.referrals[key].to_org})",
            self.model.may_withdraw_referral(actor, key),
            perform,
            apply,
            cases=[case],
        )

    def complete_referral(self, key, actor, stray):
        from qamqor.cases.referrals import referral_complete

        to_org = self.model.referrals[key].to_org
        actor = self.choose(self.holders(to_org, *RESPONDERS), actor, stray)

        def perform():
            return referral_complete(actor=self.user(actor), referral=self._referral_row(key))

        def apply(_):
            self.model.referrals[key].status = "completed"

        self.step(
            "complete_referral",
            f"{actor} completes {key} ({self.model.referrals[key].case} → {to_org})",
            self.model.may_complete(actor, key),
            perform,
            apply,
            cases=[self.model.referrals[key].case],
        )

    def request_transfer(self, case, actor, to, stray):
        from qamqor.cases import transfers
        from qamqor.cases.models import Case as CaseRow

        ready = [  # cases whose consents allow a transfer somewhere
            key
            for key, model in self.model.cases.items()
            if any(self.model.consent_covers_transfer(key, o) for o in ORGS if o != model.org)
        ]
        case = _pick(ready if ready and stray < 4 else sorted(self.cases), case)
        org = self.model.cases[case].org
        actor = self.choose(self.holders(org, "supervisor"), actor, stray)
        others = [o for o in ORGS if o != org]
        covered = [o for o in others if self.model.consent_covers_transfer(case, o)]
        to_org = _pick(covered if covered and stray < 4 else others, to)
        key = self.new_key("T", self.transfers)

        def perform():
            row = CaseRow.objects.get(pk=self.cases[case].pk)
            return transfers.transfer_request(
                actor=self.user(actor),
                case=row,
                to_organisation=self.org(to_org),
                reason="generated",
            )

        def apply(transfer):
            self.transfers[key] = transfer
            self.model.transfers[key] = Transfer(key, case, org, to_org)

        self.step(
            "request_transfer",
            f"{actor} asks to transfer {case} from {org} to {to_org} ({key})",
            self.model.may_request_transfer(actor, case, to_org),
            perform,
            apply,
            cases=[case],
        )

    def _transfer(self, pick: int, stray: int) -> str:
        keys = sorted(k for k, t in self.model.transfers.items() if t.status == "requested")
        return _pick(keys if keys and stray < 4 else sorted(self.model.transfers), pick)

    def _transfer_row(self, key: str):
        stored = self.transfers[key]
        return type(stored).objects.get(pk=stored.pk)

    def accept_transfer(self, transfer, actor, lead, stray):
        from qamqor.cases import transfers

        key = self._transfer(transfer, stray)
        to_org = self.model.transfers[key].to_org
        actor = self.choose(self.holders(to_org, "supervisor"), actor, stray)
        lead = _pick([None, *self.world.staff[to_org]], lead)
        case = self.model.transfers[key].case

        def perform():
            return transfers.transfer_accept(
                actor=self.user(actor),
                transfer=self._transfer_row(key),
                lead_worker=self.user(lead),
            )

        self.step(
            "accept_transfer",
            f"{actor} accepts transfer {key} of {case} to {to_org} "
            f"(lead {lead or 'the accepting supervisor'})",
            self.model.may_accept_transfer(actor, key, lead),
            perform,
            lambda _: self.model.transfer_accepted(key, actor, lead),
            cases=[case],
        )

    def end_transfer(self, transfer, actor, withdraw, stray):
        """The receiver declines, or the sender withdraws, a transfer request."""
        from qamqor.cases import transfers

        key = self._transfer(transfer, stray)
        model = self.model.transfers[key]
        side = model.from_org if withdraw else model.to_org
        actor = self.choose(self.holders(side, "supervisor"), actor, stray)

        def perform():
            row = self._transfer_row(key)
            if withdraw:
                return transfers.transfer_withdraw(actor=self.user(actor), transfer=row)
            return transfers.transfer_decline(
                actor=self.user(actor), transfer=row, reason="generated"
            )

        def apply(_):
            model.status = "withdrawn" if withdraw else "declined"

        expected = (
            self.model.may_withdraw_transfer(actor, key)
            if withdraw
            else self.model.may_decline_transfer(actor, key)
        )
        self.step(
            "withdraw_transfer" if withdraw else "decline_transfer",
            f"{actor} {'withdraws' if withdraw else 'declines'} transfer {key} of {model.case}",
            expected,
            perform,
            apply,
            cases=[model.case],
        )

    def link_family(self, person, relative, actor, stray):
        from qamqor.people.models import Person as PersonRow
        from qamqor.people.services import family_link_add

        keys = sorted(self.persons)
        person = _pick(keys, person)
        relative = _pick([k for k in keys if k != person], relative)
        editors = [
            u
            for u in self.world.users
            if self.model.may_edit_person(u, person) and self.model.may_edit_person(u, relative)
        ]
        actor = self.choose(editors, actor, stray)

        def perform():
            return family_link_add(
                actor=self.user(actor),
                person=PersonRow.objects.get(pk=self.persons[person].pk),
                relative=PersonRow.objects.get(pk=self.persons[relative].pk),
                relation="sibling",
            )

        self.step(
            "link_family",
            f"{actor} records {relative} as a relative of {person}",
            self.model.may_link(actor, person, relative),
            perform,
            lambda _: self.model.links.add((person, relative)),
            persons=[person, relative],
        )

    def grant_role(self, org, user, role, stray):
        from qamqor.accounts.services import membership_grant

        manager = self.world.managers[org]
        others = [u for u in self.world.users if u != manager and u not in self.world.staff[org]]
        actor = manager if stray < 4 else _pick(others, user)
        user = self.choose(self.world.staff[org], user, stray)

        def perform():
            return membership_grant(
                actor=self.user(actor),
                user=self.user(user),
                organisation=self.org(org),
                role=role,
            )

        def apply(_):
            self.model.roles.add((user, org, role))
            self.model.staff_ever.add((user, org))

        self.role_step(
            "grant_role",
            f"{actor} gives {user} the role {role} in {org}",
            self.model.may_change_role(actor, user, org),
            perform,
            apply,
            user,
        )

    def withdraw_role(self, membership, stray):
        from qamqor.accounts.models import Membership
        from qamqor.accounts.services import membership_withdraw

        active = sorted(m for m in self.model.roles if m[2] in CASE_STAFF)
        user, org, role = _pick(active, membership)
        manager = self.world.managers[org]
        actor = (
            manager
            if stray < 4
            else _pick([u for u in self.world.users if u != manager], membership)
        )

        def perform():
            row = Membership.objects.get(
                user=self.world.users[user], organisation=self.org(org), role=role
            )
            return membership_withdraw(actor=self.user(actor), membership=row)

        self.role_step(
            "withdraw_role",
            f"{actor} withdraws the role {role} in {org} from {user}",
            self.model.may_change_role(actor, user, org),
            perform,
            lambda _: self.model.roles.discard((user, org, role)),
            user,
        )

    def role_step(self, name, text, expected, perform, apply, user):
        """A role change touches no record: the user whose roles changed is checked on every
        route (besides the user drawn at random)."""
        self.step(name, text, expected, perform, apply)
        if not self.in_step:
            self.in_step = True
            try:
                self.checker.refresh_users()
                self.checker.every_route(user)
            except Difference as difference:
                self.fail(f"after step {len(self.log)}: {difference}")
            self.in_step = False

    def teardown(self):
        try:
            if not self.in_step and self.log:
                try:
                    self.checker.refresh_users()
                    for user in self.world.users:
                        self.checker.every_route(user)
                except Difference as difference:
                    self.fail(f"at the end of the sequence: {difference}")
                STATS["sequences"] += 1
        finally:
            STATS["checks"] += self.checker.checks
            for label, value in self.checker.timings.items():
                TIMINGS[label] += value
            transaction.savepoint_rollback(self.savepoint)


STATS: Counter = Counter()
TIMINGS: Counter = Counter()  # seconds (and counts, "… #") spent per route


@pytest.mark.parametrize("chunk", range(len(_chunks())))
def test_generated_sequences(world, chunk, record_property):
    """Random sequences of steps; what every user sees always matches the model."""
    wanted = _chunks()[chunk]
    STATS.clear()
    TIMINGS.clear()
    STATS["seed"] = _seed()
    machine = type(f"AccessMachine{chunk}", (AccessMachine,), {"world": world})
    phases = [Phase.generate, Phase.shrink] if SHRINK else [Phase.generate]
    started, cpu = time.perf_counter(), time.process_time()
    try:
        for attempt in range(5):  # until the sequences played (not empty) reach the number
            missing = wanted - STATS["sequences"]
            if missing <= 0:
                break
            run_state_machine_as_test(
                seed(_seed() * 1000 + chunk * 10 + attempt)(machine),
                settings=settings(
                    max_examples=missing + attempt,
                    stateful_step_count=MAX_STEPS + 1,
                    deadline=None,
                    database=None,
                    phases=phases,
                    suppress_health_check=list(HealthCheck),
                    report_multiple_bugs=False,
                ),
            )
        assert STATS["sequences"] >= wanted
    finally:
        stats = dict(STATS)
        stats["engine"] = connection.vendor
        stats["transfers"] = TRANSFERS
        stats["seconds"] = round(time.perf_counter() - started, 1)
        stats["cpu_seconds"] = round(time.process_time() - cpu, 1)  # this process only
        stats["timings"] = {label: round(value, 3) for label, value in TIMINGS.items()}
        record_property("generated_access", json.dumps(stats, sort_keys=True))
