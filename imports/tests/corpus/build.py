"""Generators of the workbooks offices really send upward, built at test time (never stored):
title blocks, two-level merged headers, column-number rows, section, total and signature rows,
codes typed as numbers, decomposed (NFD) text, both number styles in one file, pre-2025 commune
names with and without prefixes.

Each generator takes the `World` the test built (the geography of geo/tests/factories.py and
the organizations of the `personas` fixture) and returns a `CorpusFile`: the file's name, kind
and bytes, and what each data row must become (`Expected`).
"""

import csv
import datetime as dt
import io
import unicodedata
from dataclasses import dataclass, field

import xlsxwriter


@dataclass
class Expected:
    """What one row of the file must become: its action and the values written."""

    row: int  # 1-based, as Excel shows it
    action: str  # create | update | unchanged | reject
    values: dict = field(default_factory=dict)
    reason: str = ""  # a fragment of the rejection's message


@dataclass
class CorpusFile:
    name: str
    kind: str
    content: bytes
    rows: list[Expected]
    notices: tuple[str, ...] = ()  # fragments the batch's notices must hold
    create_missing: bool = False  # imported confirming "tạo mới N tổ chức" (--create-missing)


@dataclass
class World:
    """What the files talk about: organizations by role, and the communes' current names."""

    organization: object  # in current commune A (pre-2025: Điện Phước, Điện Bàn)
    other: object  # in current commune B (pre-2025: Duy Thành)
    zero_code: object  # in commune A, registration code starting with 0
    #: Support policies by name (support lists name them as the catalogue does): training, trade promotion.
    policies: tuple = ()


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _book(build) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    formats = {
        "title": book.add_format({"bold": True, "align": "center"}),
        "head": book.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "border": 1}),
    }
    build(book, formats)
    book.close()
    return buffer.getvalue()


def _rows(sheet, start: int, rows: list[list]) -> None:
    for offset, row in enumerate(rows):
        for column, value in enumerate(row):
            if value is not None:
                sheet.write(start + offset, column, value)


def _signature(sheet, start: int, place: str) -> None:
    sheet.write(start, 5, f"{place}, ngày 15 tháng 01 năm 2025")
    sheet.write(start + 1, 1, "NGƯỜI LẬP BIỂU")
    sheet.write(start + 1, 5, "KT. CHỦ TỊCH")
    sheet.write(start + 2, 5, "PHÓ CHỦ TỊCH")
    sheet.write(start + 5, 1, "Nguyễn Thị Lan")
    sheet.write(start + 5, 5, "Trần Văn Hùng")


def district_report_summary(world: World) -> CorpusFile:
    """A district's yearly summary: "UBND THỊ XÃ ĐIỆN BÀN", the year in the title, money in
    million đồng by the "Đơn vị tính" line, members split "Tổng số" / "Trong đó: TV chính thức",
    a column-number row, sections, a total, a signature block; codes typed as numbers; revenue
    written both "2.134,7" and "2,134.7"; communes by their pre-2025 names."""

    def build(book, f):
        s = book.add_worksheet("Bieu 01")
        s.merge_range(0, 0, 0, 3, "UBND THỊ XÃ ĐIỆN BÀN", f["title"])
        s.merge_range(1, 0, 1, 8, "BIỂU TỔNG HỢP TÌNH HÌNH HOẠT ĐỘNG CỦA HỢP TÁC XÃ NĂM 2024", f["title"])
        s.write(2, 7, "Đơn vị tính: triệu đồng")
        for col, text in enumerate(["STT", "Tên hợp tác xã", "Mã số HTX", "Địa chỉ (xã, phường)"]):
            s.merge_range(3, col, 4, col, text, f["head"])
        s.merge_range(3, 4, 3, 5, "Số thành viên (người)", f["head"])
        s.write(4, 4, "Tổng số", f["head"])
        s.write(4, 5, "Trong đó: TV chính thức", f["head"])
        s.merge_range(3, 6, 4, 6, "Lao động thường xuyên (người)", f["head"])
        s.merge_range(3, 7, 4, 7, "Doanh thu", f["head"])
        s.merge_range(3, 8, 4, 8, "Lợi nhuận", f["head"])
        _rows(
            s,
            5,
            [
                [1, 2, 3, 4, 5, 6, 7, 8, 9],
                ["I", "Nông nghiệp"],
                [
                    1,
                    world.organization.name,
                    float(world.organization.registration_code),
                    "P. Điện Phước",
                    64,
                    60,
                    12,
                    "2.134,7",
                    150,
                ],
                [2, nfd(world.other.name), float(world.other.registration_code), "X. Duy Thành", 30, 25, 6, "2,134.7", "45,5"],
                ["II", "Phi nông nghiệp"],
                [3, world.zero_code.name, float(world.zero_code.registration_code), "Điện An", 12, 10, 4, 980, 20],
                [None, "Tổng cộng", None, None, 106, 95, 22, 5249.4, 215.5],
            ],
        )
        _signature(s, 13, "Điện Bàn")

    report = {"year": 2024}
    return CorpusFile(
        "bieu-tong-hop-htx.xlsx",
        "annual_reports",
        _book(build),
        [
            Expected(
                8,
                "create",
                {
                    **report,
                    "organization_id": world.organization.pk,
                    "members_official": 60,
                    "regular_workers": 12,
                    "revenue": 2_134_700_000,
                    "pre_tax_profit": 150_000_000,
                },
            ),
            Expected(
                9,
                "create",
                {
                    **report,
                    "organization_id": world.other.pk,
                    "members_official": 25,
                    "regular_workers": 6,
                    "revenue": 2_134_700_000,
                    "pre_tax_profit": 45_500_000,
                },
            ),
            Expected(
                11,
                "create",
                {
                    **report,
                    "organization_id": world.zero_code.pk,
                    "members_official": 10,
                    "regular_workers": 4,
                    "revenue": 980_000_000,
                    "pre_tax_profit": 20_000_000,
                },
            ),
        ],
        notices=("dòng 12 là dòng tổng cộng", "dòng 7 là dòng tiêu đề nhóm", "phần ký tên"),
    )


def commune_tht_list(world: World) -> CorpusFile:
    """A commune's list of cooperative groups: the commune and the kind only in the title,
    "Tổ trưởng" and "Thôn" columns, a field of activity written short ("Nông nghiệp")."""

    def build(book, f):
        s = book.add_worksheet("THT")
        s.write(0, 0, "UBND PHƯỜNG ĐIỆN BÀN ĐÔNG", f["title"])
        s.merge_range(1, 0, 1, 5, "DANH SÁCH TỔ HỢP TÁC TRÊN ĐỊA BÀN PHƯỜNG (đến 31/12/2024)", f["title"])
        _rows(
            s,
            3,
            [
                ["STT", "Tên tổ hợp tác", "Tổ trưởng", "Thôn", "Lĩnh vực hoạt động", "Số thành viên"],
                [1, "Tổ hợp tác trồng rau an toàn Thôn 1", "Lê Văn Ba", "Thôn 1", "Nông nghiệp", 12],
                [2, nfd("Tổ hợp tác nuôi ong Thôn Hòa Bình"), "Phạm Thị Hoa", "Thôn Hòa Bình", "Nông nghiệp", 9],
                [3, "Tổ hợp tác may mặc Tân Phong", "Võ Thị Mai", "Thôn Tân Phong", "Công nghiệp", 7],
                [None, "Cộng", None, None, None, 28],
            ],
        )
        _signature(s, 10, "Điện Bàn Đông")

    def org(name, leader, village, field_):
        return {
            "name": name,
            "kind": "tht",
            "legal_representative": leader,
            "address": village,
            "field": field_,
            "commune_id": "commune_a",
        }

    return CorpusFile(
        "danh-sach-tht.xlsx",
        "organizations",
        _book(build),
        [
            Expected(5, "create", org("Tổ hợp tác trồng rau an toàn Thôn 1", "Lê Văn Ba", "Thôn 1", "nong_nghiep")),
            Expected(6, "create", org("Tổ hợp tác nuôi ong Thôn Hòa Bình", "Phạm Thị Hoa", "Thôn Hòa Bình", "nong_nghiep")),
            Expected(7, "create", org("Tổ hợp tác may mặc Tân Phong", "Võ Thị Mai", "Thôn Tân Phong", "cong_nghiep")),
        ],
        notices=("tổng cộng", "phần ký tên"),
    )


def district_organization_list(world: World) -> CorpusFile:
    """A district's register of cooperatives: the commune in "Địa chỉ (xã, phường)" under
    pre-2025 names with and without prefixes, charter capital in million đồng in the header,
    NFD text, a registered cooperative already known (unchanged) and one with a bad code."""

    def build(book, f):
        s = book.add_worksheet("DS HTX")
        s.write(0, 0, "ỦY BAN NHÂN DÂN THỊ XÃ ĐIỆN BÀN", f["title"])
        s.merge_range(2, 0, 2, 7, nfd("DANH SÁCH HỢP TÁC XÃ ĐANG HOẠT ĐỘNG"), f["title"])
        head = [
            "STT",
            "Tên hợp tác xã",
            "Mã số HTX",
            "Địa chỉ (xã, phường)",
            "Loại hình",
            "Lĩnh vực",
            "Ngày thành lập",
            "Vốn điều lệ (triệu đồng)",
        ]
        _rows(
            s,
            4,
            [
                [nfd(text) for text in head],
                ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
                [
                    1,
                    world.organization.name,
                    world.organization.registration_code,
                    "Phường Điện Phước",
                    "Hợp tác xã",
                    world.organization.get_field_display(),
                    None,
                    None,
                ],
                [2, nfd("HTX Dịch vụ tổng hợp Điện An"), "4001999001", "P. Điện An", "HTX", "Thương mại", "15/03/2019", "1.500"],
                [3, "HTX Nông nghiệp Duy Thành", 4001999002, "X. Duy Thành", "Hợp tác xã", "Nông nghiệp", "02/11/2021", 800],
                [4, "HTX Sai mã", "40019990", "Duy Thành", "Hợp tác xã", "Nông nghiệp", None, None],
            ],
        )

    return CorpusFile(
        "ds-htx-dien-ban.xlsx",
        "organizations",
        _book(build),
        [
            Expected(7, "unchanged"),
            Expected(
                8,
                "create",
                {
                    "name": "HTX Dịch vụ tổng hợp Điện An",
                    "registration_code": "4001999001",
                    "kind": "htx",
                    "field": "thuong_mai",
                    "founded_on": dt.date(2019, 3, 15),
                    "charter_capital": 1_500_000_000,
                    "commune_id": "commune_a",
                },
            ),
            Expected(
                9,
                "create",
                {
                    "name": "HTX Nông nghiệp Duy Thành",
                    "registration_code": "4001999002",
                    "kind": "htx",
                    "field": "nong_nghiep",
                    "founded_on": dt.date(2021, 11, 2),
                    "charter_capital": 800_000_000,
                    "commune_id": "commune_b",
                },
            ),
            Expected(10, "reject", reason="Mã số"),
        ],
    )


def members_list(world: World) -> CorpusFile:
    """A cooperative's members list: the cooperative named only above the table by its code,
    contributions in million đồng, a signature block."""

    def build(book, f):
        s = book.add_worksheet("Thanh vien")
        s.merge_range(0, 0, 0, 4, "DANH SÁCH THÀNH VIÊN " + world.organization.name.upper(), f["title"])
        s.write(1, 0, f"Mã số HTX: {world.organization.registration_code}")
        _rows(
            s,
            3,
            [
                ["STT", "Họ và tên", "Số CCCD", "Ngày gia nhập", "Vốn góp (triệu đồng)"],
                [1, "Nguyễn Văn An", "049080001234", "01/02/2016", 20],
                [2, nfd("Trần Thị Bích"), "049185004321", "15/06/2020", "12,5"],
                [3, "Lê Văn Cường", None, "10/01/2023", 10],
            ],
        )
        _signature(s, 8, "Điện Phước")

    def member(name, identifier, joined, capital):
        return {
            "organization_id": world.organization.pk,
            "name": name,
            "identifier": identifier,
            "joined_on": joined,
            "capital_contribution": capital,
        }

    return CorpusFile(
        "thanh-vien-htx.xlsx",
        "members",
        _book(build),
        [
            Expected(5, "create", member("Nguyễn Văn An", "049080001234", dt.date(2016, 2, 1), 20_000_000)),
            Expected(6, "create", member("Trần Thị Bích", "049185004321", dt.date(2020, 6, 15), 12_500_000)),
            Expected(7, "create", member("Lê Văn Cường", "", dt.date(2023, 1, 10), 10_000_000)),
        ],
        notices=("phần ký tên",),
    )


def commune_report_by_name(world: World) -> CorpusFile:
    """A commune's yearly figures: no codes (organizations by name in the commune the title
    names), the year in a "Năm" cell, abbreviated headers ("Số TV", "Số LĐ")."""

    def build(book, f):
        s = book.add_worksheet("Sheet1")
        s.write(0, 0, "UBND XÃ DUY XUYÊN", f["title"])
        s.write(1, 0, "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG KINH TẾ TẬP THỂ")
        s.write(2, 2, "Năm")
        s.write(2, 3, 2023)
        _rows(
            s,
            4,
            [
                ["TT", "Tên HTX", "Số TV", "Số LĐ", "Doanh thu (đồng)", "Tổng nguồn vốn (đồng)"],
                [1, world.other.name.upper(), 22, 5, "1.250.000.000", "3.000.000.000"],
                [2, "HTX không có trong sổ", 10, 2, "100.000.000", "200.000.000"],
            ],
        )

    return CorpusFile(
        "bao-cao-xa.xlsx",
        "annual_reports",
        _book(build),
        [
            Expected(
                6,
                "create",
                {
                    "organization_id": world.other.pk,
                    "year": 2023,
                    "members_official": 22,
                    "regular_workers": 5,
                    "revenue": 1_250_000_000,
                    "total_capital": 3_000_000_000,
                },
            ),
            Expected(7, "reject", reason="chưa có trong sổ đăng ký"),
        ],
    )


def report_csv_year_in_name(world: World) -> CorpusFile:
    """A CSV saved from Excel with ";" separators: the year only in the file's name, revenue in
    thousand đồng, an English-style number."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["Mã số thuế", "Tên đơn vị", "Thành viên (người)", "Doanh thu (nghìn đồng)"])
    writer.writerow([world.organization.registration_code, world.organization.name, "58", "1,250,000"])
    writer.writerow([world.zero_code.registration_code, world.zero_code.name, "9", "300.000"])
    return CorpusFile(
        "bao-cao-nam-2022.csv",
        "annual_reports",
        buffer.getvalue().encode("utf-8-sig"),
        [
            Expected(
                2,
                "create",
                {"organization_id": world.organization.pk, "year": 2022, "members_official": 58, "revenue": 1_250_000_000},
            ),
            Expected(
                3, "create", {"organization_id": world.zero_code.pk, "year": 2022, "members_official": 9, "revenue": 300_000_000}
            ),
        ],
    )


def commune_report_summary(world: World) -> CorpusFile:
    """A commune's own yearly summary: the commune and the year only in the title block, codes
    typed as text, money in đồng written with dots, a "Tổng số" row and a signature block."""

    def build(book, f):
        s = book.add_worksheet("Bao cao")
        s.write(0, 0, "UBND PHƯỜNG ĐIỆN BÀN ĐÔNG", f["title"])
        s.write(1, 0, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        s.merge_range(3, 0, 3, 6, "BÁO CÁO TÌNH HÌNH HOẠT ĐỘNG CỦA HỢP TÁC XÃ NĂM 2023", f["title"])
        head = ["STT", "Tên HTX", "Mã số HTX", "Số thành viên", "Số lao động", "Doanh thu (đồng)", "Lợi nhuận (đồng)"]
        _rows(
            s,
            5,
            [
                head,
                [1, world.organization.name, world.organization.registration_code, 41, 9, "1.520.000.000", "85.000.000"],
                [2, world.zero_code.name, world.zero_code.registration_code, 15, 3, "420.500.000", "-12.000.000"],
                ["", "Tổng số", "", 56, 12, "1.940.500.000", "73.000.000"],
            ],
        )
        _signature(s, 10, "Điện Bàn Đông")

    def report(organization, members, workers, revenue, profit):
        return {
            "organization_id": organization.pk,
            "year": 2023,
            "members_official": members,
            "regular_workers": workers,
            "revenue": revenue,
            "pre_tax_profit": profit,
        }

    return CorpusFile(
        "bao-cao-phuong-2023.xlsx",
        "annual_reports",
        _book(build),
        [
            Expected(7, "create", report(world.organization, 41, 9, 1_520_000_000, 85_000_000)),
            Expected(8, "create", report(world.zero_code, 15, 3, 420_500_000, -12_000_000)),
        ],
        notices=("dòng 9 là dòng tổng cộng", "phần ký tên"),
    )


def two_level_members_header(world: World) -> CorpusFile:
    """Two-level merged headers ("Thành viên (người)" over "Chính thức" / "Liên kết"), a
    column-number row "(1)"…"(7)", the year a column, two years of one cooperative."""

    def build(book, f):
        s = book.add_worksheet("TH")
        s.merge_range(0, 0, 0, 6, "TỔNG HỢP SỐ LIỆU HỢP TÁC XÃ GIAI ĐOẠN 2022 - 2023", f["title"])
        for col, text in (
            (0, "STT"),
            (1, "Mã số HTX"),
            (2, "Năm"),
            (5, "Lao động thường xuyên (người)"),
            (6, "Doanh thu (đồng)"),
        ):
            s.merge_range(2, col, 3, col, text, f["head"])
        s.merge_range(2, 3, 2, 4, "Thành viên (người)", f["head"])
        s.write(3, 3, "Chính thức", f["head"])
        s.write(3, 4, "Liên kết", f["head"])
        _rows(
            s,
            4,
            [
                ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
                [1, world.other.registration_code, 2022, 18, 4, 5, 600_000_000],
                [2, world.other.registration_code, 2023, 20, 6, 5, 720_000_000],
            ],
        )

    def report(year, official, associate, revenue):
        return {
            "organization_id": world.other.pk,
            "year": year,
            "members_official": official,
            "members_associate": associate,
            "regular_workers": 5,
            "revenue": revenue,
        }

    return CorpusFile(
        "tong-hop-2022-2023.xlsx",
        "annual_reports",
        _book(build),
        [
            Expected(6, "create", report(2022, 18, 4, 600_000_000)),
            Expected(7, "create", report(2023, 20, 6, 720_000_000)),
        ],
    )


def both_number_styles(world: World) -> CorpusFile:
    """Figures typed as text by two people: "2.134,7" (Vietnamese) and "2,134.7" (English) in the
    same columns, in million đồng by the header; an unreadable figure refuses its row."""

    def build(book, f):
        s = book.add_worksheet("So lieu 2021")
        s.write(0, 0, "SỐ LIỆU HỢP TÁC XÃ NĂM 2021", f["title"])
        _rows(
            s,
            2,
            [
                ["Mã số HTX", "Tên đơn vị", "Doanh thu (triệu đồng)", "Tổng nguồn vốn (triệu đồng)"],
                [world.organization.registration_code, world.organization.name, "2.134,7", "1.500"],
                [world.other.registration_code, world.other.name, "2,134.7", "1,500.25"],
                [world.zero_code.registration_code, world.zero_code.name, "hai tỷ", "100"],
            ],
        )

    def report(organization, revenue, capital):
        return {"organization_id": organization.pk, "year": 2021, "revenue": revenue, "total_capital": capital}

    return CorpusFile(
        "so-lieu-2021.xlsx",
        "annual_reports",
        _book(build),
        [
            Expected(4, "create", report(world.organization, 2_134_700_000, 1_500_000_000)),
            Expected(5, "create", report(world.other, 2_134_700_000, 1_500_250_000)),
            Expected(6, "reject", reason="hai tỷ"),
        ],
    )


def legacy_names_by_name(world: World) -> CorpusFile:
    """Reports naming their cooperatives by name and pre-2025 commune, with and without prefixes
    ("P. Điện Phước", "Duy Thành"), no codes; the district only in the title block."""

    def build(book, f):
        s = book.add_worksheet("Sheet1")
        s.write(0, 0, "UBND THỊ XÃ ĐIỆN BÀN", f["title"])
        s.write(1, 0, "BÁO CÁO HỢP TÁC XÃ NĂM 2020", f["title"])
        _rows(
            s,
            3,
            [
                ["TT", "Tên hợp tác xã", "Xã, phường", "Số thành viên", "Doanh thu (đồng)"],
                [1, world.organization.name, "P. Điện Phước", 33, 410_000_000],
                [2, nfd(world.other.name), "Duy Thành", 21, 230_000_000],
                [3, world.zero_code.name, "X. Không Có", 5, 1_000_000],
            ],
        )

    def report(organization, members, revenue):
        return {"organization_id": organization.pk, "year": 2020, "members_official": members, "revenue": revenue}

    return CorpusFile(
        "bao-cao-2020-ten-cu.xlsx",
        "annual_reports",
        _book(build),
        [
            Expected(5, "create", report(world.organization, 33, 410_000_000)),
            Expected(6, "create", report(world.other, 21, 230_000_000)),
            Expected(7, "reject", reason="Không Có"),
        ],
    )


def summary_creating_organizations(world: World) -> CorpusFile:
    """One sheet, both kinds: a district summary whose cooperatives are partly not in the
    registry; imported confirming "tạo mới N tổ chức", they are created with their reports."""

    def build(book, f):
        s = book.add_worksheet("Bieu 02")
        s.write(0, 0, "UBND THỊ XÃ ĐIỆN BÀN", f["title"])
        s.merge_range(1, 0, 1, 5, "BIỂU TỔNG HỢP TÌNH HÌNH HOẠT ĐỘNG CỦA HỢP TÁC XÃ NĂM 2024", f["title"])
        _rows(
            s,
            3,
            [
                ["STT", "Tên hợp tác xã", "Mã số HTX", "Địa chỉ (xã, phường)", "Số thành viên (người)", "Doanh thu (triệu đồng)"],
                [1, world.organization.name, world.organization.registration_code, "P. Điện Phước", 61, 900],
                [2, "HTX Nông nghiệp Điện Thọ Mới", "4001888001", "P. Điện An", 27, "350,5"],
                [3, nfd("HTX Dịch vụ vận tải Duy Thành"), "", "X. Duy Thành", 8, 120],
            ],
        )

    return CorpusFile(
        "bieu-tong-hop-htx-moi.xlsx",
        "annual_reports",
        _book(build),
        [
            Expected(
                5,
                "create",
                {"organization_id": world.organization.pk, "year": 2024, "members_official": 61, "revenue": 900_000_000},
            ),
            Expected(
                6,
                "create",
                {
                    "organization_name": "HTX Nông nghiệp Điện Thọ Mới",
                    "year": 2024,
                    "members_official": 27,
                    "revenue": 350_500_000,
                },
            ),
            Expected(
                7,
                "create",
                {
                    "organization_name": "HTX Dịch vụ vận tải Duy Thành",
                    "year": 2024,
                    "members_official": 8,
                    "revenue": 120_000_000,
                },
            ),
        ],
        create_missing=True,
    )


def district_members_list(world: World) -> CorpusFile:
    """A district's list of members of several cooperatives: each row names its cooperative by a
    code typed as a number (the leading 0 of 0401234567 lost), NFD names, a "Cộng" row."""

    def build(book, f):
        s = book.add_worksheet("Thanh vien")
        s.merge_range(0, 0, 0, 4, "DANH SÁCH THÀNH VIÊN HỢP TÁC XÃ", f["title"])
        _rows(
            s,
            2,
            [
                ["STT", "Mã số HTX", "Họ và tên", "Số CCCD", "Vốn góp (đồng)"],
                [1, float(world.zero_code.registration_code), nfd("Đặng Thị Thu"), "049190000111", 5_000_000],
                [2, float(world.other.registration_code), "Huỳnh Văn Tới", "049188000222", 7_500_000],
                [3, float(world.other.registration_code), "", "049188000333", 1_000_000],
                ["", "Cộng", "", "", 13_500_000],
            ],
        )

    def member(organization, name, identifier, capital):
        return {"organization_id": organization.pk, "name": name, "identifier": identifier, "capital_contribution": capital}

    return CorpusFile(
        "thanh-vien-cac-htx.xlsx",
        "members",
        _book(build),
        [
            Expected(4, "create", member(world.zero_code, "Đặng Thị Thu", "049190000111", 5_000_000)),
            Expected(5, "create", member(world.other, "Huỳnh Văn Tới", "049188000222", 7_500_000)),
            Expected(6, "reject", reason="Chưa ghi tên thành viên"),
        ],
        notices=("tổng cộng",),
    )


GENERATORS = (
    district_report_summary,
    commune_tht_list,
    district_organization_list,
    members_list,
    commune_report_by_name,
    report_csv_year_in_name,
    commune_report_summary,
    two_level_members_header,
    both_number_styles,
    legacy_names_by_name,
    summary_creating_organizations,
    district_members_list,
)


# --- Support: the lists of beneficiaries offices send with their support reports -----------------


def support_beneficiary_list(world: World) -> CorpusFile:
    """A district's list of the cooperatives it supported in a year, as its economic office sends
    it: a two-column title block (issuer | national motto), the list's title and "Kèm theo" line,
    money in million đồng by the "Đơn vị tính" line and the header, a two-level merged header
    ("Kinh phí hỗ trợ" over "Tổng số" / "Trong đó: ngân sách tỉnh", "Quyết định hỗ trợ" over
    "Số" / "Ngày"), a column-number row, sections by policy, NFD names, codes typed as numbers
    or left empty (the cooperative then found by name), a cooperative not in the registry, a
    policy not in the catalogue, a total row and a signature block."""
    training, trade = world.policies

    def build(book, f):
        s = book.add_worksheet("DS ho tro 2024")
        s.merge_range(0, 0, 0, 3, "UBND THỊ XÃ ĐIỆN BÀN", f["title"])
        s.merge_range(0, 5, 0, 10, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", f["title"])
        s.merge_range(1, 0, 1, 3, "PHÒNG KINH TẾ", f["title"])
        s.merge_range(1, 5, 1, 10, "Độc lập - Tự do - Hạnh phúc", f["title"])
        s.merge_range(3, 0, 3, 10, nfd("DANH SÁCH HỢP TÁC XÃ ĐƯỢC HỖ TRỢ NĂM 2024"), f["title"])
        s.merge_range(4, 0, 4, 10, "(Kèm theo Báo cáo số 45/BC-KT ngày 10/01/2025 của Phòng Kinh tế)", f["title"])
        s.write(5, 9, "Đơn vị tính: triệu đồng")
        for col, text in enumerate(
            ["STT", "Tên hợp tác xã", "Mã số HTX", "Địa chỉ (xã, phường)", "Chính sách hỗ trợ", "Nội dung hỗ trợ"]
        ):
            s.merge_range(6, col, 7, col, text, f["head"])
        s.merge_range(6, 6, 6, 7, "Kinh phí hỗ trợ (triệu đồng)", f["head"])
        s.write(7, 6, "Tổng số", f["head"])
        s.write(7, 7, "Trong đó: ngân sách tỉnh", f["head"])
        s.merge_range(6, 8, 6, 9, "Quyết định hỗ trợ", f["head"])
        s.write(7, 8, "Số", f["head"])
        s.write(7, 9, "Ngày", f["head"])
        s.merge_range(6, 10, 7, 10, "Ghi chú", f["head"])
        _rows(
            s,
            8,
            [
                ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "(11)"],
                ["I", nfd("Hỗ trợ đào tạo, bồi dưỡng")],
                [
                    1,
                    nfd(world.organization.name),
                    float(world.organization.registration_code),
                    "P. Điện Phước",
                    training,
                    nfd("Học phí lớp giám đốc HTX"),
                    "45,5",
                    "45,5",
                    "125/QĐ-UBND",
                    "10/05/2024",
                ],
                [
                    2,
                    world.other.name,
                    None,
                    "X. Duy Thành",
                    nfd(training),
                    "Bồi dưỡng kế toán",
                    12,
                    12,
                    "126/QĐ-UBND",
                    "01/06/2024",
                ],
                ["II", "Hỗ trợ xúc tiến thương mại"],
                [
                    3,
                    world.zero_code.name,
                    world.zero_code.registration_code,
                    "Điện An",
                    trade,
                    "Gian hàng hội chợ OCOP",
                    "2.134,7",
                    "2.000",
                    "130/QĐ-UBND",
                    "15/07/2024",
                    "Hội chợ tỉnh",
                ],
                [
                    4,
                    "HTX Dịch vụ Điện Thọ Mới",
                    None,
                    "Điện Thọ",
                    trade,
                    "Gian hàng hội chợ",
                    10,
                    10,
                    "131/QĐ-UBND",
                    "15/07/2024",
                ],
                [
                    5,
                    world.other.name,
                    None,
                    "X. Duy Thành",
                    "Hỗ trợ làm đường giao thông",
                    "Bê tông nội đồng",
                    300,
                    300,
                    "",
                    "20/08/2024",
                ],
                [None, "Tổng cộng", None, None, None, None, 2502.2, 2367.5],
            ],
        )
        _signature(s, 18, "Điện Bàn")

    def record(organization, policy_name, day, amount, content, decision):
        return {
            "organization_id": organization.pk,
            "policy_name": policy_name,
            "supported_on": day,
            "amount": amount,
            "content": content,
            "decision_ref": decision,
        }

    return CorpusFile(
        "ds-htx-duoc-ho-tro-2024.xlsx",
        "support_records",
        _book(build),
        [
            Expected(
                11,
                "create",
                record(world.organization, training, dt.date(2024, 5, 10), 45_500_000, "Học phí lớp giám đốc HTX", "125/QĐ-UBND"),
            ),
            Expected(
                12, "create", record(world.other, training, dt.date(2024, 6, 1), 12_000_000, "Bồi dưỡng kế toán", "126/QĐ-UBND")
            ),
            Expected(
                14,
                "create",
                record(world.zero_code, trade, dt.date(2024, 7, 15), 2_134_700_000, "Gian hàng hội chợ OCOP", "130/QĐ-UBND"),
            ),
            Expected(15, "reject", reason="Không tìm thấy tổ chức “HTX Dịch vụ Điện Thọ Mới”"),
            Expected(16, "reject", reason="Không tìm thấy chính sách “Hỗ trợ làm đường giao thông”"),
        ],
        notices=("dòng 10 là dòng tiêu đề nhóm", "dòng 13 là dòng tiêu đề nhóm", "dòng 17 là dòng tổng cộng", "phần ký tên"),
    )


#: Files of the kinds another app imports (imports.foreign), with their own test (support/tests/test_corpus.py).
SUPPORT_GENERATORS = (support_beneficiary_list,)


# --- Decisions: the task table as the appendix of a signed decision -----------------------------

DECISION_HEAD = (
    "ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM",
    "Số: 1234/QĐ-UBND",
    "Quảng Nam, ngày 20 tháng 12 năm 2021",
    "QUYẾT ĐỊNH",
    "Ban hành Kế hoạch phát triển kinh tế tập thể giai đoạn 2021 - 2025",
    "Phụ lục: NHIỆM VỤ CỤ THỂ",
)
TASK_HEADER = ("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện", "Sản phẩm")
#: Group rows: (number, title), merged across the table; task rows: the six cells.
DECISION_ROWS = (
    ("III", "PHÁT TRIỂN HỢP TÁC XÃ"),
    ("1.", "Xây dựng đề án hỗ trợ hợp tác xã", "Sở KH&ĐT", "Sở NN&PTNT; Liên minh HTX tỉnh Quảng Nam", "Quý I/2022", "Đề án"),
    ("2.", "Chuyển đổi số trong hợp tác xã", "Sở TT&TT", "", "Hằng năm, trước 15/12", "Báo cáo"),
    ("IV", "HẠ TẦNG VÀ THEO DÕI"),
    ("1.", "Hạ tầng giao thông nông thôn phục vụ hợp tác xã", "Sở GTVT", "", "2021 - 2025", "Công trình"),
    ("2.", "Theo dõi, đôn đốc thực hiện", "Sở Tài chính", "", "Thường xuyên", ""),
)
#: A task for the old labour department, whose work was divided: the preview asks which successor.
SPLIT_ROW = ("3.", "Đào tạo nghề cho thành viên hợp tác xã", "Sở LĐ-TB&XH", "", "Trước 30/6/2022", "Lớp học")


def decision_docx(*, with_split: bool = False) -> bytes:
    """The decision as Word writes it: header paragraphs, then the task table with group rows
    merged across all columns and numbers written "1.", "2."."""
    import docx

    document = docx.Document()
    for line in DECISION_HEAD:
        document.add_paragraph(line)
    rows = (*DECISION_ROWS, SPLIT_ROW) if with_split else DECISION_ROWS
    table = document.add_table(rows=1 + len(rows), cols=len(TASK_HEADER))
    for column, text in enumerate(TASK_HEADER):
        table.rows[0].cells[column].text = text
    for index, row in enumerate(rows, start=1):
        cells = table.rows[index].cells
        if len(row) == 2:
            cells[0].text = row[0]
            merged = cells[1].merge(cells[len(TASK_HEADER) - 1])
            merged.text = row[1]
            continue
        for column, text in enumerate(row):
            cells[column].text = text
    document.add_paragraph("Nơi nhận: - Như Điều 3;")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def decision_pdf(*, with_split: bool = False) -> bytes:
    """The same decision exported to PDF (a text layer, ruled table)."""
    rows = (*DECISION_ROWS, SPLIT_ROW) if with_split else DECISION_ROWS
    body = "".join(
        f"<tr><td>{row[0]}</td><td colspan='5'>{row[1]}</td></tr>"
        if len(row) == 2
        else "<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>"
        for row in rows
    )
    head = "".join(f"<p>{line}</p>" for line in DECISION_HEAD)
    header = "".join(f"<th>{text}</th>" for text in TASK_HEADER)
    return _pdf(
        "<html><head><style>@page{size:A4 landscape;margin:1cm} body{font-size:9pt}"
        "table{border-collapse:collapse;width:100%} td,th{border:1px solid #000;padding:2px}</style></head>"
        f"<body>{head}<table><tr>{header}</tr>{body}</table></body></html>"
    )


def scanned_pdf() -> bytes:
    """A scan: one page holding only a picture, no text to read."""
    import base64

    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(picture, "PNG")
    data = base64.b64encode(picture.getvalue()).decode()
    return _pdf(f"<html><body><img src='data:image/png;base64,{data}' width='400'></body></html>")
