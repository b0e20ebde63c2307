"""A case's closure: /api/v1/cases/{code}/closures/."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from qamqor.api.responses import created
from qamqor.cases import serializers as s
from qamqor.cases import services
from qamqor.cases.models import (
    Closure,
)
from qamqor.core.web import child_or_404


class ClosureRoutes:
    """Mixed into CaseViewSet (cases.api.base.CaseRoutes gives the case)."""

    # Closure

    @extend_schema(request=s.ClosureSerializer, responses=s.ClosureSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def closures(self, request, code=None):
        case = self.full_case()
        if request.method == "GET":
            items = case.closures.select_related("requested_by", "approved_by")
            return Response(s.ClosureSerializer(items, many=True).data)
        payload = s.ClosureSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        closure = services.closure_request(actor=request.user, case=case, **payload.validated_data)
        self._log(case)
        return created(s.ClosureSerializer(closure).data)

    def _closure(self, case, pk) -> Closure:
        return child_or_404(case.closures.all(), pk)

    @extend_schema(request=None, responses=s.ClosureSerializer)
    @action(detail=True, methods=["post"], url_path=r"closures/(?P<closure_id>\d+)/approve")
    def approve_closure(self, request, code=None, closure_id=None):
        case = self.full_case()
        closure = services.closure_approve(
            actor=request.user, closure=self._closure(case, closure_id)
        )
        self._log(case)
        return Response(s.ClosureSerializer(closure).data)

    @extend_schema(request=None, responses=s.ClosureSerializer)
    @action(detail=True, methods=["post"], url_path=r"closures/(?P<closure_id>\d+)/followup")
    def closure_followup(self, request, code=None, closure_id=None):
        """Record that the follow-up after closure was done (today)."""
        case = self.full_case()
        closure = services.followup_record(
            actor=request.user, closure=self._closure(case, closure_id)
        )
        self._log(case)
        return Response(s.ClosureSerializer(closure).data)

    @extend_schema(request=s.NoteSerializer, responses=s.ClosureSerializer)
    @action(detail=True, methods=["post"], url_path=r"closures/(?P<closure_id>\d+)/reject")
    def reject_closure(self, request, code=None, closure_id=None):
        case = self.full_case()
        payload = s.NoteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        closure = services.closure_reject(
            actor=request.user,
            closure=self._closure(case, closure_id),
            note=payload.validated_data["note"],
        )
        self._log(case)
        return Response(s.ClosureSerializer(closure).data)
