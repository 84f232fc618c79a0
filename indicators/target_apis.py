"""REST API for targets (/api/v1/indicators/targets/): the same selector and services as the pages.

Reading follows the list page (targets of the indicators the caller may see, in the scope asked
for); writing goes through `target_services`, which refuses callers who may not manage the place
(403) and values that make no sense for the indicator (400, naming the field).
"""

from django.db import models
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets

from core.api import VietnameseDecimalField
from core.query import api_cleaned_query
from geo.models import AdminUnit
from indicators.apis import SCOPE
from indicators.forms import ScopeForm
from indicators.models import Indicator, Target
from indicators.selectors import indicator_list, target_list
from indicators.target_services import can_manage_any_target, target_delete, target_save


class TargetWriteSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", queryset=Indicator.objects.all())
    scope_unit = serializers.PrimaryKeyRelatedField(
        queryset=AdminUnit.objects.all(), allow_null=True, required=False, help_text="Trống: cả nước"
    )
    scope_level = serializers.CharField(read_only=True)
    history = serializers.SerializerMethodField()

    # Values as JSON numbers or as Vietnamese text ("35.000", "4,5"), read as on the pages.
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DecimalField: VietnameseDecimalField,
    }

    class Meta:
        model = Target
        fields = (
            "id",
            "indicator",
            "scope_level",
            "scope_unit",
            "start_year",
            "year",
            "value_min",
            "value_max",
            "accumulation",
            "baseline_value",
            "document",
            "document_date",
            "verification",
            "note",
            "history",
        )
        validators = []  # the service checks duplicates (and names the field)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["indicator"].queryset = indicator_list(user=request.user)

    def get_history(self, target) -> list[dict]:
        """Who changed the target and when, newest first."""
        return [
            {"when": record.history_date, "who": str(record.history_user or ""), "action": record.history_type}
            for record in target.history.select_related("history_user").order_by("-history_date")[:20]
        ]


class ManagesTargets(permissions.BasePermission):
    """Writes only by those who may manage some targets (the service then checks the place)."""

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or can_manage_any_target(request.user)


@extend_schema_view(list=extend_schema(parameters=[SCOPE]))
class TargetViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Targets: everyone reads those of the indicators they may see; administrators and province
    officers (their province and its communes) set, change and delete them."""

    serializer_class = TargetWriteSerializer
    # Ids are numbers: `/targets/false/` is no route (404), not a lookup that fails in the database.
    lookup_value_regex = r"\d+"
    permission_classes = [ManagesTargets]
    queryset = Target.objects.none()  # for the schema; get_queryset scopes by user

    def get_queryset(self):
        user = self.request.user
        if self.action == "list":
            access = api_cleaned_query(ScopeForm(self.request.query_params, user=user))["access"]
            return target_list(user=user, scope=access.scope)
        return Target.objects.select_related("indicator", "scope_unit").filter(indicator__in=indicator_list(user=user))

    def get_object(self):
        target = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if target is None:
            raise Http404
        return target

    def perform_create(self, serializer):
        serializer.instance = target_save(user=self.request.user, target=Target(**serializer.validated_data))

    def perform_update(self, serializer):
        target = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(target, name, value)
        target_save(user=self.request.user, target=target)

    def perform_destroy(self, instance):
        target_delete(user=self.request.user, target=instance)
