"""`manage.py send_reminders`: due-date reminders, overdue notices and the weekly digest.

Scheduled daily by programs.tasks.send_daily_reminders (`manage.py crontask`); this command runs the
same work by hand, e.g. to make up a missed day with --date. Running it twice sends nothing twice.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from programs.reminders import send_reminders


class Command(BaseCommand):
    help = "Gửi thư nhắc hạn báo cáo, thông báo quá hạn và bản tổng hợp tuần cho cơ quan chủ trì."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày chạy (YYYY-MM-DD), mặc định hôm nay; dùng để chạy bù.")

    def handle(self, *args, date=None, **options):
        try:
            today = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError("--date phải có dạng YYYY-MM-DD.")
        result = send_reminders(today=today)
        self.stdout.write(
            f"Đã gửi {result.total} nhắc việc (trước hạn: {result.sent['before']}, quá hạn: {result.sent['overdue']}, "
            f"tổng hợp tuần: {result.sent['digest']}); {result.skipped} đã gửi trước đó."
        )
