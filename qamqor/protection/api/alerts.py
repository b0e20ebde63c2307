"""Alerts: /api/v1/alerts/."""

from __future__ import annotations

from rest_framework import viewsets

from qamqor.api.permissions import HasAction
from qamqor.audit import log
from qamqor.cases import selectors as case_selectors
from qamqor.core.access import Action
from qamqor.core.alerts import refresh_if_stale
from qamqor.protection import selectors
from qamqor.protection import serializers as s
from qamqor.protection.models import Alert


class AlertViewSet(viewsets.GenericViewSet):
    """The user's open alerts: protective orders about to expire, safety plan reviews
    falling due, screenings awaiting identification — on the cases they supervise (or, for
    case workers, their own cases)."""

    action_required = Action.VIEW_CASE
    permission_classes = [HasAction]
    serializer_class = s.AlertSerializer

    def get_queryset(self):
        user = self.request.user
        if not user.is_authenticated:  # the schema generator's request
            return Alert.objects.none()
        return selectors.open_alerts(user, case_selectors.watched_cases(user))

    def list(self, request):
        refresh_if_stale()
        page = self.paginate_queryset(self.get_queryset())
        log.record_many(request.user, log.Action.LIST, page, request)
        return self.get_paginated_response(s.AlertSerializer(page, many=True).data)
