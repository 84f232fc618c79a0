"""`manage.py backup DEST`: one archive with the database, the uploaded files and a manifest (core.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from core.backup import backup, prune


class Command(BaseCommand):
    help = (
        "Sao lưu CSDL (pg_dump hoặc bản sao trực tuyến SQLite), tệp tải lên và bản kê (checksum, phiên bản lược đồ) "
        "vào một tệp lưu trữ. DEST là thư mục (tạo hoptac-NGÀY-GIỜ.tar.gz trong đó) hoặc tên tệp."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", type=Path)
        parser.add_argument(
            "--keep-days", type=int, help="Sau khi sao lưu, xóa các bản hoptac-*.tar.gz cũ hơn số ngày này trong thư mục DEST."
        )

    def handle(self, *args, destination, keep_days=None, **options):
        archive = backup(destination)
        self.stdout.write(self.style.SUCCESS(f"Đã sao lưu vào {archive} ({archive.stat().st_size / 1e6:.1f} MB)."))
        if keep_days is not None and destination.is_dir():
            for removed in prune(destination, keep_days):
                self.stdout.write(f"Đã xóa bản sao lưu cũ {removed.name}.")
