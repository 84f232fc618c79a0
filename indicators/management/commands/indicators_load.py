"""`manage.py indicators_load`: create or update the indicator catalogue and the seeded targets.

Idempotent: running it again changes nothing. Run it after loading administrative units, so
that provincial targets (e.g. Quảng Nam's QĐ 2735/QĐ-UBND) find their unit.
"""

from django.core.management.base import BaseCommand

from indicators.catalogue import load_catalogue


class Command(BaseCommand):
    help = "Nạp danh mục chỉ tiêu và chỉ tiêu kế hoạch từ các tệp dữ liệu (chạy lại không thay đổi gì)."

    def handle(self, *args, **options):
        result = load_catalogue()
        self.stdout.write(
            f"Chỉ tiêu: {result.indicators_created} mới, {result.indicators_updated} cập nhật; "
            f"chỉ tiêu kế hoạch: {result.targets_created} mới, {result.targets_updated} cập nhật, "
            f"{result.targets_kept} giữ nguyên vì đã được cán bộ sửa."
        )
        for skipped in result.skipped:
            self.stdout.write(self.style.WARNING(f"Bỏ qua (chưa có đơn vị hành chính): {skipped}"))
