"""What the application shows each user, compared with the model (model.py).

Each check asks the application one thing — the projection (`case_view`, `person_view`), an
API response, a page — and compares it with the model's expectation; the first difference
raises `Difference` naming the user, the route, what was expected and what came back.
Besides what each route must show, every response is searched for the markers of every
person of the sequence (name, phone, address): a marker of someone the user may not see, or
of contacts the user may not see, is a difference wherever it appears.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass

from tests.access.model import CONTACT_FIELDS, PERSON_FIELDS, Model
from tests.access.world import World

SEARCH_NAME = "Gen"  # every generated person's given name starts so; names are letters only

SUB_RESOURCES = ("deliveries", "stays", "referrals", "consents", "timeline")


class Difference(AssertionError):
    pass


@dataclass
class CaseRecord:
    pk: int
    code: str


@dataclass
class PersonRecord:
    pk: int
    code: str
    name: str  # given name, unique (the search key)
    phone: str
    address: str


def _syllables(number: int) -> str:
    """A number as letters that the name search keeps as they are (no digits, no doubled
    letters, no digraphs): fixed width, so no name is a prefix of another."""
    consonants, vowels = "bdfgkmprst", "aeo"
    digits = f"{number:03d}"
    return "".join(consonants[int(d)] + vowels[i] for i, d in enumerate(digits))


def person_values(number: int) -> dict[str, str]:
    letters = _syllables(number)
    return {
        "given_name": f"Gen{letters}",
        "family_name": f"Kin{letters}",
        "phone": f"+7700555{number:04d}",
        "address": f"Addr{letters} street",
    }


def _code_in(code: str, text: str) -> bool:
    return re.search(rf"(?<![0-9A-Za-z]){re.escape(code)}(?![0-9A-Za-z])", text) is not None


def _person_fields(body) -> list[str]:
    if not isinstance(body, dict):
        return []
    return sorted(set(body) & PERSON_FIELDS)


class Checker:
    def __init__(self, world: World, model: Model, cases: dict, persons: dict):
        self.world = world
        self.model = model
        self.cases: dict[str, CaseRecord] = cases
        self.persons: dict[str, PersonRecord] = persons
        self.checks = 0
        self.timings: Counter = Counter()
        self._users = {}
        self._case_views: dict = {}
        self._person_views: dict = {}

    # Plumbing

    def case_view(self, user: str, key: str):
        """The model's expectation (remembered until the next step)."""
        if (user, key) not in self._case_views:
            self._case_views[user, key] = self.model.case_view(user, key)
        return self._case_views[user, key]

    def person_view(self, user: str, key: str):
        if (user, key) not in self._person_views:
            self._person_views[user, key] = self.model.person_view(user, key)
        return self._person_views[user, key]

    def refresh_users(self) -> None:
        """Fresh user objects (the application caches a user's roles on the object), and
        expectations computed afresh: called after every step."""
        from qamqor.accounts.models import User

        self._case_views, self._person_views = {}, {}
        by_pk = User.objects.in_bulk([user.pk for user in self.world.users.values()])
        self._users = {key: by_pk[user.pk] for key, user in self.world.users.items()}

    def expect(self, user: str, route: str, expected, got) -> None:
        self.checks += 1
        if expected != got:
            raise Difference(
                f"user {self.world.describe(user)}, {route}: expected {expected!r}, got {got!r}"
            )

    def _timed(self, label: str, started: float) -> None:
        self.timings[label] += time.perf_counter() - started
        self.timings[f"{label} #"] += 1

    def _get(self, user: str, url: str):
        started = time.perf_counter()
        response = self.world.clients[user].get(url)
        path = re.sub(r"/(cases|persons)/[^/]+/", r"/\1/{code}/", url.split("?")[0])
        self._timed(f"GET {path}", started)
        return response

    def _post(self, user: str, url: str, data: dict, *, api: bool):
        client = self.world.clients[user]
        started = time.perf_counter()
        response = client.post(url, data, format="json") if api else client.post(url, data)
        self._timed("POST " + url.split("?")[0], started)
        return response

    def _markers(self, user: str, route: str, response) -> str:
        """The body, after checking it shows no marker of anyone (or any contacts) hidden
        from the user."""
        text = response.content.decode("utf-8", "replace")
        shown = []
        for key, person in self.persons.items():
            view = self.person_view(user, key)
            fields = view.fields if view is not None else frozenset()
            if person.name in text and "given_name" not in fields:
                shown.append(f"{key} name")
            if (person.phone in text or person.address in text) and not (fields >= CONTACT_FIELDS):
                shown.append(f"{key} contacts")
        self.expect(user, f"{route} (markers of hidden persons)", [], shown)
        return text

    # The projection

    def case_projection(self, user: str, key: str) -> None:
        from qamqor.cases.access import case_view
        from qamqor.cases.models import Case

        view = self.case_view(user, key)
        expected = None if view is None else ("full",) if view.full else sorted(view.shared)
        started = time.perf_counter()
        found = case_view(self._users[user], Case.objects.get(pk=self.cases[key].pk))
        self._timed("case_view", started)
        got = None if found is None else ("full",) if found.full else sorted(found.shared)
        self.expect(user, f"case_view({key})", expected, got)

    def person_projection(self, user: str, key: str) -> None:
        from qamqor.people.access import person_view
        from qamqor.people.models import Person

        view = self.person_view(user, key)
        expected = None if view is None else (view.full, sorted(view.fields))
        started = time.perf_counter()
        found = person_view(self._users[user], Person.objects.get(pk=self.persons[key].pk))
        self._timed("person_view", started)
        got = None if found is None else (found.full, sorted(set(found.fields) & PERSON_FIELDS))
        self.expect(user, f"person_view({key})", expected, got)

    # Details

    def api_case(self, user: str, key: str) -> None:
        route = f"GET /api/v1/cases/{key}/"
        view = self.case_view(user, key)
        response = self._get(user, f"/api/v1/cases/{self.cases[key].code}/")
        if view is None or response.status_code != 200:
            self.expect(user, route, 404 if view is None else 200, response.status_code)
            return
        self._markers(user, route, response)
        body = response.json()
        person_fields = sorted(PERSON_FIELDS)
        if view.full:
            self.expect(user, route, (200, person_fields), (200, _person_fields(body["person"])))
            return
        fields = self.model.person_fields_through(view)
        expected = (200, sorted(view.shared), sorted(fields))
        got = (200, sorted(body.get("shared", ["<absent>"])), _person_fields(body.get("person")))
        self.expect(user, f"{route} (shared, person fields)", expected, got)

    def api_person(self, user: str, key: str) -> None:
        route = f"GET /api/v1/persons/{key}/"
        view = self.person_view(user, key)
        response = self._get(user, f"/api/v1/persons/{self.persons[key].code}/")
        if view is None or response.status_code != 200:
            self.expect(user, route, 404 if view is None else 200, response.status_code)
            return
        self._markers(user, route, response)
        self.expect(user, route, sorted(view.fields), _person_fields(response.json()))

    def web_case(self, user: str, key: str) -> None:
        route = f"GET /cases/{key}/"
        view = self.case_view(user, key)
        response = self._get(user, f"/cases/{self.cases[key].code}/")
        if view is None or response.status_code != 200:
            self.expect(user, route, 404 if view is None else 200, response.status_code)
            return
        text = self._markers(user, route, response)
        person = self.persons[self.model.cases[key].person]
        fields = PERSON_FIELDS if view.full else self.model.person_fields_through(view)
        expected = {"name": "given_name" in fields}
        got = {"name": person.name in text}
        if not view.full:  # the full page does not show contacts; a referred one may
            expected["phone"] = "phone" in fields
            got["phone"] = person.phone in text
        self.expect(user, f"{route} (person shown)", expected, got)

    def web_person(self, user: str, key: str) -> None:
        route = f"GET /persons/{key}/"
        view = self.person_view(user, key)
        response = self._get(user, f"/persons/{self.persons[key].code}/")
        if view is None or response.status_code != 200:
            self.expect(user, route, 404 if view is None else 200, response.status_code)
            return
        text = self._markers(user, route, response)
        person = self.persons[key]
        contacts = view.fields >= CONTACT_FIELDS
        expected = {"name": True, "phone": contacts, "address": contacts}
        got = {
            "name": person.name in text,
            "phone": person.phone in text,
            "address": person.address in text,
        }
        self.expect(user, f"{route} (fields shown)", expected, got)
        relatives = {
            other
            for other, record in self.persons.items()
            if other != key and _code_in(record.code, text)
        }
        self.expect(
            user,
            f"{route} (relatives listed)",
            sorted(self.model.relatives_shown(user, key)),
            sorted(relatives),
        )

    def sub_resources(self, user: str, key: str) -> None:
        view = self.case_view(user, key)
        code = self.cases[key].code
        for name in SUB_RESOURCES:
            if view is None:
                expected = 404
            elif view.full:
                expected = 200
            else:
                allowed = {
                    "deliveries": "services" in view.shared,
                    "stays": "shelter" in view.shared,
                    "referrals": True,
                    "consents": False,
                    "timeline": False,
                }
                expected = 200 if allowed[name] else 403
            route = f"GET /api/v1/cases/{key}/{name}/"
            response = self._get(user, f"/api/v1/cases/{code}/{name}/")
            self.expect(user, route, expected, response.status_code)
            if response.status_code == 200:
                self._markers(user, route, response)

    # Lists and searches

    def _listed(self, user: str, route: str, response, expected_codes) -> None:
        """A list: 200 with exactly the expected records (a user with no front-line role
        anywhere may instead be refused with 403)."""
        if response.status_code == 403 and not self.model.front_line(user):
            self.expect(user, route, sorted(expected_codes), [])
            return
        self.expect(user, f"{route} (status)", 200, response.status_code)
        self._markers(user, route, response)

    def case_lists(self, user: str) -> None:
        expected = sorted(
            key for key in self.model.cases if (v := self.case_view(user, key)) and v.full
        )
        for route, url, api in (
            ("GET /cases/", "/cases/", False),
            ("GET /api/v1/cases/", "/api/v1/cases/?page_size=200", True),
        ):
            response = self._get(user, url)
            self._listed(user, route, response, expected)
            if response.status_code != 200:
                continue
            if api:
                codes = {row["code"] for row in response.json()["results"]}
                listed = sorted(key for key, case in self.cases.items() if case.code in codes)
            else:
                text = response.content.decode()
                listed = sorted(
                    key for key, case in self.cases.items() if _code_in(case.code, text)
                )
            self.expect(user, f"{route} (cases listed)", expected, listed)

    def person_lists(self, user: str) -> None:
        expected = {}
        for key in self.model.persons:
            view = self.person_view(user, key)
            if view is not None:
                expected[key] = sorted(view.fields)
        by_code = {person.code: key for key, person in self.persons.items()}
        for route, response in (
            ("GET /api/v1/persons/", self._get(user, "/api/v1/persons/?page_size=200")),
            (
                f"POST /api/v1/persons/search/ name={SEARCH_NAME}",
                self._post(
                    user,
                    "/api/v1/persons/search/?page_size=200",
                    {"name": SEARCH_NAME},
                    api=True,
                ),
            ),
        ):
            self._listed(user, route, response, expected)
            if response.status_code != 200:
                continue
            got = {
                by_code[row["code"]]: _person_fields(row)
                for row in response.json()["results"]
                if row.get("code") in by_code
            }
            self.expect(user, f"{route} (persons and fields)", expected, got)
        route = f"POST /persons/search/ name={SEARCH_NAME}"
        response = self._post(user, "/persons/search/", {"name": SEARCH_NAME}, api=False)
        self._listed(user, route, response, expected)
        if response.status_code == 200:
            text = response.content.decode()
            shown = sorted(key for key, p in self.persons.items() if _code_in(p.code, text))
            self.expect(user, f"{route} (persons shown)", sorted(expected), shown)

    # Groups of checks

    def touched(self, cases, persons) -> None:
        """Every user, through the projection and the API detail, for the records a step
        touched."""
        for user in self.world.users:
            for key in cases:
                self.case_projection(user, key)
                self.api_case(user, key)
            for key in persons:
                self.person_projection(user, key)
                self.api_person(user, key)

    def every_route(self, user: str) -> None:
        for key in self.model.cases:
            self.case_projection(user, key)
            self.api_case(user, key)
            self.web_case(user, key)
            self.sub_resources(user, key)
        for key in self.model.persons:
            self.person_projection(user, key)
            self.api_person(user, key)
            self.web_person(user, key)
        self.case_lists(user)
        self.person_lists(user)
