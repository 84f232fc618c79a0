"""The province's consolidated report on an action program for a year (DOCX in the NĐ 30 layout; PDF).

Its wording is the template `programs/docx/program_report.docx` (replaceable: reports.templating);
this module fills in the figures:

- a summary table: tasks of the year by lead agency in the VPCP categories;
- each task in a few lines: its category and the words of the approved report that decided it
  (programs.status.Standing), so the status and the text come from one rule and cannot disagree;
- difficulties and proposals, verbatim from the approved reports of the year, by agency;
- an appendix with the evidence files the reporting agencies attached to their approved reports,
  and nothing else (no lines drawn from other agencies' activities).
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.letterhead import closing_for, header_for
from core.numbers import format_date, format_number, format_percent
from programs.models import Attachment, Program, ProgressReport
from programs.selectors import Board, Row, approved_reports, program_board
from programs.status import DONE, REPORT_CATEGORIES, Standing, TaskStatus, report_category
from reports import official, templating

TEMPLATE_KEY = "program_report"
#: A task's line quotes at most this much of its report: the full texts are in the agencies' reports.
RESULT_CHARS = 400


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


def _shorten(text: str, limit: int = RESULT_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


@dataclass(frozen=True)
class TaskLine:
    row: Row
    category: str
    report: ProgressReport | None  # with its texts loaded


def task_lines(board: Board) -> list[TaskLine]:
    """Each task's category and deciding report (the lead agency's: it answers for the task)."""
    leads = [(row, row.lead_cell) for row in board.rows if row.lead_cell is not None]
    deciding_ids = [cell.decided_by.pk for _row, cell in leads if cell.decided_by is not None]
    texts = ProgressReport.objects.select_related("assignment__agency").in_bulk(deciding_ids)
    lines = []
    for row, cell in leads:
        report = texts.get(cell.decided_by.pk) if cell.decided_by is not None else None
        lines.append(TaskLine(row, report_category(Standing(cell.status, report)), report))
    return lines


def category_label(key: str) -> str:
    return str(dict(REPORT_CATEGORIES)[key])


def task_sentence(line: TaskLine) -> str:
    """One task's lines: what it is, its category, and what the deciding report says."""
    task, cell = line.row.task, line.row.lead_cell
    head = _("%(number)s. %(content)s – %(category)s (chủ trì: %(agency)s; hạn %(deadline)s).") % {
        "number": task.number,
        "content": task.content,
        "category": category_label(line.category),
        "agency": cell.assignment.agency.name,
        "deadline": format_date(cell.deadline),
    }
    report = line.report
    if report is None:
        return head + " " + _("Chưa có báo cáo được duyệt trong kỳ.")
    if cell.status in DONE:
        said = _("Hoàn thành ngày %(day)s (báo cáo kỳ %(period)s đã duyệt)") % {
            "day": format_date(report.completed_on or report.due_date),
            "period": report.period,
        }
    else:
        said = _("Báo cáo kỳ %(period)s đã duyệt: thực hiện được %(percent)s%%") % {
            "period": report.period,
            "percent": report.percent_done,
        }
    results = _shorten(report.results) if report.results.strip() else _("không nêu kết quả")
    return f"{head} {said}: {results}"


def summary_rows(lines: list[TaskLine]) -> list[list[str]]:
    """Tasks by lead agency and category, with a total row."""
    by_agency: dict[str, Counter] = defaultdict(Counter)
    for line in lines:
        by_agency[line.row.lead_cell.assignment.agency.name][line.category] += 1
    keys = [key for key, _label in REPORT_CATEGORIES]
    rows = []
    for index, (agency, counts) in enumerate(sorted(by_agency.items()), start=1):
        rows.append([str(index), agency, format_number(sum(counts.values()))] + [format_number(counts[k]) for k in keys])
    total = Counter(line.category for line in lines)
    rows.append(["", _("Tổng cộng"), format_number(len(lines))] + [format_number(total[k]) for k in keys])
    return rows


def summary_headers() -> list[str]:
    return [_("STT"), _("Cơ quan chủ trì"), _("Tổng số nhiệm vụ")] + [str(label) for _key, label in REPORT_CATEGORIES]


def evidence_headers() -> list[str]:
    return [_("STT"), _("Nhiệm vụ"), _("Cơ quan báo cáo"), _("Kỳ"), _("Tệp minh chứng")]


def evidence_rows(reports: list[ProgressReport]) -> list[list[str]]:
    """The files each agency attached to its approved reports of the year."""
    attachments = Attachment.objects.filter(report__in=reports).select_related(
        "report__assignment__task", "report__assignment__agency"
    )
    return [
        [
            str(index),
            f"{a.report.assignment.task.number}. {_shorten(a.report.assignment.task.content, 120)}",
            a.report.assignment.agency.name,
            a.report.period,
            a.original_name,
        ]
        for index, a in enumerate(attachments, start=1)
    ]


def _agency_texts(reports: list[ProgressReport], field: str) -> list[str]:
    by_agency: dict[str, list[str]] = defaultdict(list)
    for report in reports:
        text = " ".join(getattr(report, field).split())
        if text and text not in by_agency[report.assignment.agency.name]:
            by_agency[report.assignment.agency.name].append(text)
    return [f"- {agency}: {' '.join(texts)}" for agency, texts in sorted(by_agency.items())]


def _paragraphs(texts: list[str], empty: str):
    def fill(container) -> None:
        for text in texts:
            official.add_text(container, text)
        if not texts:
            official.add_text(container, empty, italic=True)

    return fill


def filling(*, program: Program, options: ReportOptions, board: Board, reports: list[ProgressReport]) -> templating.Filling:
    lead = program.lead_agency
    day = options.day or timezone.localdate()
    number = options.number.split("/")[0].strip()
    header = header_for(lead, day=day, number=number, province=program.province)
    extra = [_("Các cơ quan, đơn vị được phân công")]
    if not lead.recipient_list:  # the agency's own list, once set, names the superiors itself
        province = _lower_first(program.province.full_name) if program.province_id else _("tỉnh")
        extra.insert(0, _("UBND %(province)s (b/c)") % {"province": province})
    closing = closing_for(lead, extra_recipients=tuple(extra))
    if options.signer_title or options.signer_name:
        closing = official.Closing(
            signer_title=options.signer_title or closing.signer_title,
            signer_name=options.signer_name or closing.signer_name,
            on_behalf=closing.on_behalf,
            recipients=closing.recipients,
        )
    lines = task_lines(board)
    categories = Counter(line.category for line in lines)
    evidence = evidence_rows(reports)
    done = sum(1 for line in lines if line.row.lead_cell.status in DONE)
    values = {
        "program_title": _lower_first(program.title),
        "year": options.year,
        "decision_number": program.decision_number,
        "decision_date": format_date(program.decision_date),
        "issuer": program.issuer,
        "lead_agency": lead.name,
        "issuer_name": lead.name,
        "number": header.number,
        "date": format_date(day),
        "task_total": format_number(len(lines)),
        "done": format_number(done),
        "done_late": format_number(categories[TaskStatus.DONE_LATE.value]),
        "overdue": format_number(categories[TaskStatus.OVERDUE.value]),
        "not_started": format_number(categories["not_started"]),
        "completion_rate": format_percent(100 * done / len(lines) if lines else 0),
        "has_evidence": bool(evidence),
    }
    groups = {group.pk: group for group in program.groups.all()}

    def task_results(container) -> None:
        group_id = None
        for line in lines:
            if line.row.task.group_id != group_id:
                group_id = line.row.task.group_id
                group = groups.get(group_id)
                if group is not None:
                    official.add_heading(container, f"{group.number}. {group.title}", level=2)
            official.add_text(container, task_sentence(line))
        if not lines:
            official.add_text(container, _("Không có nhiệm vụ đến kỳ theo dõi."), italic=True)

    blocks = {
        "summary_table": templating.table_block(
            summary_headers(), summary_rows(lines), numeric=range(2, 3 + len(REPORT_CATEGORIES))
        ),
        "task_results": task_results,
        "difficulties": _paragraphs(_agency_texts(reports, "difficulties"), _("Không có khó khăn, vướng mắc được báo cáo.")),
        "proposals": _paragraphs(_agency_texts(reports, "proposals"), _("Không có đề xuất, kiến nghị.")),
        "evidence_table": templating.table_block(evidence_headers(), evidence),
    }
    return templating.Filling(header=header, closing=closing, values=values, blocks=blocks)


def consolidated_docx(*, program: Program, options: ReportOptions, user=None) -> bytes:
    board = program_board(program=program, year=options.year)
    reports = list(approved_reports(program=program, year=options.year))
    return templating.render(TEMPLATE_KEY, filling(program=program, options=options, board=board, reports=reports))


def consolidated_pdf(*, program: Program, options: ReportOptions, user=None) -> bytes:
    from reports.pdf import docx_to_pdf

    return docx_to_pdf(consolidated_docx(program=program, options=options, user=user))


VARIABLES = {
    "program_title": gettext_lazy("tên chương trình (viết thường chữ đầu)"),
    "year": gettext_lazy("năm báo cáo"),
    "decision_number, decision_date, issuer": gettext_lazy("số, ngày, cơ quan ban hành quyết định"),
    "lead_agency, issuer_name": gettext_lazy("cơ quan chủ trì (cơ quan báo cáo)"),
    "number, date": gettext_lazy("số, ngày của báo cáo"),
    "task_total, done, done_late, overdue, not_started, completion_rate": gettext_lazy(
        "số nhiệm vụ theo nhóm tình trạng, tỷ lệ hoàn thành"
    ),
    "has_evidence": gettext_lazy("có tệp minh chứng hay không (dùng với {%p if has_evidence %})"),
    "summary_table, task_results, difficulties, proposals, evidence_table, closing": gettext_lazy(
        "các khối bảng, đoạn văn do hệ thống điền"
    ),
}


def sample() -> templating.Filling:
    """Made-up figures for the template preview (no database read)."""
    values = {
        "program_title": "chương trình hành động thực hiện Nghị quyết số 20-NQ/TW",
        "year": 2025,
        "decision_number": "123/QĐ-UBND",
        "decision_date": "15/3/2023",
        "issuer": "UBND thành phố Đà Nẵng",
        "lead_agency": "Sở Tài chính",
        "issuer_name": "Sở Tài chính",
        "number": official.report_number("STC"),
        "date": format_date(dt.date.today()),
        "task_total": "12",
        "done": "7",
        "done_late": "2",
        "overdue": "3",
        "not_started": "1",
        "completion_rate": format_percent(58.3),
        "has_evidence": True,
    }
    rows = [["1", "Sở Tài chính", "8", "4", "1", "1", "2", "0"], ["2", "Liên minh Hợp tác xã", "4", "1", "1", "0", "1", "1"]]
    blocks = {
        "summary_table": templating.table_block(summary_headers(), rows, numeric=range(2, 8)),
        "task_results": _paragraphs(
            [
                "1.1. Tuyên truyền về hợp tác xã kiểu mới – Hoàn thành đúng hạn (chủ trì: Sở Tài chính; hạn 15/12/2025). Hoàn thành ngày 10/12/2025 (báo cáo kỳ 2025 đã duyệt): Đăng 24 tin bài."
            ],
            "",
        ),
        "difficulties": _paragraphs(["- Sở Tài chính: Thiếu cán bộ chuyên trách."], ""),
        "proposals": _paragraphs(["- Sở Tài chính: Bố trí kinh phí tuyên truyền."], ""),
        "evidence_table": templating.table_block(
            evidence_headers(), [["1", "1.1. Tuyên truyền", "Sở Tài chính", "2025", "ke-hoach.pdf"]]
        ),
    }
    return templating.sample_filling(values, blocks)


TEMPLATE = templating.TemplateKind(
    key=TEMPLATE_KEY,
    label=gettext_lazy("Báo cáo kết quả thực hiện Chương trình hành động"),
    shipped=Path(__file__).parent / "docx" / "program_report.docx",
    variables=VARIABLES,
    sample=sample,
)
