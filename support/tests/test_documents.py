"""The support and Alliance reports in Word: the figures of the list pages, scoped like them."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from support.tests.factories import MembershipFactory, ServiceFactory, SupportRecordFactory

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    document = Document(io.BytesIO(response.content))
    return "\n".join([p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells])


def test_the_support_report_adds_up_the_records_the_user_may_see(personas, policy, client_for):
    SupportRecordFactory(organization=personas.organization, policy=policy, amount=50_000_000)
    SupportRecordFactory(organization=personas.organization, policy=policy, amount=30_000_000)
    SupportRecordFactory(organization=personas.other_organization, policy=policy, amount=7_000_000)
    text = _text(client_for(personas.province_officer).get(reverse("support:record_list"), {"format": "docx"}))
    assert "đã ghi nhận 3 lượt hỗ trợ cho 2 tổ chức kinh tế tập thể với tổng kinh phí 87.000.000 đồng" in text
    assert "Hỗ trợ đào tạo (Quảng Nam)" in text
    # A commune officer's report holds their commune's records only.
    text = _text(client_for(personas.commune_officer).get(reverse("support:record_list"), {"format": "docx"}))
    assert "1 tổ chức kinh tế tập thể với tổng kinh phí 80.000.000 đồng" in text


def test_the_alliance_report_counts_members_today_and_services_of_the_year(personas, client_for):
    today = dt.date.today()
    MembershipFactory(organization=personas.organization, joined_on=dt.date(2020, 1, 15))
    MembershipFactory(organization=personas.other_organization, joined_on=dt.date(2020, 1, 15), left_on=dt.date(2021, 1, 1))
    ServiceFactory(organization=personas.organization, provided_on=dt.date(2024, 3, 3))
    ServiceFactory(organization=personas.organization, provided_on=dt.date(2024, 5, 3))
    text = _text(client_for(personas.alliance_officer).get(reverse("support:member_list"), {"format": "docx", "year": 2024}))
    assert f"Đến ngày {today:%d/%m/%Y}, Liên minh Hợp tác xã có 1 tổ chức thành viên" in text
    assert personas.organization.name in text and personas.other_organization.name not in text
    assert "Năm 2024, Liên minh Hợp tác xã đã thực hiện 2 lượt dịch vụ" in text


def test_anonymous_visitors_get_no_report(personas, client_for):
    for name in ("support:record_list", "support:member_list"):
        response = client_for(None).get(reverse(name), {"format": "docx"})
        assert response.status_code == 302 and "dang-nhap" in response["Location"]
