"""The province's consolidated report on an action program for a year (DOCX, NĐ 30 layout; PDF).

Built from the approved reports of the year and from `program_board`, the same figures the
program page shows. The body follows the task groups; each agency's results, difficulties and
proposals come verbatim from its approved reports; the appendix lists every task with its lead
agency and status.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from core.numbers import format_date, format_percent
from programs import hooks as programs_hooks
from programs.models import Program, ProgressReport
from programs.selectors import Board, approved_reports, program_board
from programs.status import TaskStatus
from reports.official import Closing, OfficialHeader, add_closing, add_heading, add_table, add_text, official_document, to_bytes

ROMAN = ("I", "II", "III", "IV", "V")


@dataclass(frozen=True)
class ReportOptions:
    year: int
    number: str = ""
    signer_title: str = ""
    signer_name: str = ""
    day: dt.date | None = None


def report_title(program: Program, year: int) -> str:
    return _("Kết quả thực hiện Chương trình hành động %(title)s năm %(year)s") % {
        "title": _lower_first(program.title.removeprefix("Chương trình hành động").strip()),
        "year": year,
    }


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _place(program: Program) -> str:
    return program.province.name if program.province_id else program.issuer.removeprefix("UBND tỉnh").strip() or "…"


def _issuer_parent(program: Program) -> str:
    if program.province_id:
        return f"UBND {program.province.full_name}"
    return program.issuer


def consolidated_docx(*, program: Program, options: ReportOptions, user=None) -> bytes:
    board = program_board(program=program, year=options.year)
    reports = list(approved_reports(program=program, year=options.year))
    document = build_document(program=program, options=options, board=board, reports=reports, user=user)
    return to_bytes(document)


def consolidated_pdf(*, program: Program, options: ReportOptions, user=None) -> bytes:
    from reports.pdf import docx_to_pdf

    return docx_to_pdf(consolidated_docx(program=program, options=options, user=user))


def build_document(*, program: Program, options: ReportOptions, board: Board, reports: list[ProgressReport], user=None):
    lead = program.lead_agency
    short = lead.short_name or "".join(word[0] for word in lead.name.split() if word[:1].isupper())
    header = OfficialHeader(
        issuer=lead.name,
        issuer_parent=_issuer_parent(program),
        number=options.number or f"      /BC-{short}",
        place=_place(program),
        date=options.day or timezone.localdate(),
    )
    document = official_document(header, title=_("Báo cáo"), subtitle=report_title(program, options.year))

    add_text(
        document,
        _(
            "Thực hiện Quyết định số %(decision)s ngày %(date)s của %(issuer)s ban hành %(title)s, "
            "%(lead)s tổng hợp kết quả thực hiện năm %(year)s từ báo cáo đã được duyệt của các cơ quan, đơn vị như sau:"
        )
        % {
            "decision": program.decision_number,
            "date": format_date(program.decision_date),
            "issuer": program.issuer,
            "title": _lower_first(program.title),
            "lead": lead.name,
            "year": options.year,
        },
    )

    add_heading(document, _("I. KẾT QUẢ THỰC HIỆN"))
    counts = dict(board.status_counts())
    add_text(
        document,
        _(
            "Tổng số nhiệm vụ theo dõi trong năm: %(total)s; trong đó hoàn thành đúng hạn: %(on_time)s; "
            "hoàn thành quá hạn: %(late)s; đang thực hiện trong hạn: %(progress)s; quá hạn: %(overdue)s. "
            "Tỷ lệ hoàn thành: %(rate)s."
        )
        % {
            "total": board.task_total,
            "on_time": counts[TaskStatus.DONE_ON_TIME],
            "late": counts[TaskStatus.DONE_LATE],
            "progress": counts[TaskStatus.IN_PROGRESS],
            "overdue": counts[TaskStatus.OVERDUE],
            "rate": format_percent(board.completion_rate),
        },
    )

    by_task: dict[int, list[ProgressReport]] = defaultdict(list)
    for report in reports:
        by_task[report.assignment.task_id].append(report)
    rows_by_group: dict[int, list] = defaultdict(list)
    for row in board.rows:
        rows_by_group[row.task.group_id].append(row)

    for group in program.groups.all():
        rows = rows_by_group.get(group.pk, [])
        if not rows:
            continue
        add_heading(document, f"{group.number}. {group.title}", level=2)
        for row in rows:
            status = row.status.label if row.status else ""
            add_text(
                document,
                _("Nhiệm vụ %(number)s: %(content)s (%(status)s).")
                % {
                    "number": row.task.number,
                    "content": row.task.content,
                    "status": status,
                },
            )
            task_reports = by_task.get(row.task.pk, [])
            if not task_reports:
                add_text(document, _("Chưa có báo cáo được duyệt."), italic=True)
            for report in task_reports:
                add_text(
                    document,
                    _("- %(agency)s (%(role)s, %(period)s, hoàn thành %(percent)s%%): %(results)s")
                    % {
                        "agency": report.assignment.agency.name,
                        "role": report.assignment.get_role_display().lower(),
                        "period": report.period,
                        "percent": report.percent_done,
                        "results": report.results or _("không nêu kết quả"),
                    },
                )
            for evidence in programs_hooks.task_evidence.collect(task=row.task, period=row.period.key, user=user):
                label = getattr(evidence, "label", str(evidence))
                detail = getattr(evidence, "detail", "")
                add_text(
                    document,
                    _("+ Minh chứng: %(label)s%(detail)s") % {"label": label, "detail": f" – {detail}" if detail else ""},
                )

    add_heading(document, _("II. KHÓ KHĂN, VƯỚNG MẮC"))
    _agency_paragraphs(document, reports, "difficulties", _("Không có khó khăn, vướng mắc được báo cáo."))
    add_heading(document, _("III. ĐỀ XUẤT, KIẾN NGHỊ"))
    _agency_paragraphs(document, reports, "proposals", _("Không có đề xuất, kiến nghị."))
    add_text(document, _("Trên đây là báo cáo kết quả thực hiện Chương trình hành động năm %(year)s.") % {"year": options.year})

    add_closing(
        document,
        Closing(
            signer_title=options.signer_title or _("Giám đốc"),
            signer_name=options.signer_name,
            recipients=(
                _("UBND %(province)s (b/c)") % {"province": program.province.full_name if program.province_id else _("tỉnh")},
                _("Bộ Tài chính (b/c)"),
                _("Các cơ quan, đơn vị được phân công"),
                _("Lưu: VT"),
            ),
        ),
    )

    document.add_page_break()
    add_heading(document, _("PHỤ LỤC: DANH MỤC NHIỆM VỤ VÀ TÌNH HÌNH THỰC HIỆN NĂM %(year)s") % {"year": options.year})
    add_table(
        document,
        [_("STT"), _("Nội dung nhiệm vụ"), _("Cơ quan chủ trì"), _("Thời hạn"), _("Tình trạng")],
        appendix_rows(board),
        size=10,
        widths_mm=(12, 78, 35, 22, 28),
    )
    return document


def appendix_rows(board: Board) -> list[list[str]]:
    rows = []
    for row in board.rows:
        lead = row.lead_cell
        rows.append(
            [
                row.task.number,
                row.task.content,
                lead.assignment.agency.name if lead else "",
                format_date(lead.deadline) if lead else format_date(row.period.due),
                row.status.label if row.status else "",
            ]
        )
    return rows


def _agency_paragraphs(document, reports: list[ProgressReport], field: str, empty: str) -> None:
    by_agency: dict[str, list[str]] = defaultdict(list)
    for report in reports:
        text = getattr(report, field).strip()
        if text and text not in by_agency[report.assignment.agency.name]:
            by_agency[report.assignment.agency.name].append(text)
    if not by_agency:
        add_text(document, empty, italic=True)
    for agency, texts in sorted(by_agency.items()):
        add_text(document, f"- {agency}: {' '.join(texts)}")
