"""Cases: /api/v1/cases/ and /api/v1/cases/{code}/, with the routes of the case's records
(one module each) mixed in."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from qamqor.api.concurrency import if_match_version, with_etag
from qamqor.api.permissions import HasAction
from qamqor.api.responses import created
from qamqor.audit import log
from qamqor.cases import selectors, services
from qamqor.cases import serializers as s
from qamqor.cases.access import (
    CaseView,
    find_intake,
)
from qamqor.cases.api.base import CaseRoutes
from qamqor.cases.api.closures import ClosureRoutes
from qamqor.cases.api.consents import ConsentRoutes
from qamqor.cases.api.decisions import DecisionRoutes
from qamqor.cases.api.plans import PlanRoutes
from qamqor.cases.api.referrals import ReferralRoutes
from qamqor.cases.api.shelter import ShelterRoutes
from qamqor.cases.api.transfers import TransferRoutes
from qamqor.cases.filters import CaseFilter
from qamqor.cases.timeline import describe
from qamqor.core.access import Action
from qamqor.people.access import find_person
from qamqor.people.api import PersonSerializer


class CaseViewSet(
    CaseRoutes,
    DecisionRoutes,
    PlanRoutes,
    ConsentRoutes,
    ReferralRoutes,
    TransferRoutes,
    ShelterRoutes,
    ClosureRoutes,
    viewsets.GenericViewSet,
):
    """Cases the user may see, from opening to closure. `PATCH` needs the version read
    (If-Match); every step is a POST to the case's sub-resources."""

    action_required = Action.VIEW_CASE
    permission_classes = [HasAction]
    serializer_class = s.CaseSerializer
    filterset_class = CaseFilter

    def get_queryset(self):
        return (
            selectors.visible_cases(self.request.user)
            .select_related("person", "organisation", "region", "lead_worker")
            .prefetch_related("groups")
            .order_by("-opened_at", "-pk")
        )

    # The case itself

    def list(self, request):
        cases = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(cases)
        log.record_many(request.user, log.Action.LIST, page, request)
        return self.get_paginated_response(s.CaseSerializer(page, many=True).data)

    @extend_schema(request=s.CaseOpenSerializer, responses={201: s.CaseDetailSerializer})
    def create(self, request):
        """Open a case from an intake, for a person (an existing code)."""
        payload = s.CaseOpenSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        intake = find_intake(request.user, data["intake"])
        if intake is None:
            raise serializers.ValidationError({"intake": [_("Not found.")]})
        person = find_person(request.user, data["person"])
        if person is None:
            raise serializers.ValidationError({"person": [_("Not found.")]})
        case = services.case_open(
            actor=request.user,
            intake=intake,
            person=person,
            groups=data.get("groups", []),
            lead_worker=data.get("lead_worker"),
            summary=data.get("summary", ""),
        )
        self._log(case, log.Action.CREATE)
        return with_etag(created(s.CaseDetailSerializer(case).data), case.version)

    @extend_schema(responses=s.CaseDetailSerializer)
    def retrieve(self, request, code=None):
        """The case in full, or — for an organisation that accepted a referral — the parts
        its referrals share, as far as the person's consent allows today."""
        view = self.view()
        case = view.case
        if view.full:
            log.record(request.user, log.Action.VIEW, case.person, request)
            return with_etag(Response(s.CaseDetailSerializer(case).data), case.version)
        return Response(self._referred_view(view))

    def _referred_view(self, view: CaseView) -> dict:
        case, shared = view.case, view.shared
        body = {
            "code": case.code,
            "status": case.status,
            "region": case.region.code,
            "organisation": case.organisation.code,
            "shared": sorted(shared),
        }
        if view.shows("identity"):
            body["person"] = PersonSerializer(case.person).data
            log.record(self.request.user, log.Action.VIEW, case.person, self.request)
        if view.shows("plan"):
            plan = case.plans.filter(is_current=True).prefetch_related("items").first()
            body["plan"] = s.PlanSerializer(plan).data if plan else None
        if view.shows("assessment"):
            body["assessments"] = s.AssessmentSerializer(
                case.assessments.prefetch_related("needs"), many=True
            ).data
        return body

    @extend_schema(request=s.CaseUpdateSerializer, responses=s.CaseDetailSerializer)
    def partial_update(self, request, code=None):
        case = self.full_case()
        version = if_match_version(request)
        payload = s.CaseUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        case = services.case_update(
            actor=request.user, case=case, version=version, **payload.validated_data
        )
        self._log(case)
        return with_etag(Response(s.CaseDetailSerializer(case).data), case.version)

    def _step(self, request, case, service, **kwargs):
        case = service(actor=request.user, case=case, **kwargs)
        self._log(case)
        return with_etag(Response(s.CaseSerializer(case).data), case.version)

    @extend_schema(request=None, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"], url_path="start-assessment")
    def start_assessment(self, request, code=None):
        return self._step(request, self.full_case(), services.case_start_assessment)

    @extend_schema(request=s.ReasonSerializer, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, code=None):
        case = self.full_case()
        payload = s.ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._step(
            request, case, services.case_reopen, reason=payload.validated_data["reason"]
        )

    @extend_schema(request=s.AssignSerializer, responses=s.CaseSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, code=None):
        case = self.full_case()
        payload = s.AssignSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._step(request, case, services.case_assign, **payload.validated_data)

    @extend_schema(responses=s.EventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def timeline(self, request, code=None):
        case = self.full_case()
        return Response(s.EventSerializer(describe(selectors.timeline(case)), many=True).data)
