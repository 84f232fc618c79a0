"""The reporting year of TT 09/2024/TT-BKHĐT Điều 6 is 15/12 of the year before to 14/12, due 15/12."""

import datetime as dt

from django.urls import reverse

from registry.models import AnnualReport
from registry.reporting import reporting_period
from registry.tests.factories import AnnualReportFactory


def test_the_2025_report_covers_15_12_2024_to_14_12_2025_and_is_due_15_12_2025():
    period = reporting_period(2025)
    assert (period.starts_on, period.ends_on, period.due_on) == (
        dt.date(2024, 12, 15),
        dt.date(2025, 12, 14),
        dt.date(2025, 12, 15),
    )
    assert (period.form_for("tht"), period.form_for("htx"), period.form_for("lhhtx")) == ("VII-1", "VII-2", "VII-3")
    assert period.document == "Thông tư 09/2024/TT-BKHĐT" and period.verification == "secondary"


def test_consecutive_periods_meet_without_gap_or_overlap():
    for year in range(2025, 2030):
        assert reporting_period(year).starts_on == reporting_period(year - 1).ends_on + dt.timedelta(days=1)


def test_no_period_is_claimed_before_the_circular():
    assert reporting_period(2023) is None
    assert reporting_period(2024).starts_on == dt.date(2023, 12, 15)


def test_the_report_model_does_not_call_its_year_a_calendar_year():
    field = AnnualReport._meta.get_field("year")
    assert "15/12" in field.help_text and "14/12" in field.help_text and "không phải năm dương lịch" in field.help_text
    assert field.verbose_name == "năm báo cáo"


def test_the_report_form_shows_the_period_and_the_form_of_the_organization_kind(personas, client_for):
    org = personas.organization
    report = AnnualReportFactory(organization=org, year=2025)
    page = client_for(personas.cooperative).get(reverse("registry:annual_report_update", args=[org.pk, report.pk]))
    text = page.content.decode()
    assert "Kỳ báo cáo năm 2025: 15/12/2024 – 14/12/2025, hạn cập nhật 15/12/2025" in text
    assert "mẫu VII-2" in text
