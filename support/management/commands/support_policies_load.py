"""Load support/rules/policies.yaml into the database (idempotent)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from support.policies import policies_sync


class Command(BaseCommand):
    help = "Nạp danh mục chính sách hỗ trợ từ support/rules/policies.yaml (chạy lại không thay đổi gì)."

    def handle(self, *args, **options):
        try:
            counts = policies_sync()
        except ValidationError as error:
            raise CommandError("; ".join(error.messages))
        self.stdout.write(
            f"Chính sách hỗ trợ: {counts['created']} thêm mới, {counts['updated']} cập nhật, {counts['unchanged']} không đổi."
        )
