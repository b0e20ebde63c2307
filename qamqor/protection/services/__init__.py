"""Writes of the protection records: hotline calls, screenings, identification, protective
orders and violations, risk assessments and safety plans.

Like the case services, each takes the acting user, checks the access policy, locks the case
it touches, writes a CaseEvent for the timeline and refreshes the alerts of the record it
changed. Any record on a case makes the case restricted (need to know): protection data is
restricted by default.

One module per sub-domain; this package gives every service at qamqor.protection.services.
"""

from qamqor.protection.services.common import (
    TOPIC_GROUPS,
    TRAFFICKING_GROUP,
)
from qamqor.protection.services.hotline import (
    call_add_to_case,
    call_log,
    call_open_case,
)
from qamqor.protection.services.identification import (
    identification_record,
)
from qamqor.protection.services.orders import (
    order_record,
    order_revoke,
    violation_record,
)
from qamqor.protection.services.safety import (
    risk_assess,
    safety_plan_create,
    safety_plan_review,
)
from qamqor.protection.services.screening import (
    indicators_in_force,
    screening_open_case,
    screening_record,
)

__all__ = [
    "TOPIC_GROUPS",
    "TRAFFICKING_GROUP",
    "call_add_to_case",
    "call_log",
    "call_open_case",
    "identification_record",
    "indicators_in_force",
    "order_record",
    "order_revoke",
    "risk_assess",
    "safety_plan_create",
    "safety_plan_review",
    "screening_open_case",
    "screening_record",
    "violation_record",
]
