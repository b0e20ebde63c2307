"""What the protection endpoints share."""

from __future__ import annotations

from rest_framework.response import Response

from qamqor.accounts.selectors import acting_organisation
from qamqor.api.concurrency import with_etag
from qamqor.api.responses import created
from qamqor.audit import log
from qamqor.cases.models import Case
from qamqor.cases.serializers import CaseDetailSerializer
from qamqor.core.access import Action

# Routes on one record: anyone signed in reaches them, and a record they may not see is
# a 404 (never a 403 revealing that it exists).
RECORD_ACTIONS = {"retrieve", "open_case", "add_to_case"}


def opened(request, case: Case) -> Response:
    """A case opened from a call or screening, answered as the case create answers it."""
    log.record(request.user, log.Action.CREATE, case, request)
    return with_etag(created(CaseDetailSerializer(case).data), case.version)


def organisation_of(request, data: dict, action: Action):
    organisation = data.pop("organisation", None)
    return acting_organisation(request.user, organisation.code if organisation else None, action)
