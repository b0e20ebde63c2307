"""A case's consents: /api/v1/cases/{code}/consents/."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from qamqor.api.responses import created
from qamqor.cases import serializers as s
from qamqor.cases import services
from qamqor.cases.models import (
    Consent,
)
from qamqor.core.web import child_or_404


class ConsentRoutes:
    """Mixed into CaseViewSet (cases.api.base.CaseRoutes gives the case)."""

    # Consent and referrals

    @extend_schema(request=s.ConsentSerializer, responses=s.ConsentSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def consents(self, request, code=None):
        case = self.full_case()
        if request.method == "GET":
            items = case.consents.select_related("recipient", "recorded_by")
            return Response(s.ConsentSerializer(items, many=True).data)
        payload = s.ConsentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        consent = services.consent_record(actor=request.user, case=case, **payload.validated_data)
        self._log(case)
        return created(s.ConsentSerializer(consent).data)

    @extend_schema(request=None, responses=s.ConsentSerializer)
    @action(detail=True, methods=["post"], url_path=r"consents/(?P<consent_id>\d+)/withdraw")
    def withdraw_consent(self, request, code=None, consent_id=None):
        case = self.full_case()
        consent = child_or_404(Consent.objects.filter(case=case), consent_id)
        consent = services.consent_withdraw(actor=request.user, consent=consent)
        self._log(case)
        return Response(s.ConsentSerializer(consent).data)
