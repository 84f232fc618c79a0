"""`manage.py restore ARCHIVE`: put a `manage.py backup` archive back into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand

from core.backup import restore


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu của `manage.py backup` vào CSDL trống (kiểm tra checksum trước, đếm lại số dòng "
        "mỗi bảng sau). CSDL đã có bảng thì từ chối, trừ khi có --force (xóa hết rồi khôi phục)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--force", action="store_true", help="Xóa mọi bảng đang có trong CSDL rồi khôi phục.")

    def handle(self, *args, archive, force=False, **options):
        report = restore(archive, force=force)
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục {report.tables} bảng ({report.rows} dòng, khớp bản kê) và {report.files} tệp tải lên."
            )
        )
        if report.migrations_missing_here:
            self.stdout.write(
                self.style.WARNING(
                    "Bản sao lưu có migration mà mã nguồn này chưa có (bản sao lưu mới hơn mã): "
                    + ", ".join(report.migrations_missing_here)
                    + ". Hãy cài đúng phiên bản mã rồi chạy lại."
                )
            )
        else:
            self.stdout.write("Chạy `manage.py migrate` nếu mã nguồn mới hơn bản sao lưu.")
