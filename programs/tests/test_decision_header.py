"""The decision's header (number, date, place, issuer, title) from its DOCX or text PDF."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from imports.tests.corpus.build import decision_docx, decision_pdf, scanned_pdf
from programs.decision_header import DecisionHeader, decision_header, read_header
from programs.tests.decisions import TITLE, decision_3351_docx, decision_3351_pdf

QD_3351 = DecisionHeader(
    number="3351/QĐ-UBND",
    date=dt.date(2020, 11, 30),
    issuer="UBND tỉnh Quảng Nam",
    title=TITLE.removeprefix("Ban hành "),
    place="Quảng Nam",
    subject=TITLE,
)
FILES = {"docx": decision_3351_docx, "pdf": decision_3351_pdf}


@pytest.mark.parametrize("fmt", FILES)
def test_the_3351_header_is_read_from_word_and_pdf(fmt):
    header = decision_header(FILES[fmt]())
    assert header == QD_3351
    assert header.title.startswith("Chương trình hành động thực hiện Kết luận số 70-KL/TW ngày 09/3/2020")
    assert header.complete and header.period() is None


@pytest.mark.parametrize("fmt", FILES)
def test_a_path_or_an_open_file_is_read_too(fmt, tmp_path):
    path = tmp_path / f"qd-3351.{fmt}"
    path.write_bytes(FILES[fmt]())
    assert decision_header(path) == QD_3351
    assert decision_header(str(path)) == QD_3351
    with path.open("rb") as handle:
        handle.read(10)  # already read from: read again from the start
        assert decision_header(handle) == QD_3351


@pytest.mark.parametrize("build", [decision_docx, decision_pdf])
def test_a_header_written_as_paragraphs_is_read(build):
    header = decision_header(build())
    assert (header.number, header.date, header.issuer, header.place) == (
        "1234/QĐ-UBND",
        dt.date(2021, 12, 20),
        "UBND tỉnh Quảng Nam",
        "Quảng Nam",
    )
    assert header.subject == "Ban hành Kế hoạch phát triển kinh tế tập thể giai đoạn 2021 - 2025"
    assert header.title == "Kế hoạch phát triển kinh tế tập thể giai đoạn 2021 - 2025"
    assert header.period() == (2021, 2025)


LINES = [
    # (lines, expected fields)
    (
        ["UBND TỈNH QUẢNG NAM", "Số: 12/2021/QĐ-UBND", "Tam Kỳ, ngày 05/01/2021", "QUYẾT ĐỊNH", "Về việc ban hành Kế hoạch X"],
        ("12/2021/QĐ-UBND", dt.date(2021, 1, 5), "UBND tỉnh Quảng Nam", "Kế hoạch X", "Tam Kỳ"),
    ),
    (
        [
            "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "THÀNH PHỐ ĐÀ NẴNG Độc lập - Tự do - Hạnh phúc",
            "Số: 45 /QĐ-UBND Đà Nẵng, ngày 2 tháng 8 năm 2025",
            "QUYẾT ĐỊNH",
            "Ban hành Kế hoạch thực hiện Nghị quyết 20-NQ/TW",
            "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ",
        ],
        (
            "45/QĐ-UBND",
            dt.date(2025, 8, 2),
            "UBND thành phố Đà Nẵng",
            "Kế hoạch thực hiện Nghị quyết 20-NQ/TW",
            "Đà Nẵng",
        ),
    ),
    (
        ["BỘ TÀI CHÍNH", "Số: 768/BC-BTC", "Hà Nội, ngày 31 tháng 12 năm 2025"],
        ("768/BC-BTC", dt.date(2025, 12, 31), "BỘ TÀI CHÍNH", "", "Hà Nội"),
    ),
    (
        ["UBND TỈNH QUẢNG NAM", "Số: 3351/QĐ-UBND", "Quảng Nam, ngày 31 tháng 2 năm 2020"],  # no such day
        ("3351/QĐ-UBND", None, "UBND tỉnh Quảng Nam", "", "Quảng Nam"),
    ),
]


@pytest.mark.parametrize(("lines", "expected"), LINES)
def test_each_field_is_found_by_its_pattern(lines, expected):
    header = read_header(lines)
    assert (header.number, header.date, header.issuer, header.title, header.place) == expected


def test_what_is_not_a_decision_has_no_header():
    book = Workbook()
    book.active.append(["Số: 1/QĐ-UBND"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert decision_header(buffer.getvalue()) is None  # a workbook
    assert decision_header(scanned_pdf()) is None  # no text layer
    assert decision_header(b"%PDF-1.4 broken") is None
    assert decision_header(b"") is None
    assert read_header(["Báo cáo tình hình", "Nội dung"]) is None  # neither number nor date


def test_the_title_rows_of_a_sheet_give_a_header_too_and_an_empty_one_when_they_show_none():
    header = decision_header(["UBND TỈNH QUẢNG NAM", "Số: 7/KH-UBND", "Quảng Nam, ngày 9 tháng 1 năm 2024"])
    assert (header.number, header.date, header.issuer, header.complete) == (
        "7/KH-UBND",
        dt.date(2024, 1, 9),
        "UBND tỉnh Quảng Nam",
        False,
    )
    assert decision_header(["BIỂU TỔNG HỢP NHIỆM VỤ"]) == DecisionHeader()
