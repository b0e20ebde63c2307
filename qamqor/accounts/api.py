"""The signed-in user: /api/v1/me/ (their roles) and /api/v1/notices/ (their inbox)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from qamqor.accounts import selectors, services
from qamqor.accounts.models import Membership, Notice, User
from qamqor.accounts.notices import notice_kinds
from qamqor.audit import log


class MembershipSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Membership
        fields = ["organisation", "role"]


class MeSerializer(serializers.ModelSerializer):
    memberships = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "language", "memberships"]

    def get_memberships(self, user) -> list[dict]:
        active = user.memberships.filter(is_active=True).select_related("organisation")
        return MembershipSerializer(active, many=True).data


class MeView(APIView):
    """The signed-in user and their roles."""

    permission_classes = [IsAuthenticated]
    serializer_class = MeSerializer

    def get(self, request):
        return Response(MeSerializer(request.user).data)


class NoticeSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="code", read_only=True)
    kind_display = serializers.SerializerMethodField()
    case = serializers.CharField(source="case_code", read_only=True)

    class Meta:
        model = Notice
        fields = ["id", "kind", "kind_display", "case", "organisation", "raised_at", "read_at"]

    def get_kind_display(self, notice: Notice) -> str:
        kind = notice_kinds.get(notice.kind)
        return str(kind.label) if kind is not None else notice.kind


class NoticeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in user's notices, newest first (`unread=true`: only those not read); each
    is marked read with a POST to its `read/`. Another user's notice is a 404."""

    permission_classes = [IsAuthenticated]
    serializer_class = NoticeSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if not self.request.user.is_authenticated:  # the schema generator's request
            return Notice.objects.none()
        notices = selectors.inbox(self.request.user)
        if self.request.query_params.get("unread") == "true":
            notices = notices.filter(read_at__isnull=True)
        return notices

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        # The case codes shown are logged against their cases.
        log.record_many(request.user, log.Action.LIST, page, request)
        return self.get_paginated_response(NoticeSerializer(page, many=True).data)

    @extend_schema(request=None, responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notice = selectors.inbox(request.user).filter(pk=pk).first()
        if notice is None:
            raise Http404
        notice = services.notice_mark_read(actor=request.user, notice=notice)
        log.record(request.user, log.Action.CHANGE, notice, request)
        return Response(NoticeSerializer(notice).data)
