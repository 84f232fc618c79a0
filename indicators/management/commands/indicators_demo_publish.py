"""`manage.py indicators_demo_publish`: the demo publishes its headline indicators (idempotent)."""

from django.core.management.base import BaseCommand

from indicators.demo import publish_headline


class Command(BaseCommand):
    help = "Công khai các chỉ tiêu chính của tỉnh mẫu (chạy lại không thay đổi gì)."

    def handle(self, *args, **options):
        self.stdout.write(f"Chỉ tiêu được công khai: {publish_headline()}")
