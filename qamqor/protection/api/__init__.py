"""Protection in the API: /api/v1/calls/, /api/v1/screenings/ and /api/v1/alerts/, and the
records hanging off a case (identification, protective orders, risk assessments, safety
plans) as sub-resources of /api/v1/cases/{code}/.

A call or screening the user may not see answers 404 on every route; once it is part of a
case, the case's rules decide. Reads and writes are written to the access log.
"""

from qamqor.protection.api.alerts import AlertViewSet
from qamqor.protection.api.calls import HotlineCallViewSet
from qamqor.protection.api.cases import CaseProtectionViewSet
from qamqor.protection.api.screenings import ScreeningViewSet
from qamqor.protection.filters import CallFilter, ScreeningFilter

__all__ = [
    "AlertViewSet",
    "CallFilter",
    "CaseProtectionViewSet",
    "HotlineCallViewSet",
    "ScreeningFilter",
    "ScreeningViewSet",
]
