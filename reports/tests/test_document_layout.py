"""Every Word document the system produces, checked the way a văn thư would (NĐ 30/2020, Phụ lục I).

The documents are downloaded from their pages once, with data big enough for tables to run over
pages, then converted to PDF by one LibreOffice call (slow: once for all). Each document is then
checked in the DOCX (margins, fonts, page-number field, header rows, symbol, place/date line,
"Nơi nhận", signer block) and in the PDF (page count, the number on page 2, the Quốc hiệu on one
line, a table's header on each page it runs over). Page 1 and the last page are saved as PNG in
the test output folder for a person to look at.
"""

import datetime as dt
import io
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from accounts.models import Agency
from accounts.tests.factories import AgencyFactory, UserFactory
from conftest import TEST_OUTPUT_DIR
from core.roles import Role
from evaluation.batch import evaluate_year
from evaluation.tests.helpers import accepted, cooperative
from geo.tests.factories import build_geography
from indicators.catalogue import load_catalogue
from indicators.tests.fixtures import build as build_indicator_data
from programs.models import Assignment, Attachment, Program, ProgressReport, Task, TaskGroup
from reports.official import NATIONAL_MOTTO, NATIONAL_TITLE, SYMBOL_PATTERN
from reports.pdf import libreoffice_binary
from support.tests.factories import FundLoanFactory, MembershipFactory, ServiceFactory, SupportRecordFactory

# The mark makes pytest-django create the test database, which the module-wide fixture below uses.
# One worker runs the whole module (`--dist loadgroup`): the documents are built once per module and
# converted into one shared folder; split over two workers, each built its own set and overwrote the
# other's PDFs while it read them.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("documents")]
OUTPUT = TEST_OUTPUT_DIR / "documents"
DATE_LINE = re.compile(r"^(?P<place>[^,\d]+), ngày \d{2} tháng (0[12]|[3-9]|1[0-2]) năm \d{4}$")
YEAR = 2025


@dataclass
class Built:
    name: str
    docx: bytes
    pdf: Path | None = None
    pages: list[str] | None = None  # the PDF's text, page by page
    #: a long table's header label and a short text of each row (the PDF check follows them over pages)
    long_table: tuple[str, list[str]] | None = None


def _document_settings(agency: Agency, symbol: str, signer: str) -> None:
    agency.symbol, agency.place_name = symbol, "Đà Nẵng"
    agency.parent_authority = "UBND THÀNH PHỐ ĐÀ NẴNG"
    agency.recipients = "UBND thành phố (b/c)\nBộ Tài chính (b/c)\nLưu: VT"
    agency.signer_on_behalf, agency.signer_title, agency.signer_name = "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", signer
    agency.save()


def _program(geo, finance: Agency, alliance: Agency) -> Program:
    """Four groups of ten tasks; two thirds with an approved report (long results); two attachments."""
    program = Program.objects.create(
        title="Chương trình hành động thực hiện Nghị quyết số 20-NQ/TW về tiếp tục đổi mới, phát triển kinh tế tập thể",
        decision_number="3351/QĐ-UBND",
        decision_date=dt.date(2023, 11, 30),
        issuer="UBND thành phố Đà Nẵng",
        start_date=dt.date(2023, 1, 1),
        end_date=dt.date(2030, 12, 31),
        lead_agency=finance,
        province=geo.province,
    )
    results = (
        "Tổ chức 4 hội nghị quán triệt cho 620 lượt cán bộ; đăng 36 tin bài về mô hình hợp tác xã kiểu mới; "
        "phối hợp với các xã, phường rà soát, hướng dẫn 18 hợp tác xã chuyển đổi theo Luật Hợp tác xã năm 2023."
    )
    for number in range(1, 5):
        group = TaskGroup.objects.create(program=program, number=number, title=f"Nhóm nhiệm vụ số {number} về kinh tế tập thể")
        for index in range(1, 11):
            task = Task.objects.create(
                program=program,
                group=group,
                number=f"{number}.{index}",
                content=f"Nhiệm vụ {number}.{index}: tuyên truyền, hỗ trợ và đánh giá phát triển hợp tác xã trên địa bàn",
                schedule="yearly",
                due_month=12,
                due_day=15,
            )
            lead = Assignment.objects.create(task=task, agency=finance if index % 2 else alliance, role="lead")
            if index % 3:
                done = index % 3 == 1
                report = ProgressReport.objects.create(
                    assignment=lead,
                    period=str(YEAR),
                    due_date=dt.date(YEAR, 12, 15),
                    state="approved",
                    progress="completed" if done else "in_progress",
                    percent_done=100 if done else 60,
                    completed_on=dt.date(YEAR, 11, 20) if done else None,
                    results=results,
                    difficulties="Thiếu kinh phí tuyên truyền ở cấp xã." if index == 2 else "",
                    proposals="Bố trí kinh phí hằng năm." if index == 4 else "",
                )
                if index == 1 and number < 3:
                    Attachment.objects.create(
                        report=report,
                        file=ContentFile(b"%PDF-1.4", name=f"bien-ban-{number}.pdf"),
                        original_name=f"bien-ban-hoi-nghi-{number}.pdf",
                        size=8,
                        kind="pdf",
                    )
    return program


def _build_all() -> dict[str, Built]:
    geo = build_geography()
    finance = AgencyFactory(code="so-tai-chinh", name="Sở Tài chính", kind="so_nganh", province=geo.province)
    alliance = AgencyFactory(code="lien-minh", name="Liên minh Hợp tác xã", kind="lien_minh", province=geo.province)
    _document_settings(finance, "STC", "Nguyễn Văn An")
    _document_settings(alliance, "LMHTX", "Trần Thị Bình")
    officer = UserFactory(username="tinh", roles=[Role.PROVINCE_OFFICER], province=geo.province, agency=finance)
    alliance_officer = UserFactory(username="lienminh", roles=[Role.ALLIANCE_OFFICER], province=geo.province, agency=alliance)
    for role in Role:
        Group.objects.get_or_create(name=str(role))

    # 70 weak cooperatives: the evaluation summary's list runs over several pages.
    weak_codes = []
    for index in range(70):
        organization = cooperative(geo.commune_a if index % 2 else geo.commune_b, name=f"Hợp tác xã Nông nghiệp số {index + 1}")
        accepted(organization, YEAR, Decimal(40))
        weak_codes.append(organization.registration_code)
    evaluate_year(YEAR)
    build_indicator_data(geo)
    load_catalogue()
    for index in range(6):
        SupportRecordFactory(organization__commune=geo.commune_a, organization__province=geo.province, agency=finance)
        MembershipFactory(organization__commune=geo.commune_b, organization__province=geo.province)
        ServiceFactory(
            organization__commune=geo.commune_b, organization__province=geo.province, provided_on=dt.date(YEAR, 3, index + 1)
        )
    FundLoanFactory(borrower__commune=geo.commune_a, borrower__province=geo.province)

    media = Path(tempfile.mkdtemp())
    with override_settings(MEDIA_ROOT=media):
        program = _program(geo, finance, alliance)
    client, alliance_client = Client(), Client()
    client.force_login(officer)
    alliance_client.force_login(alliance_officer)

    def get(who, url) -> bytes:
        response = who.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml"), url
        return response.content

    shutil.rmtree(media, ignore_errors=True)
    return {
        "program_report": Built(
            "program_report", get(client, reverse("programs:consolidated", args=[program.pk, "docx"]) + f"?year={YEAR}")
        ),
        "evaluation_summary": Built(
            "evaluation_summary",
            get(client, reverse("evaluation:results") + f"?year={YEAR}&format=docx"),
            long_table=("Tên HTX", weak_codes),
        ),
        "plan_actual": Built("plan_actual", get(client, reverse("indicators:plan_actual") + f"?year={YEAR}&format=docx")),
        "support_report": Built("support_report", get(client, reverse("support:record_list") + "?format=docx")),
        "alliance_report": Built(
            "alliance_report", get(alliance_client, reverse("support:member_list") + f"?format=docx&year={YEAR}")
        ),
    }


def _convert(documents: dict[str, Built]) -> None:
    """One LibreOffice run for all documents, in a folder of this build's own (two builds never read
    each other's PDFs); page texts by pdftotext; the files and PNGs of the first and last page are
    then copied to the test output."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="documents-"))
    for built in documents.values():
        (workdir / f"{built.name}.docx").write_bytes(built.docx)
    binary = libreoffice_binary()
    assert binary, "LibreOffice (soffice) is needed: make system-deps"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", str(workdir)]
            + [str(workdir / f"{name}.docx") for name in documents],
            check=True,
            capture_output=True,
            timeout=600,
        )
    for built in documents.values():
        built.pdf = workdir / f"{built.name}.pdf"
        assert built.pdf.exists(), f"LibreOffice wrote no PDF for {built.name}"
        text = subprocess.run(["pdftotext", "-layout", str(built.pdf), "-"], check=True, capture_output=True, text=True).stdout
        built.pages = text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")
        last = len(built.pages)
        for page, label in ((1, "trang-dau"), (last, "trang-cuoi")):
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "70",
                    "-singlefile",
                    "-f",
                    str(page),
                    "-l",
                    str(page),
                    str(built.pdf),
                    str(workdir / f"{built.name}-{label}"),
                ],
                check=True,
                capture_output=True,
            )
    for produced in workdir.iterdir():
        shutil.copy(produced, OUTPUT / produced.name)


@pytest.fixture(scope="module")
def documents(django_db_setup, django_db_blocker) -> dict[str, Built]:
    with django_db_blocker.unblock(), transaction.atomic():
        name = str(connection.settings_dict["NAME"])
        assert "test" in name or "memory" in name, "not the test database"
        built = _build_all()
        transaction.set_rollback(True)
    _convert(built)
    return built


NAMES = ["program_report", "evaluation_summary", "plan_actual", "support_report", "alliance_report"]


def _open(built: Built):
    return Document(io.BytesIO(built.docx))


def _cells_text(cell) -> list[str]:
    return [p.text for p in cell.paragraphs]


def _is_bordered(table) -> bool:
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    return borders is not None and borders.find(qn("w:top")).get(qn("w:val")) == "single"


@pytest.mark.parametrize("name", NAMES)
def test_pages_are_a4_with_the_decrees_margins(documents, name):
    for section in _open(documents[name]).sections:
        assert sorted([round(section.page_width.mm), round(section.page_height.mm)]) == [210, 297]
        assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
        assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20


@pytest.mark.parametrize("name", NAMES)
def test_text_is_times_new_roman_with_a_13_to_14_point_body(documents, name):
    document = _open(documents[name])
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and 13 <= normal.font.size.pt <= 14
    for run in document.element.body.iter(qn("w:r")):
        assert run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:ascii")) == "Times New Roman"
    body_sizes = {run.font.size.pt for p in document.paragraphs for run in p.runs if run.text.strip() and run.font.size}
    assert body_sizes and all(13 <= size <= 14 for size in body_sizes), body_sizes


@pytest.mark.parametrize("name", NAMES)
def test_page_numbers_are_a_centred_page_field_from_page_2(documents, name):
    section = _open(documents[name]).sections[0]
    assert section.different_first_page_header_footer
    header = section.header.paragraphs[0]
    assert header.alignment == 1  # centred
    assert "PAGE" in "".join(header._p.itertext())
    assert "PAGE" not in "".join(p._p.xml for p in section.first_page_header.paragraphs)


@pytest.mark.parametrize("name", NAMES)
def test_the_header_block_has_authority_motto_symbol_and_place_date(documents, name):
    left, right = _open(documents[name]).tables[0].rows[0].cells
    lines = [line for line in _cells_text(left) if line]
    assert lines[0] == "UBND THÀNH PHỐ ĐÀ NẴNG" and lines[1] in ("SỞ TÀI CHÍNH", "LIÊN MINH HỢP TÁC XÃ")
    assert SYMBOL_PATTERN.match(lines[2]) and lines[2].endswith(("/BC-STC", "/BC-LMHTX"))
    lines = [line for line in _cells_text(right) if line]
    assert lines[:2] == [NATIONAL_TITLE, NATIONAL_MOTTO]
    match = DATE_LINE.match(lines[2])
    assert match and match["place"] == "Đà Nẵng"


@pytest.mark.parametrize("name", NAMES)
def test_tables_repeat_their_header_row_keep_rows_whole_and_use_11_points_or_more(documents, name):
    tables = [table for table in _open(documents[name]).tables if _is_bordered(table)]
    assert tables
    for table in tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
            assert all(run.font.size.pt >= 11 for cell in row.cells for p in cell.paragraphs for run in p.runs)
        widths = [int(column.get(qn("w:w"))) for column in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert len(set(widths)) > 1  # fitted to content, not equal columns


@pytest.mark.parametrize("name", NAMES)
def test_recipients_and_signer_stand_side_by_side(documents, name):
    document = _open(documents[name])
    closing = next(t for t in document.tables if not _is_bordered(t) and t.rows[0].cells[0].text.startswith("Nơi nhận:"))
    left, right = closing.rows[0].cells
    recipients = [line for line in _cells_text(left)[1:] if line]
    assert recipients[-1] == "- Lưu: VT." and all(line.startswith("- ") for line in recipients)
    signer = _cells_text(right)
    assert signer[:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert signer[2:-1] == ["", "", "", ""]  # room for the signature and the seal
    assert signer[-1] in ("Nguyễn Văn An", "Trần Thị Bình")


@pytest.mark.parametrize("name", NAMES)
def test_the_pdf_has_a_sane_page_count_numbers_and_the_motto_on_one_line(documents, name):
    built = documents[name]
    pages = built.pages
    assert 1 <= len(pages) <= 25
    assert NATIONAL_TITLE in pages[0] and "BÁO CÁO" in pages[0]
    for number, page in enumerate(pages[1:], start=2):
        assert page.strip().splitlines()[0].strip() == str(number)
    assert "Nơi nhận:" in "".join(pages)
    assert (OUTPUT / f"{name}-trang-dau.png").exists() and (OUTPUT / f"{name}-trang-cuoi.png").exists()


def test_the_long_reports_run_over_pages_and_the_program_report_keeps_its_appendix(documents):
    assert len(documents["program_report"].pages) >= 3
    assert "PHỤ LỤC" in documents["program_report"].pages[-1]
    assert len(documents["evaluation_summary"].pages) >= 3


def test_a_table_running_over_pages_shows_its_header_on_each_page(documents):
    built = documents["evaluation_summary"]
    header, rows = built.long_table
    pages_with_rows = [page for page in built.pages if any(re.search(rf"{re.escape(row)}\b", page) for row in rows)]
    assert len(pages_with_rows) >= 2, (rows[:3], [page[:1500] for page in built.pages[1:3]])
    assert all(header in page for page in pages_with_rows)
