"""Transfers: taking a case over (Primero's term). A supervisor of the owning organisation
asks another organisation to take the case; the person's consent must allow sharing
everything with it, on the day asked and on the day accepted; a supervisor of the receiving
organisation accepts (naming the lead worker there) or declines; the sender may withdraw the
request. On acceptance the case is the receiver's: its organisation, lead worker and staff
change, and with them who sees the case and its person (the access policy follows the case).
Referrals are no way to take a person over: a receiving organisation cannot attach a person it
knows only through a referral to a case of its own (people.access.may_attach)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qamqor.accounts.models import Organisation, User
from qamqor.accounts.notices import holders, notify, resolve
from qamqor.cases.access import ALL_CATEGORIES, consented_categories
from qamqor.cases.models import Case, CaseAssignment, CaseEvent, ShareCategory, Transfer
from qamqor.cases.notices import CaseNotice
from qamqor.cases.services import changed, check_staff, event, lock, must_be_open, require
from qamqor.core import access
from qamqor.core.access import Action, Role
from qamqor.core.errors import InvalidTransitionError

T = Transfer.Status


def _check_consent(case: Case, organisation_id: int) -> None:
    missing = ALL_CATEGORIES - consented_categories(case, organisation_id)
    if missing:
        labels = ", ".join(str(ShareCategory(code).label) for code in sorted(missing))
        raise ValidationError(
            {
                "to_organisation": ValidationError(
                    _(
                        "A transfer needs the person's consent, valid today, to share "
                        "everything with the receiving organisation. Not covered: %(parts)s."
                    )
                    % {"parts": labels},
                    code="no_consent",
                )
            }
        )


def _transition(transfer: Transfer, status: str) -> None:
    if status not in Transfer.TRANSITIONS[transfer.status]:
        raise InvalidTransitionError(
            _("A transfer that is “%(current)s” cannot become “%(next)s”.")
            % {"current": transfer.get_status_display(), "next": T(status).label}
        )
    transfer.status = status


def _lock(transfer: Transfer) -> Transfer:
    return (
        Transfer.objects.select_for_update()
        .select_related("case", "to_organisation", "from_organisation")
        .get(pk=transfer.pk)
    )


@transaction.atomic
def transfer_request(
    *, actor: User, case: Case, to_organisation: Organisation, reason: str
) -> Transfer:
    """Ask `to_organisation` to take the case over."""
    require(actor, Action.TRANSFER_CASE, case)
    case = lock(case)
    must_be_open(case)
    if to_organisation.pk == case.organisation_id or not to_organisation.is_active:
        raise ValidationError({"to_organisation": _("Transfer to another, active organisation.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the transfer.")})
    if case.transfers.filter(status=T.REQUESTED).exists():
        raise InvalidTransitionError(_("A transfer of this case already awaits an answer."))
    _check_consent(case, to_organisation.pk)
    transfer = Transfer(
        case=case,
        from_organisation_id=case.organisation_id,
        to_organisation=to_organisation,
        reason=reason.strip(),
        requested_by=actor,
    )
    transfer.full_clean()
    transfer.save()
    event(case, CaseEvent.Kind.TRANSFER_REQUESTED, actor, to_organisation.code)
    notify(
        kind=CaseNotice.TRANSFER_RECEIVED,
        recipients=holders(to_organisation, Action.TRANSFER_CASE),
        organisation=to_organisation,
        source=transfer,
        case=case,
        actor=actor,
    )
    return transfer


@transaction.atomic
def transfer_accept(
    *, actor: User, transfer: Transfer, lead_worker: User | None = None
) -> Transfer:
    """The receiving organisation takes the case: its organisation becomes the receiver, the
    lead worker is the one named (the accepting supervisor by default), and the sending
    organisation's staff assignments end."""
    require(actor, Action.TRANSFER_CASE, transfer)
    transfer = _lock(transfer)
    case = lock(transfer.case)
    _transition(transfer, T.ACCEPTED)
    _check_consent(case, transfer.to_organisation_id)
    lead = lead_worker or actor
    if not access.roles(lead, transfer.to_organisation_id) & {Role.CASEWORKER, Role.SUPERVISOR}:
        raise ValidationError(
            {"lead_worker": _("Name a case worker or supervisor of the receiving organisation.")}
        )
    check_staff(lead, transfer.to_organisation)
    transfer.responded_by = actor
    transfer.responded_at = timezone.now()
    transfer.lead_worker = lead
    transfer.save(
        update_fields=["status", "responded_by", "responded_at", "lead_worker", "updated_at"]
    )
    CaseAssignment.objects.filter(case=case, is_active=True).update(
        is_active=False, updated_at=timezone.now()
    )
    changed(case, organisation=transfer.to_organisation, lead_worker=lead)
    event(case, CaseEvent.Kind.TRANSFERRED, actor, transfer.to_organisation.code)
    resolve(source=transfer)  # answered: the receivers need not look at it again
    return transfer


@transaction.atomic
def transfer_decline(*, actor: User, transfer: Transfer, reason: str) -> Transfer:
    require(actor, Action.TRANSFER_CASE, transfer)
    transfer = _lock(transfer)
    _transition(transfer, T.DECLINED)
    if not reason.strip():
        raise ValidationError({"decline_reason": _("Give the reason for declining.")})
    transfer.responded_by = actor
    transfer.responded_at = timezone.now()
    transfer.decline_reason = reason.strip()
    transfer.save(
        update_fields=["status", "responded_by", "responded_at", "decline_reason", "updated_at"]
    )
    event(transfer.case, CaseEvent.Kind.TRANSFER_DECLINED, actor, transfer.to_organisation.code)
    resolve(source=transfer)  # answered: the receivers need not look at it again
    return transfer


@transaction.atomic
def transfer_withdraw(*, actor: User, transfer: Transfer) -> Transfer:
    """The sending organisation takes its request back."""
    if not access.can(actor, Action.TRANSFER_CASE, transfer.case):
        raise PermissionDenied
    transfer = _lock(transfer)
    _transition(transfer, T.WITHDRAWN)
    transfer.save(update_fields=["status", "updated_at"])
    event(transfer.case, CaseEvent.Kind.TRANSFER_WITHDRAWN, actor, transfer.to_organisation.code)
    resolve(source=transfer)  # answered: the receivers need not look at it again
    return transfer
