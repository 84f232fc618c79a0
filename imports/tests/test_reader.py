import io
import zipfile

import pytest
import xlwt
from hypothesis import given
from hypothesis import strategies as st
from msoffcrypto.format.ooxml import OOXMLFile

from imports.headers import find_header, header_key, is_total_row
from imports.reader import FileRefused, read_workbook
from imports.specs import KINDS, ImportKind
from imports.tests.helpers import REPORT_HEADER, xlsx

SPEC = KINDS[ImportKind.ANNUAL_REPORTS]


def test_headers_match_ignoring_diacritics_case_spacing_and_synonyms():
    assert header_key("Mã số HTX")[0] == header_key("ma so  htx")[0]
    assert header_key("Doanh thu (triệu đồng)") == ("doanhthu", 1_000_000)
    assert header_key("Doanh thu, nghìn đồng") == ("doanhthu", 1_000)
    rows = [["MST", "TÊN HỢP TÁC XÃ", "xa/phuong", "năm", "Tổng doanh thu (tỷ đồng)"]]
    match = find_header(SPEC, rows, [])
    assert set(match.columns.values()) == {"registration_code", "organization_name", "commune", "year", "revenue"}
    assert match.scales[4] == 1_000_000_000


def test_a_two_row_merged_header_below_a_title_is_found():
    rows = [
        ["BÁO CÁO", "", "", "", ""],
        ["Mã số HTX", "Năm", "Thành viên", "", "Doanh thu"],
        ["", "", "Chính thức", "Liên kết", "(triệu đồng)"],
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
        ["4000000001", 2024, 10, 2, 5],
    ]
    merged = [((1, 0), (2, 0)), ((1, 1), (2, 1)), ((1, 2), (1, 3))]
    match = find_header(SPEC, rows, merged)
    assert match.row == 2 and match.data_start == 4
    assert match.columns[2] == "members_official"
    assert match.columns[3] == "members_associate"


def test_not_a_spreadsheet_is_refused():
    with pytest.raises(FileRefused, match="không phải là bảng tính"):
        read_workbook(b"%PDF-1.4 hello", "baocao.xlsx")


def test_empty_file_is_refused():
    with pytest.raises(FileRefused, match="rỗng"):
        read_workbook(b"", "a.xlsx")


def test_corrupt_workbook_is_refused():
    data = xlsx({"S": [REPORT_HEADER]})
    with pytest.raises(FileRefused):
        read_workbook(data[: len(data) // 2], "hong.xlsx")


def test_zip_bomb_is_refused_before_parsing(settings):
    settings.HOPTAC_IMPORT_MAX_UNCOMPRESSED_BYTES = 1_000_000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 5_000_000)
    with pytest.raises(FileRefused, match="giải nén quá lớn"):
        read_workbook(buffer.getvalue(), "bom.xlsx")


def test_too_many_rows_are_refused(settings):
    settings.HOPTAC_IMPORT_MAX_ROWS = 10
    data = xlsx({"S": [REPORT_HEADER] + [["", "4000000001", "", "", 2024]] * 20})
    with pytest.raises(FileRefused, match="vượt giới hạn"):
        read_workbook(data, "nhieu.xlsx")


def test_password_protected_workbook_is_refused():
    plain = io.BytesIO(xlsx({"S": [REPORT_HEADER]}))
    encrypted = io.BytesIO()
    office = OOXMLFile(plain)
    office.encrypt("matkhau", encrypted)
    with pytest.raises(FileRefused, match="mật khẩu"):
        read_workbook(encrypted.getvalue(), "mat-khau.xlsx")


def test_formulas_without_a_cached_value_are_found():
    data = xlsx(
        {"S": [REPORT_HEADER, [1, "4000000001", "", "", 2024, 1, 2, 3]]}, formulas={"S": [(1, 7, "=A1*2", ""), (1, 6, "=1+1", 2)]}
    )
    book = read_workbook(data, "f.xlsx")
    assert book.sheets[0].uncached_formulas == {(1, 7)}
    assert book.sheets[0].rows[1][6] == 2  # a calculated formula gives its cached value


def test_xls_files_are_read():
    book = xlwt.Workbook()
    sheet = book.add_sheet("Bao cao")
    for c, value in enumerate(REPORT_HEADER):
        sheet.write(0, c, value)
    sheet.write(1, 1, "4000000001")
    buffer = io.BytesIO()
    book.save(buffer)
    workbook = read_workbook(buffer.getvalue(), "cu.xls")
    assert workbook.format == "xls" and workbook.sheets[0].rows[1][1] == "4000000001"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258"])
def test_csv_in_utf8_with_or_without_bom_and_windows_1258(encoding):
    text = "Mã số HTX;Tên HTX;Năm\r\n4000000001;Hợp tác xã Hoà Bình;2024\r\n"
    data = text.encode(encoding) if encoding != "cp1258" else _cp1258(text)
    book = read_workbook(data, "a.csv")
    assert book.sheets[0].rows[1][1] == "Hợp tác xã Hoà Bình"


def _cp1258(text):
    """Encode as Windows-1258 does: precomposed base letters, tone marks as combining characters."""
    import unicodedata

    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", char)
        shape = [m for m in marks if m in "\u0302\u0306\u031b"]
        tone = [m for m in marks if m not in shape]
        out += (unicodedata.normalize("NFC", base + "".join(shape)) + "".join(tone)).encode("cp1258")
    return out


def test_csv_in_an_unknown_encoding_is_refused():
    with pytest.raises(FileRefused, match="bảng mã"):
        read_workbook("Mã số\n".encode("utf-16-le") + b"\x81\x8d\x8f\x90\x9d", "a.csv")


def _total_by_search_key(row):
    from core.text import search_key
    from imports.headers import TOTAL_KEYS

    for cell in row[:4]:
        if isinstance(cell, str) and cell.strip():
            key = search_key(cell).strip(" :.")
            return key in TOTAL_KEYS or key.startswith("tong cong")
    return False


@given(
    st.lists(
        st.one_of(
            st.none(),
            st.floats(allow_nan=False),
            st.sampled_from(["Tổng cộng", " : Cộng", "TỔNG SỐ", "tong", "Tổng cộng toàn tỉnh", "Cong ty", "5000", "HTX A", ""]),
            st.text(alphabet=" :.TtCcoOnNgGổỔộsSố5Hx\u0301\u00a0", max_size=12),
        ),
        max_size=5,
    )
)
def test_total_rows_are_told_as_the_search_key_tells_them(row):
    assert is_total_row(row) == _total_by_search_key(row)
