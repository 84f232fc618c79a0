"""Word reports of the support app, in the NĐ 30 layout with wording from replaceable templates:

- the support report: what the (filtered) support records add up to, by content, year, commune, policy;
- the Alliance report: member organizations on a day, the Alliance's services of a year, the fund's loans.

Figures come from the same selectors as the list pages, so they match the screen and the XLSX.
"""

import datetime as dt
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.letterhead import closing_for, header_for
from core.numbers import format_date, format_number
from reports import templating
from support.models import ServiceKind

SUPPORT_KEY = "support_report"
ALLIANCE_KEY = "alliance_report"
_DOCX = Path(__file__).parent / "docx"


def _totals_table(rows, first: str):
    headers = [_("STT"), first, _("Số lượt"), _("Số tổ chức"), _("Kinh phí (đồng)")]
    body = [
        [str(i), row.label, format_number(row.count), format_number(row.organizations), format_number(row.amount)]
        for i, row in enumerate(rows, start=1)
    ]
    return templating.table_block(headers, body, numeric=(2, 3, 4))


def _letterhead(user, day: dt.date):
    agency = getattr(user, "agency", None)
    return header_for(agency, day=day, province=getattr(user, "province", None)), closing_for(agency)


def support_filling(*, totals, grand, user, day: dt.date) -> templating.Filling:
    header, closing = _letterhead(user, day)
    return templating.Filling(
        header=header,
        closing=closing,
        values={
            "count": format_number(grand["count"]),
            "organizations": format_number(grand["organizations"]),
            "amount": format_number(grand["amount"]),
            "day": format_date(day),
        },
        blocks={
            "by_type": _totals_table(totals["type"], _("Nội dung hỗ trợ")),
            "by_year": _totals_table(totals["year"], _("Năm")),
            "by_commune": _totals_table(totals["commune"], _("Xã, phường")),
            "by_policy": _totals_table(totals["policy"], _("Chính sách")),
        },
    )


def support_report_docx(*, totals, grand, user, day: dt.date) -> bytes:
    return templating.render(SUPPORT_KEY, support_filling(totals=totals, grand=grand, user=user, day=day))


def member_headers() -> list[str]:
    return [_("STT"), _("Tổ chức thành viên"), _("Xã, phường"), _("Ngày gia nhập"), _("Quyết định kết nạp")]


def service_headers() -> list[str]:
    return [_("STT"), _("Loại dịch vụ"), _("Số lượt"), _("Số tổ chức"), _("Phí dịch vụ (đồng)")]


def alliance_filling(*, memberships, services, fund, user, day: dt.date, year: int | None = None) -> templating.Filling:
    header, closing = _letterhead(user, day)
    members = [
        [
            str(i),
            m.organization.name,
            m.organization.commune.full_name if m.organization.commune_id else "",
            format_date(m.joined_on),
            m.decision_ref,
        ]
        for i, m in enumerate(memberships, start=1)
    ]
    kinds = dict(ServiceKind.choices)
    counts: dict[str, list] = {}
    for service in services:
        row = counts.setdefault(service.kind, [0, set(), 0])
        row[0] += 1
        row[1].add(service.organization_id)
        row[2] += service.fee
    service_rows = [
        [str(i), str(kinds.get(kind, kind)), format_number(n), format_number(len(orgs)), format_number(fee)]
        for i, (kind, (n, orgs, fee)) in enumerate(sorted(counts.items()), start=1)
    ]

    return templating.Filling(
        header=header,
        closing=closing,
        values={
            "day": format_date(day),
            "year": year or day.year,
            "members": format_number(len(members)),
            "services": format_number(sum(n for n, _orgs, _fee in counts.values())),
            "loans": format_number(fund.loans),
            "disbursed": format_number(fund.disbursed),
            "outstanding": format_number(fund.outstanding),
            "overdue": format_number(fund.overdue),
            "overdue_loans": format_number(fund.overdue_loans),
        },
        blocks={
            "member_table": templating.table_block(member_headers(), members),
            "service_table": templating.table_block(service_headers(), service_rows, numeric=(2, 3, 4)),
        },
    )


def alliance_report_docx(*, memberships, services, fund, user, day: dt.date, year: int | None = None) -> bytes:
    """`services` are those of `year` (the current year unless given)."""
    filling = alliance_filling(memberships=memberships, services=services, fund=fund, user=user, day=day, year=year)
    return templating.render(ALLIANCE_KEY, filling)


# --- Template previews: made-up figures, no database read ------------------------------------

_SAMPLE_AGENCY = {"issuer": "Liên minh Hợp tác xã", "symbol": "LMHTX"}


def support_sample() -> templating.Filling:
    values = {"count": "12", "organizations": "9", "amount": "240.000.000", "day": format_date(dt.date.today())}
    rows = [["1", "Đào tạo, bồi dưỡng", "12", "9", "240.000.000"]]
    headers = [_("STT"), "", _("Số lượt"), _("Số tổ chức"), _("Kinh phí (đồng)")]
    blocks = {
        name: templating.table_block([*headers[:1], label, *headers[2:]], rows, numeric=(2, 3, 4))
        for name, label in (
            ("by_type", _("Nội dung hỗ trợ")),
            ("by_year", _("Năm")),
            ("by_commune", _("Xã, phường")),
            ("by_policy", _("Chính sách")),
        )
    }
    return templating.sample_filling(values, blocks, **_SAMPLE_AGENCY)


def alliance_sample() -> templating.Filling:
    today = dt.date.today()
    values = {
        "day": format_date(today),
        "year": today.year,
        "members": "25",
        "services": "40",
        "loans": "6",
        "disbursed": "3.000.000.000",
        "outstanding": "1.800.000.000",
        "overdue": "0",
        "overdue_loans": "0",
    }
    blocks = {
        "member_table": templating.table_block(
            member_headers(), [["1", "HTX Nông nghiệp Hòa Vang", "Xã Hòa Vang", "01/03/2024", "12/QĐ-LMHTX"]]
        ),
        "service_table": templating.table_block(service_headers(), [["1", "Tư vấn", "40", "22", "0"]], numeric=(2, 3, 4)),
    }
    return templating.sample_filling(values, blocks, **_SAMPLE_AGENCY)


SUPPORT_TEMPLATE = templating.TemplateKind(
    key=SUPPORT_KEY,
    label=gettext_lazy("Báo cáo kết quả hỗ trợ tổ chức kinh tế tập thể"),
    shipped=_DOCX / "support_report.docx",
    variables={
        "count, organizations, amount": gettext_lazy("số lượt, số tổ chức được hỗ trợ, tổng kinh phí (đồng)"),
        "day": gettext_lazy("ngày lập báo cáo"),
        "by_type, by_year, by_commune, by_policy, closing": gettext_lazy("các bảng tổng hợp; nơi nhận và người ký"),
    },
    sample=support_sample,
)
ALLIANCE_TEMPLATE = templating.TemplateKind(
    key=ALLIANCE_KEY,
    label=gettext_lazy("Báo cáo thành viên, dịch vụ và Quỹ hỗ trợ của Liên minh HTX"),
    shipped=_DOCX / "alliance_report.docx",
    variables={
        "day, year": gettext_lazy("ngày lập báo cáo, năm của các dịch vụ"),
        "members, services": gettext_lazy("số thành viên, số lượt dịch vụ"),
        "loans, disbursed, outstanding, overdue, overdue_loans": gettext_lazy(
            "khoản vay còn dư nợ, đã giải ngân, dư nợ, nợ quá hạn"
        ),
        "member_table, service_table, closing": gettext_lazy("các bảng; nơi nhận và người ký"),
    },
    sample=alliance_sample,
)
