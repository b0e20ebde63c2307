"""The signed-in user and their roles: /api/v1/me/."""

from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from qamqor.accounts.models import Membership, User


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
