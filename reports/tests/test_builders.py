import datetime as dt
import io

from docx import Document
from python_calamine import CalamineWorkbook

from reports.csv import csv_bytes
from reports.official import Closing, OfficialHeader, add_closing, add_table, official_document, to_bytes, vietnamese_date_line
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


def test_official_document_has_the_decree_30_header_and_closing():
    document = official_document(HEADER, title="Báo cáo kết quả thực hiện", subtitle="năm 2025")
    add_table(document, ["STT", "Chỉ tiêu", "Số lượng"], [[1, "Số HTX", "1.234"]], numeric=[2])
    add_closing(
        document,
        Closing(
            signer_title="Giám đốc",
            on_behalf="KT. Giám đốc",
            signer_name="Nguyễn Văn A",
            recipients=["UBND thành phố", "Lưu: VT"],
        ),
    )
    text = _text_of(Document(io.BytesIO(to_bytes(document))))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND THÀNH PHỐ ĐÀ NẴNG",
        "SỞ TÀI CHÍNH",
        "Số: 125/BC-STC",
        "Đà Nẵng, ngày 21 tháng 12 năm 2025",
        "BÁO CÁO KẾT QUẢ THỰC HIỆN",
        "Nơi nhận:",
        "- Lưu: VT;",
        "KT. GIÁM ĐỐC",
        "Nguyễn Văn A",
        "1.234",
    ):
        assert expected in text


def test_docx_converts_to_pdf_with_libreoffice():
    pdf = docx_to_pdf(to_bytes(official_document(HEADER, title="Thử chuyển đổi")))
    assert pdf.startswith(b"%PDF")


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
