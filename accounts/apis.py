"""Account endpoints: obtain a token with username and password, and read who you are."""

import datetime as dt

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.models import User
from accounts.tokens import refuse_until_password_changed, token_expires_at


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


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(source="key", read_only=True)
    expires_at = serializers.SerializerMethodField()

    def get_expires_at(self, token) -> dt.datetime:
        return serializers.DateTimeField().to_representation(token_expires_at(token))


class TokenApi(ObtainAuthToken):
    """POST username and password; returns the user's token (header `Authorization: Token <token>`)."""

    def get_serializer_context(self):
        # The Django request, not DRF's wrapper: django-axes marks a locked-out attempt on the request
        # it is given, and its middleware (which sees only the Django request) answers 429 for it.
        return {**super().get_serializer_context(), "request": self.request._request}

    @extend_schema(request=AuthTokenSerializer, responses=TokenSerializer)
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        refuse_until_password_changed(user)
        token = services.token_for(user=user)
        return Response(TokenSerializer(token).data)
