"""Writes that move a case through its life: intake, opening, assignment, consent,
eligibility decisions and their approval, closure and reopening.

Every service takes the acting user, checks the access policy (PermissionDenied → 403; the
caller has already fetched the case through the policy, so an invisible case was a 404),
locks the case row, refuses steps the case's status does not allow (InvalidTransitionError →
409) and writes a CaseEvent for the timeline.

One module per part of the case's life; this package gives every service at
qamqor.cases.services.
"""

from qamqor.cases.services.closure import (
    case_reopen,
    closure_approve,
    closure_reject,
    closure_request,
    followup_record,
)
from qamqor.cases.services.common import (
    ADULT_AGE,
    CASE_STAFF_ROLES,
    DEFAULT_FOLLOWUP_DAYS,
    changed,
    event,
    lock,
    move,
    must_be_open,
    require,
    restrict,
    restrict_cases_of_a_child,
)
from qamqor.cases.services.consent import (
    consent_record,
    consent_withdraw,
)
from qamqor.cases.services.eligibility import (
    decision_approve,
    decision_record,
    decision_reject,
)
from qamqor.cases.services.lifecycle import (
    case_assign,
    case_open,
    case_open_from_intake,
    case_start_assessment,
    case_update,
    check_staff,
    intake_create,
)

__all__ = [
    "case_open_from_intake",
    "must_be_open",
    "ADULT_AGE",
    "CASE_STAFF_ROLES",
    "DEFAULT_FOLLOWUP_DAYS",
    "case_assign",
    "case_open",
    "case_reopen",
    "case_start_assessment",
    "case_update",
    "changed",
    "check_staff",
    "closure_approve",
    "closure_reject",
    "closure_request",
    "consent_record",
    "consent_withdraw",
    "decision_approve",
    "decision_record",
    "decision_reject",
    "event",
    "followup_record",
    "intake_create",
    "lock",
    "move",
    "require",
    "restrict",
    "restrict_cases_of_a_child",
]
