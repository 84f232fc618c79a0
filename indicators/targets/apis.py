"""REST API for targets (/api/v1/indicators/targets/) and plan versus actual
(/api/v1/indicators/plan-actual/): the same selectors and services as the pages.

Reading follows the list page (targets of the indicators the caller may see, in the scope asked
for); writing goes through `indicators.targets.services`, which refuses callers who may not manage
the place (403) and values that make no sense for the indicator (400, naming the field).
"""

from django.db import models
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import VietnameseDecimalField
from core.query import api_cleaned_query
from geo.models import AdminUnit
from indicators.apis import SCOPE, YEAR, TargetSerializer
from indicators.computations.common import today
from indicators.forms import IndicatorQueryForm, ScopeForm
from indicators.models import Indicator, Target
from indicators.permissions import can_manage_any_target, require_officer
from indicators.selectors import indicator_list
from indicators.targets.progress import plan_actual
from indicators.targets.selectors import target_get, target_list
from indicators.targets.services import target_delete, target_save


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
        target = target_get(user=self.request.user, pk=self.kwargs["pk"])
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


class PlanActualApi(APIView):
    """Plan versus actual for a year and place (officers only): kế hoạch | thực hiện (ước) | % đạt | tình trạng."""

    @extend_schema(
        parameters=[YEAR, SCOPE],
        responses=inline_serializer(
            "PlanActual",
            {
                "year": serializers.IntegerField(),
                "scope": serializers.CharField(),
                "rows": inline_serializer(
                    "PlanActualRow",
                    {
                        "indicator": serializers.CharField(),
                        "name": serializers.CharField(),
                        "target": TargetSerializer(),
                        "plan": serializers.CharField(),
                        "actual": serializers.DecimalField(max_digits=24, decimal_places=4, allow_null=True),
                        "percent": serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True),
                        "status": serializers.CharField(),
                        "status_label": serializers.CharField(),
                        "is_estimate": serializers.BooleanField(),
                    },
                    many=True,
                ),
            },
        ),
    )
    def get(self, request):
        require_officer(request.user)
        query = api_cleaned_query(IndicatorQueryForm(request.query_params, user=request.user, default_year=today().year))
        access, year = query["access"], query["year"]
        items = plan_actual(scope=access.scope, year=year)
        rows = [
            {
                "indicator": item.target.indicator.code,
                "name": item.target.indicator.name,
                "target": TargetSerializer(item.target).data,
                "plan": item.target.value_label,
                "actual": None if item.actual is None else round(item.actual, 4),
                "percent": None if item.percent is None else round(item.percent, 2),
                "status": item.status,
                "status_label": item.status_label,
                "is_estimate": item.is_estimate,
            }
            for item in items
        ]
        return Response({"year": year, "scope": access.scope.label, "rows": rows})
