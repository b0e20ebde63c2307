"""What every case service shares: the access check, the lock, the timeline, the status
flow and need to know."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import User
from qamqor.cases.models import (
    Case,
    CaseEvent,
)
from qamqor.core import access
from qamqor.core.access import Action, Role
from qamqor.core.errors import InvalidTransitionError
from qamqor.people.models import Person
from qamqor.people.services import age_on

S = Case.Status
ADULT_AGE = 18
DEFAULT_FOLLOWUP_DAYS = 90
CASE_STAFF_ROLES = {Role.CASEWORKER, Role.SUPERVISOR, Role.OPERATOR}


def require(actor: User, action: Action, obj: Any) -> None:
    if not access.can(actor, action, obj):
        raise PermissionDenied


def lock(case: Case) -> Case:
    """The case row, locked until the transaction ends (PostgreSQL; SQLite's immediate
    transactions already admit one writer at a time)."""
    return Case.objects.select_for_update().get(pk=case.pk)


def event(case: Case, kind: str, actor: User, detail: str = "") -> CaseEvent:
    return CaseEvent.objects.create(case=case, kind=kind, actor=actor, detail=detail[:255])


def move(case: Case, status: str, actor: User) -> None:
    """Change the status, or refuse a move the flow does not have."""
    if not case.may_move_to(status):
        raise InvalidTransitionError(
            _("A case in “%(current)s” cannot move to “%(next)s”.")
            % {"current": case.get_status_display(), "next": S(status).label}
        )
    previous = case.status
    changed(case, status=status, closed_at=case.closed_at)
    event(case, CaseEvent.Kind.STATUS, actor, f"{previous}:{status}")


def changed(case: Case, **values: Any) -> None:
    """Change what the case's forms show, with a new version, so that a form read before the
    change is refused instead of undoing it. The change is made on the row as it is now
    (locked): `case` may have been read before another service changed it, and is brought up
    to date."""
    fresh = lock(case)
    for name, value in values.items():
        setattr(fresh, name, value)
    fresh.version += 1
    fresh.save(update_fields=[*values, "version", "updated_at"])
    for field in Case._meta.concrete_fields:
        setattr(case, field.attname, getattr(fresh, field.attname))


def restrict(case: Case) -> None:
    """Put the case under need to know (a restricted group granted, a protection record);
    only a supervisor lifts it."""
    if not case.restricted:
        changed(case, restricted=True)


def must_be_open(case: Case) -> None:
    """The one guard of every change to a case: a closed case is reopened first."""
    if case.status == S.CLOSED:
        raise InvalidTransitionError(_("The case is closed; reopen it first."))


def _is_child(person: Person) -> bool:
    age = age_on(person, timezone.localdate())
    return age is not None and age < ADULT_AGE


def restrict_cases_of_a_child(sender: object, *, person: Person, **kwargs: Any) -> None:
    """A person whose facts now make them a child: their cases come under need to know
    (people.signals.facts_changed, connected in CasesConfig.ready())."""
    if _is_child(person):
        for case in Case.objects.filter(person=person, restricted=False):
            restrict(case)
