import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from docx import Document

from indicators.catalogue import load_catalogue
from indicators.tests.fixtures import build


@pytest.fixture
def data(personas):
    build(personas.geo)
    load_catalogue()  # the old province's plan (QĐ 2735/QĐ-UBND) finds its unit now


def test_plan_actual_exports_to_xlsx_and_docx_with_the_same_rows(personas, data, client_for):
    client = client_for(personas.province_officer)
    page = client.get(reverse("indicators:plan_actual") + "?year=2025")
    assert "Số hợp tác xã thành lập mới" in page.content.decode()
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("indicators:plan_actual") + "?year=2025&format=xlsx").content))
    cells = [[cell for cell in row] for row in book.active.iter_rows(values_only=True)]
    header = next(row for row in cells if row[0] == "TT")
    assert list(header[3:6]) == ["Kế hoạch", "Thực hiện (ước)", "% đạt"]
    new_htx = next(row for row in cells if row[1] and row[1].startswith("Số hợp tác xã thành lập mới"))
    # b_new (2024), founded_2025 and the personas' HTX? (founded 2015: no) → 2 new HTX in 2021–2025
    assert new_htx[3].startswith("200–250") and new_htx[4] == 2 and new_htx[5] == pytest.approx(0.01)
    document = Document(io.BytesIO(client.get(reverse("indicators:plan_actual") + "?year=2025&format=docx").content))
    table = document.tables[-2]  # the last table is the signature block
    assert [cell.text for cell in table.rows[0].cells][3:6] == ["Kế hoạch", "Thực hiện (ước)", "% đạt"]
    assert any(row.cells[1].text.startswith("Số hợp tác xã thành lập mới") and row.cells[4].text == "2" for row in table.rows)


def test_pivot_exports_xlsx_and_csv_matching_the_api(personas, data, client_for):
    client = client_for(personas.province_officer)
    query = "?indicator=htx_total&rows=commune&cols=field&year=2024"
    text = client.get(reverse("indicators:pivot") + query + "&format=csv").content.decode("utf-8-sig")
    rows = list(csv.reader(text.splitlines()))
    assert rows[0][0] == "Xã, phường" and rows[0][-1] == "Tổng" and rows[-1][0] == "Tổng"
    assert rows[-1][-1] == "8"  # 6 HTX of the fixture and the personas' 2 at the end of 2024
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("indicators:pivot") + query + "&format=xlsx").content))
    last = [row for row in book.active.iter_rows(values_only=True) if row[0] == "Tổng"][0]
    assert last[-1] == 8
    api = client.get(reverse("api-indicator-values", args=["htx_total"]) + "?rows=commune&cols=field&year=2024").json()
    assert next(cell for cell in api["cells"] if cell["row"] is None and cell["column"] is None)["value"] == 8


def test_plan_actual_documents_footnote_each_indicator_with_its_numerator_and_denominator(personas, data, client_for):
    client = client_for(personas.province_officer)
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("indicators:plan_actual") + "?year=2025&format=xlsx").content))
    texts = [str(cell) for row in book.active.iter_rows(values_only=True) for cell in row if cell]
    footnote = "Tỷ lệ HTX tốt, khá trên tổng số HTX: tử số: Số HTX xếp loại Tốt hoặc Khá trong năm; mẫu số: Tổng số HTX"
    assert any(text.startswith(footnote) for text in texts)
    document = Document(io.BytesIO(client.get(reverse("indicators:plan_actual") + "?year=2025&format=docx").content))
    assert any(p.text.startswith(footnote) for p in document.paragraphs)
    page = client.get(reverse("indicators:plan_actual") + "?year=2025").content.decode()
    assert "Tử số: Số HTX xếp loại Tốt hoặc Khá trong năm. Mẫu số: Tổng số HTX" in page  # on hover
