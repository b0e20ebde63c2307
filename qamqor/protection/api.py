"""Protection in the API: /api/v1/calls/, /api/v1/screenings/ and /api/v1/alerts/. The
records hanging off a case (identification, protective orders, risk assessments, safety
plans) are sub-resources of /api/v1/cases/{code}/ (qamqor.cases.api).

A call or screening the user may not see answers 404 on every route; once it is part of a
case, the case's rules decide. Reads and writes are written to the access log.
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from qamqor.accounts.selectors import acting_organisation
from qamqor.api.concurrency import with_etag
from qamqor.api.permissions import HasAction
from qamqor.audit import log
from qamqor.cases import selectors as case_selectors
from qamqor.cases.access import find_case
from qamqor.cases.models import Case
from qamqor.cases.serializers import CaseDetailSerializer
from qamqor.core.access import Action
from qamqor.protection import selectors, services
from qamqor.protection import serializers as s
from qamqor.protection.access import access_call, access_screening
from qamqor.protection.models import Alert, HotlineCall, Screening, ScreeningAnswer

# Routes on one record: anyone signed in reaches them, and a record they may not see is
# a 404 (never a 403 revealing that it exists).
RECORD_ACTIONS = {"retrieve", "open_case", "add_to_case"}


def _created(data) -> Response:
    return Response(data, status=status.HTTP_201_CREATED)


def _opened(request, case: Case) -> Response:
    """A case opened from a call or screening, answered as the case create answers it."""
    log.record(request.user, log.Action.CREATE, case, request)
    return with_etag(_created(CaseDetailSerializer(case).data), case.version)


def _organisation(request, data: dict, action: Action):
    organisation = data.pop("organisation", None)
    return acting_organisation(request.user, organisation.code if organisation else None, action)


# Hotline


class LocalDayFilter(django_filters.DateFilter):
    """From (gte) or before (lt) a local day, as a range on the time column itself so that
    its index serves the filter (a filter on the column's date part cannot use it)."""

    def filter(self, queryset, value):
        if not value:
            return queryset
        if self.lookup_expr == "gte":
            return selectors.within_days(queryset, self.field_name, first=value)
        return selectors.within_days(queryset, self.field_name, last=value - dt.timedelta(days=1))


class CallFilter(django_filters.FilterSet):
    received_after = LocalDayFilter(field_name="received_at", lookup_expr="gte")
    received_before = LocalDayFilter(field_name="received_at", lookup_expr="lt")
    region = django_filters.CharFilter(field_name="region__code")
    topic = django_filters.ChoiceFilter(choices=HotlineCall.Topic.choices)
    linked = django_filters.BooleanFilter(
        field_name="case", lookup_expr="isnull", exclude=True, label=_("part of a case")
    )

    class Meta:
        model = HotlineCall
        fields = ["received_after", "received_before", "region", "topic", "linked"]


class HotlineCallViewSet(viewsets.GenericViewSet):
    """Hotline calls: anonymous, seen by the organisation's operators and supervisors until
    a case is opened from them or they are added to one; then the case's rules apply."""

    action_required = Action.VIEW_CALL
    permission_classes = [HasAction]
    serializer_class = s.HotlineCallSerializer
    filterset_class = CallFilter
    lookup_value_regex = r"\d+"

    def get_permissions(self):
        if self.action in RECORD_ACTIONS:
            return [IsAuthenticated()]  # a call the user may not see is a 404 below
        return super().get_permissions()

    def get_queryset(self):
        return selectors.visible_calls(self.request.user).select_related("organisation")

    def get_object(self) -> HotlineCall:
        return access_call(self.request, self.kwargs["pk"])

    def list(self, request):
        calls = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(calls)
        log.record_many(request.user, log.Action.LIST, page, request)
        return self.get_paginated_response(s.HotlineCallSerializer(page, many=True).data)

    @extend_schema(request=s.HotlineCallSerializer, responses={201: s.HotlineCallSerializer})
    def create(self, request):
        """Log a call: only the topic and the language are needed."""
        payload = s.HotlineCallSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        organisation = _organisation(request, data, Action.LOG_CALL)
        call = services.call_log(actor=request.user, organisation=organisation, **data)
        log.record(request.user, log.Action.CREATE, call, request)
        return _created(s.HotlineCallSerializer(call).data)

    def retrieve(self, request, pk=None):
        call = self.get_object()
        return Response(s.HotlineCallSerializer(call).data)

    @extend_schema(request=s.CallOpenCaseSerializer, responses={201: CaseDetailSerializer})
    @action(detail=True, methods=["post"], url_path="open-case")
    def open_case(self, request, pk=None):
        """Open an intake and a restricted case from the call, for a person recorded with
        no identity."""
        call = self.get_object()
        payload = s.CallOpenCaseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        case = services.call_open_case(actor=request.user, call=call, **payload.validated_data)
        return _opened(request, case)

    @extend_schema(request=s.AddToCaseSerializer, responses=s.HotlineCallSerializer)
    @action(detail=True, methods=["post"], url_path="add-to-case")
    def add_to_case(self, request, pk=None):
        """Add the call to an open case of the same organisation."""
        call = self.get_object()
        payload = s.AddToCaseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        view = find_case(request.user, payload.validated_data["case"])
        if view is None or not view.full:
            raise serializers.ValidationError({"case": [_("Not found.")]})
        case = view.case
        call = services.call_add_to_case(actor=request.user, call=call, case=case)
        log.record(request.user, log.Action.CHANGE, case, request)
        return Response(s.HotlineCallSerializer(call).data)


# Trafficking screening


class ScreeningFilter(django_filters.FilterSet):
    place = django_filters.ChoiceFilter(choices=Screening.Place.choices)
    region = django_filters.CharFilter(field_name="region__code")
    status = django_filters.ChoiceFilter(choices=Screening.Status.choices)
    screened_after = LocalDayFilter(field_name="screened_at", lookup_expr="gte")
    screened_before = LocalDayFilter(field_name="screened_at", lookup_expr="lt")

    class Meta:
        model = Screening
        fields = ["place", "region", "status", "screened_after", "screened_before"]


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
        organisation = _organisation(request, data, Action.SCREEN)
        screening = services.screening_record(actor=request.user, organisation=organisation, **data)
        log.record(request.user, log.Action.CREATE, screening, request)
        prefetch_related_objects([screening], _answers())
        return _created(s.ScreeningSerializer(screening).data)

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
        return _opened(request, case)

    @extend_schema(responses=s.ScreeningStatisticsSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def statistics(self, request):
        """Counts of the screenings the user may see, by place and outcome (same filters as
        the list)."""
        screenings = self.filter_queryset(self.get_queryset())
        rows = selectors.screening_statistics(screenings)
        return Response(s.ScreeningStatisticsSerializer(rows, many=True).data)


# Alerts


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
        page = self.paginate_queryset(self.get_queryset())
        log.record_many(request.user, log.Action.LIST, page, request)
        return self.get_paginated_response(s.AlertSerializer(page, many=True).data)
