"""A case's needs assessments and eligibility decisions: /api/v1/cases/{code}/assessments/
and …/decisions/."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from qamqor.api.responses import created
from qamqor.cases import planning, services
from qamqor.cases import serializers as s
from qamqor.cases.models import (
    EligibilityDecision,
)
from qamqor.core.web import child_or_404


class DecisionRoutes:
    """Mixed into CaseViewSet (cases.api.base.CaseRoutes gives the case)."""

    # Assessments and eligibility

    @extend_schema(request=s.AssessmentSerializer, responses=s.AssessmentSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def assessments(self, request, code=None):
        case = self.full_case()
        if request.method == "GET":
            items = case.assessments.select_related("assessed_by").prefetch_related("needs")
            return Response(s.AssessmentSerializer(items, many=True).data)
        payload = s.AssessmentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        needs = {
            need["domain"]: (need["severity"], need.get("note", ""))
            for need in payload.validated_data["needs"]
        }
        assessment = planning.assessment_record(
            actor=request.user, case=case, needs=needs, on=payload.validated_data.get("assessed_on")
        )
        self._log(case)
        return created(s.AssessmentSerializer(assessment).data)

    @extend_schema(request=s.DecisionSerializer, responses=s.DecisionSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def decisions(self, request, code=None):
        case = self.full_case()
        if request.method == "GET":
            items = case.decisions.select_related(
                "group", "refusal_reason", "decided_by", "approved_by"
            )
            return Response(s.DecisionSerializer(items, many=True).data)
        payload = s.DecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        decision = services.decision_record(
            actor=request.user,
            case=case,
            group=data["group"],
            outcome=data["outcome"],
            refusal_reason=data.get("refusal_reason"),
            legal_basis=data.get("legal_basis", ""),
        )
        self._log(case)
        return created(s.DecisionSerializer(decision).data)

    def _decision(self, case, pk) -> EligibilityDecision:
        return child_or_404(case.decisions.all(), pk)

    @extend_schema(request=None, responses=s.DecisionSerializer)
    @action(detail=True, methods=["post"], url_path=r"decisions/(?P<decision_id>\d+)/approve")
    def approve_decision(self, request, code=None, decision_id=None):
        case = self.full_case()
        decision = services.decision_approve(
            actor=request.user, decision=self._decision(case, decision_id)
        )
        self._log(case)
        return Response(s.DecisionSerializer(decision).data)

    @extend_schema(request=s.NoteSerializer, responses=s.DecisionSerializer)
    @action(detail=True, methods=["post"], url_path=r"decisions/(?P<decision_id>\d+)/reject")
    def reject_decision(self, request, code=None, decision_id=None):
        case = self.full_case()
        payload = s.NoteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        decision = services.decision_reject(
            actor=request.user,
            decision=self._decision(case, decision_id),
            note=payload.validated_data["note"],
        )
        self._log(case)
        return Response(s.DecisionSerializer(decision).data)
