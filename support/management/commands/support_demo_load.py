"""`manage.py support_demo_load --seed N [--replace]`: support, training and Alliance demo data.

Needs the demo registry first (`manage.py demo_load`). Idempotent: when the demo province has
support data already, nothing changes (pass --replace to regenerate it).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from geo.models import AdminUnit
from support.demo import clear_support, load_demo


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu hỗ trợ, tuyên truyền, đào tạo và Liên minh HTX (2021–2025) cho tỉnh, thành phố mẫu."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--replace", action="store_true", help="Xóa dữ liệu hỗ trợ hiện có của tỉnh mẫu rồi tạo lại.")
        parser.add_argument(
            "--clear",
            action="store_true",
            help="Chỉ xóa dữ liệu hỗ trợ của tỉnh mẫu (chạy trước khi tạo lại sổ đăng ký mẫu bằng demo_load).",
        )
        parser.add_argument("--province", default=settings.HOPTAC_PROVINCE_CODE, help="Mã GSO tỉnh, thành phố (hiện hành).")

    def handle(self, *args, seed, replace, clear, province, **options):
        unit = AdminUnit.objects.current().provinces().filter(code=province).first()
        if unit is None:
            raise CommandError(f"Chưa có tỉnh, thành phố mã {province}: chạy manage.py geo_load và manage.py demo_load trước.")
        if clear:
            with transaction.atomic():
                clear_support(unit)
            self.stdout.write(f"Đã xóa dữ liệu hỗ trợ của {unit.full_name}.")
            return
        try:
            result = load_demo(province=unit, seed=seed, replace=replace)
        except ValueError:
            raise CommandError(f"{unit.full_name} chưa có tổ chức nào: chạy manage.py demo_load trước.")
        if result.skipped:
            self.stdout.write(f"{unit.full_name} đã có dữ liệu hỗ trợ: không thay đổi gì (dùng --replace để tạo lại).")
            return
        self.stdout.write(
            f"{unit.full_name}: {result.records} lượt hỗ trợ, {result.activities} hoạt động tuyên truyền, đào tạo, "
            f"{result.members} thành viên Liên minh HTX, {result.services} dịch vụ, {result.loans} khoản vay Quỹ."
        )
