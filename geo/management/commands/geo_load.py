"""`manage.py geo_load`: load Vietnam's administrative units (current and pre-reform) and the crosswalk."""

import time

from django.core.management.base import BaseCommand

from geo.services import geo_load


class Command(BaseCommand):
    help = "Nạp đơn vị hành chính (từ 01/7/2025 và trước đó) cùng bảng chuyển đổi cũ → mới từ các gói đã cài."

    def add_arguments(self, parser):
        parser.add_argument(
            "--only-province", help="Chỉ nạp một tỉnh hiện hành (mã GSO, ví dụ 48) và các đơn vị cũ nhập vào tỉnh đó."
        )
        parser.add_argument("--force", action="store_true", help="Đọc lại và so sánh toàn bộ dữ liệu dù đã nạp cùng phiên bản.")

    def handle(self, *args, only_province=None, force=False, verbosity=1, **options):
        started = time.perf_counter()
        report = geo_load(only_province=only_province, force=force)
        seconds = time.perf_counter() - started
        if report.skipped:
            self.stdout.write(f"Đơn vị hành chính đã được nạp trước đó, không có gì thay đổi ({seconds:.2f} giây).")
            return
        if not report.changed:
            self.stdout.write(f"Dữ liệu đơn vị hành chính đã khớp, không có gì thay đổi ({seconds:.2f} giây).")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Đã nạp đơn vị hành chính: thêm {report.created}, cập nhật {report.updated}; "
                    f"bảng chuyển đổi: thêm {report.successions_created}, cập nhật {report.successions_updated}, "
                    f"xóa {report.successions_deleted} ({seconds:.2f} giây)."
                )
            )
        if verbosity >= 2:
            for name, count in sorted(report.notes.items()):
                self.stdout.write(f"  {name}: {count}")
