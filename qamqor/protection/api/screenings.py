"""Trafficking screenings: /api/v1/screenings/."""

from __future__ import annotations

from django.db.models import Prefetch, prefetch_related_objects
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from qamqor.api.permissions import HasAction
from qamqor.api.responses import created
from qamqor.audit import log
from qamqor.cases.serializers import CaseDetailSerializer
from qamqor.core.access import Action
from qamqor.protection import selectors, services
from qamqor.protection import serializers as s
from qamqor.protection.access import access_screening
from qamqor.protection.api.base import RECORD_ACTIONS, opened, organisation_of
from qamqor.protection.filters import ScreeningFilter
from qamqor.protection.models import Screening, ScreeningAnswer


def _answers() -> Prefetch:
    return Prefetch(
        "answers",
        queryset=ScreeningAnswer.objects.select_related("indicator").order_by(
            "indicator__category", "indicator__sort_order", "indicator__code"
        ),
    )


class ScreeningViewSet(viewsets.GenericViewSet):
    """Trafficking screenings: checklists that name nobody. Below the organisation's
    threshold they are only counted; at or above it a case is opened for formal
    identification."""

    action_required = Action.VIEW_SCREENING
    permission_classes = [HasAction]
    serializer_class = s.ScreeningSerializer
    filterset_class = ScreeningFilter
    lookup_value_regex = r"\d+"

    def get_permissions(self):
        if self.action in RECORD_ACTIONS:
            return [IsAuthenticated()]  # a screening the user may not see is a 404 below
        return super().get_permissions()

    def get_queryset(self):
        return selectors.visible_screenings(self.request.user).select_related("organisation")

    def get_object(self) -> Screening:
        return access_screening(self.request, self.kwargs["pk"])

    def list(self, request):
        screenings = self.filter_queryset(self.get_queryset().prefetch_related(_answers()))
        page = self.paginate_queryset(screenings)
        log.record_many(request.user, log.Action.LIST, page, request)
        return self.get_paginated_response(s.ScreeningSerializer(page, many=True).data)

    @extend_schema(request=s.ScreeningCreateSerializer, responses={201: s.ScreeningSerializer})
    def create(self, request):
        """Score a checklist against the organisation's threshold."""
        payload = s.ScreeningCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        organisation = organisation_of(request, data, Action.SCREEN)
        screening = services.screening_record(actor=request.user, organisation=organisation, **data)
        log.record(request.user, log.Action.CREATE, screening, request)
        prefetch_related_objects([screening], _answers())
        return created(s.ScreeningSerializer(screening).data)

    def retrieve(self, request, pk=None):
        screening = self.get_object()
        prefetch_related_objects([screening], _answers())
        return Response(s.ScreeningSerializer(screening).data)

    @extend_schema(request=s.OpenCaseSerializer, responses={201: CaseDetailSerializer})
    @action(detail=True, methods=["post"], url_path="open-case")
    def open_case(self, request, pk=None):
        """Refer a screening that reached the threshold for formal identification: open a
        restricted case claiming the trafficking group, for the person screened."""
        screening = self.get_object()
        payload = s.OpenCaseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        case = services.screening_open_case(
            actor=request.user, screening=screening, **payload.validated_data
        )
        return opened(request, case)

    @extend_schema(responses=s.ScreeningStatisticsSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def statistics(self, request):
        """Counts of the screenings the user may see, by place and outcome (same filters as
        the list)."""
        screenings = self.filter_queryset(self.get_queryset())
        rows = selectors.screening_statistics(screenings)
        return Response(s.ScreeningStatisticsSerializer(rows, many=True).data)
