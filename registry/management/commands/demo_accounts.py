"""`manage.py demo_accounts`: the demo logins (registry.demo.accounts), printed as a table; a step
of `manage.py demo_load`, which runs it after the registry's demo data."""

from django.core.management.base import BaseCommand

from registry.demo.accounts import ADDRESS, ensure_demo_accounts, logins_table


class Command(BaseCommand):
    help = "Tạo (hoặc đặt lại) các tài khoản dùng thử, mỗi vai trò một tài khoản, mật khẩu hoptac2025."

    def add_arguments(self, parser):
        parser.add_argument("--address", default=ADDRESS, help="Địa chỉ máy chủ in ra cho người dùng.")

    def handle(self, *args, **options):
        logins = ensure_demo_accounts()
        self.stdout.write("Tài khoản dùng thử:")
        self.stdout.write(logins_table(logins))
        self.stdout.write(f"Mở {options['address']} và đăng nhập bằng một trong các tài khoản trên.")
