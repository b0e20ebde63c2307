"""What every API route on one case shares."""

from __future__ import annotations

from rest_framework.exceptions import NotAuthenticated

from qamqor.audit import log
from qamqor.cases.access import (
    CaseView,
    access_case,
)
from qamqor.cases.models import (
    Case,
)
from qamqor.core.access import Action


class CaseRoutes:
    """What every route on one case needs: the case as the user may see it, through the one
    access function, and the access log. Shared by the case's own viewset and by the viewsets
    of the apps that add routes under /api/v1/cases/{code}/ (protection)."""

    lookup_field = "code"

    def get_permissions(self):
        if self.detail:
            # A route on one case: the access function answers (401 signed out, 404 for a
            # case that does not exist for the user, 403 for a forbidden action), never a 403
            # that tells a user without case rights that the case is there.
            return []
        return super().get_permissions()

    def view(self, action: Action | None = None) -> CaseView:
        """The case as the user may see it (404 when it does not exist for them, 403 when
        `action` is not theirs); every read is logged (cases.access)."""
        if not self.request.user.is_authenticated:
            raise NotAuthenticated
        return access_case(self.request, self.kwargs["code"], action)

    def case(self) -> Case:
        return self.view().case

    def full_case(self) -> Case:
        """The case, for actions that need the full view (403 for a referral's receiver)."""
        return self.view(Action.VIEW_CASE).case

    def _log(self, case: Case, action=log.Action.CHANGE):
        log.record(self.request.user, action, case, self.request)
