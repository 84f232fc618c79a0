from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from programs.models import Assignment, Attachment, Notification, Program, ProgressReport, ReportTransition, Task, TaskGroup


class TaskGroupInline(admin.TabularInline):
    model = TaskGroup
    extra = 0


@admin.register(Program)
class ProgramAdmin(SimpleHistoryAdmin):
    list_display = ("decision_number", "title", "decision_date", "lead_agency", "is_published")
    search_fields = ("decision_number", "title", "search_text")
    inlines = [TaskGroupInline]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    raw_id_fields = ("agency",)


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ("number", "program", "group", "schedule", "deadline")
    list_filter = ("schedule", "program")
    search_fields = ("number", "content")
    inlines = [AssignmentInline]


class TransitionInline(admin.TabularInline):
    model = ReportTransition
    extra = 0
    readonly_fields = ("from_state", "to_state", "actor", "at", "comment")


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
    list_display = ("assignment", "period", "state", "progress", "percent_done", "due_date")
    list_filter = ("state", "progress", "period")
    raw_id_fields = ("assignment", "submitted_by", "reviewed_by")
    inlines = [TransitionInline, AttachmentInline]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("user", "message", "created_at", "read_at")
    raw_id_fields = ("user",)
