import datetime as dt
import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from python_calamine import CalamineWorkbook

from reports.csv import csv_bytes
from reports.official import (
    Closing,
    OfficialHeader,
    add_closing,
    add_table,
    finalize,
    fitted_widths,
    letterhead,
    new_document,
    to_bytes,
    vietnamese_date_line,
)
from reports.pdf import docx_to_pdf, html_to_pdf
from reports.xlsx import Column, Sheet, workbook_bytes

HEADER = OfficialHeader(
    issuer="Sở Tài chính",
    issuer_parent="UBND thành phố Đà Nẵng",
    number="125/BC-STC",
    place="Đà Nẵng",
    date=dt.date(2025, 12, 21),
)


def _text_of(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_date_line_pads_day_and_early_months():
    assert vietnamese_date_line("Đà Nẵng", dt.date(2025, 2, 5)) == "Đà Nẵng, ngày 05 tháng 02 năm 2025"
    assert vietnamese_date_line("Đà Nẵng", dt.date(2025, 12, 21)) == "Đà Nẵng, ngày 21 tháng 12 năm 2025"


def _document(*tables) -> Document:
    document = new_document()
    letterhead(document, HEADER)
    for headers, rows in tables:
        add_table(document, headers, rows, numeric=[2])
    add_closing(
        document,
        Closing(
            signer_title="Phó Giám đốc",
            on_behalf="KT. Giám đốc",
            signer_name="Nguyễn Văn A",
            recipients=["UBND thành phố", "Lưu: VT"],
        ),
    )
    finalize(document)
    return Document(io.BytesIO(to_bytes(document)))


def test_official_document_has_the_decree_30_header_and_closing():
    text = _text_of(_document((["STT", "Chỉ tiêu", "Số lượng"], [[1, "Số HTX", "1.234"]])))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND THÀNH PHỐ ĐÀ NẴNG",
        "SỞ TÀI CHÍNH",
        "Số: 125/BC-STC",
        "Đà Nẵng, ngày 21 tháng 12 năm 2025",
        "Nơi nhận:",
        "- UBND thành phố;",
        "- Lưu: VT.",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Văn A",
        "1.234",
    ):
        assert expected in text


def test_tables_repeat_their_header_row_and_keep_rows_whole():
    table = _document((["STT", "Chỉ tiêu", "Số lượng"], [[i, f"Chỉ tiêu {i}", "1"] for i in range(40)])).tables[1]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    assert all(run.font.size.pt >= 11 for cell in table.rows[1].cells for run in cell.paragraphs[0].runs)


def test_a_narrow_table_stays_portrait_and_a_wide_one_gets_a_landscape_section():
    narrow = _document((["STT", "Chỉ tiêu"], [[1, "Số HTX"]]))
    assert len(narrow.sections) == 1 and round(narrow.sections[0].page_width.mm) == 210
    headers = [f"Cột số liệu thứ {i}" for i in range(16)]
    wide = _document((headers, [["123.456.789"] * 16]))
    widths = [round(section.page_width.mm) for section in wide.sections]
    assert widths == [210, 297, 210]
    # the number stays in the header from page 2 on, across the sections
    assert wide.sections[0].different_first_page_header_footer
    assert not wide.sections[1].different_first_page_header_footer and not wide.sections[2].different_first_page_header_footer


def test_column_widths_follow_the_content():
    size, widths, landscape = fitted_widths(["STT", "Nội dung"], [["1", "Một nội dung dài " * 10]])
    assert size == 12 and not landscape
    assert widths[0] < 20 < widths[1] and sum(widths) == pytest.approx(165)


def test_docx_converts_to_pdf_with_libreoffice():
    document = new_document()
    letterhead(document, HEADER)
    finalize(document)
    assert docx_to_pdf(to_bytes(document)).startswith(b"%PDF")


def test_html_to_pdf_renders_vietnamese():
    assert html_to_pdf("<h1>Hợp tác xã Điện Phước</h1>").startswith(b"%PDF")


def test_workbook_round_trips_with_headers_units_and_numbers():
    content = workbook_bytes(
        [
            Sheet(
                "Tổ chức",
                [Column("Tên"), Column("Doanh thu", "money", unit="đồng"), Column("Ngày", "date")],
                [["HTX Điện Phước", 2_500_000_000, dt.date(2024, 5, 1)]],
                title="Danh sách",
            )
        ]
    )
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_name("Tổ chức").to_python()
    assert rows[0][0] == "Danh sách"
    assert rows[2] == ["Tên", "Doanh thu (đồng)", "Ngày"]
    assert rows[3][0] == "HTX Điện Phước" and rows[3][1] == 2_500_000_000
    assert rows[3][2] in (dt.date(2024, 5, 1), dt.datetime(2024, 5, 1))


def test_csv_starts_with_a_bom_and_keeps_vietnamese():
    content = csv_bytes(["Tên"], [["Hợp tác xã Điện Phước"]])
    assert content.startswith("\ufeff".encode())
    assert "Hợp tác xã Điện Phước" in content.decode("utf-8-sig")


def test_sheet_names_excel_refuses_are_mended_and_kept_unique():
    from reports.xlsx import sheet_name

    taken: set[str] = set()
    assert sheet_name("By commune/ward", taken) == "By commune-ward"
    assert sheet_name("By commune:ward", taken) == "By commune-ward-2"
    assert sheet_name("x" * 40, taken) == "x" * 31
    assert sheet_name("[]", taken) == "--"
