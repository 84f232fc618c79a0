import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from programs.models import Notification, SentReminder
from programs.services import report_save, report_start, report_submit

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def with_emails(setup, personas):
    for user, address in ((personas.commune_officer, "xa@example.vn"), (personas.province_officer, "tinh@example.vn")):
        user.email = address
        user.save()
    setup.alliance.email = "lienminh@example.vn"
    setup.alliance.save()
    return setup


def run_on(day: dt.date) -> None:
    with time_machine.travel(dt.datetime.combine(day, dt.time(7, 0), tzinfo=TZ), tick=False):
        call_command("send_reminders", stdout=open("/dev/null", "w"))


def test_a_reminder_goes_out_days_before_and_running_twice_sends_nothing_twice(with_emails, settings):
    settings.HOPTAC_REMINDER_DAYS_BEFORE = 7
    run_on(dt.date(2024, 12, 8))  # 15/12/2024 is 7 days away
    before = [m for m in mail.outbox if "Sắp đến hạn" in m.subject]
    assert sorted(tuple(m.to) for m in before) == [("lienminh@example.vn",), ("xa@example.vn",)]
    assert "1.1" in before[0].subject and "15/12/2024" in before[0].subject
    sent = len(mail.outbox)
    notifications = Notification.objects.count()
    run_on(dt.date(2024, 12, 8))
    run_on(dt.date(2024, 12, 9))
    assert len(mail.outbox) == sent
    assert Notification.objects.count() == notifications
    assert SentReminder.objects.filter(kind="before").count() == 2


def test_nothing_is_sent_earlier_than_the_window(with_emails, settings):
    settings.HOPTAC_REMINDER_DAYS_BEFORE = 7
    run_on(dt.date(2024, 12, 7))
    assert not [m for m in mail.outbox if "Sắp đến hạn" in m.subject]


def test_the_overdue_notice_goes_out_the_day_after_and_skips_agencies_that_reported(with_emails, personas):
    with time_machine.travel(dt.datetime(2024, 12, 14, 9, 0, tzinfo=TZ), tick=False):
        report = report_start(actor=personas.commune_officer, assignment=with_emails.lead, period_key="2024")
        report.results = "Đã thực hiện"
        report_save(actor=personas.commune_officer, report=report, expected_version=report.version)
        report_submit(actor=personas.commune_officer, report=report)
    run_on(dt.date(2024, 12, 15))
    assert not [m for m in mail.outbox if "Quá hạn" in m.subject]  # due today: not late yet
    run_on(dt.date(2024, 12, 16))
    overdue = [m for m in mail.outbox if "Quá hạn" in m.subject]
    assert [m.to for m in overdue] == [["lienminh@example.vn"]]  # the commune sent its report
    run_on(dt.date(2024, 12, 16))
    assert len([m for m in mail.outbox if "Quá hạn" in m.subject]) == 1


def test_the_weekly_digest_lists_late_agencies_to_the_lead_department_once_a_week(with_emails):
    run_on(dt.date(2024, 12, 16))  # Monday
    digests = [m for m in mail.outbox if "Tổng hợp tuần" in m.subject]
    assert len(digests) == 1 and digests[0].to == ["tinh@example.vn"]
    assert "Liên minh Hợp tác xã" in digests[0].body and "1.1" in digests[0].body
    run_on(dt.date(2024, 12, 18))  # same ISO week
    assert len([m for m in mail.outbox if "Tổng hợp tuần" in m.subject]) == 1
    run_on(dt.date(2024, 12, 23))  # next week
    assert len([m for m in mail.outbox if "Tổng hợp tuần" in m.subject]) == 2


def test_the_daily_reminder_job_enqueued_by_the_schedule_is_sent_by_the_worker(with_emails, settings, run_worker):
    from programs.tasks import send_daily_reminders

    settings.HOPTAC_REMINDER_DAYS_BEFORE = 7
    with time_machine.travel(dt.datetime(2024, 12, 8, 7, 0, tzinfo=TZ), tick=False):
        send_daily_reminders.enqueue()
        assert not mail.outbox
        run_worker()
    assert sorted(tuple(m.to) for m in mail.outbox if "Sắp đến hạn" in m.subject) == [
        ("lienminh@example.vn",),
        ("xa@example.vn",),
    ]


def test_the_schedule_sends_reminders_every_morning_at_seven():
    from crontask import scheduler

    from programs.tasks import send_daily_reminders

    triggers = {job.name: str(job.trigger) for job in scheduler.get_jobs()}
    assert "hour='7', minute='0'" in triggers[send_daily_reminders.name]
