"""Protection's records of a case: /api/v1/cases/{code}/identifications/, …/protective-orders/,
…/risk-assessments/, …/safety-plans/."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from qamqor.api.responses import created
from qamqor.cases.api import CaseRoutes
from qamqor.cases.models import Case
from qamqor.core.web import child_or_404
from qamqor.protection import selectors, services
from qamqor.protection import serializers as s


class CaseProtectionViewSet(CaseRoutes, viewsets.GenericViewSet):
    """Protection's records of a case, under /api/v1/cases/{code}/: identification,
    protective orders, risk assessments and safety plans. Registered on the `cases` prefix
    after the case's own viewset; it has routes on one case only. The lists are neither
    paginated nor filtered."""

    queryset = Case.objects.none()  # the case is reached through CaseRoutes.view(), never this
    pagination_class = None
    # No OPTIONS description: it would need one serializer for routes that each have their
    # own (405, as for any method a route does not take).
    metadata_class = None

    @extend_schema(methods=["GET"], responses=s.IdentificationSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=s.IdentificationSerializer,
        responses={201: s.IdentificationSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def identifications(self, request, code=None):
        """Formal identification as a victim of trafficking, in HTCDS terms. A positive one
        adds the trafficking group as a decision awaiting a supervisor's approval."""
        case = self.full_case()
        if request.method == "GET":
            items = case.identifications.select_related("recorded_by")
            return Response(s.IdentificationSerializer(items, many=True).data)
        payload = s.IdentificationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        identification = services.identification_record(
            actor=request.user, case=case, **payload.validated_data
        )
        self._log(case)
        return created(s.IdentificationSerializer(identification).data)

    def _orders(self, case):
        return (
            selectors.orders_with_violations(case)
            .select_related("recorded_by")
            .prefetch_related("violations__recorded_by")
        )

    def _order(self, case, pk):
        return child_or_404(case.protective_orders.all(), pk)

    @extend_schema(methods=["GET"], responses=s.ProtectiveOrderSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=s.ProtectiveOrderSerializer,
        responses={201: s.ProtectiveOrderSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="protective-orders",
    )
    def protective_orders(self, request, code=None):
        """Protective orders protecting the person, each with its violations."""
        case = self.full_case()
        if request.method == "GET":
            return Response(s.ProtectiveOrderSerializer(self._orders(case), many=True).data)
        payload = s.ProtectiveOrderSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        order = services.order_record(actor=request.user, case=case, **payload.validated_data)
        self._log(case)
        return created(s.ProtectiveOrderSerializer(self._orders(case).get(pk=order.pk)).data)

    @extend_schema(request=s.ViolationSerializer, responses={201: s.ViolationSerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path=r"protective-orders/(?P<order_id>\d+)/violations",
    )
    def order_violations(self, request, code=None, order_id=None):
        """A breach of the order, on a day it was in force."""
        case = self.full_case()
        order = self._order(case, order_id)
        payload = s.ViolationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        violation = services.violation_record(
            actor=request.user, order=order, **payload.validated_data
        )
        self._log(case)
        return created(s.ViolationSerializer(violation).data)

    @extend_schema(request=s.RevokeSerializer, responses=s.ProtectiveOrderSerializer)
    @action(detail=True, methods=["post"], url_path=r"protective-orders/(?P<order_id>\d+)/revoke")
    def revoke_order(self, request, code=None, order_id=None):
        case = self.full_case()
        order = self._order(case, order_id)
        payload = s.RevokeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        order = services.order_revoke(
            actor=request.user, order=order, on=payload.validated_data.get("revoked_on")
        )
        self._log(case)
        return Response(s.ProtectiveOrderSerializer(self._orders(case).get(pk=order.pk)).data)

    @extend_schema(methods=["GET"], responses=s.RiskAssessmentSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=s.RiskAssessmentSerializer,
        responses={201: s.RiskAssessmentSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="risk-assessments",
    )
    def risk_assessments(self, request, code=None):
        """The risk checklist for a victim of violence; its level becomes the case's risk."""
        case = self.full_case()
        if request.method == "GET":
            items = case.risk_assessments.select_related("assessed_by")
            return Response(s.RiskAssessmentSerializer(items, many=True).data)
        payload = s.RiskAssessmentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        assessment = services.risk_assess(
            actor=request.user,
            case=case,
            answers=payload.validated_data["answers"],
            on=payload.validated_data.get("assessed_on"),
        )
        self._log(case)
        return created(s.RiskAssessmentSerializer(assessment).data)

    @extend_schema(methods=["GET"], responses=s.SafetyPlanSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=s.SafetyPlanSerializer,
        responses={201: s.SafetyPlanSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="safety-plans",
    )
    def safety_plans(self, request, code=None):
        """Safety plans; a new one replaces the current one."""
        case = self.full_case()
        if request.method == "GET":
            items = case.safety_plans.select_related("created_by")
            return Response(s.SafetyPlanSerializer(items, many=True).data)
        payload = s.SafetyPlanSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        plan = services.safety_plan_create(
            actor=request.user,
            case=case,
            steps=data["steps"],
            contacts=data.get("contacts", []),
            review_due=data["review_due"],
        )
        self._log(case)
        return created(s.SafetyPlanSerializer(plan).data)

    @extend_schema(request=s.SafetyReviewSerializer, responses=s.SafetyPlanSerializer)
    @action(detail=True, methods=["post"], url_path=r"safety-plans/(?P<plan_id>\d+)/review")
    def review_safety_plan(self, request, code=None, plan_id=None):
        """The current plan was gone through with the person and still holds."""
        case = self.full_case()
        plan = child_or_404(case.safety_plans.all(), plan_id)
        payload = s.SafetyReviewSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        plan = services.safety_plan_review(
            actor=request.user, plan=plan, next_review=payload.validated_data["next_review"]
        )
        self._log(case)
        return Response(s.SafetyPlanSerializer(plan).data)
