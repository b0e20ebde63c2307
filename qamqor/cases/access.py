"""The one way in to a case, an intake and a referral: every page, API endpoint and export
finds them here.

Each access function looks the record up by its key and checks the access policy
(core.access) on that one row, in the same query — never by collecting every case of the
user's organisation first. Then it answers as SPEC §2 says: 404 when the record does not exist
for the user, 403 when it does but the action is not theirs, and writes a read (GET/HEAD) to
the access log.

A case exists for a user in full (need to know) or through the referrals that reach them
(cases.rules.referral_reach). What a referral shares is a projection, computed here and only
here: the categories of the user's own accepted or completed referrals of the case, each
limited by the consents valid today for the receiving organisation (`CaseView.shared`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Q, Value
from django.http import Http404, HttpRequest

from qamqor.audit import log
from qamqor.cases.models import (
    Case,
    Intake,
    Referral,
    ShareCategory,
    Transfer,
)
from qamqor.cases.rules import CaseRule, consents_valid_today, shared_categories
from qamqor.core import access
from qamqor.core.access import Action
from qamqor.people.access import project, project_in_full

ALL_CATEGORIES = frozenset(ShareCategory.values)
CASE_RELATED = ("person", "organisation", "region", "lead_worker", "intake")


@dataclass(frozen=True)
class CaseView:
    """A case as one user may see it: in full, or the `shared` categories of the referrals
    through which it reaches them."""

    case: Case
    full: bool
    shared: frozenset[str]

    def shows(self, category: str) -> bool:
        return category in self.shared


def consented_categories(case: Case, organisation_id: int) -> set[str]:
    """What the case's consents valid today allow sharing with the organisation."""
    allowed = consents_valid_today([case.pk])
    return allowed.get((case.pk, None), set()) | allowed.get((case.pk, organisation_id), set())


def shared_with(user, case: Case) -> frozenset[str]:
    """The projection: the union over the referrals through which the case reaches the user
    of what each shares, as far as the consents valid today allow (cases.rules)."""
    return frozenset(shared_categories(user, [case.pk]).get(case.pk, ()))


def _conditions(user) -> tuple[Q | None, Q | None]:
    """(full view, referred view) of a case as filters, or None where the user has no grant."""
    view = access.grant(user, Action.VIEW_CASE)
    referred = access.grant(user, Action.VIEW_REFERRED_CASE)
    full = CaseRule().condition(user, view, Action.VIEW_CASE) if view else None
    through = CaseRule().condition(user, referred, Action.VIEW_REFERRED_CASE) if referred else None
    return full, through


def _view(user, case: Case) -> CaseView:
    if case.seen_in_full:
        if "person" in case._state.fields_cache:
            project_in_full(case.person)
        return CaseView(case, full=True, shared=ALL_CATEGORIES)
    shared = shared_with(user, case)
    if "person" in case._state.fields_cache:
        case.person.seen_in_full = False
        case.person.contacts_shared = {"identity", "contacts"} <= shared
        project(case.person)
    return CaseView(case, full=False, shared=shared)


def find_case(user, code: str, *, related=CASE_RELATED) -> CaseView | None:
    """The case with this code as the user may see it, or None; logs nothing. One query for
    the case and how it reaches the user (and, for a referred case, two for the projection)."""
    full, through = _conditions(user)
    if full is None and through is None:
        return None
    seen_in_full = full if full is not None else Value(False)
    reach = (full or Q(pk__in=[])) | (through or Q(pk__in=[]))
    case = (
        Case.objects.filter(code=code.strip().upper())
        .filter(reach)
        .annotate(seen_in_full=ExpressionWrapper(seen_in_full, output_field=BooleanField()))
        .select_related(*related)
        .first()
    )
    return _view(user, case) if case is not None else None


def case_view(user, case: Case) -> CaseView | None:
    """How `user` may see `case` (None: it does not exist for them)."""
    return find_case(user, case.code, related=("person",))


def access_case(
    request: HttpRequest, code: str, action: Action | None = None, *, log_read: bool = True
) -> CaseView:
    """The case with this code — 404 when it does not exist for the user, 403 when `action`
    is not theirs to take on it (`case.view` means: in full, not through a referral). A read
    (GET/HEAD) is written to the access log (`log_read=False` only for an answer that shows
    nothing of the case, such as a redirect)."""
    view = find_case(request.user, code)
    if view is None:
        raise Http404
    if action is Action.VIEW_CASE and not view.full:
        raise PermissionDenied
    if action not in (None, Action.VIEW_CASE) and not access.can(request.user, action, view.case):
        raise PermissionDenied
    if log_read and request.method in ("GET", "HEAD"):
        log.record(request.user, log.Action.VIEW, view.case, request)
    return view


# Intakes


def find_intake(user, pk) -> Intake | None:
    """The intake with this id if the user may see it: its organisation's front-line staff
    until a case is opened from it, then those who see the case in full."""
    intakes = access.scope(user, Action.VIEW_CASE, Intake.objects.filter(pk=pk))
    return intakes.select_related("organisation", "region", "person", "recorded_by", "case").first()


def access_intake(request: HttpRequest, pk) -> Intake:
    intake = find_intake(request.user, pk)
    if intake is None:
        raise Http404
    if request.method in ("GET", "HEAD"):
        log.record(request.user, log.Action.VIEW, intake, request)
    return intake


# Referrals


def find_referral(user, pk) -> Referral | None:
    """A referral exists for the organisation it was sent to (those who answer referrals
    there) and for those who see its case in full (the sender's side)."""
    received = access.scope(user, Action.RESPOND_REFERRAL, Referral.objects.filter(pk=pk))
    sent = access.scope(user, Action.VIEW_CASE, Referral.objects.filter(pk=pk))
    return (
        (received | sent)
        .select_related("case", "to_organisation", "from_organisation", "service_type")
        .first()
    )


def access_referral(request: HttpRequest, pk) -> Referral:
    referral = find_referral(request.user, pk)
    if referral is None:
        raise Http404
    if request.method in ("GET", "HEAD"):
        log.record(request.user, log.Action.VIEW, referral.case, request)
    return referral


# Transfers


def find_transfer(user, pk) -> Transfer | None:
    """A transfer exists for the receiving organisation's supervisors and for those who see
    its case in full (the sending side)."""
    received = access.scope(user, Action.TRANSFER_CASE, Transfer.objects.filter(pk=pk))
    sent = access.scope(user, Action.VIEW_CASE, Transfer.objects.filter(pk=pk))
    return (received | sent).select_related("case", "to_organisation", "from_organisation").first()


def access_transfer(request: HttpRequest, pk) -> Transfer:
    transfer = find_transfer(request.user, pk)
    if transfer is None:
        raise Http404
    if request.method in ("GET", "HEAD"):
        log.record(request.user, log.Action.VIEW, transfer.case, request)
    return transfer
