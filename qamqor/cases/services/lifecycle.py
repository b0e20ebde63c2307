"""Intake, opening, assignment and the case's own details."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import Organisation, User
from qamqor.accounts.notices import notify
from qamqor.cases.models import (
    RISK_RANK,
    Case,
    CaseAssignment,
    CaseEvent,
    Intake,
    RiskLevel,
)
from qamqor.cases.notices import CaseNotice
from qamqor.cases.services.common import (
    CASE_STAFF_ROLES,
    S,
    _is_child,
    changed,
    event,
    lock,
    move,
    require,
)
from qamqor.catalog.models import AtRiskGroup, Region
from qamqor.core import access
from qamqor.core.access import Action, Role
from qamqor.core.errors import ApplicationError, InvalidTransitionError, StaleVersionError
from qamqor.people.access import may_attach
from qamqor.people.models import Person

# Intake and opening


@transaction.atomic
def intake_create(
    *,
    actor: User,
    organisation: Organisation,
    channel: str,
    region: Region,
    received_at: dt.datetime | None = None,
    anonymous: bool = False,
    presenting_problem: str = "",
    immediate_risk: str = "none",
    person: Person | None = None,
) -> Intake:
    require(actor, Action.CREATE_CASE, organisation)
    intake = Intake(
        organisation=organisation,
        channel=channel,
        region=region,
        received_at=received_at or timezone.now(),
        anonymous=anonymous,
        presenting_problem=presenting_problem,
        immediate_risk=immediate_risk,
        person=person,
        recorded_by=actor,
    )
    intake.full_clean()
    intake.save()
    return intake


@transaction.atomic
def case_open(
    *,
    actor: User,
    intake: Intake,
    person: Person,
    groups: Iterable[AtRiskGroup] = (),
    lead_worker: User | None = None,
    summary: str = "",
) -> Case:
    """Open a case from an intake. Cases of restricted groups and of children are restricted."""
    require(actor, Action.CREATE_CASE, intake.organisation)
    if hasattr(intake, "case"):
        raise InvalidTransitionError(_("A case was already opened from this intake."))
    if not may_attach(actor, person, intake.organisation):
        # A person known only through a referral is not the organisation's to take over:
        # that is a transfer of the case.
        raise ValidationError(
            {
                "person": _(
                    "A case can be opened only for a person your organisation registered or "
                    "already serves; ask the organisation serving them for a transfer."
                )
            }
        )
    groups = list(groups)
    if lead_worker is None and access.roles(actor, intake.organisation_id) & {
        Role.CASEWORKER,
        Role.SUPERVISOR,
    }:
        lead_worker = actor
    if lead_worker is not None:
        check_staff(lead_worker, intake.organisation)
    if intake.person_id is None:
        intake.person = person
        intake.save(update_fields=["person", "updated_at"])
    case = Case.objects.create(
        person=person,
        organisation=intake.organisation,
        intake=intake,
        lead_worker=lead_worker,
        region=intake.region,
        restricted=any(group.restricted for group in groups) or _is_child(person),
        risk_rank=RISK_RANK[RiskLevel(intake.immediate_risk)],
        summary=summary,
        opened_at=intake.received_at,
    )
    case.groups.set(groups)
    event(case, CaseEvent.Kind.OPENED, actor, ",".join(group.code for group in groups))
    return case


@transaction.atomic
def case_open_from_intake(
    *,
    actor: User,
    organisation: Organisation,
    person: Person,
    channel: str,
    region: Region,
    received_at: dt.datetime | None = None,
    anonymous: bool = False,
    presenting_problem: str = "",
    immediate_risk: str = "none",
    groups: Iterable[AtRiskGroup] = (),
    lead_worker: User | None = None,
) -> Case:
    """The intake and the case opened from it, in one step: the new-case page, a hotline call
    or a screening opened as a case."""
    intake = intake_create(
        actor=actor,
        organisation=organisation,
        channel=channel,
        region=region,
        received_at=received_at,
        anonymous=anonymous,
        presenting_problem=presenting_problem,
        immediate_risk=immediate_risk,
        person=person,
    )
    return case_open(
        actor=actor, intake=intake, person=person, groups=groups, lead_worker=lead_worker
    )


def check_staff(user: User, organisation: Organisation) -> None:
    if not access.roles(user, organisation.pk) & CASE_STAFF_ROLES:
        raise ApplicationError(
            _("Only staff of the case's organisation can work on it."),
            code="not_staff",
            fields={"user": [{"code": "not_staff", "message": str(_("Not on the staff."))}]},
        )


@transaction.atomic
def case_assign(*, actor: User, case: Case, user: User, lead: bool = False) -> Case:
    """Assign staff to the case, or make them its lead worker."""
    require(actor, Action.ASSIGN_CASE, case)
    case = lock(case)
    check_staff(user, case.organisation)
    if lead:
        changed(case, lead_worker=user)
    else:
        assignment, created = CaseAssignment.objects.get_or_create(
            case=case, user=user, defaults={"assigned_by": actor}
        )
        if not created and not assignment.is_active:
            assignment.is_active = True
            assignment.save(update_fields=["is_active", "updated_at"])
    kind = CaseEvent.Kind.LEAD_CHANGED if lead else CaseEvent.Kind.ASSIGNED
    assigned = event(case, kind, actor, user.username)
    notify(
        kind=CaseNotice.CASE_ASSIGNED,
        recipients=[user],
        organisation=case.organisation,
        source=assigned,  # each assignment is told, a second one too
        case=case,
        actor=actor,
    )
    return case


@transaction.atomic
def case_update(
    *,
    actor: User,
    case: Case,
    version: int,
    summary: str | None = None,
    groups: Iterable[AtRiskGroup] | None = None,
    restricted: bool | None = None,
) -> Case:
    """Change the case's own details, unless someone changed the case since `version`."""
    require(actor, Action.EDIT_CASE, case)
    current = lock(case)
    if current.version != version:
        raise StaleVersionError(current=current)
    edited = []
    if summary is not None and summary != current.summary:
        current.summary = summary
        edited.append("summary")
    # `restricted` is the box as submitted, on the version read: it changes the flag only when
    # it differs from the flag as it was then (and now: the version is the same).
    if restricted is not None and restricted != current.restricted:
        if not restricted and not access.can(actor, Action.ASSIGN_CASE, current):
            raise PermissionDenied  # only a supervisor lifts the restriction
        current.restricted = restricted
        edited.append("restricted")
    if groups is not None:
        groups = list(groups)
        added = {group.pk for group in groups} - set(current.groups.values_list("pk", flat=True))
        current.groups.set(groups)
        edited.append("groups")
        if any(group.restricted and group.pk in added for group in groups):
            current.restricted = True  # a restricted group newly claimed restricts the case
    current.version = version + 1
    current.save(update_fields=["summary", "restricted", "version", "updated_at"])
    event(current, CaseEvent.Kind.EDITED, actor, ",".join(edited))
    return current


@transaction.atomic
def case_start_assessment(*, actor: User, case: Case) -> Case:
    require(actor, Action.EDIT_CASE, case)
    case = lock(case)
    move(case, S.ASSESSMENT, actor)
    return case
