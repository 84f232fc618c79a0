"""A program's task table as a kind of the one import pipeline (imports.foreign): its stage
(the table read from XLSX or the decision itself, DOCX or a PDF with a text layer, by
programs.task_table), its commit (programs.services.task_table_commit), undo and who may import.

Without a chosen program, the decision's header (number, date, issuer, title:
programs.decision_header) describes the program the commit creates; the preview says so. A
commit keeps one batch row per task group or task it wrote (`data["model"]`), for an updated task
the previous values of the fields the table sets and its previous assignments, and a row for the
program it created. Undo takes the tasks back first (deleting created ones with their
assignments, restoring updated ones through `task_save`), then the groups, then the program;
refused when a task moved on since the import (its version), a created task already has progress
reports, or a group was renamed or got other tasks.
"""

import datetime as dt
from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import Agency
from imports.documents import document_format
from imports.foreign import ForeignKind, cell_error, staged, stamp, undo_versioned
from imports.kinds import ImportKind
from imports.models import BatchStatus, ImportBatch, ImportRow, RowAction
from imports.reader import FileRefused
from imports.services import ImportRefused, changed_since
from imports.staging import StageResult
from programs import agency_answers, permissions, services
from programs.decision_header import DecisionHeader, decision_header
from programs.models import Assignment, Program, ProgressReport, Task, TaskGroup
from programs.task_table import TASK_TABLE, TableRefused, locate_header, parse_task_table, read_rows


def _header_of(content: bytes, file_name: str) -> DecisionHeader:
    """The decision's header: read from the document itself (its paragraphs and the two-column
    header table), or from a sheet's title rows above the task table."""
    if document_format(content):
        return decision_header(content) or DecisionHeader()
    _sheet, rows, merged = read_rows(content, file_name)
    header_row = locate_header(rows, merged)[0]
    return decision_header([" ".join(str(cell) for cell in row if cell not in ("", None)) for row in rows[:header_row]])


def _new_program(batch, header: DecisionHeader) -> Program:
    """The program a decision describes (not saved: the commit creates it), for reading its table."""
    if not header.complete:
        raise FileRefused(
            _(
                "Chưa chọn chương trình và không đọc được đủ số, ngày, cơ quan ban hành và tên của quyết định "
                "ở đầu tệp (đọc được: số “%(number)s”, ngày “%(date)s”, “%(issuer)s”, “%(title)s”). Hãy chọn "
                "chương trình có sẵn, hoặc tải lên chính văn bản quyết định (DOCX, PDF có lớp văn bản)."
            )
            % {
                "number": header.number,
                "date": header.date.strftime("%d/%m/%Y") if header.date else "",
                "issuer": header.issuer,
                "title": header.title,
            }
        )
    period = header.period()
    end = dt.date(period[1], 12, 31) if period else dt.date(header.date.year + 4, 12, 31)
    user = batch.created_by
    return Program(
        title=header.title[:400],
        decision_number=header.number[:60],
        decision_date=header.date,
        issuer=header.issuer[:200],
        start_date=header.date,
        end_date=max(end, header.date),
        lead_agency_id=user.agency_id,
        province_id=getattr(user, "province_id", None),
    )


def _program_of_decision(batch, header: DecisionHeader) -> Program | None:
    """The program already made from this decision (imported before): the import goes into it,
    so importing the same decision again changes nothing."""
    if not (header.number and header.date):
        return None
    program = Program.objects.filter(decision_number=header.number, decision_date=header.date).first()
    if program is None:
        return None
    if not permissions.can_manage_program(batch.created_by, program):
        raise FileRefused(
            _("Quyết định số %(number)s đã có chương trình “%(title)s” mà bạn không quản lý.")
            % {"number": header.number, "title": program.title}
        )
    batch.options["program_id"] = program.pk
    return program


def _program(batch, content: bytes) -> Program:
    program_id = batch.options.get("program_id")
    if program_id:
        program = Program.objects.filter(pk=program_id).first()
        if program is None:
            raise FileRefused(_("Chương trình đã chọn không còn trong hệ thống."))
        return program
    header = _header_of(content, batch.file_name)
    existing = _program_of_decision(batch, header)
    if existing is not None:
        return existing
    program = _new_program(batch, header)
    batch.options["program"] = {
        "title": program.title,
        "decision_number": program.decision_number,
        "decision_date": program.decision_date.isoformat(),
        "issuer": program.issuer,
        "start_date": program.start_date.isoformat(),
        "end_date": program.end_date.isoformat(),
    }
    return program


def _by_line(found) -> dict[int, list]:
    lines: dict[int, list] = {}
    for error in found:
        lines.setdefault(error.row, []).append(cell_error(error.column, error.message))
    return lines


def _staged_rows(program: Program, result) -> list:
    """The parsed rows with their errors, warnings and what committing each would do, then the
    errors of lines that gave no row."""
    errors = _by_line(result.errors)
    warnings = _by_line(result.warnings)
    groups = {g.number: g for g in program.groups.all()} if program.pk else {}
    ids = {i for row in result.rows for i in [row.lead_id, *row.coordinating_ids] if i}
    agencies = Agency.objects.in_bulk(ids)
    rows = []
    for parsed in result.rows:
        label = " — ".join(
            part for part in (f"{parsed.number}. {parsed.content}", parsed.lead_name, parsed.timeframe_text) if part
        )
        data = asdict(parsed) | {"_label": label[:300]}
        row_errors, row_warnings = errors.pop(parsed.row, []), warnings.pop(parsed.row, [])
        if row_errors:
            rows.append(staged(result.sheet, parsed.row, RowAction.REJECT, data, errors=row_errors, warnings=row_warnings))
            continue
        action, target_id, version = services.task_table_action(program, data, groups, agencies)
        rows.append(
            staged(result.sheet, parsed.row, action, data, target_id=target_id, target_version=version, warnings=row_warnings)
        )
    for line, row_errors in sorted(errors.items()):
        rows.append(staged(result.sheet, line, RowAction.REJECT, {}, errors=row_errors))
    return rows


def _remembered_choices(batch, program: Program) -> tuple[dict, int | None]:
    """The answers about agencies of the last committed import into the program, for a new batch
    of it that has none: by name always, by row only for the same file (rows of another file are
    other tasks). (answers, the batch they come from)."""
    if not program.pk:
        return {}, None
    previous = (
        ImportBatch.objects.filter(kind=ImportKind.PROGRAM_TASKS, status=BatchStatus.COMMITTED, options__program_id=program.pk)
        .exclude(pk=batch.pk)
        .order_by("-committed_at")
        .first()
    )
    if previous is None or not previous.options.get("agency_choices"):
        return {}, None
    same_file = previous.file_hash == batch.file_hash
    choices = {
        text: agency_id
        for text, agency_id in previous.options["agency_choices"].items()
        if same_file or not text.split(":", 1)[0].isdigit()
    }
    return choices, previous.pk


def _agency_choices(batch, program: Program, notices: list) -> dict[str, int]:
    """The person's answers in this batch's preview (programs.agency_answers), or those remembered."""
    if "agency_choices" in batch.options:
        return batch.options["agency_choices"]
    choices, source = _remembered_choices(batch, program)
    if choices:
        batch.options["agency_choices"] = choices
        notices.append(
            _("Dùng lại %(count)s lựa chọn cơ quan của lô nhập #%(id)s vào chương trình này.")
            % {"count": len(choices), "id": source}
        )
    return choices


def _headings(result) -> list[dict]:
    """The section rows ("1." over "a)" tasks) the preview shows: not written, their tasks are."""
    return [{"row": h.row, "number": h.number, "content": h.content, "level": h.level} for h in result.headings]


def stage(*, batch, content: bytes, progress=None) -> StageResult:
    """imports.foreign.KindStage: the task table read and compared with the program's tasks."""
    notices = []
    try:
        program = _program(batch, content)
        choices = _agency_choices(batch, program, notices)
        result = parse_task_table(content, program=program, filename=batch.file_name, agency_choices=choices)
    except TableRefused as error:
        raise FileRefused(str(error)) from error
    batch.file_format = document_format(content) or batch.file_name.rsplit(".", 1)[-1].lower()[:8]
    if not program.pk:
        notices.append(
            _(
                "Chưa chọn chương trình: khi ghi, hệ thống tạo chương trình “%(title)s” theo quyết định số %(number)s ngày %(date)s của %(issuer)s."
            )
            % {
                "title": program.title,
                "number": program.decision_number,
                "date": program.decision_date.strftime("%d/%m/%Y"),
                "issuer": program.issuer,
            }
        )
    if progress is not None:  # a decision's table is read at once: its rows are then counted
        progress(read=len(result.rows), total=len(result.rows))
    rows = _staged_rows(program, result)
    headers = [column.header for column in TASK_TABLE.columns]
    sheet = {"name": result.sheet, "headers": headers, "headings": _headings(result)}
    return StageResult(rows=rows, new_rows=[], notices=notices, sheets=[sheet], total=len(rows))


def _program_for_commit(*, actor, batch, reason: str) -> Program:
    """The chosen program, or the one the decision describes, created now and kept as a batch row."""
    program_id = batch.options.get("program_id")
    if program_id:
        return Program.objects.get(pk=program_id)
    values = dict(batch.options["program"])
    for name in ("decision_date", "start_date", "end_date"):
        values[name] = dt.date.fromisoformat(values[name])
    program = Program(**values, lead_agency_id=actor.agency_id, province_id=getattr(actor, "province_id", None))
    program._change_reason = reason
    services.program_create(actor=actor, program=program)
    ImportRow.objects.create(
        batch=batch,
        sheet="",
        row_number=0,
        action=RowAction.CREATE,
        data={"model": "program", "program_id": program.pk},
        target_id=program.pk,
        result="created",
        result_version=program.version,
    )
    batch.options["program_id"] = program.pk
    return program


def commit(*, actor, batch, rows: list, reason: str) -> int:
    """imports.foreign.KindCommit: the staged rows written by `task_table_commit`."""
    try:
        program = _program_for_commit(actor=actor, batch=batch, reason=reason)
        journal = []
        services.task_table_commit(actor=actor, program=program, rows=[row.data for row in rows], journal=journal, reason=reason)
    except ValidationError as error:
        raise ImportRefused(error.messages) from error
    by_number = {row.row_number: row for row in rows}
    for entry in journal:
        row = by_number[entry.row_number]
        row.target_id, row.result_version, row.diff = entry.target_id, entry.version, entry.diff
        row.data = {**row.data, **entry.data}
        row.result = "created" if entry.created else "updated"
    return len(journal)


def can_import(user, options: dict) -> bool:
    """Only those who manage the chosen program import its tasks; without one, those who may
    create a program (the commit creates it)."""
    program_id = options.get("program_id")
    if not program_id:
        return permissions.can_create_program(user)
    program = Program.objects.filter(pk=program_id).first()
    return program is not None and permissions.can_manage_program(user, program)


def batch_undo_tasks(*, actor, batch, rows, reason) -> None:
    program_rows = [row for row in rows if row.data.get("model") == "program"]
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
    _undo_program(rows=program_rows, actor=actor, reason=reason)


def _undo_program(*, rows, actor, reason) -> None:
    """Delete the program the batch created, once its groups and tasks are gone."""
    for row in rows:
        program = Program.objects.filter(pk=row.target_id).first()
        if program is None or program.version != row.result_version:
            raise changed_since(row.sheet or "—", row.row_number)
        if program.groups.exists() or program.tasks.exists():
            raise ImportRefused(
                _("Không hoàn tác được: chương trình “%(title)s” đã có nhiệm vụ được thêm sau khi nhập.")
                % {"title": program.title}
            )
        stamp(program, actor=actor, reason=reason).delete()


def can_manage_batch(user, batch) -> bool:
    """Those who manage the program the table was (or is to be) imported into."""
    program_id = batch.options.get("program_id")
    if not program_id:
        row = batch.rows.exclude(result="").first()
        program_id = row.data.get("program_id") if row else None
    program = Program.objects.filter(pk=program_id).first() if program_id else None
    return program is not None and permissions.can_manage_program(user, program)


def foreign_kinds() -> dict:
    """Provider of imports.hooks.foreign_kinds (registered in ProgramsConfig.ready)."""
    return {
        ImportKind.PROGRAM_TASKS: ForeignKind(
            model=Task,
            stage=stage,
            commit=commit,
            undo=batch_undo_tasks,
            can_import=can_import,
            can_manage=can_manage_batch,
            spec=TASK_TABLE,
            preview=agency_answers.preview,
            questions=agency_answers.question_lines,
        )
    }
