"""REST endpoints for programs, tasks, assignments and progress reports, with workflow actions.

Thin: the same selectors scope what is listed and the same services check and write, so the
API refuses exactly what the pages refuse.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework import permissions as drf_permissions
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from core.api import version_of
from core.query import api_cleaned_query
from programs import permissions, selectors, services
from programs.forms import BoardFilterForm
from programs.models import Assignment, Program, ProgressReport, ReportTransition, Task, TaskGroup
from programs.status import TaskStatus


class TaskGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaskGroup
        fields = ["id", "number", "title", "provenance"]


class ProgramSerializer(serializers.ModelSerializer):
    lead_agency_name = serializers.CharField(source="lead_agency.name", read_only=True)
    groups = TaskGroupSerializer(many=True, read_only=True)

    class Meta:
        model = Program
        fields = [
            "id",
            "title",
            "decision_number",
            "decision_date",
            "issuer",
            "signer",
            "implements",
            "purposes",
            "requirements",
            "start_date",
            "end_date",
            "lead_agency",
            "lead_agency_name",
            "province",
            "is_published",
            "provenance",
            "groups",
        ]


class AssignmentSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "task", "agency", "agency_name", "role"]


class TaskSerializer(serializers.ModelSerializer):
    assignments = AssignmentSerializer(many=True, read_only=True)
    indicators = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Task
        fields = [
            "id",
            "program",
            "group",
            "number",
            "content",
            "schedule",
            "deadline",
            "due_month",
            "due_day",
            "timeframe_text",
            "expected_output",
            "provenance",
            "assignments",
            "indicators",
        ]


class TransitionSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()
    to_state = serializers.CharField()

    class Meta:
        model = ReportTransition
        fields = ["from_state", "to_state", "actor", "at", "comment"]


class ProgressReportSerializer(serializers.ModelSerializer):
    transitions = TransitionSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "assignment",
            "period",
            "due_date",
            "state",
            "progress",
            "percent_done",
            "completed_on",
            "results",
            "difficulties",
            "proposals",
            "review_comment",
            "submitted_at",
            "reviewed_at",
            "version",
            "transitions",
        ]
        read_only_fields = [
            "assignment",
            "period",
            "due_date",
            "state",
            "review_comment",
            "submitted_at",
            "reviewed_at",
            "transitions",
        ]


class ReportStartSerializer(serializers.Serializer):
    assignment = serializers.IntegerField()
    period = serializers.CharField(max_length=10)


class ProgressReviewSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class BoardCellSerializer(serializers.Serializer):
    task = serializers.IntegerField(source="assignment.task_id")
    task_number = serializers.CharField(source="assignment.task.number")
    agency = serializers.IntegerField(source="assignment.agency_id")
    role = serializers.CharField(source="assignment.role")
    period = serializers.CharField(source="period.key")
    deadline = serializers.DateField()
    status = serializers.ChoiceField(choices=TaskStatus.choices)
    report_state = serializers.CharField(source="state")


class BoardSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    task_total = serializers.IntegerField()
    completion_rate = serializers.FloatField()
    status_counts = serializers.DictField(child=serializers.IntegerField())
    cells = BoardCellSerializer(many=True)


class ProgramViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProgramSerializer
    permission_classes = [drf_permissions.AllowAny]
    filterset_fields = ["is_published", "lead_agency"]

    def get_queryset(self):
        return selectors.programs_visible_to(self.request.user).prefetch_related("groups")

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="Năm theo dõi")],
        responses=BoardSerializer,
        summary="Tình trạng nhiệm vụ theo cơ quan trong một năm",
    )
    @action(detail=True, methods=["get"])
    def board(self, request, pk=None):
        program = self.get_object()
        year = api_cleaned_query(BoardFilterForm(request.query_params, program=program))["year"]
        board = selectors.program_board(program=program, year=year)
        data = {
            "year": year,
            "task_total": board.task_total,
            "completion_rate": round(board.completion_rate, 1),
            "status_counts": {status.value: count for status, count in board.status_counts()},
            "cells": board.cells,
        }
        return Response(BoardSerializer(data).data)


class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TaskSerializer
    permission_classes = [drf_permissions.AllowAny]
    filterset_fields = ["program", "group", "schedule"]

    def get_queryset(self):
        return (
            Task.objects.filter(program__in=selectors.programs_visible_to(self.request.user))
            .select_related("program", "group")
            .prefetch_related("assignments__agency", "indicators")
            .order_by("program", "sort_key")
        )


class AssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AssignmentSerializer
    permission_classes = [drf_permissions.AllowAny]
    filterset_fields = ["task", "agency", "role"]

    def get_queryset(self):
        return selectors.assignments_visible_to(self.request.user).order_by("task__sort_key", "-role")


class ProgressReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """Reports are visible to the province's officers; only the assigned agency writes its own;
    the program's lead department reviews (submit → return with a comment / approve)."""

    serializer_class = ProgressReportSerializer
    permission_classes = [drf_permissions.IsAuthenticated]
    filterset_fields = ["assignment", "period", "state", "assignment__task", "assignment__agency"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.reports_visible_to(self.request.user).prefetch_related("transitions__actor").order_by("id")

    @extend_schema(
        request=ReportStartSerializer, responses={201: ProgressReportSerializer}, summary="Mở (tạo) báo cáo của một kỳ"
    )
    def create(self, request, *args, **kwargs):
        data = ReportStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assignment = selectors.assignments_visible_to(request.user).filter(pk=data.validated_data["assignment"]).first()
        if assignment is None:
            raise NotFound()
        report = services.report_start(actor=request.user, assignment=assignment, period_key=data.validated_data["period"])
        return Response(self.get_serializer(report).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        report = self.get_object()
        if not permissions.can_write_report(request.user, report.assignment):
            raise PermissionDenied(_("Chỉ cán bộ của cơ quan được phân công mới được sửa báo cáo này."))
        expected = version_of(request.data)
        serializer = self.get_serializer(report, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        for name, value in serializer.validated_data.items():
            if name != "version":
                setattr(report, name, value)
        services.report_save(actor=request.user, report=report, expected_version=expected)
        return Response(self.get_serializer(report).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def _act(self, request, service, **kwargs):
        report = self.get_object()
        report = service(actor=request.user, report=report, **kwargs)
        report = self.get_queryset().get(pk=report.pk)
        return Response(self.get_serializer(report).data)

    @extend_schema(request=None, summary="Gửi báo cáo")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._act(request, services.report_submit)

    @extend_schema(request=ProgressReviewSerializer, summary="Trả lại báo cáo (bắt buộc ý kiến)")
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        data = ProgressReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._act(request, services.report_return, comment=data.validated_data["comment"])

    @extend_schema(request=ProgressReviewSerializer, summary="Duyệt báo cáo (khóa báo cáo)")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        data = ProgressReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._act(request, services.report_approve, comment=data.validated_data["comment"])
