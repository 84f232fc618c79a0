"""Account endpoints: obtain a token with username and password, and read who you are."""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User


class MeSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "position", "agency", "province", "commune", "roles"]
        read_only_fields = fields

    def get_roles(self, user) -> list[str]:
        return sorted(user.roles)


class MeApi(APIView):
    """The signed-in user, their roles and jurisdiction (what the other endpoints scope by)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class TokenApi(ObtainAuthToken):
    """POST username and password; returns the user's token (header `Authorization: Token <token>`)."""

    def get_serializer_context(self):
        # The Django request, not DRF's wrapper: django-axes marks a locked-out attempt on the request
        # it is given, and its middleware (which sees only the Django request) answers 429 for it.
        return {**super().get_serializer_context(), "request": self.request._request}
