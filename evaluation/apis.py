"""REST endpoints: rule sets (read), classification results, assessments and their workflow actions.
Thin: the same selectors (scoping) and services (permission + validation) as the pages."""

import dataclasses
import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from evaluation import services
from evaluation.models import Assessment, YearResult
from evaluation.rulesets import all_rule_sets, rule_set
from evaluation.selectors import assessments_visible_to, results_visible_to
from registry.selectors import organizations_visible_to


def _plain(value):
    """Dataclasses of the rule files as JSON-friendly values."""
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class RuleSetSummarySerializer(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField()
    document = serializers.CharField(source="source.document")
    effective_from = serializers.DateField()
    effective_to = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()
    supersedes = serializers.CharField(help_text="Mã bộ quy tắc mà bộ này sửa (bản trước còn dùng để đọc kết quả đã lưu).")


class RuleSetViewSet(viewsets.ViewSet):
    """Versioned rule sets (size classification, criteria, deadlines) with sources and verification status."""

    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"[^/]+"

    @extend_schema(responses=RuleSetSummarySerializer(many=True))
    def list(self, request):
        return Response(RuleSetSummarySerializer(all_rule_sets(), many=True).data)

    @extend_schema(responses={200: OpenApiResponse(description="Toàn bộ bộ quy tắc, kèm trạng thái kiểm chứng từng mục")})
    def retrieve(self, request, pk=None):
        try:
            return Response(_plain(rule_set(pk)))
        except LookupError as error:
            raise NotFound(str(error)) from error


class YearResultSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = YearResult
        fields = [
            "id",
            "organization",
            "organization_name",
            "year",
            "has_report",
            "size_rules",
            "size_class",
            "size_reason",
            "size_provisional",
            "criteria_set",
            "rating",
            "rating_reason",
            "total",
            "rating_provisional",
        ]


class YearResultFilter(filters.FilterSet):
    commune = filters.NumberFilter(field_name="organization__commune")

    class Meta:
        model = YearResult
        fields = ["year", "organization", "rating", "size_class"]


class ClassificationViewSet(viewsets.ReadOnlyModelViewSet):
    """Size class and rating of each organization per year (computed by `evaluate_year`)."""

    serializer_class = YearResultSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = YearResultFilter

    def get_queryset(self):
        return results_visible_to(self.request.user).order_by("-year", "organization__name")


class AssessmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Assessment
        fields = [
            "id",
            "organization",
            "year",
            "criteria_set",
            "status",
            "scores",
            "prefills",
            "override_reasons",
            "total",
            "rating",
            "board_by",
            "board_at",
            "supervisor_name",
            "supervisor_comment",
            "supervisor_by",
            "supervisor_at",
            "late_reason",
            "submitted_by",
            "submitted_at",
            "review_comment",
            "reviewed_by",
            "reviewed_at",
            "version",
        ]
        read_only_fields = fields


class StartSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class ScoresSerializer(serializers.Serializer):
    scores = serializers.DictField(child=serializers.CharField(allow_blank=True))
    override_reasons = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    version = serializers.IntegerField(required=False)


class ConfirmSerializer(serializers.Serializer):
    supervisor_name = serializers.CharField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class SubmitSerializer(serializers.Serializer):
    late_reason = serializers.CharField(required=False, allow_blank=True, default="")


class AssessmentReviewSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


def _run(call):
    try:
        return call()
    except DjangoValidationError as error:
        raise ApiValidationError({"detail": error.messages}) from error


class AssessmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Assessments visible to the user; workflow steps as actions (permission checked by the services)."""

    serializer_class = AssessmentSerializer
    permission_classes = [IsAuthenticated]
    filterset_fields = ["year", "organization", "status"]

    def get_queryset(self):
        return assessments_visible_to(self.request.user).order_by("-year", "organization__name")

    def _respond(self, assessment, code=status.HTTP_200_OK):
        return Response(AssessmentSerializer(assessment).data, status=code)

    @extend_schema(request=StartSerializer, responses={201: AssessmentSerializer})
    def create(self, request):
        data = StartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        organization = get_object_or_404(organizations_visible_to(request.user), pk=data.validated_data["organization"])
        assessment = _run(
            lambda: services.assessment_start(user=request.user, organization=organization, year=data.validated_data["year"])
        )
        return self._respond(assessment, status.HTTP_201_CREATED)

    @extend_schema(request=ScoresSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def scores(self, request, pk=None):
        data = ScoresSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        return self._respond(
            _run(
                lambda: services.assessment_save_scores(
                    user=request.user,
                    assessment=self.get_object(),
                    scores=values["scores"],
                    override_reasons=values.get("override_reasons"),
                    expected_version=values.get("version"),
                )
            )
        )

    @extend_schema(request=ConfirmSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        data = ConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._respond(
            _run(
                lambda: services.assessment_confirm(
                    user=request.user,
                    assessment=self.get_object(),
                    supervisor_name=data.validated_data["supervisor_name"],
                    comment=data.validated_data["comment"],
                )
            )
        )

    @extend_schema(request=SubmitSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        data = SubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._respond(
            _run(
                lambda: services.assessment_submit(
                    user=request.user, assessment=self.get_object(), late_reason=data.validated_data["late_reason"]
                )
            )
        )

    @extend_schema(request=AssessmentReviewSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        data = AssessmentReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._respond(
            _run(
                lambda: services.assessment_accept(
                    user=request.user, assessment=self.get_object(), comment=data.validated_data["comment"]
                )
            )
        )

    @extend_schema(request=AssessmentReviewSerializer, responses=AssessmentSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        data = AssessmentReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._respond(
            _run(
                lambda: services.assessment_return(
                    user=request.user, assessment=self.get_object(), comment=data.validated_data["comment"]
                )
            )
        )
