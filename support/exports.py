"""XLSX exports of every support list (reports.xlsx keeps them looking like the rest of the project)."""

import datetime as dt

from django.utils.translation import gettext as _

from core.numbers import format_date
from reports.xlsx import Column, Sheet, workbook_bytes


def records_workbook(records, totals) -> bytes:
    rows = (
        (
            r.code,
            r.supported_on,
            r.organization.name,
            r.organization.registration_code,
            r.organization.commune.full_name if r.organization.commune_id else "",
            r.organization.get_field_display(),
            r.policy.get_support_type_display(),
            r.policy.name,
            r.policy.legal_basis,
            r.policy.get_funding_source_display(),
            r.amount,
            r.in_kind,
            r.agency.name,
            r.decision_ref,
            r.content,
        )
        for r in records
    )
    sheets = [
        Sheet(
            _("Hỗ trợ"),
            [
                Column(_("Số hiệu"), width=14),
                Column(_("Ngày hỗ trợ"), "date", 12),
                Column(_("Tổ chức"), width=40),
                Column(_("Mã số"), width=14),
                Column(_("Xã, phường"), width=22),
                Column(_("Lĩnh vực"), width=22),
                Column(_("Nội dung hỗ trợ"), width=26),
                Column(_("Chính sách"), width=40),
                Column(_("Căn cứ pháp lý"), width=30),
                Column(_("Nguồn kinh phí"), width=18),
                Column(_("Kinh phí"), "money", 16, _("đồng")),
                Column(_("Hiện vật, dịch vụ"), width=26),
                Column(_("Cơ quan thực hiện"), width=28),
                Column(_("Số quyết định"), width=16),
                Column(_("Nội dung"), width=40),
            ],
            rows,
            title=_("Danh sách hỗ trợ tổ chức kinh tế tập thể"),
            notes=[_("Xuất ngày %(day)s") % {"day": format_date(dt.date.today())}],
        )
    ]
    for key, title in (
        ("type", _("Theo nội dung")),
        ("year", _("Theo năm")),
        ("commune", _("Theo xã, phường")),
        ("field", _("Theo lĩnh vực")),
        ("policy", _("Theo chính sách")),
    ):
        sheets.append(
            Sheet(
                title,
                [
                    Column(title.removeprefix("Theo ").capitalize(), width=40),
                    Column(_("Số lượt"), "int", 10),
                    Column(_("Số tổ chức"), "int", 12),
                    Column(_("Kinh phí"), "money", 18, _("đồng")),
                ],
                [(row.label, row.count, row.organizations, row.amount) for row in totals[key]],
            )
        )
    return workbook_bytes(sheets)


def activities_workbook(activities, by_year) -> bytes:
    rows = (
        (
            a.code,
            a.get_kind_display(),
            a.title,
            a.started_on,
            a.ended_on,
            a.agency.name,
            a.commune.full_name if a.commune_id else "",
            a.location,
            a.audience,
            a.participants,
            a.participants_managers,
            a.participants_members,
            a.participants_officials,
            a.cost,
            a.policy.name if a.policy_id else "",
            a.topics,
            a.materials,
        )
        for a in activities
    )
    return workbook_bytes(
        [
            Sheet(
                _("Hoạt động"),
                [
                    Column(_("Số hiệu"), width=12),
                    Column(_("Loại"), width=24),
                    Column(_("Tên hoạt động"), width=44),
                    Column(_("Từ ngày"), "date", 12),
                    Column(_("Đến ngày"), "date", 12),
                    Column(_("Cơ quan tổ chức"), width=28),
                    Column(_("Xã, phường"), width=22),
                    Column(_("Địa điểm"), width=22),
                    Column(_("Đối tượng"), width=26),
                    Column(_("Tổng số người"), "int", 10),
                    Column(_("Cán bộ quản lý HTX"), "int", 10),
                    Column(_("Thành viên"), "int", 10),
                    Column(_("Cán bộ, công chức"), "int", 10),
                    Column(_("Kinh phí"), "money", 16, _("đồng")),
                    Column(_("Chính sách"), width=30),
                    Column(_("Nội dung"), width=40),
                    Column(_("Tài liệu"), width=30),
                ],
                rows,
                title=_("Sổ theo dõi hoạt động tuyên truyền, đào tạo"),
            ),
            Sheet(
                _("Theo năm"),
                [
                    Column(_("Năm"), width=8),
                    Column(_("Số hoạt động"), "int", 12),
                    Column(_("Người tham dự"), "int", 14),
                    Column(_("Cán bộ quản lý HTX"), "int", 14),
                    Column(_("Thành viên"), "int", 12),
                    Column(_("Cán bộ, công chức"), "int", 14),
                    Column(_("Người được đào tạo"), "int", 14),
                    Column(_("Kinh phí"), "money", 18, _("đồng")),
                ],
                [(y.year, y.activities, y.participants, y.managers, y.members, y.officials, y.trained, y.cost) for y in by_year],
            ),
        ]
    )


def policies_workbook(policies) -> bytes:
    return workbook_bytes(
        [
            Sheet(
                _("Chính sách"),
                [
                    Column(_("Mã"), width=24),
                    Column(_("Tên chính sách"), width=50),
                    Column(_("Căn cứ pháp lý"), width=40),
                    Column(_("Nội dung hỗ trợ"), width=26),
                    Column(_("Nguồn kinh phí"), width=18),
                    Column(_("Áp dụng từ"), "date", 12),
                    Column(_("Áp dụng đến"), "date", 12),
                    Column(_("Tình trạng đối chiếu"), width=22),
                    Column(_("Ghi chú"), width=50),
                ],
                [
                    (
                        p.code,
                        p.name,
                        p.legal_basis,
                        p.get_support_type_display(),
                        p.get_funding_source_display(),
                        p.valid_from,
                        p.valid_to,
                        p.get_verification_display(),
                        p.note,
                    )
                    for p in policies
                ],
                title=_("Danh mục chính sách hỗ trợ"),
            )
        ]
    )


def memberships_workbook(memberships) -> bytes:
    return workbook_bytes(
        [
            Sheet(
                _("Thành viên Liên minh"),
                [
                    Column(_("Tổ chức"), width=44),
                    Column(_("Mã số"), width=14),
                    Column(_("Xã, phường"), width=24),
                    Column(_("Ngày gia nhập"), "date", 14),
                    Column(_("Ngày ra khỏi"), "date", 14),
                    Column(_("Quyết định kết nạp"), width=20),
                ],
                [
                    (
                        m.organization.name,
                        m.organization.registration_code,
                        m.organization.commune.full_name,
                        m.joined_on,
                        m.left_on,
                        m.decision_ref,
                    )
                    for m in memberships
                ],
                title=_("Thành viên Liên minh Hợp tác xã"),
            )
        ]
    )


def services_workbook(services) -> bytes:
    return workbook_bytes(
        [
            Sheet(
                _("Dịch vụ"),
                [
                    Column(_("Ngày"), "date", 12),
                    Column(_("Tổ chức"), width=44),
                    Column(_("Loại dịch vụ"), width=30),
                    Column(_("Nội dung"), width=50),
                    Column(_("Phí"), "money", 14, _("đồng")),
                ],
                [(s.provided_on, s.organization.name, s.get_kind_display(), s.description, s.fee) for s in services],
                title=_("Dịch vụ Liên minh HTX cung cấp"),
            )
        ]
    )


def loans_workbook(loans_with_positions, day: dt.date) -> bytes:
    return workbook_bytes(
        [
            Sheet(
                _("Khoản vay"),
                [
                    Column(_("Số hợp đồng"), width=16),
                    Column(_("Bên vay"), width=44),
                    Column(_("Ngày giải ngân"), "date", 14),
                    Column(_("Số tiền vay"), "money", 16, _("đồng")),
                    Column(_("Lãi suất"), "decimal", 10, _("%/năm")),
                    Column(_("Thời hạn"), "int", 10, _("tháng")),
                    Column(_("Gốc đã trả"), "money", 16, _("đồng")),
                    Column(_("Dư nợ"), "money", 16, _("đồng")),
                    Column(_("Nợ quá hạn"), "money", 16, _("đồng")),
                    Column(_("Số ngày quá hạn"), "int", 12),
                    Column(_("Tình trạng"), width=16),
                ],
                [
                    (
                        loan.contract_no,
                        loan.borrower.name,
                        loan.disbursed_on,
                        loan.principal,
                        float(loan.annual_rate),
                        loan.term_months,
                        p.principal_paid,
                        p.outstanding,
                        p.overdue_principal,
                        p.days_overdue,
                        p.status_label,
                    )
                    for loan, p in loans_with_positions
                ],
                title=_("Cho vay Quỹ hỗ trợ phát triển HTX"),
                notes=[_("Dư nợ và nợ quá hạn tính đến ngày %(day)s") % {"day": format_date(day)}],
            )
        ]
    )
