"""The kinds of event on a case's timeline.

The case's own kinds are here. An app above cases (protection, …) registers its kinds in its
`AppConfig.ready()` with `register_kinds`, each with how its detail reads on the timeline;
`CaseEvent.kind` takes its choices from `kind_choices`, so the app's kinds validate and read
like the case's own without a migration of cases.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

from qamqor.core.registries import Registry

KIND_LENGTH = 24


class CaseKind(models.TextChoices):
    OPENED = "opened", _("Case opened")
    STATUS = "status", _("Status changed")
    ASSIGNED = "assigned", _("Staff assigned")
    LEAD_CHANGED = "lead_changed", _("Lead worker changed")
    EDITED = "edited", _("Case details changed")
    CONSENT = "consent", _("Consent recorded")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    ASSESSMENT = "assessment", _("Needs assessed")
    DECISION = "decision", _("Eligibility decided")
    DECISION_APPROVED = "decision_approved", _("Eligibility decision approved")
    DECISION_REJECTED = "decision_rejected", _("Eligibility decision sent back")
    PLAN = "plan", _("Service plan made")
    DELIVERY = "delivery", _("Service given")
    REFERRAL_SENT = "referral_sent", _("Referral sent")
    REFERRAL_ACCEPTED = "referral_accepted", _("Referral accepted")
    REFERRAL_DECLINED = "referral_declined", _("Referral declined")
    REFERRAL_COMPLETED = "referral_completed", _("Referral completed")
    REFERRAL_WITHDRAWN = "referral_withdrawn", _("Referral withdrawn")
    ADMITTED = "admitted", _("Admitted to shelter")
    DISCHARGED = "discharged", _("Discharged from shelter")
    CLOSURE_REQUESTED = "closure_requested", _("Closure requested")
    CLOSED = "closed", _("Case closed")
    CLOSURE_REJECTED = "closure_rejected", _("Closure sent back")
    REOPENED = "reopened", _("Case reopened")
    TRANSFER_REQUESTED = "transfer_requested", _("Transfer requested")
    TRANSFERRED = "transferred", _("Case transferred")
    TRANSFER_DECLINED = "transfer_declined", _("Transfer declined")
    TRANSFER_WITHDRAWN = "transfer_withdrawn", _("Transfer withdrawn")


@dataclass(frozen=True)
class EventKind:
    value: str
    label: str
    # The event's detail (codes) in the reader's words; None shows the detail as written.
    describe: Callable[[str], str] | None = None


event_kinds: Registry[EventKind] = Registry("case event kinds")


def register_kinds(
    kinds: type[models.TextChoices], describers: Mapping[str, Callable[[str], str]]
) -> None:
    """Add an app's kinds of case event (called from its AppConfig.ready())."""
    for kind in kinds:
        if len(kind.value) > KIND_LENGTH or kind.value in CaseKind.values:
            raise ImproperlyConfigured(f"case event kind {kind.value!r}: too long or taken")
        event_kinds.register(kind.value, EventKind(kind.value, kind.label, describers.get(kind)))


def kind_choices() -> list[tuple[str, str]]:
    """Every kind of case event: the case's own, then those the apps registered."""
    return [*CaseKind.choices, *((kind.value, kind.label) for kind in event_kinds)]
