import datetime as dt

import pytest
from django.urls import reverse

from registry.models import AnnualReport, Member, Organization, Status
from registry.tests.factories import AnnualReportFactory, MemberFactory, OrganizationFactory
from registry.tests.utils import registry_state


def org_form_data(org: Organization, **changes) -> dict:
    data = {
        "kind": org.kind,
        "registration_code": org.registration_code,
        "name": org.name,
        "short_name": org.short_name,
        "address": org.address,
        "commune": org.commune_id,
        "legacy_commune": org.legacy_commune_id or "",
        "field": org.field,
        "founded_on": org.founded_on.isoformat() if org.founded_on else "",
        "registered_on": org.registered_on.isoformat() if org.registered_on else "",
        "version": org.version,
    }
    return data | changes


def test_the_list_shows_the_result_count_and_searches_without_diacritics(personas, client_for):
    response = client_for(personas.province_officer).get(reverse("registry:organization_list"), {"q": "hop tac xa dien phuoc"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Hợp tác xã Dịch vụ Nông nghiệp Điện Phước" in page
    assert "Duy Thành" not in page
    assert "1–1 / 1 tổ chức" in page


def test_the_list_paginates_with_a_thousands_separator(personas, client_for):
    OrganizationFactory.create_batch(60, commune=personas.geo.commune_c, with_status=False)
    page = client_for(personas.province_officer).get(reverse("registry:organization_list"), {"page": 2}).content.decode()
    assert "51–62 / 62 tổ chức" in page
    assert "Trang 2 / 2" in page


def test_htmx_requests_get_only_the_results(personas, client_for):
    response = client_for(personas.province_officer).get(
        reverse("registry:organization_list"), {"kind": "htx"}, headers={"HX-Request": "true", "HX-Target": "results"}
    )
    page = response.content.decode()
    assert 'id="result-count"' in page
    assert '<nav class="navbar' not in page


def test_sort_links_keep_the_filters(personas, client_for):
    page = (
        client_for(personas.province_officer)
        .get(reverse("registry:organization_list"), {"q": "htx", "sort": "name"})
        .content.decode()
    )
    assert "?q=htx&amp;sort=-name" in page


def test_invalid_filters_show_a_vietnamese_message(personas, client_for):
    page = client_for(personas.province_officer).get(reverse("registry:organization_list"), {"commune": "99999"}).content.decode()
    assert "Xã, phường đã chọn không tồn tại." in page


def test_the_public_list_and_detail_show_published_fields_only(personas, client_for):
    org = Organization.objects.get(pk=personas.organization.pk)
    org.legal_representative = "Nguyễn Văn Bí Mật"
    org.phone = "0905 000 111"
    org.save()
    MemberFactory(organization=org, name="Thành Viên Ẩn")
    client = client_for(None)
    assert org.name in client.get(reverse("registry:organization_list")).content.decode()
    page = client.get(reverse("registry:organization_detail", args=[org.pk])).content.decode()
    assert org.name in page and org.registration_code in page
    for hidden in ("Nguyễn Văn Bí Mật", "0905 000 111", "Thành Viên Ẩn", "Lịch sử thay đổi"):
        assert hidden not in page


def test_the_public_cannot_open_a_dissolved_organization(personas, client_for):
    Organization.objects.filter(pk=personas.other_organization.pk).update(current_status=Status.DISSOLVED)
    assert client_for(None).get(reverse("registry:organization_detail", args=[personas.other_organization.pk])).status_code == 404


def test_the_detail_page_shows_timeline_members_reports_and_history(personas, client_for):
    org = personas.organization
    MemberFactory(organization=org, name="Phạm Thị Dung")
    AnnualReportFactory(organization=org, year=2023, revenue=2_000_000_000, revenue_from_members=0)
    AnnualReportFactory(organization=org, year=2024, revenue=2_500_000_000, revenue_from_members=0)
    page = client_for(personas.commune_officer).get(reverse("registry:organization_detail", args=[org.pk])).content.decode()
    assert "Phạm Thị Dung" in page
    assert "2,5 tỷ" in page and "+25,0 %" in page
    assert "Đang hoạt động" in page and "01/03/2015" in page
    assert "Lịch sử thay đổi" in page
    assert reverse("registry:organization_update", args=[org.pk]) in page


def test_readers_see_no_edit_buttons(personas, client_for):
    org = personas.organization
    page = client_for(personas.department_officer).get(reverse("registry:organization_detail", args=[org.pk])).content.decode()
    assert reverse("registry:organization_update", args=[org.pk]) not in page
    assert reverse("registry:member_create", args=[org.pk]) not in page


def test_an_officer_creates_an_organization(personas, client_for):
    data = {
        "kind": "htx",
        "registration_code": "4009998887",
        "name": "Hợp tác xã Rau an toàn Điện Hòa",
        "commune": personas.geo.commune_a.pk,
        "legacy_commune": personas.geo.legacy_commune_a2.pk,
        "field": "",
        "vsic_code": "0118",
        "founded_on": "2021-03-15",
    }
    response = client_for(personas.commune_officer).post(reverse("registry:organization_create"), data)
    org = Organization.objects.get(registration_code="4009998887")
    assert response.status_code == 302 and response.url == reverse("registry:organization_detail", args=[org.pk])
    assert org.field == "nong_nghiep" and org.legacy_commune == personas.geo.legacy_commune_a2
    assert org.status_events.get().effective_on == dt.date(2021, 3, 15)


def test_the_commune_picker_offers_only_the_officers_commune(personas, client_for):
    page = client_for(personas.commune_officer).get(reverse("registry:organization_create")).content.decode()
    assert f'value="{personas.geo.commune_a.pk}"' in page
    assert f'value="{personas.geo.commune_b.pk}"' not in page


def test_a_commune_outside_the_jurisdiction_is_refused_with_a_named_field(personas, client_for):
    before = registry_state()
    data = {"kind": "htx", "name": "HTX Ngoài Địa Bàn", "commune": personas.geo.commune_b.pk, "field": "nong_nghiep"}
    response = client_for(personas.commune_officer).post(reverse("registry:organization_create"), data)
    assert response.status_code == 200
    assert "Xã, phường (hiện hành): lựa chọn không hợp lệ hoặc không thuộc địa bàn của bạn." in response.content.decode()
    assert registry_state() == before


def test_an_invalid_code_is_explained_in_vietnamese_and_nothing_changes(personas, client_for):
    org = personas.organization
    before = registry_state()
    response = client_for(personas.commune_officer).post(
        reverse("registry:organization_update", args=[org.pk]), org_form_data(org, registration_code="12AB")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mã số (mã số thuế)</a>: Mã số “12AB” không hợp lệ" in page
    assert registry_state() == before


def test_a_duplicate_code_is_refused_on_the_form(personas, client_for):
    org = personas.organization
    response = client_for(personas.province_officer).post(
        reverse("registry:organization_update", args=[org.pk]),
        org_form_data(org, registration_code=personas.other_organization.registration_code),
    )
    assert "đã được dùng cho một tổ chức khác" in response.content.decode()


def test_a_required_field_left_empty_is_named(personas, client_for):
    org = personas.organization
    response = client_for(personas.province_officer).post(
        reverse("registry:organization_update", args=[org.pk]), org_form_data(org, name="")
    )
    assert "Tên tổ chức: không được để trống." in response.content.decode()


def test_an_edit_is_saved_and_shows_in_history(personas, client_for):
    org = personas.organization
    client = client_for(personas.commune_officer)
    response = client.post(reverse("registry:organization_update", args=[org.pk]), org_form_data(org, address="Thôn Phước Kiều"))
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.address == "Thôn Phước Kiều" and org.version == 2
    page = client.get(reverse("registry:organization_detail", args=[org.pk])).content.decode()
    assert "Thôn Phước Kiều" in page and str(personas.commune_officer) in page


def test_a_concurrent_edit_is_refused_with_a_clear_message(personas, client_for):
    org = personas.organization
    stale = org_form_data(org, address="Bản của người thứ hai")
    client_for(personas.province_officer).post(
        reverse("registry:organization_update", args=[org.pk]), org_form_data(org, address="Bản của người thứ nhất")
    )
    response = client_for(personas.commune_officer).post(reverse("registry:organization_update", args=[org.pk]), stale)
    assert response.status_code == 200
    assert "vừa được người khác sửa" in response.content.decode()
    org.refresh_from_db()
    assert org.address == "Bản của người thứ nhất"


@pytest.mark.parametrize("version", [None, ""])
def test_an_edit_without_the_version_its_page_showed_is_refused_with_a_clear_message(personas, client_for, version):
    # Saved, it would overwrite whatever was saved meanwhile; the form attack posted it (a missing
    # version was read as "no check").
    org = personas.organization
    data = org_form_data(org, address="Bản không kèm phiên bản")
    data.pop("version") if version is None else data.update(version=version)
    response = client_for(personas.commune_officer).post(reverse("registry:organization_update", args=[org.pk]), data)
    assert response.status_code == 200
    assert "không gửi kèm phiên bản của bản ghi" in response.content.decode()
    org.refresh_from_db()
    assert org.address != "Bản không kèm phiên bản" and org.version == 1 and org.history.count() == 1


def test_a_status_change_is_recorded(personas, client_for):
    org = personas.organization
    response = client_for(personas.commune_officer).post(
        reverse("registry:status_event_create", args=[org.pk]),
        {"status": "suspended", "effective_on": "2025-08-01", "ends_on": "2026-07-31", "decision_ref": "TB 12/2025"},
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.status_events.count() == 2
    assert org.current_status == (Status.SUSPENDED if dt.date.today() <= dt.date(2026, 7, 31) else Status.OPERATING)


def test_a_suspension_without_end_date_is_refused_with_the_field_named(personas, client_for):
    org = personas.organization
    response = client_for(personas.commune_officer).post(
        reverse("registry:status_event_create", args=[org.pk]), {"status": "suspended", "effective_on": "2025-08-01"}
    )
    assert "Đến ngày</a>: Tạm ngừng kinh doanh phải có ngày kết thúc." in response.content.decode()
    assert org.status_events.count() == 1


def test_the_representative_adds_and_edits_a_member(personas, client_for):
    org = personas.organization
    client = client_for(personas.cooperative)
    data = {"kind": "official", "member_type": "household", "name": "Hộ ông Võ Văn E", "joined_on": "2020-02-02"}
    assert client.post(reverse("registry:member_create", args=[org.pk]), data).status_code == 302
    member = Member.objects.get(name="Hộ ông Võ Văn E")
    data |= {"left_on": "2019-01-01", "version": member.version}
    response = client.post(reverse("registry:member_update", args=[org.pk, member.pk]), data)
    assert "Ngày ra khỏi phải sau ngày gia nhập." in response.content.decode()
    data["left_on"] = "2024-12-31"
    assert client.post(reverse("registry:member_update", args=[org.pk, member.pk]), data).status_code == 302
    member.refresh_from_db()
    assert member.left_on == dt.date(2024, 12, 31) and member.version == 2


def report_data(**changes):
    data = {
        "year": 2024,
        "members_official": 60,
        "members_associate": 5,
        "new_members": 4,
        "member_cooperatives": 0,
        "regular_workers": 12,
        "revenue": 2_500_000_000,
        "revenue_from_members": 1_200_000_000,
        "pre_tax_profit": -50_000_000,
        "total_capital": 1_800_000_000,
        "indivisible_assets": 400_000_000,
        "average_worker_income": 6_500_000,
        "development_fund": 0,
        "reserve_fund": 0,
        "other_funds": 0,
    }
    return data | changes


def test_the_representative_files_an_annual_report(personas, client_for):
    org = personas.organization
    response = client_for(personas.cooperative).post(reverse("registry:annual_report_create", args=[org.pk]), report_data())
    assert response.status_code == 302
    assert AnnualReport.objects.get(organization=org, year=2024).pre_tax_profit == -50_000_000


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"regular_workers": -1}, "Lao động thường xuyên: không được nhỏ hơn 0."),
        ({"revenue": -5}, "Doanh thu (đồng): không được nhỏ hơn 0."),
        ({"revenue_from_members": 3_000_000_000}, "Doanh thu từ thành viên không được lớn hơn tổng doanh thu."),
        ({"year": 2010}, "Năm báo cáo 2010 trước năm thành lập 2015."),
        ({"members_official": "mười"}, "Thành viên chính thức: “mười” không phải là số"),
        ({"revenue": "1.234,5"}, "Doanh thu (đồng): “1.234,5” phải là số nguyên"),
    ],
)
def test_bad_report_figures_are_refused_with_the_field_named(personas, client_for, changes, message):
    org = personas.organization
    response = client_for(personas.cooperative).post(
        reverse("registry:annual_report_create", args=[org.pk]), report_data(**changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_an_unusual_change_must_be_confirmed(personas, client_for):
    org = personas.organization
    AnnualReportFactory(
        organization=org, year=2023, members_official=60, regular_workers=12, revenue=2_000_000_000, total_capital=1_800_000_000
    )
    client = client_for(personas.cooperative)
    url = reverse("registry:annual_report_create", args=[org.pk])
    response = client.post(url, report_data(revenue=20_000_000_000))
    page = response.content.decode()
    assert response.status_code == 200 and "thay đổi bất thường" in page and 'name="confirm_warnings"' in page
    assert not AnnualReport.objects.filter(year=2024).exists()
    response = client.post(url, report_data(revenue=20_000_000_000, confirm_warnings="on"))
    assert response.status_code == 302
    assert AnnualReport.objects.get(year=2024).confirmed_warnings


def test_the_profile_page_shows_roles(personas, client_for):
    page = client_for(personas.commune_officer).get(reverse("accounts:profile")).content.decode()
    assert "Cán bộ UBND xã, phường" in page


def test_a_commune_that_ended_is_not_offered(personas, client_for):
    from geo.tests.factories import AdminUnitFactory

    gone = AdminUnitFactory(
        code="29998",
        name="Đã Sáp Nhập",
        parent=personas.geo.province,
        province=personas.geo.province,
        valid_to=dt.date(2025, 12, 31),
    )
    page = client_for(personas.province_officer).get(reverse("registry:organization_create")).content.decode()
    assert f'value="{gone.pk}"' not in page and f'value="{personas.geo.commune_b.pk}"' in page


def test_the_list_varies_on_htmx_headers(personas, client_for):
    response = client_for(personas.province_officer).get(reverse("registry:organization_list"))
    assert "HX-Request" in response["Vary"]


def test_the_detail_page_shows_panels_other_apps_contribute(personas, client_for):
    from django.utils.safestring import mark_safe

    from registry.hooks import organization_panels

    def panel(*, organization, user, **kwargs):
        # Providers return rendered (safe) HTML, as render_to_string does.
        return [("Bảng thử nghiệm", mark_safe(f"<p id='test-panel'>{organization.pk}</p>"))]

    organization_panels.register(panel)
    try:
        page = client_for(personas.commune_officer).get(f"/to-chuc/{personas.organization.pk}/").content.decode()
    finally:
        organization_panels.unregister(panel)
    assert "Bảng thử nghiệm" in page
    assert f"<p id='test-panel'>{personas.organization.pk}</p>" in page


def test_a_wrong_sort_is_shown_on_the_list_and_a_wrong_page_is_a_400_naming_it(personas, client_for):
    client = client_for(personas.province_officer)
    listed = client.get(reverse("registry:organization_list"), {"sort": "ten"})
    assert listed.status_code == 200
    assert "Sắp xếp: không có lựa chọn “ten”" in listed.content.decode()
    wrong_page = client.get(reverse("registry:organization_list"), {"page": "abc"})
    assert wrong_page.status_code == 400 and "Trang" in wrong_page.content.decode()
    sorted_ = client.get(reverse("registry:organization_list"), {"sort": "-founded_on"})
    assert sorted_.status_code == 200 and not sorted_.context["filterset"].errors


def test_the_year_of_a_new_report_link_is_checked(personas, client_for):
    client = client_for(personas.commune_officer)
    url = reverse("registry:annual_report_create", args=[personas.organization.pk])
    assert client.get(url, {"year": "2024"}).context["form"].initial["year"] == 2024
    wrong = client.get(url, {"year": "hai nghìn"})
    assert wrong.status_code == 400 and "Năm" in wrong.content.decode()
