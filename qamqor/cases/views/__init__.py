"""The case pages. Every view first finds the case through the access policy (404 when the
user may not reach it — before anything else, whatever the method), then checks the action
(403), calls one service, and writes the access log.

One module per part of the case; qamqor.cases.urls names them all here."""

from qamqor.cases.views.base import (
    LIST_LIMIT,
    Perform,
    case_form_view,
    case_post_action,
)
from qamqor.cases.views.cases import (
    assessment,
    case_assign,
    case_detail,
    case_edit,
    case_list,
    case_new,
    duplicates,
    start_assessment,
)
from qamqor.cases.views.closures import (
    closure,
    closure_approve,
    closure_followup,
    closure_reject,
    reopen,
)
from qamqor.cases.views.consents import (
    consent,
    consent_withdraw,
    referral,
    referral_withdraw,
)
from qamqor.cases.views.decisions import (
    decision,
    decision_approve,
    decision_reject,
)
from qamqor.cases.views.plans import (
    delivery,
    plan,
)
from qamqor.cases.views.received import (
    incoming,
    referral_accept,
    referral_complete,
    referral_decline,
)
from qamqor.cases.views.stays import (
    admit,
    discharge,
)
from qamqor.cases.views.transfers import (
    transfer,
    transfer_accept,
    transfer_decline,
    transfer_withdraw,
)

__all__ = [
    "LIST_LIMIT",
    "Perform",
    "admit",
    "assessment",
    "case_assign",
    "case_detail",
    "case_edit",
    "case_form_view",
    "case_list",
    "case_new",
    "case_post_action",
    "closure",
    "closure_approve",
    "closure_followup",
    "closure_reject",
    "consent",
    "consent_withdraw",
    "decision",
    "decision_approve",
    "decision_reject",
    "delivery",
    "discharge",
    "duplicates",
    "incoming",
    "plan",
    "referral",
    "referral_accept",
    "referral_complete",
    "referral_decline",
    "referral_withdraw",
    "reopen",
    "start_assessment",
    "transfer",
    "transfer_accept",
    "transfer_decline",
    "transfer_withdraw",
]
