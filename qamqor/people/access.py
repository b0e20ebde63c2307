"""The one way in to a person: every page, API endpoint and export that shows or changes a
person finds them here.

A person exists for a user in full (through a case they see in full, or while the person has
no case, through the organisation that registered them) or through a referral that shares
identity with the user's organisation under a consent valid today. Both are the cases app's
rules (cases/rules.py: PersonRule), which it registers here as the person reach.
What a referral shares is a *projection*, applied here and only here: seen through a referral,
a person's contacts are shown only when that referral shares contacts too. Every
representation (API serializers, pages, search results, lists) renders the projected person,
whose hidden fields are blank and listed in `hidden_fields`; the serializer and the templates
leave them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.http import Http404, HttpRequest

from qamqor.audit import log
from qamqor.core import access
from qamqor.core.access import Action
from qamqor.core.registries import Registry
from qamqor.people.models import FACT_FIELDS, Person

CONTACT_FIELDS = ("phone", "address")


class PersonViews(Protocol):
    """The persons a user may view, as filters on persons: `full`, `referred` (through a
    referral sharing identity) and `contacts` (also contacts)."""

    full: Q
    referred: Q
    contacts: Q


class PersonReach(Protocol):
    """How persons are reached through their cases (the cases app registers it)."""

    def views(self, user) -> PersonViews: ...

    def shared_categories(self, user, cases) -> dict[int, set[str]]: ...


_reach: Registry[PersonReach] = Registry("person reach")


def register_person_reach(reach: PersonReach) -> None:
    """Called once, by the cases app (CasesConfig.ready())."""
    _reach.register("person", reach)


def check_person_reach(app_configs, **kwargs):
    """System check: some app (cases) told how persons are reached."""
    if "person" in _reach:
        return []
    return [Error("No app registered how persons are reached.", id="qamqor.E002")]


def person_reach() -> PersonReach:
    reach = _reach.get("person")
    if reach is None:
        raise ImproperlyConfigured("No app registered how persons are reached (cases).")
    return reach


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def visible_persons(user) -> QuerySet[Person]:
    """Active persons the user may see, each annotated with how: `seen_in_full`, and (through
    a referral) `contacts_shared`. `project` turns that into what is shown."""
    views = person_reach().views(user)
    persons = Person.objects.filter(views.full | views.referred, is_active=True)  # = scope()
    return persons.annotate(seen_in_full=_flag(views.full), contacts_shared=_flag(views.contacts))


def project(person: Person) -> Person:
    """The person as the user may see them (`person` comes from `visible_persons`): hidden
    fields blanked and named in `hidden_fields`. Such an object cannot be saved."""
    hidden = frozenset()
    if not (person.seen_in_full or person.contacts_shared):
        hidden = frozenset(CONTACT_FIELDS)
    for name in hidden:
        setattr(person, name, "")
    person.hidden_fields = hidden
    return person


def project_in_full(person: Person) -> Person:
    """A person the user sees in full because they see the person's case in full."""
    person.seen_in_full, person.contacts_shared = True, False
    return project(person)


@dataclass(frozen=True)
class PersonView:
    person: Person
    full: bool

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(FACT_FIELDS) - self.person.hidden_fields


def _find(user, persons: QuerySet[Person]) -> Person | None:
    """The one person of `persons` (a lookup by key), projected, if they exist for the user.
    Seen in full is asked first, on its own: most lookups are by staff who see the person in
    full, and the referral conditions are then never built."""
    views = person_reach().views(user)
    persons = persons.filter(is_active=True)
    found = persons.filter(views.full).first()
    if found is not None:
        found.seen_in_full, found.contacts_shared = True, False
        return project(found)
    found = persons.first()
    if found is None:
        return None
    # Through a referral: the same projection as the case's (cases.rules.shared_categories),
    # over the person's cases, in two small queries.
    shares = person_reach().shared_categories(user, found.cases.values("pk")).values()
    if not any("identity" in shared for shared in shares):
        return None
    found.seen_in_full = False
    found.contacts_shared = any({"identity", "contacts"} <= shared for shared in shares)
    return project(found)


def person_view(user, person: Person) -> PersonView | None:
    """How `user` may see `person` (None: the person does not exist for them)."""
    found = _find(user, Person.objects.filter(pk=person.pk))
    return PersonView(found, full=found.seen_in_full) if found is not None else None


def find_person(user, code: str) -> Person | None:
    """The projected person with this code, if they exist for the user; logs nothing."""
    persons = Person.objects.filter(code=code.strip().upper())
    return _find(user, persons.select_related("region", "registered_by"))


def access_person(request: HttpRequest, code: str, action: Action | None = None) -> Person:
    """The person with this code, as the user may see them — 404 when they do not exist for
    the user, 403 when they exist but `action` is not the user's to take. A read (GET/HEAD)
    is written to the access log."""
    person = find_person(request.user, code)
    if person is None:
        raise Http404
    if action is not None and not access.can(request.user, action, person):
        raise PermissionDenied
    if request.method in ("GET", "HEAD"):
        log.record(request.user, log.Action.VIEW, person, request)
    return person


def may_attach(user, person: Person, organisation) -> bool:
    """May `user` open a case of `organisation` for this existing person? Only for a person
    the user sees in full who is already the organisation's own (registered there or with a
    case there): an organisation that knows a person only through a referral cannot take the
    person over by opening a case of its own — that is a transfer (cases.transfers)."""
    found = visible_persons(user).filter(pk=person.pk, seen_in_full=True).first()
    if found is None:
        return False
    if found.registered_by_id == organisation.pk:
        return True
    return found.cases.filter(organisation=organisation).exists()
