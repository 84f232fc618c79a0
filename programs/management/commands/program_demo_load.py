"""`manage.py program_demo_load`: the demo action program (QĐ 3351/QĐ-UBND), idempotent."""

from django.core.management.base import BaseCommand

from programs.demo.loader import load_demo_program


class Command(BaseCommand):
    help = "Tạo (hoặc cập nhật) chương trình hành động mẫu Quyết định 3351/QĐ-UBND với nhiệm vụ và báo cáo tiến độ 2021–2025."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=3351, help="Hạt giống ngẫu nhiên cho trạng thái báo cáo mẫu.")

    def handle(self, *args, seed: int, **options):
        result = load_demo_program(seed=seed)
        self.stdout.write(
            self.style.SUCCESS(
                f"Chương trình {result.program.decision_number}: {result.tasks} nhiệm vụ, {result.assignments} phân công, "
                f"{result.reports_created} báo cáo tiến độ mới."
            )
        )
