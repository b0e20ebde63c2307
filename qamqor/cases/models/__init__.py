"""Intake to closure (SPEC §3.3).

A case belongs to one organisation and one person. Its status moves intake → assessment →
eligibility → active → closed, and a closed case may be reopened; `Case.TRANSITIONS` is the
whole flow and services refuse anything else. Rows that monitoring will count (decisions,
deliveries, referrals, stays) carry the organisation, region and group as indexed columns, so
that statistics never need joins or date functions at query time.

Writes go through services.py; every change adds a CaseEvent, which is the case's timeline.

One module per part of the case; this package gives every name at qamqor.cases.models.
"""

from qamqor.cases.models.base import (
    RISK_RANK,
    USER,
    Approval,
    RiskLevel,
    new_case_code,
)
from qamqor.cases.models.closure import (
    Closure,
    ShelterStay,
)
from qamqor.cases.models.consent import (
    Consent,
    ShareCategory,
    category_labels,
    join_categories,
    split_categories,
)
from qamqor.cases.models.decisions import (
    EligibilityDecision,
    Need,
    NeedsAssessment,
)
from qamqor.cases.models.intake_case import (
    Case,
    CaseAssignment,
    Intake,
)
from qamqor.cases.models.plans import (
    PlanItem,
    ServiceDelivery,
    ServicePlan,
)
from qamqor.cases.models.timeline import (
    CaseEvent,
)
from qamqor.cases.models.transitions import (
    Referral,
    Transfer,
)

__all__ = [
    "Approval",
    "Case",
    "CaseAssignment",
    "CaseEvent",
    "Closure",
    "Consent",
    "EligibilityDecision",
    "Intake",
    "Need",
    "NeedsAssessment",
    "PlanItem",
    "RISK_RANK",
    "Referral",
    "RiskLevel",
    "ServiceDelivery",
    "ServicePlan",
    "ShareCategory",
    "ShelterStay",
    "Transfer",
    "USER",
    "category_labels",
    "join_categories",
    "new_case_code",
    "split_categories",
]
