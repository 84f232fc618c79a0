"""The consolidated report of classification and evaluation (XLSX and DOCX in the NĐ 30 layout).

Both are built from the same `Consolidation` the results page shows, so the figures match the screen.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.numbers import format_number, format_percent
from evaluation.selectors import GROUPINGS, Consolidation, GroupSummary
from reports.official import Closing, OfficialHeader, add_closing, add_heading, add_table, add_text, official_document, to_bytes
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


def consolidated_docx(summary: Consolidation, *, user) -> bytes:
    agency = getattr(user, "agency", None)
    province = getattr(user, "province", None)
    place = province.name if province is not None else ""
    header = OfficialHeader(
        issuer=agency.name if agency is not None else (province.full_name if province is not None else _("Cơ quan đăng ký")),
        number="      /BC-" + ("UBND" if getattr(user, "commune_id", None) else "STC"),
        place=place,
        date=timezone.localdate(),
        issuer_parent=(_("UBND %(unit)s") % {"unit": province.full_name}) if province is not None and agency is not None else "",
    )
    document = official_document(header, title=_("Báo cáo"), subtitle=_title(summary), landscape=True)
    total = summary.total
    add_heading(document, _("I. Kết quả chung"))
    add_text(
        document,
        _(
            "Năm %(year)s, trên địa bàn %(scope)s có %(orgs)s tổ chức được phân loại; %(rated)s HTX được xếp loại, trong đó "
            "%(good)s HTX đạt loại tốt, khá (%(share)s). Phải nộp phiếu tự đánh giá: %(expected)s; đã nộp: %(submitted)s; "
            "nộp đúng hạn: %(on_time)s."
        )
        % {
            "year": summary.year,
            "scope": summary.scope_label,
            "orgs": format_number(total.organizations),
            "rated": format_number(total.rated),
            "good": format_number(total.good),
            "share": format_percent(total.good_share) if total.good_share is not None else "—",
            "expected": format_number(total.expected),
            "submitted": format_number(total.submitted),
            "on_time": format_number(total.on_time),
        },
    )
    for note in _notes(summary)[1:]:
        add_text(document, note, italic=True)
    add_heading(document, _("II. Bảng tổng hợp"))
    rows = [[_cell(v) for v in _group_values(summary, g)] for g in [*summary.groups, total]]
    add_table(document, _headers(summary), rows, numeric=range(1, len(rows[0]) if rows else 1), size=8)
    add_heading(document, _("III. HTX xếp loại yếu"))
    if summary.weak:
        add_table(document, LIST_HEADERS, [[_cell(v) for v in row] for row in _list_rows(summary.weak)], size=9)
    else:
        add_text(document, _("Không có."))
    add_heading(document, _("IV. HTX không xếp loại"))
    if summary.not_rated:
        add_table(document, LIST_HEADERS, [[_cell(v) for v in row] for row in _list_rows(summary.not_rated)], size=9)
    else:
        add_text(document, _("Không có."))
    add_closing(document, Closing(signer_title=_("Thủ trưởng cơ quan"), recipients=(_("UBND tỉnh, thành phố"), _("Lưu: VT"))))
    return to_bytes(document)
