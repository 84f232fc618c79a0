"""`manage.py demo_load [--seed N] [--scale 1.0] [--if-empty] [--province CODE] [--address URL]`: the whole demo,
every part in its order (`make run` calls it once):

0. the headline indicators published (`indicators_demo_publish`),
1. the registry's demo province (`registry_demo_load`; with --if-empty, skipped when organizations exist),
2. the action program of QĐ 3351 with its tasks and reports (`program_demo_load`),
3. support records, activities, Alliance members and loans (`support_demo_load`),
4. the demo logins (`demo_accounts`: the evaluation demo needs its reviewer),
5. evaluations and ratings (`evaluation_demo_load`),
and prints the logins. Each step is idempotent, as it was when `make run` called them one by one.
"""

from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from registry.demo.accounts import ADDRESS, ensure_demo_accounts, logins_table
from registry.management.commands.registry_demo_load import add_registry_demo_arguments


class Command(BaseCommand):
    help = "Tạo toàn bộ dữ liệu dùng thử theo thứ tự: tổ chức, chương trình, hỗ trợ, tài khoản, đánh giá."

    def add_arguments(self, parser):
        add_registry_demo_arguments(parser)
        parser.add_argument("--province", default=settings.HOPTAC_PROVINCE_CODE, help="Mã GSO tỉnh, thành phố mẫu.")
        parser.add_argument("--address", default=ADDRESS, help="Địa chỉ máy chủ in ra cho người dùng.")

    def handle(self, *args, seed: int, scale: float, if_empty: bool, province: str, address: str, **options):
        out = {"stdout": self.stdout, "stderr": self.stderr}
        call_command("indicators_demo_publish", **out)
        call_command("registry_demo_load", seed=seed, scale=scale, if_empty=if_empty, **out)
        call_command("program_demo_load", **out)
        call_command("support_demo_load", seed=seed, province=province, **out)
        call_command("demo_accounts", stdout=StringIO())  # the reviewer the evaluation demo needs
        call_command("evaluation_demo_load", seed=seed, province=province, **out)
        # Last, so that the table is what the person who ran `make run` sees.
        self.stdout.write("Tài khoản dùng thử:")
        self.stdout.write(logins_table(ensure_demo_accounts()))
        self.stdout.write(f"Mở {address} và đăng nhập bằng một trong các tài khoản trên.")
