"""Protection (SPEC §3.4): hotline calls, trafficking screening and formal identification,
protective orders and their violations, risk assessments and safety plans, and the alerts
they raise.

Calls and screenings are anonymous: they name nobody and belong to their organisation's
front-line staff until a case is opened from them or they are added to one; from then on the
case's rules apply. Everything else hangs off a case and is reached only through it.
Rows that monitoring will count carry the organisation and region as indexed columns.

One module per part; this package gives every name at qamqor.protection.models.
"""

from qamqor.protection.models.alerts import (
    Alert,
)
from qamqor.protection.models.base import (
    USER,
    Answer,
)
from qamqor.protection.models.hotline import (
    HotlineCall,
)
from qamqor.protection.models.trafficking import (
    Identification,
    Screening,
    ScreeningAnswer,
)
from qamqor.protection.models.violence import (
    OrderViolation,
    ProtectiveOrder,
    RiskAssessment,
    SafetyPlan,
)

__all__ = [
    "Alert",
    "Answer",
    "HotlineCall",
    "Identification",
    "OrderViolation",
    "ProtectiveOrder",
    "RiskAssessment",
    "SafetyPlan",
    "Screening",
    "ScreeningAnswer",
    "USER",
]
