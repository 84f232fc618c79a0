from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from evaluation.models import Assessment, DeadlineOverride, EvaluationRun, YearResult


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ("organization", "year", "status", "total", "rating", "submitted_at", "reviewed_at")
    list_filter = ("year", "status", "rating")
    search_fields = ("organization__name", "organization__registration_code")
    raw_id_fields = ("organization", "board_by", "supervisor_by", "submitted_by", "reviewed_by")


@admin.register(YearResult)
class YearResultAdmin(admin.ModelAdmin):
    list_display = ("organization", "year", "size_class", "rating", "total")
    list_filter = ("year", "size_class", "rating")
    search_fields = ("organization__name",)
    raw_id_fields = ("organization",)


@admin.register(DeadlineOverride)
class DeadlineOverrideAdmin(SimpleHistoryAdmin):
    list_display = ("year", "step", "province", "due_on", "note")
    list_filter = ("year", "step")


@admin.register(EvaluationRun)
class EvaluationRunAdmin(admin.ModelAdmin):
    """The log of runs asked for from the year page (read only: the worker writes them)."""

    list_display = ("year", "province", "status", "processed", "total", "changed", "requested_by", "created_at", "finished_at")
    list_filter = ("year", "status")
    readonly_fields = [field.name for field in EvaluationRun._meta.fields]
