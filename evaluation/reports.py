"""The consolidated report of classification and evaluation (XLSX and DOCX in the NĐ 30 layout).

Both are built from the same `Consolidation` the results page shows, so the figures match the screen.
"""

from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.letterhead import closing_for, header_for
from core.numbers import format_number, format_percent
from evaluation.selectors import GROUPINGS, Consolidation, GroupSummary, communes_visible_to, consolidation
from reports import queued, templating
from reports.official import add_text
from reports.xlsx import Column, Sheet, workbook_bytes


def _group_values(summary: Consolidation, group: GroupSummary) -> list:
    ratings = [group.ratings.get(code, 0) for code, _label in summary.band_codes]
    sizes = [group.sizes.get(code, 0) for code, _label in summary.size_codes]
    share = group.good_share
    return [group.label, group.organizations, *ratings, share, *sizes, group.expected, group.submitted, group.on_time]


def _headers(summary: Consolidation) -> list[str]:
    return [
        str(GROUPINGS[summary.grouping][1]),
        _("Số tổ chức"),
        *[str(label) for _code, label in summary.band_codes],
        _("Tỷ lệ tốt, khá trên số HTX được xếp loại (%)"),
        *[_("Quy mô %(label)s") % {"label": str(label).lower()} for _code, label in summary.size_codes],
        _("Phải nộp phiếu"),
        _("Đã nộp"),
        _("Nộp đúng hạn"),
    ]


def _title(summary: Consolidation) -> str:
    return _("Tổng hợp kết quả phân loại, đánh giá hợp tác xã năm %(year)s") % {"year": summary.year}


def _notes(summary: Consolidation) -> list[str]:
    notes = [
        _("Địa bàn: %(scope)s. Hạn HTX gửi phiếu: %(due)s.")
        % {"scope": summary.scope_label, "due": summary.deadline.strftime("%d/%m/%Y")},
        _(
            "Tỷ lệ tốt, khá trên số HTX được xếp loại = số HTX xếp loại Tốt hoặc Khá ÷ số HTX được xếp loại (Tốt, Khá, "
            "Trung bình, Yếu); không tính HTX chưa đủ điều kiện, chưa có phiếu được chấp nhận, quỹ tín dụng nhân dân. "
            "Khác tỷ lệ trên tổng số HTX và tỷ lệ trên mọi tổ chức kinh tế tập thể (NQ 20-NQ/TW)."
        ),
    ]
    if summary.provisional:
        notes.append(
            _(
                "Tạm tính: %(n)s kết quả dựa trên quy định chưa đối chiếu được văn bản gốc (điểm từng tiêu chí 10–15 trong nhóm III, một số ngưỡng quy mô)."
            )
            % {"n": summary.total.provisional}
        )
    return notes


def _list_rows(results) -> list[list]:
    return [
        [
            index,
            r.organization.name,
            r.organization.registration_code,
            r.organization.commune.full_name,
            r.rating_reason,
            r.size_reason,
        ]
        for index, r in enumerate(results, start=1)
    ]


LIST_HEADERS = ("STT", "Tên HTX", "Mã số", "Xã, phường", "Căn cứ", "Quy mô")


def consolidated_xlsx(summary: Consolidation, *, user) -> bytes:
    headers = _headers(summary)
    rating_count = len(summary.band_codes)
    columns = [Column(headers[0], width=32), Column(headers[1], "int", 10)]
    columns += [Column(h, "int", 11) for h in headers[2 : 2 + rating_count]]
    columns += [Column(headers[2 + rating_count], "decimal", 11)]
    columns += [Column(h, "int", 11) for h in headers[3 + rating_count :]]
    rows = [_group_values(summary, g) for g in summary.groups] + [_group_values(summary, summary.total)]
    rows = [[float(v) if hasattr(v, "as_tuple") else v for v in row] for row in rows]
    list_columns = [Column(LIST_HEADERS[0], "int", 6), Column(LIST_HEADERS[1], width=40), Column(LIST_HEADERS[2], width=14)]
    list_columns += [Column(LIST_HEADERS[3], width=24), Column(LIST_HEADERS[4], width=50), Column(LIST_HEADERS[5], width=50)]
    return workbook_bytes(
        [
            Sheet(_("Tổng hợp"), columns, rows, title=_title(summary), notes=_notes(summary)),
            Sheet(
                _("HTX yếu"),
                list_columns,
                _list_rows(summary.weak),
                title=_("Danh sách HTX xếp loại yếu năm %(year)s") % {"year": summary.year},
            ),
            Sheet(
                _("Không xếp loại"),
                list_columns,
                _list_rows(summary.not_rated),
                title=_("Danh sách HTX không xếp loại năm %(year)s") % {"year": summary.year},
            ),
        ]
    )


def _cell(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "as_tuple"):
        return format_percent(value)
    return format_number(value) if isinstance(value, int) else str(value)


TEMPLATE_KEY = "evaluation_summary"


def _rows_block(rows: list[list], headers=LIST_HEADERS, numeric=()):
    return templating.table_block(headers, [[_cell(v) for v in row] for row in rows], numeric=numeric)


def filling(summary: Consolidation, *, user, day=None) -> templating.Filling:
    agency = getattr(user, "agency", None)
    province = getattr(user, "province", None)
    total = summary.total
    values = {
        "year": summary.year,
        "scope": summary.scope_label,
        "organizations": format_number(total.organizations),
        "rated": format_number(total.rated),
        "good": format_number(total.good),
        "good_share": format_percent(total.good_share) if total.good_share is not None else "—",
        "expected": format_number(total.expected),
        "submitted": format_number(total.submitted),
        "on_time": format_number(total.on_time),
    }
    group_rows = [_group_values(summary, g) for g in [*summary.groups, total]]

    def notes(container) -> None:
        for note in _notes(summary)[1:]:
            add_text(container, note, italic=True)

    blocks = {
        "notes": notes,
        "summary_table": _rows_block(group_rows, _headers(summary), numeric=range(1, len(group_rows[0]))),
        "weak_table": _rows_block(_list_rows(summary.weak)),
        "not_rated_table": _rows_block(_list_rows(summary.not_rated)),
    }
    return templating.Filling(
        header=header_for(agency, day=day or timezone.localdate(), province=province),
        closing=closing_for(agency, extra_recipients=(_("UBND tỉnh, thành phố (b/c)"),)),
        values=values,
        blocks=blocks,
    )


def consolidated_docx(summary: Consolidation, *, user) -> bytes:
    return templating.render(TEMPLATE_KEY, filling(summary, user=user))


def sample() -> templating.Filling:
    """Made-up figures for the template preview (no database read)."""
    values = {
        "year": 2025,
        "scope": "thành phố Đà Nẵng",
        "organizations": "1.234",
        "rated": "1.100",
        "good": "640",
        "good_share": "58,2 %",
        "expected": "1.100",
        "submitted": "1.020",
        "on_time": "987",
    }
    headers = [_("Xã, phường"), _("Số tổ chức"), _("Tốt"), _("Khá"), _("Trung bình"), _("Yếu")]
    rows = [["Phường Hải Châu", "120", "30", "40", "35", "15"], [_("Tổng cộng"), "120", "30", "40", "35", "15"]]
    weak = [["1", "HTX Nông nghiệp Hòa Vang", "0401234567", "Xã Hòa Vang", "Lỗ 2 năm liền", "Nhỏ"]]
    blocks = {
        "notes": lambda container: add_text(container, "Tỷ lệ tốt, khá tính trên số HTX được xếp loại.", italic=True),
        "summary_table": templating.table_block(headers, rows, numeric=range(1, 6)),
        "weak_table": templating.table_block(LIST_HEADERS, weak),
        "not_rated_table": templating.table_block(LIST_HEADERS, []),
    }
    return templating.sample_filling(values, blocks)


TEMPLATE = templating.TemplateKind(
    key=TEMPLATE_KEY,
    label=gettext_lazy("Báo cáo tổng hợp kết quả phân loại, đánh giá hợp tác xã"),
    shipped=Path(__file__).parent / "docx" / "evaluation_summary.docx",
    variables={
        "year, scope": gettext_lazy("năm, địa bàn"),
        "organizations, rated, good, good_share": gettext_lazy("số tổ chức, số HTX được xếp loại, số và tỷ lệ tốt, khá"),
        "expected, submitted, on_time": gettext_lazy("số phiếu phải nộp, đã nộp, nộp đúng hạn"),
        "notes, summary_table, weak_table, not_rated_table, closing": gettext_lazy("các khối ghi chú, bảng do hệ thống điền"),
    },
    sample=sample,
)


def queued_summary_docx(params: dict, user) -> bytes:
    """The DOCX built by the task worker (reports.queued): its lists of weak and not-rated
    cooperatives run to thousands of rows for a province, too long for a request. Rebuilt as the
    person who asked: a commune no longer in their scope is refused."""
    commune = communes_visible_to(user).get(pk=params["commune"]) if params.get("commune") else None
    summary = consolidation(user=user, year=params["year"], commune=commune, grouping=params["group"])
    return consolidated_docx(summary, user=user)


def summary_filename(year: int, commune) -> str:
    return f"Tong hop phan loai danh gia HTX {year}{f' - {commune.full_name}' if commune else ''}.docx"


def _results_page(params: dict) -> str:
    from django.urls import reverse
    from django.utils.http import urlencode

    query = {key: value for key, value in params.items() if value}
    return f"{reverse('evaluation:results')}?{urlencode(query)}"


QUEUED = queued.QueuedKind(
    key="evaluation-summary",
    label=gettext_lazy("Báo cáo tổng hợp phân loại, đánh giá HTX (DOCX)"),
    build=queued_summary_docx,
    back=_results_page,
)
