import csv
import io
import json

import pytest
from python_calamine import CalamineWorkbook

from registry.models import Status
from registry.tests.factories import OrganizationFactory
from reports.cells import neutral_text
from reports.tests.test_cells import HOSTILE, assert_neutral, cells_of


def _operating_and_dissolved(personas):
    OrganizationFactory(
        name="Hợp tác xã Đã giải thể",
        commune=personas.geo.commune_a,
        current_status=Status.DISSOLVED,
        legal_representative="Trần Văn Bí Mật",
        phone="0905000000",
        charter_capital=999_000_000,
    )
    personas.organization.legal_representative = "Nguyễn Thị Riêng Tư"
    personas.organization.save()


def test_anyone_downloads_operating_organizations_as_json_without_private_fields(personas, client_for):
    _operating_and_dissolved(personas)
    response = client_for(None).get("/cong-khai/du-lieu-mo/to-chuc.json")
    assert response.status_code == 200
    payload = json.loads(response.content)
    names = {row["name"] for row in payload["organizations"]}
    assert personas.organization.name in names
    assert "Hợp tác xã Đã giải thể" not in names
    assert "Nguyễn Thị Riêng Tư" not in response.content.decode()
    assert "legal_representative" not in payload["organizations"][0]


def test_csv_has_bom_and_respects_the_search_filter(personas, client_for):
    response = client_for(None).get("/cong-khai/du-lieu-mo/to-chuc.csv", {"q": "dien phuoc"})
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = text.strip().splitlines()
    assert len(lines) == 2 and "Điện Phước" in lines[1]


def test_xlsx_lists_the_same_organizations(personas, client_for):
    response = client_for(None).get("/cong-khai/du-lieu-mo/to-chuc.xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    names = {row[1] for row in rows[3:]}
    assert names == {personas.organization.name, personas.other_organization.name, personas.outside_organization.name}


def test_unknown_format_is_not_found_and_writes_are_refused(personas, client_for):
    assert client_for(None).get("/cong-khai/du-lieu-mo/to-chuc.exe").status_code == 404
    assert client_for(personas.admin).post("/cong-khai/du-lieu-mo/to-chuc.csv").status_code == 405


def test_open_data_page_counts_published_organizations(personas, client_for):
    _operating_and_dissolved(personas)
    response = client_for(None).get("/cong-khai/du-lieu-mo/")
    assert response.status_code == 200
    assert response.context["total"] == 3


def test_open_data_csv_and_xlsx_neutralise_an_imported_formula_name(personas, client_for):
    personas.organization.name = HOSTILE[0]
    personas.organization.address = HOSTILE[1]
    personas.organization.save()
    client = client_for(None)
    workbook = client.get("/cong-khai/du-lieu-mo/to-chuc.xlsx")
    assert_neutral(cells_of(workbook.content), HOSTILE[:2])
    text = client.get("/cong-khai/du-lieu-mo/to-chuc.csv").content.decode("utf-8-sig")
    values = {value for row in csv.reader(io.StringIO(text)) for value in row}
    assert neutral_text(HOSTILE[0]) in values and HOSTILE[0] not in values


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"kind": "ctcp"}, "Loại hình"),
        ({"field": "x"}, "Lĩnh vực"),
        ({"province": "99"}, "Tỉnh, thành phố"),
        ({"q": "a" * 101}, "Tên hoặc mã số"),
    ],
)
def test_a_wrong_filter_of_open_data_is_a_400_naming_it_on_the_page_and_the_download(personas, client_for, params, named):
    for url in ("/cong-khai/du-lieu-mo/", "/cong-khai/du-lieu-mo/to-chuc.csv"):
        response = client_for(None).get(url, params)
        assert response.status_code == 400, url
        assert named in response.content.decode(), url


def test_a_province_filter_of_open_data_keeps_its_organizations(personas, client_for):
    code = personas.geo.province.code
    payload = json.loads(client_for(None).get("/cong-khai/du-lieu-mo/to-chuc.json", {"province": code}).content)
    names = {row["name"] for row in payload["organizations"]}
    assert personas.organization.name in names and personas.outside_organization.name not in names
