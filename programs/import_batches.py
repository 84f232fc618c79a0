"""Import batches of a program's task table (imports.foreign): the recorded commit, its undo, and
who may manage it.

A commit keeps one batch row per task group or task it wrote (`data["model"]`); for an updated
task, the previous values of the fields the table sets and its previous assignments. Undo takes
the tasks back first (deleting created ones with their assignments, restoring updated ones
through `task_save`), then the groups; refused when a task moved on since the import (its
version), a created task already has progress reports, or a group was renamed or got other tasks.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Agency
from imports.foreign import ForeignKind, Written, batch_close, batch_open, stamp, undo_versioned
from imports.kinds import ImportKind
from imports.models import ImportBatch
from imports.services import ImportRefused, changed_since, commit_reason
from programs import permissions, services
from programs.models import Assignment, Program, ProgressReport, Task, TaskGroup


@transaction.atomic
def task_table_commit_recorded(*, actor, program: Program, preview: dict) -> tuple[dict[str, int], ImportBatch]:
    """`services.task_table_commit` of a preview kept in the session (its rows, sheet and file
    facts), recorded as an import batch; returns the counts and the batch."""
    # A preview kept before batches were recorded has no file facts: the batch still records the commit.
    facts = preview.get("file") or {"file_name": "?", "file_hash": "", "file_size": 0}
    batch = batch_open(actor=actor, kind=ImportKind.PROGRAM_TASKS, **facts)
    journal: list[Written] = []
    counts = services.task_table_commit(
        actor=actor, program=program, rows=preview["rows"], journal=journal, reason=commit_reason(batch)
    )
    for entry in journal:
        entry.sheet = preview["sheet"]
    total = len(preview["rows"])
    return counts, batch_close(batch=batch, written=journal, total=total, unchanged=total - len(journal))


def batch_undo_tasks(*, actor, batch, rows, reason) -> None:
    task_rows = [row for row in rows if row.data.get("model") == "task"]
    group_rows = [row for row in rows if row.data.get("model") == "group"]
    created_tasks = [row.target_id for row in task_rows if row.result == "created"]
    if ProgressReport.objects.filter(assignment__task_id__in=created_tasks).exists():
        raise ImportRefused(_("Không hoàn tác được: một nhiệm vụ của lô này đã có báo cáo tiến độ."))
    groups = TaskGroup.objects.in_bulk([row.target_id for row in group_rows])
    for row in group_rows:
        group = groups.get(row.target_id)
        if group is None or ("title" in row.diff and group.title != row.diff["title"][1]):
            raise changed_since(row.sheet, row.row_number)

    def delete_task(task: Task) -> None:
        for assignment in task.assignments.all():
            stamp(assignment, actor=actor, reason=reason).delete()
        task.delete()

    def restore_task(task: Task, row) -> None:
        previous = row.data.get("assignments") or []
        agencies = Agency.objects.in_bulk([agency_id for agency_id, _role in previous])
        lead = next((agencies[a] for a, role in previous if role == Assignment.Role.LEAD), None)
        coordinating = [agencies[a] for a, role in previous if role != Assignment.Role.LEAD]
        services.task_save(
            actor=actor,
            task=task,
            lead_agency=lead,
            coordinating_agencies=coordinating,
            expected_version=row.result_version,
            check_permission=False,
        )

    undo_versioned(model=Task, rows=task_rows, actor=actor, reason=reason, restore=restore_task, delete=delete_task)
    for row in group_rows:
        group = stamp(groups[row.target_id], actor=actor, reason=reason)
        if row.result == "created":
            if group.tasks.exists():
                raise ImportRefused(
                    _("Không hoàn tác được: nhóm nhiệm vụ “%(title)s” đã có nhiệm vụ được thêm sau khi nhập.")
                    % {"title": group.title}
                )
            group.delete()
        else:
            group.title = row.diff["title"][0]
            group.save()


def can_manage_batch(user, batch) -> bool:
    """Those who manage the program the table was imported into."""
    row = batch.rows.first()
    program = Program.objects.filter(pk=row.data.get("program_id")).first() if row else None
    return program is not None and permissions.can_manage_program(user, program)


def foreign_kinds() -> dict:
    """Provider of imports.hooks.foreign_kinds (registered in ProgramsConfig.ready)."""
    return {ImportKind.PROGRAM_TASKS: ForeignKind(Task, batch_undo_tasks, can_manage_batch)}
