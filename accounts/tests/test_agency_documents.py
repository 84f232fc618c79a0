"""Agencies' document settings: the province officer's page, who is refused, and what reports print."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.letterhead import closing_for, header_for
from accounts.models import Agency
from accounts.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

SETTINGS = {
    "symbol": "stc",
    "place_name": "Đà Nẵng",
    "parent_authority": "UBND THÀNH PHỐ ĐÀ NẴNG",
    "recipients": "UBND thành phố (b/c)\nBộ Tài chính (b/c)\nLưu: VT",
    "signer_on_behalf": "KT. GIÁM ĐỐC",
    "signer_title": "PHÓ GIÁM ĐỐC",
    "signer_name": "Nguyễn Văn A",
}


def test_the_province_officer_sets_what_an_agencys_documents_carry(personas, client_for):
    agency = personas.province_officer.agency
    client = client_for(personas.province_officer)
    assert agency.name in client.get(reverse("accounts:agency_list")).content.decode()
    response = client.post(reverse("accounts:agency_documents", args=[agency.pk]), SETTINGS)
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.symbol == "STC" and agency.recipient_list == ["UBND thành phố (b/c)", "Bộ Tài chính (b/c)", "Lưu: VT"]
    header = header_for(agency, day=dt.date(2025, 3, 5), number="12")
    assert (header.number, header.place, header.issuer_parent) == ("12/BC-STC", "Đà Nẵng", "UBND THÀNH PHỐ ĐÀ NẴNG")
    closing = closing_for(agency, extra_recipients=("Các sở, ngành",))
    assert closing.recipients == ("Các sở, ngành", "UBND thành phố (b/c)", "Bộ Tài chính (b/c)", "Lưu: VT")
    assert (closing.on_behalf, closing.signer_title, closing.signer_name) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A")


def test_a_symbol_with_spaces_or_slashes_is_refused(personas, client_for):
    agency = personas.province_officer.agency
    response = client_for(personas.province_officer).post(
        reverse("accounts:agency_documents", args=[agency.pk]), {**SETTINGS, "symbol": "Sở TC/2"}
    )
    assert response.status_code == 200 and "Ký hiệu chỉ gồm chữ" in response.content.decode()
    agency.refresh_from_db()
    assert agency.symbol == ""


def test_unset_settings_fall_back_to_the_agencys_record_with_the_short_place_name(personas):
    header = header_for(personas.province_officer.agency, day=dt.date(2025, 3, 5))
    assert header.number.endswith("/BC-STC") and header.place == "Đà Nẵng"
    assert header.issuer_parent == "UBND Thành phố Đà Nẵng"
    assert closing_for(None).recipients == ("Lưu: VT",)


@pytest.mark.parametrize("persona", ["department_officer", "commune_officer", "alliance_officer", "leader", "cooperative"])
def test_other_roles_are_refused_and_nothing_changes(personas, client_for, persona):
    agency = personas.province_officer.agency
    client = client_for(getattr(personas, persona))
    assert client.get(reverse("accounts:agency_list")).status_code == 403
    assert client.get(reverse("accounts:agency_documents", args=[agency.pk])).status_code == 403
    assert client.post(reverse("accounts:agency_documents", args=[agency.pk]), SETTINGS).status_code == 403
    agency.refresh_from_db()
    assert agency.symbol == "" and agency.signer_name == ""


def test_anonymous_visitors_are_sent_to_sign_in(personas, client_for):
    response = client_for(None).post(reverse("accounts:agency_documents", args=[personas.province_officer.agency.pk]), SETTINGS)
    assert response.status_code == 302 and "dang-nhap" in response["Location"]
    assert Agency.objects.get(pk=personas.province_officer.agency.pk).symbol == ""


def test_a_province_officer_cannot_edit_another_provinces_agency(personas, client_for):
    elsewhere = AgencyFactory(code="so-tc-khac", name="Sở Tài chính tỉnh khác", province=personas.geo.other_province)
    client = client_for(personas.province_officer)
    assert elsewhere.name not in client.get(reverse("accounts:agency_list")).content.decode()
    assert client.post(reverse("accounts:agency_documents", args=[elsewhere.pk]), SETTINGS).status_code == 403
    elsewhere.refresh_from_db()
    assert elsewhere.symbol == ""


@pytest.mark.parametrize(
    ("name", "symbol"),
    [
        ("Sở Tài chính", "STC"),
        ("Sở Nông nghiệp và Môi trường", "SNNMT"),
        ("Liên minh Hợp tác xã thành phố Đà Nẵng", "LMHTX"),
        ("Ủy ban nhân dân phường Hải Châu", "UBND"),
    ],
)
def test_an_unset_symbol_is_the_initials_of_the_name_up_to_its_place(db, name, symbol):
    assert header_for(AgencyFactory(name=name), day=dt.date(2025, 3, 5)).number.endswith(f"/BC-{symbol}")


def test_a_communes_committee_writes_from_its_commune_without_a_parent_line(personas):
    header = header_for(personas.commune_officer.agency, day=dt.date(2025, 3, 5))
    assert header.issuer_parent == "" and header.place == personas.geo.commune_a.name
    assert header.number.endswith("/BC-UBND")
