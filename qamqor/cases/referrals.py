"""Referrals between organisations. What a referral shares is checked against the person's
recorded consent; the receiving organisation sees the shared part of the case once it
accepts."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import Organisation, User
from qamqor.accounts.notices import holders, notify, resolve
from qamqor.cases.access import consented_categories
from qamqor.cases.models import Case, CaseEvent, Consent, Referral, ShareCategory, join_categories
from qamqor.cases.notices import CaseNotice
from qamqor.cases.services import event, lock, must_be_open, require
from qamqor.catalog.models import ServiceType
from qamqor.core import access
from qamqor.core.access import Action, Role
from qamqor.core.errors import InvalidTransitionError

R = Referral.Status


def _transition(referral: Referral, status: str) -> None:
    if status not in Referral.TRANSITIONS[referral.status]:
        raise InvalidTransitionError(
            _("A referral that is “%(current)s” cannot become “%(next)s”.")
            % {"current": referral.get_status_display(), "next": R(status).label}
        )
    referral.status = status


@transaction.atomic
def referral_send(
    *,
    actor: User,
    case: Case,
    to_organisation: Organisation,
    reason: str,
    shared: Iterable[str] = (),
    service_type: ServiceType | None = None,
) -> Referral:
    require(actor, Action.EDIT_CASE, case)
    case = lock(case)
    must_be_open(case)
    if to_organisation.pk == case.organisation_id or not to_organisation.is_active:
        raise ValidationError({"to_organisation": _("Refer to another, active organisation.")})
    shared = set(shared)
    unknown = shared - set(ShareCategory.values)
    if unknown:
        raise ValidationError({"shared": _("Unknown category: %(c)s.") % {"c": min(unknown)}})
    not_consented = shared - consented_categories(case, to_organisation.pk)
    if not_consented:
        labels = ", ".join(str(ShareCategory(code).label) for code in sorted(not_consented))
        raise ValidationError(
            {
                "shared": ValidationError(
                    _("The person's consent does not allow sharing: %(parts)s.")
                    % {"parts": labels},
                    code="no_consent",
                )
            }
        )
    referral = Referral(
        case=case,
        from_organisation_id=case.organisation_id,
        to_organisation=to_organisation,
        service_type=service_type,
        reason=reason,
        shared=join_categories(shared),
        sent_by=actor,
        region_id=case.region_id,
    )
    referral.full_clean()
    referral.save()
    event(case, CaseEvent.Kind.REFERRAL_SENT, actor, to_organisation.code)
    notify(
        kind=CaseNotice.REFERRAL_RECEIVED,
        recipients=holders(to_organisation, Action.RESPOND_REFERRAL),
        organisation=to_organisation,
        source=referral,
        case=case,
        actor=actor,
    )
    return referral


def _lock(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().select_related("case").get(pk=referral.pk)


@transaction.atomic
def referral_accept(
    *, actor: User, referral: Referral, assigned_to: User | None = None
) -> Referral:
    """The receiving organisation accepts; the assigned worker (the one accepting, by
    default) and its supervisors then see what the referral shares."""
    require(actor, Action.RESPOND_REFERRAL, referral)
    referral = _lock(referral)
    _transition(referral, R.ACCEPTED)
    assignee = assigned_to or actor
    if not access.roles(assignee, referral.to_organisation_id) & {
        Role.CASEWORKER,
        Role.SUPERVISOR,
    }:
        raise ValidationError({"assigned_to": _("Assign a worker of the receiving organisation.")})
    referral.responded_by = actor
    referral.responded_at = timezone.now()
    referral.assigned_to = assignee
    referral.save()
    event(referral.case, CaseEvent.Kind.REFERRAL_ACCEPTED, actor, referral.to_organisation.code)
    resolve(source=referral)  # answered: the receivers need not look at it again
    return referral


@transaction.atomic
def referral_decline(*, actor: User, referral: Referral, reason: str) -> Referral:
    require(actor, Action.RESPOND_REFERRAL, referral)
    referral = _lock(referral)
    _transition(referral, R.DECLINED)
    if not reason.strip():
        raise ValidationError({"decline_reason": _("Give the reason for declining.")})
    referral.responded_by = actor
    referral.responded_at = timezone.now()
    referral.decline_reason = reason
    referral.save()
    event(referral.case, CaseEvent.Kind.REFERRAL_DECLINED, actor, referral.to_organisation.code)
    resolve(source=referral)  # answered: the receivers need not look at it again
    return referral


@transaction.atomic
def referral_complete(*, actor: User, referral: Referral) -> Referral:
    """The receiving organisation has given what was asked."""
    if not (
        access.can(actor, Action.ACT_ON_REFERRAL, referral.case)
        and access.can(actor, Action.RESPOND_REFERRAL, referral)
    ):
        raise PermissionDenied
    referral = _lock(referral)
    _transition(referral, R.COMPLETED)
    referral.completed_at = timezone.now()
    referral.save()
    event(referral.case, CaseEvent.Kind.REFERRAL_COMPLETED, actor, referral.to_organisation.code)
    resolve(source=referral)  # answered: the receivers need not look at it again
    return referral


@transaction.atomic
def referral_withdraw(*, actor: User, referral: Referral) -> Referral:
    require(actor, Action.EDIT_CASE, referral.case)
    referral = _lock(referral)
    _transition(referral, R.WITHDRAWN)
    referral.save()
    event(referral.case, CaseEvent.Kind.REFERRAL_WITHDRAWN, actor, referral.to_organisation.code)
    resolve(source=referral)  # answered: the receivers need not look at it again
    return referral


def consent_categories(consent: Consent) -> list[str]:
    return [str(ShareCategory(code).label) for code in sorted(consent.category_set)]
