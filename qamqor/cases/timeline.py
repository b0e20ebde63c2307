"""The case's timeline in the reader's language. Events store codes (status, group, service,
organisation…); this turns them into words when the timeline is shown, with one query per
kind of reference rather than one per event."""

from __future__ import annotations

from collections.abc import Iterable

from qamqor.accounts.models import Organisation
from qamqor.cases.events import event_kinds
from qamqor.cases.models import Case, CaseEvent, Closure, EligibilityDecision, Need, category_labels
from qamqor.catalog.models import AtRiskGroup, ServiceType

K = CaseEvent.Kind
GROUPS = {K.OPENED, K.DECISION, K.DECISION_APPROVED}
SERVICES = {K.PLAN, K.DELIVERY}
ORGANISATIONS = {
    K.REFERRAL_SENT,
    K.REFERRAL_ACCEPTED,
    K.REFERRAL_DECLINED,
    K.REFERRAL_COMPLETED,
    K.REFERRAL_WITHDRAWN,
    K.TRANSFER_REQUESTED,
    K.TRANSFERRED,
    K.TRANSFER_DECLINED,
    K.TRANSFER_WITHDRAWN,
}


def _codes(events: list[CaseEvent], kinds: set[str]) -> set[str]:
    found = set()
    for event in events:
        if event.kind in kinds:
            for part in event.detail.split(","):
                found.add(part.split(":")[0])
    return found


def _names(model, codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    return {item.code: item.name for item in model.objects.filter(code__in=codes)}


def _describe(event: CaseEvent, groups, services, organisations) -> str:
    detail = event.detail
    kind = event.kind
    if kind == K.STATUS:
        before, after = detail.split(":")
        return f"{Case.Status(before).label} → {Case.Status(after).label}"
    if kind == K.OPENED or kind == K.DECISION_APPROVED:
        return ", ".join(groups.get(code, code) for code in detail.split(",") if code)
    if kind == K.DECISION:
        group, outcome = detail.split(":")
        return f"{groups.get(group, group)}: {EligibilityDecision.Outcome(outcome).label}"
    if kind == K.ASSESSMENT:
        return str(Need.Severity(int(detail)).label)
    if kind == K.PLAN:
        return ", ".join(services.get(code, code) for code in detail.split(",") if code)
    if kind == K.DELIVERY:
        service, units = detail.split(":")
        return f"{services.get(service, service)} × {units}"
    if kind in (K.CONSENT, K.CONSENT_WITHDRAWN):
        return category_labels(detail)
    if kind in ORGANISATIONS:
        return organisations.get(detail, detail)
    if kind in (K.CLOSURE_REQUESTED, K.CLOSED):
        return str(Closure.Outcome(detail).label)
    registered = event_kinds.get(kind)
    if registered is not None:
        return registered.describe(detail) if registered.describe else detail
    if kind == K.EDITED:
        return ", ".join(
            str(Case._meta.get_field(name).verbose_name) for name in detail.split(",") if name
        )
    return detail


def describe(events: Iterable[CaseEvent]) -> list[CaseEvent]:
    """The events, each with a `description` in the active language."""
    events = list(events)
    groups = _names(AtRiskGroup, _codes(events, GROUPS))
    services = _names(ServiceType, _codes(events, SERVICES))
    organisations = _names(Organisation, _codes(events, ORGANISATIONS))
    for event in events:
        try:
            event.description = _describe(event, groups, services, organisations)
        except (ValueError, KeyError):  # a detail written before it held codes
            event.description = event.detail
    return events
