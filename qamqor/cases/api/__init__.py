"""Cases in the API: /api/v1/intakes/, /api/v1/cases/{code}/… and /api/v1/referrals/….

A case the user may not reach answers 404 on every route; a reachable case and a forbidden
action answer 403. Reads and writes of a case are written to the access log. One module per
resource; the case's records add their routes to CaseViewSet as mixins.
"""

from qamqor.cases.api.base import CaseRoutes
from qamqor.cases.api.cases import CaseViewSet
from qamqor.cases.api.intakes import IntakeViewSet
from qamqor.cases.api.referrals import ReferralViewSet
from qamqor.cases.api.transfers import TransferViewSet
from qamqor.cases.filters import CaseFilter

__all__ = [
    "CaseFilter",
    "CaseRoutes",
    "CaseViewSet",
    "IntakeViewSet",
    "ReferralViewSet",
    "TransferViewSet",
]
