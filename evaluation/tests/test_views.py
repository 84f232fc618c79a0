"""Pages: the right persona succeeds, the wrong one gets 403/404 and nothing changes."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from evaluation import services
from evaluation.batch import evaluate_year
from evaluation.models import Assessment, AssessmentStatus
from evaluation.tests.helpers import BILLION, accepted, cooperative, scores_totalling
from registry import hooks as registry_hooks
from registry.tests.factories import AnnualReportFactory

pytestmark = pytest.mark.django_db
YEAR = 2025


def sheet_url(org, action=None):
    if action:
        return reverse("evaluation:assessment_action", args=[org.pk, YEAR, action])
    return reverse("evaluation:assessment", args=[org.pk, YEAR])


def version(org) -> int:
    """The version the sheet's page shows (and posts back with the scores)."""
    return Assessment.objects.get(organization=org, year=YEAR).version


def state(org):
    return list(Assessment.objects.filter(organization=org).values_list("status", "scores", "version"))


def test_the_cooperative_opens_and_saves_its_sheet(personas, client_for):
    client = client_for(personas.cooperative)
    assert client.post(sheet_url(personas.organization)).status_code == 302
    response = client.post(
        sheet_url(personas.organization, "luu"), {"diem_1a": "5", "diem_5": "8", "version": version(personas.organization)}
    )
    assert response.status_code == 302
    assert Assessment.objects.get(organization=personas.organization).scores == {"1a": "5", "5": "8"}
    page = client.get(sheet_url(personas.organization))
    assert page.status_code == 200
    assert "Lưu điểm tự chấm" in page.content.decode()
    assert "tạm tính" in page.content.decode()  # criteria 10–15 of group III


def test_scores_posted_without_the_version_the_page_showed_are_refused_and_nothing_changes(personas, client_for):
    # Without it the save could not tell whether someone saved the sheet meanwhile (the form attack).
    client = client_for(personas.cooperative)
    client.post(sheet_url(personas.organization))
    before = state(personas.organization)
    for posted in ({"diem_1a": "5"}, {"diem_1a": "5", "version": ""}):
        response = client.post(sheet_url(personas.organization, "luu"), posted)
        assert response.status_code == 400
        assert "không gửi kèm phiên bản của bản ghi" in response.content.decode()
        assert state(personas.organization) == before


def test_a_score_above_the_maximum_is_refused_with_the_criterion_named(personas, client_for):
    client = client_for(personas.cooperative)
    client.post(sheet_url(personas.organization))
    before = state(personas.organization)
    response = client.post(sheet_url(personas.organization, "luu"), {"diem_5": "9", "version": version(personas.organization)})
    assert response.status_code == 400
    assert (
        "Điểm ý 5 “Chấp hành pháp luật trong tổ chức, hoạt động của HTX” là 9, vượt điểm tối đa 8." in response.content.decode()
    )
    assert state(personas.organization) == before
    # The refused score is marked where it is, and the page opens on it.
    page = response.content.decode()
    field = page[page.index('id="diem_5"') - 300 : page.index('id="diem_5"') + 200]
    assert 'aria-invalid="true"' in field and "autofocus" in field and 'value="9"' in field
    assert page.count("autofocus") == 1 and page.count('aria-invalid="true"') == 1


def test_the_sheet_is_one_card_per_criterion_with_a_total_in_view(personas, client_for):
    client = client_for(personas.cooperative)
    client.post(sheet_url(personas.organization))
    page = client.get(sheet_url(personas.organization)).content.decode()
    criteria = Assessment.objects.get(organization=personas.organization)
    from evaluation.rulesets import rule_set

    codes = [c.code for g in rule_set(criteria.criteria_set).groups for c in g.criteria]
    assert page.count('class="card mb-2 criterion"') == len(codes) > 10
    assert 'class="score-total' in page and 'id="tong-diem"' in page and "assessment.js" in page
    assert 'inputmode="decimal"' in page and 'type="number"' not in page


@pytest.mark.parametrize("who,status", [("other_cooperative", 404), ("other_commune_officer", 404), ("anonymous", 302)])
def test_others_cannot_open_or_edit_the_sheet(personas, client_for, who, status):
    services.assessment_start(user=personas.cooperative, organization=personas.organization, year=YEAR)
    before = state(personas.organization)
    client = client_for(None if who == "anonymous" else getattr(personas, who))
    assert client.get(sheet_url(personas.organization)).status_code == status
    posted = {"diem_1a": "1", "version": version(personas.organization)}
    assert client.post(sheet_url(personas.organization, "luu"), posted).status_code == status
    assert state(personas.organization) == before


@pytest.mark.parametrize("who", ["commune_officer", "province_officer"])
def test_officers_see_but_cannot_self_score(personas, client_for, who):
    services.assessment_start(user=personas.cooperative, organization=personas.organization, year=YEAR)
    before = state(personas.organization)
    client = client_for(getattr(personas, who))
    assert client.get(sheet_url(personas.organization)).status_code == 200
    posted = {"diem_1a": "1", "version": version(personas.organization)}
    assert client.post(sheet_url(personas.organization, "luu"), posted).status_code == 403
    assert state(personas.organization) == before


def _submitted(personas):
    sheet = services.assessment_start(user=personas.cooperative, organization=personas.organization, year=YEAR)
    services.assessment_save_scores(user=personas.cooperative, assessment=sheet, scores=scores_totalling(66))
    services.assessment_confirm(user=personas.cooperative, assessment=sheet, supervisor_name="Lê Văn Soát")
    return services.assessment_submit(
        user=personas.cooperative, assessment=sheet, now=timezone.make_aware(dt.datetime(YEAR, 12, 2))
    )


def test_the_commune_officer_accepts(personas, client_for):
    _submitted(personas)
    response = client_for(personas.commune_officer).post(sheet_url(personas.organization, "chap-nhan"))
    assert response.status_code == 302
    assert Assessment.objects.get(organization=personas.organization).status == AssessmentStatus.ACCEPTED


@pytest.mark.parametrize("who,status", [("cooperative", 403), ("other_commune_officer", 404), ("leader", 403)])
def test_review_is_refused_to_others(personas, client_for, who, status):
    _submitted(personas)
    before = state(personas.organization)
    response = client_for(getattr(personas, who)).post(sheet_url(personas.organization, "chap-nhan"))
    assert response.status_code == status
    assert state(personas.organization) == before


def _province_results(personas):
    geo = personas.geo
    good = cooperative(geo.commune_a, members=230, revenue=12_400_000_000)
    accepted(good, YEAR, 85)
    weak = cooperative(geo.commune_b, members=30)
    accepted(weak, YEAR, 40)
    young = cooperative(geo.commune_b, founded=dt.date(YEAR, 2, 1))
    AnnualReportFactory(organization=personas.organization, year=YEAR, members_official=400, revenue=60 * BILLION)
    evaluate_year(YEAR)
    return good, weak, young


def test_results_page_and_downloads_show_the_same_figures(personas, client_for):
    good, weak, young = _province_results(personas)
    client = client_for(personas.province_officer)
    page = client.get(reverse("evaluation:results"), {"year": YEAR})
    html = page.content.decode()
    assert page.status_code == 200
    assert weak.name in html and young.name in html
    assert "50,0 %" in html  # 1 tốt out of 2 rated
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("evaluation:results"), {"year": YEAR, "format": "xlsx"}).content)
    )
    rows = list(workbook["Tổng hợp"].iter_rows(values_only=True))
    header = next(r for r in rows if r and r[0] == "Xã, phường")
    total = next(r for r in rows if r and r[0] == "Tổng cộng")
    assert total[header.index("Số tổ chức")] == 5  # 3 + the personas' two HTX of the province
    assert total[header.index("Tốt")] == 1 and total[header.index("Yếu")] == 1
    assert total[header.index("Tỷ lệ tốt, khá trên số HTX được xếp loại (%)")] == 50.0
    assert [r[1] for r in workbook["HTX yếu"].iter_rows(values_only=True) if r and isinstance(r[0], int)] == [weak.name]
    response = client.get(reverse("evaluation:results"), {"year": YEAR, "format": "docx"})
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in "\n".join(
        c.text for t in Document(io.BytesIO(response.content)).tables for r in t.rows for c in r.cells
    )
    assert "1 hợp tác xã đạt loại tốt, khá (50,0 %)" in text


def test_a_commune_officer_sees_only_their_commune(personas, client_for):
    good, weak, young = _province_results(personas)
    html = client_for(personas.commune_officer).get(reverse("evaluation:results"), {"year": YEAR}).content.decode()
    assert weak.name not in html  # commune B
    other = personas.geo.commune_b
    refused = client_for(personas.commune_officer).get(reverse("evaluation:results"), {"year": YEAR, "commune": other.pk})
    assert refused.status_code == 400
    assert weak.name not in refused.content.decode()


def test_the_old_vietnamese_parameter_names_are_redirected_to_the_english_ones(personas, client_for):
    response = client_for(personas.province_officer).get(
        reverse("evaluation:results"), {"nam": YEAR, "nhom": "kind", "tai": "xlsx"}
    )
    assert response.status_code == 301
    assert response["Location"] == f"{reverse('evaluation:results')}?year={YEAR}&group=kind&format=xlsx"


@pytest.mark.parametrize(
    "query,message",
    [
        ({"year": "abc"}, "Năm: hãy nhập một số nguyên."),
        ({"year": "1999"}, "Năm: không được nhỏ hơn 2020."),
        ({"commune": "abc"}, "Xã, phường: lựa chọn không hợp lệ"),
        ({"group": "<b>x</b>"}, "Tổng hợp theo: lựa chọn không hợp lệ"),
        ({"format": "pdf"}, "Định dạng: lựa chọn không hợp lệ"),
    ],
)
def test_a_wrong_parameter_of_the_results_answers_400_naming_it(personas, client_for, query, message):
    response = client_for(personas.province_officer).get(reverse("evaluation:results"), query)
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body
    assert "<b>x</b>" not in body


def test_the_organization_page_shows_trend_and_what_to_improve(personas, client_for):
    AnnualReportFactory(organization=personas.organization, year=YEAR, members_official=230, revenue=12_400_000_000)
    accepted(personas.organization, YEAR, 70)
    html = (
        client_for(personas.cooperative).get(reverse("evaluation:organization", args=[personas.organization.pk])).content.decode()
    )
    assert "vừa: 230 thành viên chính thức ≥ 200 và doanh thu 12,4 tỷ ≥ 10 tỷ" in html
    assert "Cần cải thiện" in html
    # 70 points filled in order: I and II full (60), criterion 10 full (8), 11 gets 2; 12–15 get 0.
    # The weakest three are the first of those at 0 % of their maximum: 12, 13, 14.
    improve = html[html.index('id="can-cai-thien"') :].split("</ol>")[0]
    assert improve.count("<li>") == 3
    assert "Sản phẩm, dịch vụ HTX cung ứng cho thành viên (0/8)" in improve
    assert "Công tác thông tin, truyền thông, đào tạo, bồi dưỡng (0/6)" in improve
    assert "Mức độ ảnh hưởng tích cực đến cộng đồng (0/6)" in improve


def test_the_registry_panel_hook_shows_size_and_rating(personas):
    AnnualReportFactory(organization=personas.organization, year=YEAR, members_official=230, revenue=12_400_000_000)
    accepted(personas.organization, YEAR, 81)
    panels = registry_hooks.organization_panels.collect(organization=personas.organization, user=personas.commune_officer)
    assert len(panels) == 1
    title, html = panels[0]
    assert title == "Phân loại, đánh giá"
    assert "vừa: 230 thành viên chính thức ≥ 200" in html and "Tốt" in html and "badge-provisional" in html
    assert registry_hooks.organization_panels.collect(organization=personas.organization, user=personas.other_cooperative) == []


def test_rule_sets_pages(personas, client_for):
    client = client_for(personas.commune_officer)
    assert "TT01-2020" in client.get(reverse("evaluation:rule_sets")).content.decode()
    html = client.get(reverse("evaluation:rule_set", args=["ND113-2024"])).content.decode()
    assert "Nghị định 113/2024/NĐ-CP" in html and "badge-provisional" in html
    assert client.get(reverse("evaluation:rule_set", args=["khong-co"])).status_code == 404


def test_home_for_cooperative_and_officer(personas, client_for):
    assert "Lập phiếu" in client_for(personas.cooperative).get(reverse("evaluation:home")).content.decode()
    _submitted(personas)
    html = client_for(personas.commune_officer).get(reverse("evaluation:home"), {"year": YEAR}).content.decode()
    assert "Phiếu chờ xem xét" in html and personas.organization.name in html


def test_the_corrected_criteria_set_and_the_one_it_corrects_say_so_on_their_pages(personas, client_for):
    client = client_for(personas.commune_officer)
    listing = client.get(reverse("evaluation:rule_sets")).content.decode()
    assert "Bản 2, sửa bộ TT01-2020" in listing
    new = client.get(reverse("evaluation:rule_set", args=["TT01-2020-v2"])).content.decode()
    assert "III. Nhóm tiêu chí về thành viên, lợi ích thành viên và cộng đồng" in new
    assert "theo tài liệu tham chiếu" in new and "badge-provisional" in new  # group sourced, its split provisional
    old = client.get(reverse("evaluation:rule_set", args=["TT01-2020"])).content.decode()
    assert 'id="superseded-note"' in old and "TT01-2020-v2" in old


def test_an_organization_page_labels_a_stored_result_with_the_set_it_used(personas, client_for):
    from evaluation.models import YearResult

    organization = cooperative(personas.geo.commune_a, year=2023)
    accepted(organization, 2023, 82, code="TT01-2020")
    YearResult.objects.create(organization=organization, year=2023, criteria_set="TT01-2020", rating="tot", total=82)
    html = client_for(personas.commune_officer).get(reverse("evaluation:organization", args=[organization.pk])).content.decode()
    assert "Kết quả đã lưu theo bộ TT01-2020; đánh giá lại sẽ dùng bộ TT01-2020-v2" in html
    assert "theo bộ tiêu chí TT01-2020-v2" in html
