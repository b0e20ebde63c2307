"""A case's shelter stays: /api/v1/cases/{code}/stays/."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from qamqor.api.responses import created
from qamqor.cases import serializers as s
from qamqor.cases import shelter
from qamqor.cases.models import (
    ShelterStay,
)
from qamqor.core.web import child_or_404


class ShelterRoutes:
    """Mixed into CaseViewSet (cases.api.base.CaseRoutes gives the case)."""

    # Shelter

    @extend_schema(request=s.StaySerializer, responses=s.StaySerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def stays(self, request, code=None):
        view = self.view()
        case, user = view.case, request.user
        if not (view.full or view.shows("shelter")):
            raise PermissionDenied
        if request.method == "GET":
            return Response(
                s.StaySerializer(case.shelter_stays.select_related("admitted_by"), many=True).data
            )
        payload = s.StaySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        stay = shelter.stay_admit(
            actor=user,
            case=case,
            facility=data["facility"],
            admitted_on=data["admitted_on"],
            reason=data["admission_reason"],
        )
        self._log(case)
        return created(s.StaySerializer(stay).data)

    @extend_schema(request=s.DischargeSerializer, responses=s.StaySerializer)
    @action(detail=True, methods=["post"], url_path=r"stays/(?P<stay_id>\d+)/discharge")
    def discharge(self, request, code=None, stay_id=None):
        case = self.case()
        stay = child_or_404(
            ShelterStay.objects.filter(case=case).select_related("facility"), stay_id
        )
        payload = s.DischargeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        stay = shelter.stay_discharge(
            actor=request.user,
            stay=stay,
            discharged_on=payload.validated_data["discharged_on"],
            reason=payload.validated_data["reason"],
        )
        self._log(case)
        return Response(s.StaySerializer(stay).data)
